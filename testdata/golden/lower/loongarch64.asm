; golden.policy for loongarch64: 58 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0xc0000102 loongarch64      3, 2       ; loongarch64 arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; loongarch64 dispatch
   4: jge  #0xad getppid                29, 5      ; loongarch64 dispatch
   5: jge  #0x5c personality            13, 6      ; loongarch64 dispatch
   6: jge  #0x2b statfs                 9, 7       ; loongarch64 dispatch
   7: jeq  #0x2a nfsservctl             39, 8      ; loongarch64 dispatch
   8: jeq  #38                          39, 57     ; loongarch64 dispatch
   9: jge  #0x41 readv                  57, 10     ; loongarch64 dispatch
  10: jge  #0x39 close                  11, 57     ; loongarch64 dispatch
  11: jge  #0x3f read                   56, 12     ; loongarch64 dispatch
  12: jeq  #0x39 close                  56, 57     ; loongarch64 dispatch
  13: jge  #0x76 sched_setparam         14, 17     ; loongarch64 dispatch
  14: jge  #163                         15, 57     ; loongarch64 dispatch
  15: jge  #0xac getpid                 56, 16     ; loongarch64 dispatch
  16: jge  #0xa5 getrusage              57, 39     ; loongarch64 dispatch
  17: jge  #0x62 futex                  18, 21     ; loongarch64 dispatch
  18: jeq  #0x62 futex                  56, 19     ; loongarch64 dispatch
  19: jeq  #0x75 ptrace                 20, 57     ; loongarch64 dispatch
  20: ret KILL_PROCESS                             ; loongarch64 rule 10: ptrace
  21: jeq  #0x5c personality            23, 22     ; loongarch64 dispatch
  22: jeq  #0x5e exit_group             56, 57     ; loongarch64 dispatch
  23: ld  [20]  args[0]+4                          ; loongarch64 rule 6: personality
  24: jeq  #0x0                         25, 57     ; loongarch64 rule 6: personality
  25: ld  [16]  args[0]+0                          ; loongarch64 rule 6: personality
  26: jeq  #0x0                         56, 27     ; loongarch64 rule 6: personality
  27: jeq  #0x8                         56, 28     ; loongarch64 rule 6: personality
  28: jeq  #0xffffffff                  56, 57     ; loongarch64 rule 6: personality
  29: jge  #0xdf fadvise64              30, 40     ; loongarch64 dispatch
  30: jge  #295                         33, 31     ; loongarch64 dispatch
  31: jge  #0x104 wait4                 57, 32     ; loongarch64 dispatch
  32: jge  #244                         39, 57     ; loongarch64 dispatch
  33: jge  #0x1c0 process_mrelease      34, 35     ; loongarch64 dispatch
  34: jge  #0x1c3 cachestat             39, 57     ; loongarch64 dispatch
  35: jge  #0x1b4 close_range           36, 37     ; loongarch64 dispatch
  36: jeq  #447                         39, 57     ; loongarch64 dispatch
  37: jge  #0x1b3 clone3                39, 38     ; loongarch64 dispatch
  38: jge  #0x1a8 pidfd_send_signal     57, 39     ; loongarch64 dispatch
  39: ret ERRNO(38)                                ; loongarch64 shared: tail; rules of clone3
  40: jeq  #0xc6 socket                 41, 47     ; loongarch64 dispatch
  41: ld  [20]  args[0]+4                          ; loongarch64 rule 7: socket
  42: jeq  #0x0                         43, 57     ; loongarch64 rule 7: socket
  43: ld  [16]  args[0]+0                          ; loongarch64 rule 7: socket
  44: jge  #0xa                         46, 45     ; loongarch64 rule 7: socket
  45: jge  #0x3                         57, 56     ; loongarch64 rule 7: socket
  46: jeq  #0xa                         56, 57     ; loongarch64 rule 7: socket
  47: jeq  #0xde mmap                   51, 48     ; loongarch64 dispatch
  48: jeq  #0xdc clone                  49, 57     ; loongarch64 dispatch
  49: ld  [16]  args[0]+0                          ; loongarch64 rule 8: clone
  50: jset #0x7e020000                  57, 56     ; loongarch64 rule 8: clone
  51: ld  [36]  args[2]+4                          ; loongarch64 rule 9: mmap
  52: jgt  #0x1                         57, 53     ; loongarch64 rule 9: mmap
  53: jeq  #0x1                         54, 56     ; loongarch64 rule 9: mmap
  54: ld  [32]  args[2]+0                          ; loongarch64 rule 9: mmap
  55: jge  #0x1                         57, 56     ; loongarch64 rule 9: mmap
  56: ret ALLOW                                    ; loongarch64 shared: rules of close, read, write and others
  57: ret ERRNO(1)                                 ; loongarch64 default
