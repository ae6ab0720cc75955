; golden.policy for ppc64le: 91 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0xc0000015 ppc64le          3, 2       ; ppc64le arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; ppc64le dispatch
   4: jge  #0xdd futex                  5, 28      ; ppc64le dispatch
   5: jge  #0x147 bind                  6, 13      ; ppc64le dispatch
   6: jge  #0x188 semtimedop            10, 7      ; ppc64le dispatch
   7: jge  #366                         8, 89      ; ppc64le dispatch
   8: jge  #0x17a mlock2                9, 90      ; ppc64le dispatch
   9: jge  #389                         90, 89     ; ppc64le dispatch
  10: jge  #0x1b3 clone3                90, 11     ; ppc64le dispatch
  11: jge  #0x1a8 pidfd_send_signal     89, 12     ; ppc64le dispatch
  12: jge  #403                         90, 89     ; ppc64le dispatch
  13: jge  #0x102 migrate_pages         14, 21     ; ppc64le dispatch
  14: jeq  #0x146 socket                15, 89     ; ppc64le dispatch
  15: ld  [20]  args[0]+4                          ; ppc64le rule 7: socket
  16: jeq  #0x0                         17, 89     ; ppc64le rule 7: socket
  17: ld  [16]  args[0]+0                          ; ppc64le rule 7: socket
  18: jge  #0xa                         20, 19     ; ppc64le rule 7: socket
  19: jge  #0x3                         89, 78     ; ppc64le rule 7: socket
  20: jeq  #0xa                         78, 89     ; ppc64le rule 7: socket
  21: jge  #0xeb lookup_dcookie         22, 24     ; ppc64le dispatch
  22: jeq  #254                         90, 23     ; ppc64le dispatch
  23: jeq  #257                         90, 89     ; ppc64le dispatch
  24: jge  #0xe3 io_setup               25, 26     ; ppc64le dispatch
  25: jeq  #0xea exit_group             78, 89     ; ppc64le dispatch
  26: jge  #224                         90, 27     ; ppc64le dispatch
  27: jeq  #0xdd futex                  78, 89     ; ppc64le dispatch
  28: jge  #0x67 syslog                 29, 56     ; ppc64le dispatch
  29: jge  #0x95 _sysctl                30, 39     ; ppc64le dispatch
  30: jge  #0xbb getpmsg                34, 31     ; ppc64le dispatch
  31: jeq  #0x95 _sysctl                90, 32     ; ppc64le dispatch
  32: jeq  #0xa6 query_module           90, 33     ; ppc64le dispatch
  33: jeq  #0xa8 nfsservctl             90, 89     ; ppc64le dispatch
  34: jge  #0xcd madvise                89, 35     ; ppc64le dispatch
  35: jge  #0xc6 pciconfig_read         36, 37     ; ppc64le dispatch
  36: jeq  #204                         90, 89     ; ppc64le dispatch
  37: jge  #0xbd vfork                  38, 90     ; ppc64le dispatch
  38: jge  #192                         90, 89     ; ppc64le dispatch
  39: jge  #0x83 quotactl               47, 40     ; ppc64le dispatch
  40: jge  #0x78 clone                  42, 41     ; ppc64le dispatch
  41: jeq  #0x70 idle                   90, 89     ; ppc64le dispatch
  42: jeq  #0x78 clone                  43, 45     ; ppc64le dispatch
  43: ld  [16]  args[0]+0                          ; ppc64le rule 8: clone
  44: jset #0x7e020000                  89, 78     ; ppc64le rule 8: clone
  45: jeq  #0x7f create_module          90, 46     ; ppc64le dispatch
  46: jeq  #0x82 get_kernel_syms        90, 89     ; ppc64le dispatch
  47: jeq  #0x88 personality            50, 48     ; ppc64le dispatch
  48: jeq  #0x86 bdflush                90, 49     ; ppc64le dispatch
  49: jeq  #0x89 afs_syscall            90, 89     ; ppc64le dispatch
  50: ld  [20]  args[0]+4                          ; ppc64le rule 6: personality
  51: jeq  #0x0                         52, 89     ; ppc64le rule 6: personality
  52: ld  [16]  args[0]+0                          ; ppc64le rule 6: personality
  53: jeq  #0x0                         78, 54     ; ppc64le rule 6: personality
  54: jeq  #0x8                         78, 55     ; ppc64le rule 6: personality
  55: jeq  #0xffffffff                  78, 89     ; ppc64le rule 6: personality
  56: jge  #0x3b oldolduname            57, 71     ; ppc64le dispatch
  57: jge  #0x5a mmap                   59, 58     ; ppc64le dispatch
  58: jeq  #0x56 uselib                 90, 89     ; ppc64le dispatch
  59: jeq  #0x66 socketcall             60, 64     ; ppc64le dispatch
  60: ld  [20]  args[0]+4                          ; ppc64le rule 7: socketcall
  61: jeq  #0x0                         62, 89     ; ppc64le rule 7: socketcall
  62: ld  [16]  args[0]+0                          ; ppc64le rule 7: socketcall
  63: jeq  #0x1                         78, 89     ; ppc64le rule 7: socketcall
  64: jeq  #0x5a mmap                   66, 65     ; ppc64le dispatch
  65: jeq  #0x62 profil                 90, 89     ; ppc64le dispatch
  66: ld  [36]  args[2]+4                          ; ppc64le rule 9: mmap
  67: jgt  #0x1                         89, 68     ; ppc64le rule 9: mmap
  68: jeq  #0x1                         69, 78     ; ppc64le rule 9: mmap
  69: ld  [32]  args[2]+0                          ; ppc64le rule 9: mmap
  70: jge  #0x1                         89, 78     ; ppc64le rule 9: mmap
  71: jge  #0x1f stty                   81, 72     ; ppc64le dispatch
  72: jge  #0x11 break                  76, 73     ; ppc64le dispatch
  73: jge  #0x7 waitpid                 89, 74     ; ppc64le dispatch
  74: jge  #0x3 read                    75, 89     ; ppc64le dispatch
  75: jeq  #0x5 open                    89, 78     ; ppc64le dispatch
  76: jeq  #0x11 break                  90, 77     ; ppc64le dispatch
  77: jeq  #0x14 getpid                 78, 79     ; ppc64le dispatch
  78: ret ALLOW                                    ; ppc64le shared: rules of read, write, close and others
  79: jeq  #0x1a ptrace                 80, 89     ; ppc64le dispatch
  80: ret KILL_PROCESS                             ; ppc64le rule 10: ptrace
  81: jge  #0x2d brk                    82, 85     ; ppc64le dispatch
  82: jeq  #0x35 lock                   90, 83     ; ppc64le dispatch
  83: jeq  #0x38 mpx                    90, 84     ; ppc64le dispatch
  84: jeq  #0x3a ulimit                 90, 89     ; ppc64le dispatch
  85: jge  #0x24 sync                   86, 87     ; ppc64le dispatch
  86: jeq  #0x2c prof                   90, 89     ; ppc64le dispatch
  87: jge  #0x21 access                 88, 90     ; ppc64le dispatch
  88: jeq  #0x23 ftime                  90, 89     ; ppc64le dispatch
  89: ret ERRNO(1)                                 ; ppc64le default
  90: ret ERRNO(38)                                ; ppc64le shared: tail; rules of clone3
