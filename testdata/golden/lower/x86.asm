; golden.policy for x86: 77 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0x40000003 x86              3, 2       ; x86 arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; x86 dispatch
   4: jge  #0xe0 gettid                 5, 23      ; x86 dispatch
   5: jge  #0x167 socket                13, 6      ; x86 dispatch
   6: jge  #0x11e add_key               75, 7      ; x86 dispatch
   7: jge  #0xfd lookup_dcookie         8, 10      ; x86 dispatch
   8: jeq  #0x111 vserver               76, 9      ; x86 dispatch
   9: jeq  #285                         76, 75     ; x86 dispatch
  10: jeq  #0xf0 futex                  64, 11     ; x86 dispatch
  11: jeq  #0xfc exit_group             64, 12     ; x86 dispatch
  12: jeq  #251                         76, 75     ; x86 dispatch
  13: jge  #415                         14, 16     ; x86 dispatch
  14: jge  #0x1b3 clone3                76, 15     ; x86 dispatch
  15: jeq  #415                         76, 75     ; x86 dispatch
  16: jge  #387                         17, 18     ; x86 dispatch
  17: jge  #0x189 semget                75, 76     ; x86 dispatch
  18: jeq  #0x167 socket                19, 75     ; x86 dispatch
  19: ld  [16]  args[0]+0                          ; x86 rule 7: socket
  20: jge  #0xa                         22, 21     ; x86 rule 7: socket
  21: jge  #0x3                         75, 64     ; x86 rule 7: socket
  22: jeq  #0xa                         64, 75     ; x86 rule 7: socket
  23: jge  #0x70 idle                   24, 47     ; x86 dispatch
  24: jge  #0xa7 query_module           25, 30     ; x86 dispatch
  25: jge  #0xbe vfork                  26, 27     ; x86 dispatch
  26: jge  #222                         76, 75     ; x86 dispatch
  27: jge  #0xaa setresgid              29, 28     ; x86 dispatch
  28: jeq  #0xa8 poll                   75, 76     ; x86 dispatch
  29: jge  #0xbc getpmsg                76, 75     ; x86 dispatch
  30: jge  #0x89 afs_syscall            31, 33     ; x86 dispatch
  31: jeq  #0x89 afs_syscall            76, 32     ; x86 dispatch
  32: jeq  #0x95 _sysctl                76, 75     ; x86 dispatch
  33: jge  #0x7f create_module          38, 34     ; x86 dispatch
  34: jeq  #0x78 clone                  36, 35     ; x86 dispatch
  35: jeq  #0x70 idle                   76, 75     ; x86 dispatch
  36: ld  [16]  args[0]+0                          ; x86 rule 8: clone
  37: jset #0x7e020000                  75, 64     ; x86 rule 8: clone
  38: jge  #0x86 bdflush                41, 39     ; x86 dispatch
  39: jeq  #0x7f create_module          76, 40     ; x86 dispatch
  40: jeq  #0x82 get_kernel_syms        76, 75     ; x86 dispatch
  41: jeq  #0x88 personality            43, 42     ; x86 dispatch
  42: jeq  #0x87 sysfs                  75, 76     ; x86 dispatch
  43: ld  [16]  args[0]+0                          ; x86 rule 6: personality
  44: jeq  #0x0                         64, 45     ; x86 rule 6: personality
  45: jeq  #0x8                         64, 46     ; x86 rule 6: personality
  46: jeq  #0xffffffff                  64, 75     ; x86 rule 6: personality
  47: jge  #0x3b oldolduname            48, 57     ; x86 dispatch
  48: jge  #0x5a mmap                   50, 49     ; x86 dispatch
  49: jeq  #0x56 uselib                 76, 75     ; x86 dispatch
  50: jeq  #0x5a mmap                   51, 53     ; x86 dispatch
  51: ld  [32]  args[2]+0                          ; x86 rule 9: mmap
  52: jeq  #0x0                         64, 75     ; x86 rule 9: mmap
  53: jeq  #0x66 socketcall             55, 54     ; x86 dispatch
  54: jeq  #0x62 profil                 76, 75     ; x86 dispatch
  55: ld  [16]  args[0]+0                          ; x86 rule 7: socketcall
  56: jeq  #0x1                         64, 75     ; x86 rule 7: socketcall
  57: jge  #0x1f stty                   67, 58     ; x86 dispatch
  58: jge  #0x11 break                  62, 59     ; x86 dispatch
  59: jge  #0x7 waitpid                 75, 60     ; x86 dispatch
  60: jge  #0x3 read                    61, 75     ; x86 dispatch
  61: jeq  #0x5 open                    75, 64     ; x86 dispatch
  62: jeq  #0x11 break                  76, 63     ; x86 dispatch
  63: jeq  #0x14 getpid                 64, 65     ; x86 dispatch
  64: ret ALLOW                                    ; x86 shared: rules of read, write, close and others
  65: jeq  #0x1a ptrace                 66, 75     ; x86 dispatch
  66: ret KILL_PROCESS                             ; x86 rule 10: ptrace
  67: jge  #0x2d brk                    68, 71     ; x86 dispatch
  68: jeq  #0x35 lock                   76, 69     ; x86 dispatch
  69: jeq  #0x38 mpx                    76, 70     ; x86 dispatch
  70: jeq  #0x3a ulimit                 76, 75     ; x86 dispatch
  71: jge  #0x24 sync                   72, 73     ; x86 dispatch
  72: jeq  #0x2c prof                   76, 75     ; x86 dispatch
  73: jge  #0x21 access                 74, 76     ; x86 dispatch
  74: jeq  #0x23 ftime                  76, 75     ; x86 dispatch
  75: ret ERRNO(1)                                 ; x86 default
  76: ret ERRNO(38)                                ; x86 shared: tail; rules of clone3
