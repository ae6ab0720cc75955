; golden.policy for riscv64: 52 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0xc00000f3 riscv64          3, 2       ; riscv64 arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; riscv64 dispatch
   4: jge  #0xad getppid                5, 27      ; riscv64 dispatch
   5: jge  #0xdf fadvise64              6, 11      ; riscv64 dispatch
   6: jge  #295                         9, 7       ; riscv64 dispatch
   7: jge  #0x103 riscv_flush_icache    50, 8      ; riscv64 dispatch
   8: jge  #244                         31, 50     ; riscv64 dispatch
   9: jge  #0x1b3 clone3                31, 10     ; riscv64 dispatch
  10: jge  #0x1a8 pidfd_send_signal     50, 31     ; riscv64 dispatch
  11: jeq  #0xc6 socket                 12, 18     ; riscv64 dispatch
  12: ld  [20]  args[0]+4                          ; riscv64 rule 7: socket
  13: jeq  #0x0                         14, 50     ; riscv64 rule 7: socket
  14: ld  [16]  args[0]+0                          ; riscv64 rule 7: socket
  15: jge  #0xa                         17, 16     ; riscv64 rule 7: socket
  16: jge  #0x3                         50, 51     ; riscv64 rule 7: socket
  17: jeq  #0xa                         51, 50     ; riscv64 rule 7: socket
  18: jeq  #0xde mmap                   22, 19     ; riscv64 dispatch
  19: jeq  #0xdc clone                  20, 50     ; riscv64 dispatch
  20: ld  [16]  args[0]+0                          ; riscv64 rule 8: clone
  21: jset #0x7e020000                  50, 51     ; riscv64 rule 8: clone
  22: ld  [36]  args[2]+4                          ; riscv64 rule 9: mmap
  23: jgt  #0x1                         50, 24     ; riscv64 rule 9: mmap
  24: jeq  #0x1                         25, 51     ; riscv64 rule 9: mmap
  25: ld  [32]  args[2]+0                          ; riscv64 rule 9: mmap
  26: jge  #0x1                         50, 51     ; riscv64 rule 9: mmap
  27: jge  #0x5c personality            36, 28     ; riscv64 dispatch
  28: jge  #0x2b statfs                 32, 29     ; riscv64 dispatch
  29: jeq  #0x2a nfsservctl             31, 30     ; riscv64 dispatch
  30: jeq  #38                          31, 50     ; riscv64 dispatch
  31: ret ERRNO(38)                                ; riscv64 shared: tail; rules of clone3
  32: jge  #0x41 readv                  50, 33     ; riscv64 dispatch
  33: jge  #0x39 close                  34, 50     ; riscv64 dispatch
  34: jge  #0x3f read                   51, 35     ; riscv64 dispatch
  35: jeq  #0x39 close                  51, 50     ; riscv64 dispatch
  36: jge  #0x76 sched_setparam         37, 38     ; riscv64 dispatch
  37: jeq  #0xac getpid                 51, 50     ; riscv64 dispatch
  38: jge  #0x62 futex                  39, 42     ; riscv64 dispatch
  39: jeq  #0x62 futex                  51, 40     ; riscv64 dispatch
  40: jeq  #0x75 ptrace                 41, 50     ; riscv64 dispatch
  41: ret KILL_PROCESS                             ; riscv64 rule 10: ptrace
  42: jeq  #0x5c personality            44, 43     ; riscv64 dispatch
  43: jeq  #0x5e exit_group             51, 50     ; riscv64 dispatch
  44: ld  [20]  args[0]+4                          ; riscv64 rule 6: personality
  45: jeq  #0x0                         46, 50     ; riscv64 rule 6: personality
  46: ld  [16]  args[0]+0                          ; riscv64 rule 6: personality
  47: jeq  #0x0                         51, 48     ; riscv64 rule 6: personality
  48: jeq  #0x8                         51, 49     ; riscv64 rule 6: personality
  49: jeq  #0xffffffff                  51, 50     ; riscv64 rule 6: personality
  50: ret ERRNO(1)                                 ; riscv64 default
  51: ret ALLOW                                    ; riscv64 shared: rules of close, read, write and others
