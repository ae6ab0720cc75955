; golden.policy for s390: 89 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0x16 s390                   3, 2       ; s390 arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; s390 dispatch
   4: jge  #0xee futex                  5, 22      ; s390 dispatch
   5: jge  #0x167 socket                12, 6      ; s390 dispatch
   6: jge  #0x108 fadvise64_64          85, 7      ; s390 dispatch
   7: jge  #0xf9 epoll_create           8, 9       ; s390 dispatch
   8: jeq  #263                         88, 85     ; s390 dispatch
   9: jeq  #0xee futex                  81, 10     ; s390 dispatch
  10: jeq  #0xf8 exit_group             81, 11     ; s390 dispatch
  11: jeq  #242                         88, 85     ; s390 dispatch
  12: jge  #415                         13, 15     ; s390 dispatch
  13: jge  #0x1b3 clone3                88, 14     ; s390 dispatch
  14: jeq  #415                         88, 85     ; s390 dispatch
  15: jge  #387                         16, 17     ; s390 dispatch
  16: jge  #0x189 semget                85, 88     ; s390 dispatch
  17: jeq  #0x167 socket                18, 85     ; s390 dispatch
  18: ld  [20]  args[0]+4                          ; s390 rule 7: socket
  19: jge  #0xa                         21, 20     ; s390 rule 7: socket
  20: jge  #0x3                         85, 81     ; s390 rule 7: socket
  21: jeq  #0xa                         81, 85     ; s390 rule 7: socket
  22: jge  #0x7c adjtimex               23, 42     ; s390 dispatch
  23: jge  #0xbc getpmsg                24, 25     ; s390 dispatch
  24: jge  #0xbe vfork                  85, 88     ; s390 dispatch
  25: jge  #0x96 mlock                  26, 30     ; s390 dispatch
  26: jge  #0xa9 nfsservctl             27, 28     ; s390 dispatch
  27: jeq  #0xa9 nfsservctl             88, 85     ; s390 dispatch
  28: jge  #166                         29, 85     ; s390 dispatch
  29: jeq  #0xa8 poll                   85, 88     ; s390 dispatch
  30: jge  #0x89 afs_syscall            31, 33     ; s390 dispatch
  31: jeq  #0x89 afs_syscall            88, 32     ; s390 dispatch
  32: jeq  #0x95 _sysctl                88, 85     ; s390 dispatch
  33: jge  #0x83 quotactl               36, 34     ; s390 dispatch
  34: jeq  #0x7f create_module          88, 35     ; s390 dispatch
  35: jeq  #0x82 get_kernel_syms        88, 85     ; s390 dispatch
  36: jeq  #0x88 personality            38, 37     ; s390 dispatch
  37: jeq  #0x86 bdflush                88, 85     ; s390 dispatch
  38: ld  [20]  args[0]+4                          ; s390 rule 6: personality
  39: jeq  #0x0                         81, 40     ; s390 rule 6: personality
  40: jeq  #0x8                         81, 41     ; s390 rule 6: personality
  41: jeq  #0xffffffff                  81, 85     ; s390 rule 6: personality
  42: jge  #0x46 setreuid               43, 63     ; s390 dispatch
  43: jge  #98                          51, 44     ; s390 dispatch
  44: jge  #0x56 uselib                 47, 45     ; s390 dispatch
  45: jeq  #82                          88, 46     ; s390 dispatch
  46: jeq  #84                          88, 85     ; s390 dispatch
  47: jeq  #0x5a mmap                   49, 48     ; s390 dispatch
  48: jeq  #0x56 uselib                 88, 85     ; s390 dispatch
  49: ld  [36]  args[2]+4                          ; s390 rule 9: mmap
  50: jeq  #0x0                         81, 85     ; s390 rule 9: mmap
  51: jge  #0x70 idle                   57, 52     ; s390 dispatch
  52: jeq  #0x66 socketcall             53, 55     ; s390 dispatch
  53: ld  [20]  args[0]+4                          ; s390 rule 7: socketcall
  54: jeq  #0x1                         81, 85     ; s390 rule 7: socketcall
  55: jeq  #98                          88, 56     ; s390 dispatch
  56: jeq  #109                         88, 85     ; s390 dispatch
  57: jge  #0x78 clone                  59, 58     ; s390 dispatch
  58: jge  #0x72 wait4                  85, 88     ; s390 dispatch
  59: jeq  #0x78 clone                  61, 60     ; s390 dispatch
  60: jeq  #123                         88, 85     ; s390 dispatch
  61: ld  [20]  args[0]+4                          ; s390 rule 8: clone
  62: jset #0x7e020000                  85, 81     ; s390 rule 8: clone
  63: jge  #0x21 access                 64, 72     ; s390 dispatch
  64: jge  #53                          67, 65     ; s390 dispatch
  65: jeq  #35                          88, 66     ; s390 dispatch
  66: jeq  #44                          88, 85     ; s390 dispatch
  67: jge  #0x3c umask                  68, 69     ; s390 dispatch
  68: jge  #68                          88, 85     ; s390 dispatch
  69: jge  #56                          71, 70     ; s390 dispatch
  70: jeq  #53                          88, 85     ; s390 dispatch
  71: jeq  #0x39 setpgid                85, 88     ; s390 dispatch
  72: jge  #17                          77, 73     ; s390 dispatch
  73: jge  #0x7 restart_syscall         85, 74     ; s390 dispatch
  74: jge  #0x3 read                    76, 75     ; s390 dispatch
  75: jeq  #0                           88, 85     ; s390 dispatch
  76: jeq  #0x5 open                    85, 81     ; s390 dispatch
  77: jge  #0x1a ptrace                 82, 78     ; s390 dispatch
  78: jge  #0x15 mount                  85, 79     ; s390 dispatch
  79: jeq  #0x13 lseek                  85, 80     ; s390 dispatch
  80: jeq  #0x14 getpid                 81, 88     ; s390 dispatch
  81: ret ALLOW                                    ; s390 shared: rules of read, write, close and others
  82: jge  #0x1d pause                  83, 84     ; s390 dispatch
  83: jge  #31                          88, 85     ; s390 dispatch
  84: jeq  #0x1b alarm                  85, 86     ; s390 dispatch
  85: ret ERRNO(1)                                 ; s390 default
  86: jeq  #28                          88, 87     ; s390 dispatch
  87: ret KILL_PROCESS                             ; s390 rule 10: ptrace
  88: ret ERRNO(38)                                ; s390 shared: tail; rules of clone3
