; golden.policy for mips64n32: 54 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0xa0000008 mips64n32        3, 2       ; mips64n32 arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; mips64n32 dispatch
   4: jge  #6193                        5, 17      ; mips64n32 dispatch
   5: jge  #6333                        6, 10      ; mips64n32 dispatch
   6: jge  #0x1923 clone3               50, 7      ; mips64n32 dispatch
   7: jge  #0x1910 io_pgetevents_time64 52, 8      ; mips64n32 dispatch
   8: jge  #0x1903 clock_gettime64      9, 50      ; mips64n32 dispatch
   9: jeq  #6415                        50, 52     ; mips64n32 dispatch
  10: jge  #0x1863 add_key              52, 11     ; mips64n32 dispatch
  11: jge  #0x183e lookup_dcookie       12, 14     ; mips64n32 dispatch
  12: jeq  #0x1860 vserver              50, 13     ; mips64n32 dispatch
  13: jeq  #6242                        50, 52     ; mips64n32 dispatch
  14: jge  #0x1833 sched_setaffinity    16, 15     ; mips64n32 dispatch
  15: jeq  #0x1832 futex                53, 50     ; mips64n32 dispatch
  16: jeq  #0x183d exit_group           53, 52     ; mips64n32 dispatch
  17: jge  #0x17d3 ptrace               18, 33     ; mips64n32 dispatch
  18: jge  #0x1808 _sysctl              26, 19     ; mips64n32 dispatch
  19: jeq  #0x17f4 personality          22, 20     ; mips64n32 dispatch
  20: jeq  #0x17d3 ptrace               21, 52     ; mips64n32 dispatch
  21: ret KILL_PROCESS                             ; mips64n32 rule 10: ptrace
  22: ld  [20]  args[0]+4                          ; mips64n32 rule 6: personality
  23: jeq  #0x0                         53, 24     ; mips64n32 rule 6: personality
  24: jeq  #0x8                         53, 25     ; mips64n32 rule 6: personality
  25: jeq  #0xffffffff                  53, 52     ; mips64n32 rule 6: personality
  26: jge  #0x181c quotactl             27, 29     ; mips64n32 dispatch
  27: jge  #0x1822 gettid               52, 28     ; mips64n32 dispatch
  28: jeq  #0x181c quotactl             52, 50     ; mips64n32 dispatch
  29: jge  #0x1817 create_module        31, 30     ; mips64n32 dispatch
  30: jeq  #0x1808 _sysctl              50, 52     ; mips64n32 dispatch
  31: jge  #0x181a get_kernel_syms      50, 32     ; mips64n32 dispatch
  32: jeq  #0x1817 create_module        50, 52     ; mips64n32 dispatch
  33: jge  #0x1799 connect              34, 37     ; mips64n32 dispatch
  34: jeq  #0x17a7 clone                35, 52     ; mips64n32 dispatch
  35: ld  [20]  args[0]+4                          ; mips64n32 rule 8: clone
  36: jset #0x7e020000                  52, 53     ; mips64n32 rule 8: clone
  37: jge  #0x177a mprotect             38, 44     ; mips64n32 dispatch
  38: jeq  #0x1798 socket               40, 39     ; mips64n32 dispatch
  39: jeq  #0x1796 getpid               53, 52     ; mips64n32 dispatch
  40: ld  [20]  args[0]+4                          ; mips64n32 rule 7: socket
  41: jge  #0xa                         43, 42     ; mips64n32 rule 7: socket
  42: jge  #0x3                         52, 53     ; mips64n32 rule 7: socket
  43: jeq  #0xa                         53, 52     ; mips64n32 rule 7: socket
  44: jge  #0x1774 stat                 45, 48     ; mips64n32 dispatch
  45: jeq  #0x1779 mmap                 46, 52     ; mips64n32 dispatch
  46: ld  [36]  args[2]+4                          ; mips64n32 rule 9: mmap
  47: jeq  #0x0                         53, 52     ; mips64n32 rule 9: mmap
  48: jge  #0x1772 open                 51, 49     ; mips64n32 dispatch
  49: jge  #0x1770 read                 53, 50     ; mips64n32 dispatch
  50: ret ERRNO(38)                                ; mips64n32 shared: tail; rules of clone3
  51: jeq  #0x1773 close                53, 52     ; mips64n32 dispatch
  52: ret ERRNO(1)                                 ; mips64n32 default
  53: ret ALLOW                                    ; mips64n32 shared: rules of read, write, close and others
