; golden.policy for m68k: 79 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0x4 m68k                    3, 2       ; m68k arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; m68k dispatch
   4: jge  #0xec sendfile64             5, 18      ; m68k dispatch
   5: jge  #0x164 socket                8, 6       ; m68k dispatch
   6: jeq  #0xf7 exit_group             63, 7      ; m68k dispatch
   7: jeq  #278                         77, 78     ; m68k dispatch
   8: jge  #415                         9, 11      ; m68k dispatch
   9: jge  #0x1b3 clone3                77, 10     ; m68k dispatch
  10: jeq  #415                         77, 78     ; m68k dispatch
  11: jge  #385                         12, 13     ; m68k dispatch
  12: jge  #0x189 semget                78, 77     ; m68k dispatch
  13: jeq  #0x164 socket                14, 78     ; m68k dispatch
  14: ld  [20]  args[0]+4                          ; m68k rule 7: socket
  15: jge  #0xa                         17, 16     ; m68k rule 7: socket
  16: jge  #0x3                         78, 63     ; m68k rule 7: socket
  17: jeq  #0xa                         63, 78     ; m68k rule 7: socket
  18: jge  #0x79 setdomainname          19, 39     ; m68k dispatch
  19: jge  #0xaa setresgid              20, 25     ; m68k dispatch
  20: jge  #0xbe vfork                  22, 21     ; m68k dispatch
  21: jge  #0xbc getpmsg                77, 78     ; m68k dispatch
  22: jge  #218                         23, 78     ; m68k dispatch
  23: jge  #0xeb futex                  63, 24     ; m68k dispatch
  24: jge  #0xdc getdents64             78, 77     ; m68k dispatch
  25: jge  #0x95 _sysctl                26, 29     ; m68k dispatch
  26: jeq  #0x95 _sysctl                77, 27     ; m68k dispatch
  27: jeq  #0xa7 query_module           77, 28     ; m68k dispatch
  28: jeq  #0xa9 nfsservctl             77, 78     ; m68k dispatch
  29: jge  #0x88 personality            33, 30     ; m68k dispatch
  30: jeq  #0x7f create_module          77, 31     ; m68k dispatch
  31: jeq  #0x82 get_kernel_syms        77, 32     ; m68k dispatch
  32: jeq  #0x86 bdflush                77, 78     ; m68k dispatch
  33: jge  #0x8a setfsuid               78, 34     ; m68k dispatch
  34: jeq  #137                         77, 35     ; m68k dispatch
  35: ld  [20]  args[0]+4                          ; m68k rule 6: personality
  36: jeq  #0x0                         63, 37     ; m68k rule 6: personality
  37: jeq  #0x8                         63, 38     ; m68k rule 6: personality
  38: jeq  #0xffffffff                  63, 78     ; m68k rule 6: personality
  39: jge  #0x3c umask                  40, 57     ; m68k dispatch
  40: jge  #0x5b munmap                 45, 41     ; m68k dispatch
  41: jeq  #0x5a mmap                   43, 42     ; m68k dispatch
  42: jeq  #0x56 uselib                 77, 78     ; m68k dispatch
  43: ld  [36]  args[2]+4                          ; m68k rule 9: mmap
  44: jeq  #0x0                         63, 78     ; m68k rule 9: mmap
  45: jge  #0x67 syslog                 51, 46     ; m68k dispatch
  46: jeq  #0x66 socketcall             47, 49     ; m68k dispatch
  47: ld  [20]  args[0]+4                          ; m68k rule 7: socketcall
  48: jeq  #0x1                         63, 78     ; m68k rule 7: socketcall
  49: jeq  #98                          77, 50     ; m68k dispatch
  50: jeq  #101                         77, 78     ; m68k dispatch
  51: jge  #0x72 wait4                  54, 52     ; m68k dispatch
  52: jge  #109                         53, 78     ; m68k dispatch
  53: jeq  #0x6f vhangup                78, 77     ; m68k dispatch
  54: jeq  #0x78 clone                  55, 78     ; m68k dispatch
  55: ld  [20]  args[0]+4                          ; m68k rule 8: clone
  56: jset #0x7e020000                  78, 63     ; m68k rule 8: clone
  57: jge  #0x1b alarm                  67, 58     ; m68k dispatch
  58: jge  #17                          62, 59     ; m68k dispatch
  59: jge  #0x7 waitpid                 78, 60     ; m68k dispatch
  60: jge  #0x3 read                    61, 78     ; m68k dispatch
  61: jeq  #0x5 open                    78, 63     ; m68k dispatch
  62: jeq  #0x14 getpid                 63, 64     ; m68k dispatch
  63: ret ALLOW                                    ; m68k shared: rules of read, write, close and others
  64: jeq  #0x1a ptrace                 65, 66     ; m68k dispatch
  65: ret KILL_PROCESS                             ; m68k rule 10: ptrace
  66: jeq  #17                          77, 78     ; m68k dispatch
  67: jge  #44                          72, 68     ; m68k dispatch
  68: jge  #0x24 sync                   78, 69     ; m68k dispatch
  69: jge  #31                          70, 78     ; m68k dispatch
  70: jge  #0x21 access                 71, 77     ; m68k dispatch
  71: jeq  #35                          77, 78     ; m68k dispatch
  72: jge  #53                          74, 73     ; m68k dispatch
  73: jeq  #44                          77, 78     ; m68k dispatch
  74: jge  #56                          76, 75     ; m68k dispatch
  75: jeq  #53                          77, 78     ; m68k dispatch
  76: jeq  #0x39 setpgid                78, 77     ; m68k dispatch
  77: ret ERRNO(38)                                ; m68k shared: tail; rules of clone3
  78: ret ERRNO(1)                                 ; m68k default
