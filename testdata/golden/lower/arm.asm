; golden.policy for arm: 97 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0x40000028 arm              3, 2       ; arm arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; arm dispatch
   4: jge  #0x100 set_tid_address       5, 19      ; arm dispatch
   5: jge  #0x156 tee                   6, 12      ; arm dispatch
   6: jge  #415                         8, 7       ; arm dispatch
   7: jeq  #402                         90, 95     ; arm dispatch
   8: jge  #0x1b3 clone3                10, 9      ; arm dispatch
   9: jeq  #415                         90, 95     ; arm dispatch
  10: jge  #0xf0001 breakpoint          11, 90     ; arm dispatch
  11: jge  #0xf0006 get_tls             90, 95     ; arm dispatch
  12: jeq  #0x119 socket                15, 13     ; arm dispatch
  13: jeq  #0x139 vserver               90, 14     ; arm dispatch
  14: jeq  #0x155 arm_sync_file_range   90, 95     ; arm dispatch
  15: ld  [16]  args[0]+0                          ; arm rule 7: socket
  16: jge  #0xa                         18, 17     ; arm rule 7: socket
  17: jge  #0x3                         95, 96     ; arm rule 7: socket
  18: jeq  #0xa                         96, 95     ; arm rule 7: socket
  19: jge  #0x8a setfsuid               20, 33     ; arm dispatch
  20: jge  #0xbe vfork                  26, 21     ; arm dispatch
  21: jge  #166                         23, 22     ; arm dispatch
  22: jeq  #0x95 _sysctl                90, 95     ; arm dispatch
  23: jge  #0xaa setresgid              25, 24     ; arm dispatch
  24: jeq  #0xa8 poll                   95, 90     ; arm dispatch
  25: jge  #188                         90, 95     ; arm dispatch
  26: jge  #222                         27, 95     ; arm dispatch
  27: jge  #0xf0 futex                  29, 28     ; arm dispatch
  28: jge  #0xe0 gettid                 95, 90     ; arm dispatch
  29: jge  #0xf8 exit_group             31, 30     ; arm dispatch
  30: jeq  #0xf0 futex                  96, 95     ; arm dispatch
  31: jge  #0xf9 lookup_dcookie         32, 96     ; arm dispatch
  32: jge  #254                         90, 95     ; arm dispatch
  33: jge  #76                          62, 34     ; arm dispatch
  34: jge  #0x24 sync                   35, 43     ; arm dispatch
  35: jge  #56                          39, 36     ; arm dispatch
  36: jeq  #44                          90, 37     ; arm dispatch
  37: jeq  #48                          90, 38     ; arm dispatch
  38: jeq  #53                          90, 95     ; arm dispatch
  39: jge  #68                          40, 41     ; arm dispatch
  40: jge  #0x46 setreuid               95, 90     ; arm dispatch
  41: jge  #0x3c umask                  95, 42     ; arm dispatch
  42: jeq  #0x39 setpgid                95, 90     ; arm dispatch
  43: jge  #0xe mknod                   50, 44     ; arm dispatch
  44: jge  #0x6 close                   47, 45     ; arm dispatch
  45: jge  #0x3 read                    46, 95     ; arm dispatch
  46: jeq  #0x5 open                    95, 96     ; arm dispatch
  47: jge  #0x8 creat                   49, 48     ; arm dispatch
  48: jeq  #7                           90, 96     ; arm dispatch
  49: jeq  #13                          90, 95     ; arm dispatch
  50: jge  #0x17 setuid                 55, 51     ; arm dispatch
  51: jge  #0x13 lseek                  53, 52     ; arm dispatch
  52: jge  #17                          90, 95     ; arm dispatch
  53: jeq  #0x14 getpid                 96, 54     ; arm dispatch
  54: jeq  #22                          90, 95     ; arm dispatch
  55: jge  #0x1d pause                  59, 56     ; arm dispatch
  56: jge  #25                          57, 95     ; arm dispatch
  57: jeq  #0x1a ptrace                 58, 90     ; arm dispatch
  58: ret KILL_PROCESS                             ; arm rule 10: ptrace
  59: jge  #0x21 access                 61, 60     ; arm dispatch
  60: jeq  #0x1d pause                  95, 90     ; arm dispatch
  61: jeq  #35                          90, 95     ; arm dispatch
  62: jge  #112                         76, 63     ; arm dispatch
  63: jge  #0x5b munmap                 64, 69     ; arm dispatch
  64: jge  #101                         66, 65     ; arm dispatch
  65: jeq  #98                          90, 95     ; arm dispatch
  66: jge  #109                         68, 67     ; arm dispatch
  67: jge  #0x67 syslog                 95, 90     ; arm dispatch
  68: jeq  #0x6f vhangup                95, 90     ; arm dispatch
  69: jge  #0x53 symlink                72, 70     ; arm dispatch
  70: jeq  #76                          90, 71     ; arm dispatch
  71: jeq  #82                          90, 95     ; arm dispatch
  72: jge  #0x56 uselib                 74, 73     ; arm dispatch
  73: jeq  #84                          90, 95     ; arm dispatch
  74: jge  #0x57 swapon                 75, 90     ; arm dispatch
  75: jge  #89                          90, 95     ; arm dispatch
  76: jge  #127                         85, 77     ; arm dispatch
  77: jge  #0x78 clone                  81, 78     ; arm dispatch
  78: jge  #117                         80, 79     ; arm dispatch
  79: jge  #0x72 wait4                  95, 90     ; arm dispatch
  80: jeq  #117                         90, 95     ; arm dispatch
  81: jeq  #0x78 clone                  83, 82     ; arm dispatch
  82: jeq  #123                         90, 95     ; arm dispatch
  83: ld  [16]  args[0]+0                          ; arm rule 8: clone
  84: jset #0x7e020000                  95, 96     ; arm rule 8: clone
  85: jge  #0x86 bdflush                88, 86     ; arm dispatch
  86: jeq  #127                         90, 87     ; arm dispatch
  87: jeq  #130                         90, 95     ; arm dispatch
  88: jeq  #0x88 personality            91, 89     ; arm dispatch
  89: jeq  #0x87 sysfs                  95, 90     ; arm dispatch
  90: ret ERRNO(38)                                ; arm shared: tail; rules of clone3
  91: ld  [16]  args[0]+0                          ; arm rule 6: personality
  92: jeq  #0x0                         96, 93     ; arm rule 6: personality
  93: jeq  #0x8                         96, 94     ; arm rule 6: personality
  94: jeq  #0xffffffff                  96, 95     ; arm rule 6: personality
  95: ret ERRNO(1)                                 ; arm default
  96: ret ALLOW                                    ; arm shared: rules of read, write, close and others
