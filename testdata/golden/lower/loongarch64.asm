; golden.policy for loongarch64: 43 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0xc0000102 loongarch64      3, 2       ; loongarch64 arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; loongarch64 dispatch
   4: jge  #0xad getppid                5, 21      ; loongarch64 dispatch
   5: jeq  #0xc6 socket                 6, 12      ; loongarch64 dispatch
   6: ld  [20]  args[0]+4                          ; loongarch64 rule 7: socket
   7: jeq  #0x0                         8, 41      ; loongarch64 rule 7: socket
   8: ld  [16]  args[0]+0                          ; loongarch64 rule 7: socket
   9: jge  #0xa                         11, 10     ; loongarch64 rule 7: socket
  10: jge  #0x3                         41, 42     ; loongarch64 rule 7: socket
  11: jeq  #0xa                         42, 41     ; loongarch64 rule 7: socket
  12: jeq  #0xde mmap                   16, 13     ; loongarch64 dispatch
  13: jeq  #0xdc clone                  14, 34     ; loongarch64 dispatch
  14: ld  [16]  args[0]+0                          ; loongarch64 rule 8: clone
  15: jset #0x7e020000                  41, 42     ; loongarch64 rule 8: clone
  16: ld  [36]  args[2]+4                          ; loongarch64 rule 9: mmap
  17: jgt  #0x1                         41, 18     ; loongarch64 rule 9: mmap
  18: jeq  #0x1                         19, 42     ; loongarch64 rule 9: mmap
  19: ld  [32]  args[2]+0                          ; loongarch64 rule 9: mmap
  20: jge  #0x1                         41, 42     ; loongarch64 rule 9: mmap
  21: jge  #0x5c personality            26, 22     ; loongarch64 dispatch
  22: jge  #0x39 close                  23, 34     ; loongarch64 dispatch
  23: jge  #0x41 readv                  34, 24     ; loongarch64 dispatch
  24: jge  #0x3f read                   42, 25     ; loongarch64 dispatch
  25: jeq  #0x39 close                  42, 34     ; loongarch64 dispatch
  26: jge  #0x76 sched_setparam         27, 28     ; loongarch64 dispatch
  27: jeq  #0xac getpid                 42, 34     ; loongarch64 dispatch
  28: jge  #0x62 futex                  29, 32     ; loongarch64 dispatch
  29: jeq  #0x62 futex                  42, 30     ; loongarch64 dispatch
  30: jeq  #0x75 ptrace                 31, 34     ; loongarch64 dispatch
  31: ret KILL_PROCESS                             ; loongarch64 rule 10: ptrace
  32: jeq  #0x5c personality            35, 33     ; loongarch64 dispatch
  33: jeq  #0x5e exit_group             42, 34     ; loongarch64 dispatch
  34: ret ERRNO(38)                                ; loongarch64 tail: unassigned
  35: ld  [20]  args[0]+4                          ; loongarch64 rule 6: personality
  36: jeq  #0x0                         37, 41     ; loongarch64 rule 6: personality
  37: ld  [16]  args[0]+0                          ; loongarch64 rule 6: personality
  38: jeq  #0x0                         42, 39     ; loongarch64 rule 6: personality
  39: jeq  #0x8                         42, 40     ; loongarch64 rule 6: personality
  40: jeq  #0xffffffff                  42, 41     ; loongarch64 rule 6: personality
  41: ret ERRNO(1)                                 ; loongarch64 default: personality
  42: ret ALLOW                                    ; loongarch64 rule 2: close
