; golden.policy for parisc64: 71 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0x8000000f parisc64         3, 2       ; parisc64 arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; parisc64 dispatch
   4: jge  #0xaa setresgid              5, 22      ; parisc64 dispatch
   5: jge  #303                         6, 10      ; parisc64 dispatch
   6: jge  #0x164 cacheflush            8, 7       ; parisc64 dispatch
   7: jeq  #303                         62, 69     ; parisc64 dispatch
   8: jge  #0x1b3 clone3                62, 9      ; parisc64 dispatch
   9: jge  #0x1a8 pidfd_send_signal     69, 62     ; parisc64 dispatch
  10: jge  #0xdf lookup_dcookie         11, 12     ; parisc64 dispatch
  11: jeq  #263                         62, 69     ; parisc64 dispatch
  12: jge  #196                         13, 69     ; parisc64 dispatch
  13: jge  #0xd2 futex                  17, 14     ; parisc64 dispatch
  14: jge  #203                         16, 15     ; parisc64 dispatch
  15: jge  #0xc6 lstat64                69, 62     ; parisc64 dispatch
  16: jge  #0xce gettid                 69, 62     ; parisc64 dispatch
  17: jge  #0xd7 io_setup               20, 18     ; parisc64 dispatch
  18: jge  #0xd3 sched_setaffinity      19, 70     ; parisc64 dispatch
  19: jge  #213                         62, 69     ; parisc64 dispatch
  20: jge  #220                         21, 69     ; parisc64 dispatch
  21: jeq  #0xde exit_group             70, 62     ; parisc64 dispatch
  22: jge  #0x56 uselib                 38, 23     ; parisc64 dispatch
  23: jge  #0x1b alarm                  69, 24     ; parisc64 dispatch
  24: jge  #0x11 socket                 28, 25     ; parisc64 dispatch
  25: jge  #0x7 waitpid                 69, 26     ; parisc64 dispatch
  26: jge  #0x3 read                    27, 69     ; parisc64 dispatch
  27: jeq  #0x5 open                    69, 70     ; parisc64 dispatch
  28: jeq  #0x11 socket                 32, 29     ; parisc64 dispatch
  29: jeq  #0x14 getpid                 70, 30     ; parisc64 dispatch
  30: jeq  #0x1a ptrace                 31, 69     ; parisc64 dispatch
  31: ret KILL_PROCESS                             ; parisc64 rule 10: ptrace
  32: ld  [16]  args[0]+0                          ; parisc64 rule 7: socket
  33: jeq  #0x0                         34, 69     ; parisc64 rule 7: socket
  34: ld  [20]  args[0]+4                          ; parisc64 rule 7: socket
  35: jge  #0xa                         37, 36     ; parisc64 rule 7: socket
  36: jge  #0x3                         69, 70     ; parisc64 rule 7: socket
  37: jeq  #0xa                         70, 69     ; parisc64 rule 7: socket
  38: jge  #130                         52, 39     ; parisc64 dispatch
  39: jge  #0x67 syslog                 40, 44     ; parisc64 dispatch
  40: jeq  #0x78 clone                  42, 41     ; parisc64 dispatch
  41: jeq  #127                         62, 69     ; parisc64 dispatch
  42: ld  [20]  args[0]+4                          ; parisc64 rule 8: clone
  43: jset #0x7e020000                  69, 70     ; parisc64 rule 8: clone
  44: jeq  #0x5a mmap                   47, 45     ; parisc64 dispatch
  45: jeq  #0x56 uselib                 62, 46     ; parisc64 dispatch
  46: jeq  #102                         62, 69     ; parisc64 dispatch
  47: ld  [32]  args[2]+0                          ; parisc64 rule 9: mmap
  48: jgt  #0x1                         69, 49     ; parisc64 rule 9: mmap
  49: jeq  #0x1                         50, 70     ; parisc64 rule 9: mmap
  50: ld  [36]  args[2]+4                          ; parisc64 rule 9: mmap
  51: jge  #0x1                         69, 70     ; parisc64 rule 9: mmap
  52: jge  #0x8d getdents               53, 56     ; parisc64 dispatch
  53: jeq  #0x95 _sysctl                62, 54     ; parisc64 dispatch
  54: jeq  #167                         62, 55     ; parisc64 dispatch
  55: jeq  #169                         62, 69     ; parisc64 dispatch
  56: jge  #0x88 personality            59, 57     ; parisc64 dispatch
  57: jeq  #0x86 bdflush                62, 58     ; parisc64 dispatch
  58: jeq  #130                         62, 69     ; parisc64 dispatch
  59: jge  #137                         60, 63     ; parisc64 dispatch
  60: jeq  #137                         62, 61     ; parisc64 dispatch
  61: jeq  #140                         62, 69     ; parisc64 dispatch
  62: ret ERRNO(38)                                ; parisc64 shared: tail; rules of clone3
  63: ld  [16]  args[0]+0                          ; parisc64 rule 6: personality
  64: jeq  #0x0                         65, 69     ; parisc64 rule 6: personality
  65: ld  [20]  args[0]+4                          ; parisc64 rule 6: personality
  66: jeq  #0x0                         70, 67     ; parisc64 rule 6: personality
  67: jeq  #0x8                         70, 68     ; parisc64 rule 6: personality
  68: jeq  #0xffffffff                  70, 69     ; parisc64 rule 6: personality
  69: ret ERRNO(1)                                 ; parisc64 default
  70: ret ALLOW                                    ; parisc64 shared: rules of read, write, close and others
