; golden.policy for aarch64: 51 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0xc00000b7 aarch64          3, 2       ; aarch64 arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; aarch64 dispatch
   4: jge  #0xad getppid                26, 5      ; aarch64 dispatch
   5: jge  #0x5c personality            12, 6      ; aarch64 dispatch
   6: jge  #0x2b statfs                 8, 7       ; aarch64 dispatch
   7: jeq  #0x2a nfsservctl             32, 50     ; aarch64 dispatch
   8: jge  #0x41 readv                  50, 9      ; aarch64 dispatch
   9: jge  #0x39 close                  10, 50     ; aarch64 dispatch
  10: jge  #0x3f read                   49, 11     ; aarch64 dispatch
  11: jeq  #0x39 close                  49, 50     ; aarch64 dispatch
  12: jge  #0x76 sched_setparam         13, 14     ; aarch64 dispatch
  13: jeq  #0xac getpid                 49, 50     ; aarch64 dispatch
  14: jge  #0x62 futex                  15, 18     ; aarch64 dispatch
  15: jeq  #0x62 futex                  49, 16     ; aarch64 dispatch
  16: jeq  #0x75 ptrace                 17, 50     ; aarch64 dispatch
  17: ret KILL_PROCESS                             ; aarch64 rule 10: ptrace
  18: jeq  #0x5c personality            20, 19     ; aarch64 dispatch
  19: jeq  #0x5e exit_group             49, 50     ; aarch64 dispatch
  20: ld  [20]  args[0]+4                          ; aarch64 rule 6: personality
  21: jeq  #0x0                         22, 50     ; aarch64 rule 6: personality
  22: ld  [16]  args[0]+0                          ; aarch64 rule 6: personality
  23: jeq  #0x0                         49, 24     ; aarch64 rule 6: personality
  24: jeq  #0x8                         49, 25     ; aarch64 rule 6: personality
  25: jeq  #0xffffffff                  49, 50     ; aarch64 rule 6: personality
  26: jge  #0xdf fadvise64              27, 33     ; aarch64 dispatch
  27: jge  #295                         30, 28     ; aarch64 dispatch
  28: jge  #0x104 wait4                 50, 29     ; aarch64 dispatch
  29: jge  #244                         32, 50     ; aarch64 dispatch
  30: jge  #0x1b3 clone3                32, 31     ; aarch64 dispatch
  31: jge  #0x1a8 pidfd_send_signal     50, 32     ; aarch64 dispatch
  32: ret ERRNO(38)                                ; aarch64 shared: tail; rules of clone3
  33: jeq  #0xc6 socket                 34, 40     ; aarch64 dispatch
  34: ld  [20]  args[0]+4                          ; aarch64 rule 7: socket
  35: jeq  #0x0                         36, 50     ; aarch64 rule 7: socket
  36: ld  [16]  args[0]+0                          ; aarch64 rule 7: socket
  37: jge  #0xa                         39, 38     ; aarch64 rule 7: socket
  38: jge  #0x3                         50, 49     ; aarch64 rule 7: socket
  39: jeq  #0xa                         49, 50     ; aarch64 rule 7: socket
  40: jeq  #0xde mmap                   44, 41     ; aarch64 dispatch
  41: jeq  #0xdc clone                  42, 50     ; aarch64 dispatch
  42: ld  [16]  args[0]+0                          ; aarch64 rule 8: clone
  43: jset #0x7e020000                  50, 49     ; aarch64 rule 8: clone
  44: ld  [36]  args[2]+4                          ; aarch64 rule 9: mmap
  45: jgt  #0x1                         50, 46     ; aarch64 rule 9: mmap
  46: jeq  #0x1                         47, 49     ; aarch64 rule 9: mmap
  47: ld  [32]  args[2]+0                          ; aarch64 rule 9: mmap
  48: jge  #0x1                         50, 49     ; aarch64 rule 9: mmap
  49: ret ALLOW                                    ; aarch64 shared: rules of close, read, write and others
  50: ret ERRNO(1)                                 ; aarch64 default
