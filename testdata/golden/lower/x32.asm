; golden.policy for x32: 99 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0xc000003e x86_64/x32       2, 86      ; x32 arch
   2: ld  [0]  nr                                  ; x32 dispatch
   3: jge  #0x400000ca futex            4, 45      ; x32 dispatch
   4: jge  #0x40000142                  5, 17      ; x32 dispatch
   5: jge  #0x40000200 rt_sigaction     6, 11      ; x32 dispatch
   6: jge  #0x4000020a rt_sigpending    9, 7       ; x32 dispatch
   7: jeq  #0x40000209 ptrace           8, 97      ; x32 dispatch
   8: ret KILL_PROCESS                             ; x32 rule 10: ptrace
   9: jge  #0x40000224                  10, 97     ; x32 dispatch
  10: jeq  #0xffffffff                  86, 98     ; x32 dispatch
  11: jge  #0x400001b3 clone3           98, 12     ; x32 dispatch
  12: jge  #0x400001a8 pidfd_send_signal 97, 13    ; x32 dispatch
  13: jge  #0x40000149 pkey_mprotect    14, 15     ; x32 dispatch
  14: jge  #0x4000014f uretprobe        98, 97     ; x32 dispatch
  15: jge  #0x40000143 userfaultfd      16, 98     ; x32 dispatch
  16: jge  #0x40000147                  98, 97     ; x32 dispatch
  17: jge  #0x40000111                  18, 29     ; x32 dispatch
  18: jge  #0x4000012b                  24, 19     ; x32 dispatch
  19: jge  #0x40000118 utimensat        22, 20     ; x32 dispatch
  20: jge  #0x40000113 splice           21, 98     ; x32 dispatch
  21: jge  #0x40000116                  98, 97     ; x32 dispatch
  22: jge  #0x40000127                  23, 97     ; x32 dispatch
  23: jeq  #0x4000012a perf_event_open  97, 98     ; x32 dispatch
  24: jge  #0x40000138 kcmp             97, 25     ; x32 dispatch
  25: jge  #0x40000133                  27, 26     ; x32 dispatch
  26: jeq  #0x4000012b                  98, 97     ; x32 dispatch
  27: jge  #0x40000134 setns            28, 98     ; x32 dispatch
  28: jge  #0x40000136                  98, 97     ; x32 dispatch
  29: jge  #0x400000ed mbind            30, 33     ; x32 dispatch
  30: jge  #0x400000f8 add_key          97, 31     ; x32 dispatch
  31: jge  #0x400000f4                  32, 97     ; x32 dispatch
  32: jeq  #0x400000f5 mq_getsetattr    97, 98     ; x32 dispatch
  33: jge  #0x400000de                  34, 37     ; x32 dispatch
  34: jeq  #0x400000e7 exit_group       91, 35     ; x32 dispatch
  35: jeq  #0x400000de                  98, 36     ; x32 dispatch
  36: jeq  #0x400000ec                  98, 97     ; x32 dispatch
  37: jge  #0x400000d4 lookup_dcookie   38, 40     ; x32 dispatch
  38: jge  #0x400000d8 remap_file_pages 97, 39     ; x32 dispatch
  39: jge  #0x400000d6                  98, 97     ; x32 dispatch
  40: jge  #0x400000cf io_destroy       43, 41     ; x32 dispatch
  41: jge  #0x400000cb sched_setaffinity 42, 91    ; x32 dispatch
  42: jge  #0x400000cd                  98, 97     ; x32 dispatch
  43: jeq  #0x400000d1                  98, 44     ; x32 dispatch
  44: jeq  #0x400000d3                  98, 97     ; x32 dispatch
  45: jge  #0x40000065                  46, 64     ; x32 dispatch
  46: jge  #0x4000009c                  47, 54     ; x32 dispatch
  47: jge  #0x400000b4                  48, 49     ; x32 dispatch
  48: jge  #0x400000ba gettid           97, 98     ; x32 dispatch
  49: jge  #0x400000ae                  51, 50     ; x32 dispatch
  50: jeq  #0x4000009c                  98, 97     ; x32 dispatch
  51: jge  #0x400000b1                  53, 52     ; x32 dispatch
  52: jeq  #0x400000ae                  98, 97     ; x32 dispatch
  53: jeq  #0x400000b3 quotactl         97, 98     ; x32 dispatch
  54: jge  #0x40000084 utime            58, 55     ; x32 dispatch
  55: jge  #0x4000007f                  57, 56     ; x32 dispatch
  56: jeq  #0x40000065                  98, 97     ; x32 dispatch
  57: jeq  #0x40000082 rt_sigsuspend    97, 98     ; x32 dispatch
  58: jeq  #0x40000087 personality      60, 59     ; x32 dispatch
  59: jeq  #0x40000086                  98, 97     ; x32 dispatch
  60: ld  [16]  args[0]+0                          ; x32 rule 6: personality
  61: jeq  #0x0                         91, 62     ; x32 rule 6: personality
  62: jeq  #0x8                         91, 63     ; x32 rule 6: personality
  63: jeq  #0xffffffff                  91, 97     ; x32 rule 6: personality
  64: jge  #0x40000030 shutdown         65, 72     ; x32 dispatch
  65: jge  #0x4000003c exit             97, 66     ; x32 dispatch
  66: jge  #0x40000038 clone            68, 67     ; x32 dispatch
  67: jge  #0x40000036                  98, 97     ; x32 dispatch
  68: jeq  #0x40000038 clone            70, 69     ; x32 dispatch
  69: jeq  #0x4000003b                  98, 97     ; x32 dispatch
  70: ld  [16]  args[0]+0                          ; x32 rule 8: clone
  71: jset #0x7e020000                  97, 91     ; x32 rule 8: clone
  72: jge  #0x40000015 access           73, 82     ; x32 dispatch
  73: jge  #0x40000027 getpid           74, 97     ; x32 dispatch
  74: jge  #0x4000002a connect          75, 76     ; x32 dispatch
  75: jge  #0x4000002d                  98, 97     ; x32 dispatch
  76: jeq  #0x40000029 socket           78, 77     ; x32 dispatch
  77: jeq  #0x40000028 sendfile         97, 91     ; x32 dispatch
  78: ld  [16]  args[0]+0                          ; x32 rule 7: socket
  79: jge  #0xa                         81, 80     ; x32 rule 7: socket
  80: jge  #0x3                         97, 91     ; x32 rule 7: socket
  81: jeq  #0xa                         91, 97     ; x32 rule 7: socket
  82: jge  #0x40000009 mmap             88, 83     ; x32 dispatch
  83: jge  #0x40000004 stat             97, 84     ; x32 dispatch
  84: jge  #0x40000002 open             87, 85     ; x32 dispatch
  85: jge  #0x40000000 read             91, 86     ; x32 dispatch
  86: ret KILL_THREAD                              ; badarch
  87: jeq  #0x40000003 close            91, 97     ; x32 dispatch
  88: jge  #0x4000000a mprotect         92, 89     ; x32 dispatch
  89: ld  [32]  args[2]+0                          ; x32 rule 9: mmap
  90: jeq  #0x0                         91, 97     ; x32 rule 9: mmap
  91: ret ALLOW                                    ; x32 shared: rules of read, write, close and others
  92: jge  #0x4000000e rt_sigprocmask   94, 93     ; x32 dispatch
  93: jeq  #0x4000000d                  98, 97     ; x32 dispatch
  94: jge  #0x40000011 pread64          96, 95     ; x32 dispatch
  95: jeq  #0x4000000e rt_sigprocmask   97, 98     ; x32 dispatch
  96: jge  #0x40000013                  98, 97     ; x32 dispatch
  97: ret ERRNO(1)                                 ; x32 default
  98: ret ERRNO(38)                                ; x32 shared: tail; rules of clone3
