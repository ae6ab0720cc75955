; golden.policy for mips: 84 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0x8 mips                    3, 2       ; mips arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; mips dispatch
   4: jge  #4221                        5, 17      ; mips dispatch
   5: jge  #4369                        6, 10      ; mips dispatch
   6: jge  #0x1153 clone3               83, 7      ; mips dispatch
   7: jge  #4415                        9, 8       ; mips dispatch
   8: jge  #0x1129 semget               82, 83     ; mips dispatch
   9: jeq  #4415                        83, 82     ; mips dispatch
  10: jge  #0x10b8 add_key              82, 11     ; mips dispatch
  11: jge  #0x1097 lookup_dcookie       12, 14     ; mips dispatch
  12: jeq  #0x10b5 vserver              83, 13     ; mips dispatch
  13: jeq  #4279                        83, 82     ; mips dispatch
  14: jeq  #0x108e futex                78, 15     ; mips dispatch
  15: jeq  #0x1096 exit_group           78, 16     ; mips dispatch
  16: jeq  #4221                        83, 82     ; mips dispatch
  17: jge  #0x1011 vm86                 18, 44     ; mips dispatch
  18: jge  #0x103a mlock                19, 29     ; mips dispatch
  19: jge  #0x1058 socketpair           20, 24     ; mips dispatch
  20: jge  #0x1070 getpmsg              21, 22     ; mips dispatch
  21: jge  #0x1072 mmap2                82, 83     ; mips dispatch
  22: jeq  #0x105b query_module         83, 23     ; mips dispatch
  23: jeq  #0x105d nfsservctl           83, 82     ; mips dispatch
  24: jeq  #0x1057 socket               25, 82     ; mips dispatch
  25: ld  [20]  args[0]+4                          ; mips rule 7: socket
  26: jge  #0xa                         28, 27     ; mips rule 7: socket
  27: jge  #0x3                         82, 78     ; mips rule 7: socket
  28: jeq  #0xa                         78, 82     ; mips rule 7: socket
  29: jge  #0x1026 bdflush              35, 30     ; mips dispatch
  30: jeq  #0x1018 clone                31, 33     ; mips dispatch
  31: ld  [20]  args[0]+4                          ; mips rule 8: clone
  32: jset #0x7e020000                  82, 78     ; mips rule 8: clone
  33: jeq  #0x101f create_module        83, 34     ; mips dispatch
  34: jeq  #0x1022 get_kernel_syms      83, 82     ; mips dispatch
  35: jge  #0x102a setfsuid             36, 38     ; mips dispatch
  36: jeq  #0x1039 _sysctl              83, 37     ; mips dispatch
  37: jeq  #4150                        83, 82     ; mips dispatch
  38: jeq  #0x1028 personality          40, 39     ; mips dispatch
  39: jeq  #0x1027 sysfs                82, 83     ; mips dispatch
  40: ld  [20]  args[0]+4                          ; mips rule 6: personality
  41: jeq  #0x0                         78, 42     ; mips rule 6: personality
  42: jeq  #0x8                         78, 43     ; mips rule 6: personality
  43: jeq  #0xffffffff                  78, 82     ; mips rule 6: personality
  44: jge  #0xfda ulimit                45, 61     ; mips dispatch
  45: jge  #0xffa mmap                  51, 46     ; mips dispatch
  46: jge  #4082                        48, 47     ; mips dispatch
  47: jge  #0xfdc umask                 82, 83     ; mips dispatch
  48: jeq  #0xff6 uselib                83, 49     ; mips dispatch
  49: jeq  #4082                        83, 50     ; mips dispatch
  50: jeq  #4084                        83, 82     ; mips dispatch
  51: jge  #0x1006 socketcall           56, 52     ; mips dispatch
  52: jeq  #0xffa mmap                  54, 53     ; mips dispatch
  53: jeq  #0x1002 profil               83, 82     ; mips dispatch
  54: ld  [36]  args[2]+4                          ; mips rule 9: mmap
  55: jeq  #0x0                         78, 82     ; mips rule 9: mmap
  56: jeq  #0x1006 socketcall           57, 59     ; mips dispatch
  57: ld  [20]  args[0]+4                          ; mips rule 7: socketcall
  58: jeq  #0x1                         78, 82     ; mips rule 7: socketcall
  59: jeq  #0x1010 idle                 83, 60     ; mips dispatch
  60: jeq  #4109                        83, 82     ; mips dispatch
  61: jge  #0xfbd pause                 62, 70     ; mips dispatch
  62: jge  #0xfcc prof                  63, 66     ; mips dispatch
  63: jeq  #0xfcc prof                  83, 64     ; mips dispatch
  64: jeq  #0xfd5 lock                  83, 65     ; mips dispatch
  65: jeq  #0xfd8 mpx                   83, 82     ; mips dispatch
  66: jge  #0xfc4 sync                  82, 67     ; mips dispatch
  67: jge  #0xfc1 access                69, 68     ; mips dispatch
  68: jge  #0xfbf stty                  83, 82     ; mips dispatch
  69: jeq  #0xfc3 ftime                 83, 82     ; mips dispatch
  70: jge  #0xfb1 break                 75, 71     ; mips dispatch
  71: jge  #0xfa7 waitpid               82, 72     ; mips dispatch
  72: jge  #0xfa3 read                  74, 73     ; mips dispatch
  73: jge  #0xfa0 syscall               82, 83     ; mips dispatch
  74: jeq  #0xfa5 open                  82, 78     ; mips dispatch
  75: jge  #0xfb5 mount                 79, 76     ; mips dispatch
  76: jeq  #0xfb3 lseek                 82, 77     ; mips dispatch
  77: jeq  #0xfb4 getpid                78, 83     ; mips dispatch
  78: ret ALLOW                                    ; mips shared: rules of read, write, close and others
  79: jeq  #0xfba ptrace                80, 81     ; mips dispatch
  80: ret KILL_PROCESS                             ; mips rule 10: ptrace
  81: jeq  #4028                        83, 82     ; mips dispatch
  82: ret ERRNO(1)                                 ; mips default
  83: ret ERRNO(38)                                ; mips shared: tail; rules of clone3
