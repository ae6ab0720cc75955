; golden.policy for ppc: 77 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0x14 ppc                    3, 2       ; ppc arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; ppc dispatch
   4: jge  #224                         5, 23      ; ppc dispatch
   5: jge  #0x147 bind                  6, 13      ; ppc dispatch
   6: jge  #415                         7, 9       ; ppc dispatch
   7: jge  #0x1b3 clone3                76, 8      ; ppc dispatch
   8: jeq  #415                         76, 75     ; ppc dispatch
   9: jge  #366                         10, 75     ; ppc dispatch
  10: jge  #0x189 semget                75, 11     ; ppc dispatch
  11: jge  #0x17a mlock2                12, 76     ; ppc dispatch
  12: jge  #389                         76, 75     ; ppc dispatch
  13: jge  #0x102 migrate_pages         18, 14     ; ppc dispatch
  14: jge  #0xeb lookup_dcookie         15, 16     ; ppc dispatch
  15: jeq  #257                         76, 75     ; ppc dispatch
  16: jge  #0xe2 sendfile64             17, 76     ; ppc dispatch
  17: jeq  #0xea exit_group             64, 75     ; ppc dispatch
  18: jeq  #0x146 socket                19, 75     ; ppc dispatch
  19: ld  [20]  args[0]+4                          ; ppc rule 7: socket
  20: jge  #0xa                         22, 21     ; ppc rule 7: socket
  21: jge  #0x3                         75, 64     ; ppc rule 7: socket
  22: jeq  #0xa                         64, 75     ; ppc rule 7: socket
  23: jge  #0x70 idle                   24, 47     ; ppc dispatch
  24: jge  #0xa6 query_module           25, 30     ; ppc dispatch
  25: jge  #0xbd vfork                  26, 27     ; ppc dispatch
  26: jeq  #0xdd futex                  64, 75     ; ppc dispatch
  27: jge  #0xa9 setresgid              29, 28     ; ppc dispatch
  28: jeq  #0xa7 poll                   75, 76     ; ppc dispatch
  29: jge  #0xbb getpmsg                76, 75     ; ppc dispatch
  30: jge  #0x89 afs_syscall            31, 33     ; ppc dispatch
  31: jeq  #0x89 afs_syscall            76, 32     ; ppc dispatch
  32: jeq  #0x95 _sysctl                76, 75     ; ppc dispatch
  33: jge  #0x7f create_module          38, 34     ; ppc dispatch
  34: jeq  #0x78 clone                  36, 35     ; ppc dispatch
  35: jeq  #0x70 idle                   76, 75     ; ppc dispatch
  36: ld  [20]  args[0]+4                          ; ppc rule 8: clone
  37: jset #0x7e020000                  75, 64     ; ppc rule 8: clone
  38: jge  #0x86 bdflush                41, 39     ; ppc dispatch
  39: jeq  #0x7f create_module          76, 40     ; ppc dispatch
  40: jeq  #0x82 get_kernel_syms        76, 75     ; ppc dispatch
  41: jeq  #0x88 personality            43, 42     ; ppc dispatch
  42: jeq  #0x87 sysfs                  75, 76     ; ppc dispatch
  43: ld  [20]  args[0]+4                          ; ppc rule 6: personality
  44: jeq  #0x0                         64, 45     ; ppc rule 6: personality
  45: jeq  #0x8                         64, 46     ; ppc rule 6: personality
  46: jeq  #0xffffffff                  64, 75     ; ppc rule 6: personality
  47: jge  #0x3b oldolduname            48, 57     ; ppc dispatch
  48: jge  #0x5a mmap                   50, 49     ; ppc dispatch
  49: jeq  #0x56 uselib                 76, 75     ; ppc dispatch
  50: jeq  #0x5a mmap                   51, 53     ; ppc dispatch
  51: ld  [36]  args[2]+4                          ; ppc rule 9: mmap
  52: jeq  #0x0                         64, 75     ; ppc rule 9: mmap
  53: jeq  #0x66 socketcall             55, 54     ; ppc dispatch
  54: jeq  #0x62 profil                 76, 75     ; ppc dispatch
  55: ld  [20]  args[0]+4                          ; ppc rule 7: socketcall
  56: jeq  #0x1                         64, 75     ; ppc rule 7: socketcall
  57: jge  #0x1f stty                   67, 58     ; ppc dispatch
  58: jge  #0x11 break                  62, 59     ; ppc dispatch
  59: jge  #0x7 waitpid                 75, 60     ; ppc dispatch
  60: jge  #0x3 read                    61, 75     ; ppc dispatch
  61: jeq  #0x5 open                    75, 64     ; ppc dispatch
  62: jeq  #0x11 break                  76, 63     ; ppc dispatch
  63: jeq  #0x14 getpid                 64, 65     ; ppc dispatch
  64: ret ALLOW                                    ; ppc shared: rules of read, write, close and others
  65: jeq  #0x1a ptrace                 66, 75     ; ppc dispatch
  66: ret KILL_PROCESS                             ; ppc rule 10: ptrace
  67: jge  #0x2d brk                    68, 71     ; ppc dispatch
  68: jeq  #0x35 lock                   76, 69     ; ppc dispatch
  69: jeq  #0x38 mpx                    76, 70     ; ppc dispatch
  70: jeq  #0x3a ulimit                 76, 75     ; ppc dispatch
  71: jge  #0x24 sync                   72, 73     ; ppc dispatch
  72: jeq  #0x2c prof                   76, 75     ; ppc dispatch
  73: jge  #0x21 access                 74, 76     ; ppc dispatch
  74: jeq  #0x23 ftime                  76, 75     ; ppc dispatch
  75: ret ERRNO(1)                                 ; ppc default
  76: ret ERRNO(38)                                ; ppc shared: tail; rules of clone3
