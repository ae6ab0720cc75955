; golden.policy for s390x: 117 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0x80000016 s390x            3, 2       ; s390x arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; s390x dispatch
   4: jge  #0xf3 io_setup               5, 22      ; s390x dispatch
   5: jge  #0x167 socket                10, 6      ; s390x dispatch
   6: jge  #0x109 statfs64              116, 7     ; s390x dispatch
   7: jge  #0xf9 epoll_create           9, 8       ; s390x dispatch
   8: jeq  #0xf8 exit_group             90, 116    ; s390x dispatch
   9: jge  #263                         115, 116   ; s390x dispatch
  10: jge  #0x188 semtimedop            11, 14     ; s390x dispatch
  11: jge  #0x1b3 clone3                115, 12    ; s390x dispatch
  12: jge  #0x1a8 pidfd_send_signal     116, 13    ; s390x dispatch
  13: jge  #403                         115, 116   ; s390x dispatch
  14: jge  #0x168 socketpair            15, 16     ; s390x dispatch
  15: jge  #387                         115, 116   ; s390x dispatch
  16: ld  [16]  args[0]+0                          ; s390x rule 7: socket
  17: jeq  #0x0                         18, 116    ; s390x rule 7: socket
  18: ld  [20]  args[0]+4                          ; s390x rule 7: socket
  19: jge  #0xa                         21, 20     ; s390x rule 7: socket
  20: jge  #0x3                         116, 90    ; s390x rule 7: socket
  21: jeq  #0xa                         90, 116    ; s390x rule 7: socket
  22: jge  #0x7c adjtimex               23, 52     ; s390x dispatch
  23: jge  #0xac prctl                  24, 36     ; s390x dispatch
  24: jge  #221                         25, 30     ; s390x dispatch
  25: jge  #0xee futex                  28, 26     ; s390x dispatch
  26: jeq  #221                         115, 27    ; s390x dispatch
  27: jeq  #223                         115, 116   ; s390x dispatch
  28: jeq  #0xee futex                  90, 29     ; s390x dispatch
  29: jeq  #242                         115, 116   ; s390x dispatch
  30: jge  #0xc6 lchown                 116, 31    ; s390x dispatch
  31: jge  #182                         32, 116    ; s390x dispatch
  32: jge  #0xbc getpmsg                34, 33     ; s390x dispatch
  33: jeq  #182                         115, 116   ; s390x dispatch
  34: jge  #0xbe vfork                  35, 115    ; s390x dispatch
  35: jge  #192                         115, 116   ; s390x dispatch
  36: jge  #0x89 afs_syscall            37, 42     ; s390x dispatch
  37: jge  #0x96 mlock                  40, 38     ; s390x dispatch
  38: jge  #0x8d getdents               39, 115    ; s390x dispatch
  39: jeq  #0x95 _sysctl                115, 116   ; s390x dispatch
  40: jge  #164                         41, 116    ; s390x dispatch
  41: jeq  #0xa8 poll                   116, 115   ; s390x dispatch
  42: jge  #0x88 personality            46, 43     ; s390x dispatch
  43: jeq  #0x7f create_module          115, 44    ; s390x dispatch
  44: jeq  #0x82 get_kernel_syms        115, 45    ; s390x dispatch
  45: jeq  #0x86 bdflush                115, 116   ; s390x dispatch
  46: ld  [16]  args[0]+0                          ; s390x rule 6: personality
  47: jeq  #0x0                         48, 116    ; s390x rule 6: personality
  48: ld  [20]  args[0]+4                          ; s390x rule 6: personality
  49: jeq  #0x0                         90, 50     ; s390x rule 6: personality
  50: jeq  #0x8                         90, 51     ; s390x rule 6: personality
  51: jeq  #0xffffffff                  90, 116    ; s390x rule 6: personality
  52: jge  #0x56 uselib                 53, 78     ; s390x dispatch
  53: jge  #0x67 syslog                 54, 62     ; s390x dispatch
  54: jge  #0x72 wait4                  58, 55     ; s390x dispatch
  55: jge  #109                         56, 116    ; s390x dispatch
  56: jge  #0x70 idle                   115, 57    ; s390x dispatch
  57: jeq  #109                         115, 116   ; s390x dispatch
  58: jeq  #0x78 clone                  60, 59     ; s390x dispatch
  59: jeq  #123                         115, 116   ; s390x dispatch
  60: ld  [20]  args[0]+4                          ; s390x rule 8: clone
  61: jset #0x7e020000                  116, 90    ; s390x rule 8: clone
  62: jge  #98                          63, 70     ; s390x dispatch
  63: jeq  #0x66 socketcall             66, 64     ; s390x dispatch
  64: jeq  #98                          115, 65    ; s390x dispatch
  65: jeq  #101                         115, 116   ; s390x dispatch
  66: ld  [16]  args[0]+0                          ; s390x rule 7: socketcall
  67: jeq  #0x0                         68, 116    ; s390x rule 7: socketcall
  68: ld  [20]  args[0]+4                          ; s390x rule 7: socketcall
  69: jeq  #0x1                         90, 116    ; s390x rule 7: socketcall
  70: jeq  #0x5a mmap                   73, 71     ; s390x dispatch
  71: jeq  #0x56 uselib                 115, 72    ; s390x dispatch
  72: jeq  #95                          115, 116   ; s390x dispatch
  73: ld  [32]  args[2]+0                          ; s390x rule 9: mmap
  74: jgt  #0x1                         116, 75    ; s390x rule 9: mmap
  75: jeq  #0x1                         76, 90     ; s390x rule 9: mmap
  76: ld  [36]  args[2]+4                          ; s390x rule 9: mmap
  77: jge  #0x1                         116, 90    ; s390x rule 9: mmap
  78: jge  #0x24 sync                   98, 79     ; s390x dispatch
  79: jge  #0xe mknod                   85, 80     ; s390x dispatch
  80: jge  #0x7 restart_syscall         81, 82     ; s390x dispatch
  81: jeq  #13                          115, 116   ; s390x dispatch
  82: jge  #0x3 read                    84, 83     ; s390x dispatch
  83: jeq  #0                           115, 116   ; s390x dispatch
  84: jeq  #0x5 open                    116, 90    ; s390x dispatch
  85: jge  #0x1a ptrace                 92, 86     ; s390x dispatch
  86: jge  #0x14 getpid                 89, 87     ; s390x dispatch
  87: jge  #16                          88, 116    ; s390x dispatch
  88: jeq  #0x13 lseek                  116, 115   ; s390x dispatch
  89: jge  #0x15 mount                  91, 90     ; s390x dispatch
  90: ret ALLOW                                    ; s390x shared: rules of read, write, close and others
  91: jge  #23                          115, 116   ; s390x dispatch
  92: jge  #31                          96, 93     ; s390x dispatch
  93: jeq  #0x1a ptrace                 94, 95     ; s390x dispatch
  94: ret KILL_PROCESS                             ; s390x rule 10: ptrace
  95: jeq  #28                          115, 116   ; s390x dispatch
  96: jge  #0x21 access                 97, 115    ; s390x dispatch
  97: jeq  #35                          115, 116   ; s390x dispatch
  98: jge  #0x3c umask                  99, 106    ; s390x dispatch
  99: jge  #0x48 sigsuspend             101, 100   ; s390x dispatch
 100: jge  #68                          115, 116   ; s390x dispatch
 101: jge  #0x4d getrusage              103, 102   ; s390x dispatch
 102: jeq  #76                          115, 116   ; s390x dispatch
 103: jge  #80                          104, 116   ; s390x dispatch
 104: jeq  #0x53 symlink                116, 105   ; s390x dispatch
 105: jeq  #0x55 readlink               116, 115   ; s390x dispatch
 106: jge  #44                          107, 116   ; s390x dispatch
 107: jge  #53                          108, 111   ; s390x dispatch
 108: jge  #56                          110, 109   ; s390x dispatch
 109: jeq  #53                          115, 116   ; s390x dispatch
 110: jeq  #0x39 setpgid                116, 115   ; s390x dispatch
 111: jge  #49                          112, 113   ; s390x dispatch
 112: jge  #0x33 acct                   116, 115   ; s390x dispatch
 113: jeq  #0x2d brk                    116, 114   ; s390x dispatch
 114: jeq  #0x30 signal                 116, 115   ; s390x dispatch
 115: ret ERRNO(38)                                ; s390x shared: tail; rules of clone3
 116: ret ERRNO(1)                                 ; s390x default
