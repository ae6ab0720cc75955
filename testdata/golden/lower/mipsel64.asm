; golden.policy for mipsel64: 58 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0xc0000008 mipsel64         3, 2       ; mipsel64 arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; mipsel64 dispatch
   4: jge  #0x1421 prctl                5, 21      ; mipsel64 dispatch
   5: jge  #0x1477 add_key              6, 9       ; mipsel64 dispatch
   6: jge  #5329                        7, 57      ; mipsel64 dispatch
   7: jge  #0x153b clone3               49, 8      ; mipsel64 dispatch
   8: jge  #0x1530 pidfd_send_signal    57, 49     ; mipsel64 dispatch
   9: jge  #0x144b sched_setaffinity    10, 13     ; mipsel64 dispatch
  10: jeq  #0x1455 exit_group           56, 11     ; mipsel64 dispatch
  11: jeq  #0x1474 vserver              49, 12     ; mipsel64 dispatch
  12: jeq  #5238                        49, 57     ; mipsel64 dispatch
  13: jge  #0x1435 nfsservctl           14, 17     ; mipsel64 dispatch
  14: jge  #0x143a gettid               15, 49     ; mipsel64 dispatch
  15: jeq  #0x144a futex                56, 16     ; mipsel64 dispatch
  16: jeq  #5193                        49, 57     ; mipsel64 dispatch
  17: jge  #0x142f create_module        18, 57     ; mipsel64 dispatch
  18: jge  #0x1432 get_kernel_syms      20, 19     ; mipsel64 dispatch
  19: jeq  #0x142f create_module        49, 57     ; mipsel64 dispatch
  20: jeq  #0x1434 quotactl             57, 49     ; mipsel64 dispatch
  21: jge  #0x13c0 fork                 22, 32     ; mipsel64 dispatch
  22: jeq  #0x140c personality          26, 23     ; mipsel64 dispatch
  23: jeq  #0x13eb ptrace               24, 25     ; mipsel64 dispatch
  24: ret KILL_PROCESS                             ; mipsel64 rule 10: ptrace
  25: jeq  #0x1420 _sysctl              49, 57     ; mipsel64 dispatch
  26: ld  [20]  args[0]+4                          ; mipsel64 rule 6: personality
  27: jeq  #0x0                         28, 57     ; mipsel64 rule 6: personality
  28: ld  [16]  args[0]+0                          ; mipsel64 rule 6: personality
  29: jeq  #0x0                         56, 30     ; mipsel64 rule 6: personality
  30: jeq  #0x8                         56, 31     ; mipsel64 rule 6: personality
  31: jeq  #0xffffffff                  56, 57     ; mipsel64 rule 6: personality
  32: jge  #0x13b0 socket               33, 43     ; mipsel64 dispatch
  33: jeq  #0x13b0 socket               37, 34     ; mipsel64 dispatch
  34: jeq  #0x13bf clone                35, 57     ; mipsel64 dispatch
  35: ld  [16]  args[0]+0                          ; mipsel64 rule 8: clone
  36: jset #0x7e020000                  57, 56     ; mipsel64 rule 8: clone
  37: ld  [20]  args[0]+4                          ; mipsel64 rule 7: socket
  38: jeq  #0x0                         39, 57     ; mipsel64 rule 7: socket
  39: ld  [16]  args[0]+0                          ; mipsel64 rule 7: socket
  40: jge  #0xa                         42, 41     ; mipsel64 rule 7: socket
  41: jge  #0x3                         57, 56     ; mipsel64 rule 7: socket
  42: jeq  #0xa                         56, 57     ; mipsel64 rule 7: socket
  43: jge  #0x1392 mprotect             44, 45     ; mipsel64 dispatch
  44: jeq  #0x13ae getpid               56, 57     ; mipsel64 dispatch
  45: jge  #0x1391 mmap                 51, 46     ; mipsel64 dispatch
  46: jge  #0x138c stat                 57, 47     ; mipsel64 dispatch
  47: jge  #0x138a open                 50, 48     ; mipsel64 dispatch
  48: jge  #0x1388 read                 56, 49     ; mipsel64 dispatch
  49: ret ERRNO(38)                                ; mipsel64 shared: tail; rules of clone3
  50: jeq  #0x138b close                56, 57     ; mipsel64 dispatch
  51: ld  [36]  args[2]+4                          ; mipsel64 rule 9: mmap
  52: jgt  #0x1                         57, 53     ; mipsel64 rule 9: mmap
  53: jeq  #0x1                         54, 56     ; mipsel64 rule 9: mmap
  54: ld  [32]  args[2]+0                          ; mipsel64 rule 9: mmap
  55: jge  #0x1                         57, 56     ; mipsel64 rule 9: mmap
  56: ret ALLOW                                    ; mipsel64 shared: rules of read, write, close and others
  57: ret ERRNO(1)                                 ; mipsel64 default
