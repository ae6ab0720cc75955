; golden.policy for mipsel64n32: 54 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0xe0000008 mipsel64n32      3, 2       ; mipsel64n32 arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; mipsel64n32 dispatch
   4: jge  #6193                        5, 17      ; mipsel64n32 dispatch
   5: jge  #6333                        6, 10      ; mipsel64n32 dispatch
   6: jge  #0x1923 clone3               50, 7      ; mipsel64n32 dispatch
   7: jge  #0x1910 io_pgetevents_time64 52, 8      ; mipsel64n32 dispatch
   8: jge  #0x1903 clock_gettime64      9, 50      ; mipsel64n32 dispatch
   9: jeq  #6415                        50, 52     ; mipsel64n32 dispatch
  10: jge  #0x1863 add_key              52, 11     ; mipsel64n32 dispatch
  11: jge  #0x183e lookup_dcookie       12, 14     ; mipsel64n32 dispatch
  12: jeq  #0x1860 vserver              50, 13     ; mipsel64n32 dispatch
  13: jeq  #6242                        50, 52     ; mipsel64n32 dispatch
  14: jge  #0x1833 sched_setaffinity    16, 15     ; mipsel64n32 dispatch
  15: jeq  #0x1832 futex                53, 50     ; mipsel64n32 dispatch
  16: jeq  #0x183d exit_group           53, 52     ; mipsel64n32 dispatch
  17: jge  #0x17d3 ptrace               18, 33     ; mipsel64n32 dispatch
  18: jge  #0x1808 _sysctl              26, 19     ; mipsel64n32 dispatch
  19: jeq  #0x17f4 personality          22, 20     ; mipsel64n32 dispatch
  20: jeq  #0x17d3 ptrace               21, 52     ; mipsel64n32 dispatch
  21: ret KILL_PROCESS                             ; mipsel64n32 rule 10: ptrace
  22: ld  [16]  args[0]+0                          ; mipsel64n32 rule 6: personality
  23: jeq  #0x0                         53, 24     ; mipsel64n32 rule 6: personality
  24: jeq  #0x8                         53, 25     ; mipsel64n32 rule 6: personality
  25: jeq  #0xffffffff                  53, 52     ; mipsel64n32 rule 6: personality
  26: jge  #0x181c quotactl             27, 29     ; mipsel64n32 dispatch
  27: jge  #0x1822 gettid               52, 28     ; mipsel64n32 dispatch
  28: jeq  #0x181c quotactl             52, 50     ; mipsel64n32 dispatch
  29: jge  #0x1817 create_module        31, 30     ; mipsel64n32 dispatch
  30: jeq  #0x1808 _sysctl              50, 52     ; mipsel64n32 dispatch
  31: jge  #0x181a get_kernel_syms      50, 32     ; mipsel64n32 dispatch
  32: jeq  #0x1817 create_module        50, 52     ; mipsel64n32 dispatch
  33: jge  #0x1799 connect              34, 37     ; mipsel64n32 dispatch
  34: jeq  #0x17a7 clone                35, 52     ; mipsel64n32 dispatch
  35: ld  [16]  args[0]+0                          ; mipsel64n32 rule 8: clone
  36: jset #0x7e020000                  52, 53     ; mipsel64n32 rule 8: clone
  37: jge  #0x177a mprotect             38, 44     ; mipsel64n32 dispatch
  38: jeq  #0x1798 socket               40, 39     ; mipsel64n32 dispatch
  39: jeq  #0x1796 getpid               53, 52     ; mipsel64n32 dispatch
  40: ld  [16]  args[0]+0                          ; mipsel64n32 rule 7: socket
  41: jge  #0xa                         43, 42     ; mipsel64n32 rule 7: socket
  42: jge  #0x3                         52, 53     ; mipsel64n32 rule 7: socket
  43: jeq  #0xa                         53, 52     ; mipsel64n32 rule 7: socket
  44: jge  #0x1774 stat                 45, 48     ; mipsel64n32 dispatch
  45: jeq  #0x1779 mmap                 46, 52     ; mipsel64n32 dispatch
  46: ld  [32]  args[2]+0                          ; mipsel64n32 rule 9: mmap
  47: jeq  #0x0                         53, 52     ; mipsel64n32 rule 9: mmap
  48: jge  #0x1772 open                 51, 49     ; mipsel64n32 dispatch
  49: jge  #0x1770 read                 53, 50     ; mipsel64n32 dispatch
  50: ret ERRNO(38)                                ; mipsel64n32 shared: tail; rules of clone3
  51: jeq  #0x1773 close                53, 52     ; mipsel64n32 dispatch
  52: ret ERRNO(1)                                 ; mipsel64n32 default
  53: ret ALLOW                                    ; mipsel64n32 shared: rules of read, write, close and others
