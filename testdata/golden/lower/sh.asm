; golden.policy for sh: 87 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0x4000002a sh               3, 2       ; sh arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; sh dispatch
   4: jge  #0xf0 futex                  5, 26      ; sh dispatch
   5: jge  #0x155 bind                  6, 11      ; sh dispatch
   6: jge  #415                         9, 7       ; sh dispatch
   7: jge  #0x184 sync_file_range2      8, 86      ; sh dispatch
   8: jge  #0x189 semget                86, 85     ; sh dispatch
   9: jge  #435                         85, 10     ; sh dispatch
  10: jeq  #415                         85, 86     ; sh dispatch
  11: jge  #0x126 migrate_pages         12, 17     ; sh dispatch
  12: jeq  #0x154 socket                13, 86     ; sh dispatch
  13: ld  [16]  args[0]+0                          ; sh rule 7: socket
  14: jge  #0xa                         16, 15     ; sh rule 7: socket
  15: jge  #0x3                         86, 71     ; sh rule 7: socket
  16: jeq  #0xa                         71, 86     ; sh rule 7: socket
  17: jge  #273                         18, 20     ; sh dispatch
  18: jeq  #273                         85, 19     ; sh dispatch
  19: jeq  #293                         85, 86     ; sh dispatch
  20: jge  #0xfd lookup_dcookie         86, 21     ; sh dispatch
  21: jge  #0xf5 io_setup               24, 22     ; sh dispatch
  22: jge  #0xf1 sched_setaffinity      23, 71     ; sh dispatch
  23: jge  #243                         85, 86     ; sh dispatch
  24: jeq  #0xfc exit_group             71, 25     ; sh dispatch
  25: jeq  #251                         85, 86     ; sh dispatch
  26: jge  #0x79 setdomainname          27, 46     ; sh dispatch
  27: jge  #188                         28, 31     ; sh dispatch
  28: jge  #222                         30, 29     ; sh dispatch
  29: jge  #0xbe vfork                  86, 85     ; sh dispatch
  30: jge  #0xe0 gettid                 86, 85     ; sh dispatch
  31: jge  #0x96 mlock                  32, 35     ; sh dispatch
  32: jge  #0xaa setresgid              86, 33     ; sh dispatch
  33: jge  #166                         34, 86     ; sh dispatch
  34: jeq  #0xa8 poll                   86, 85     ; sh dispatch
  35: jge  #0x88 personality            39, 36     ; sh dispatch
  36: jeq  #0x86 bdflush                85, 37     ; sh dispatch
  37: jeq  #127                         85, 38     ; sh dispatch
  38: jeq  #130                         85, 86     ; sh dispatch
  39: jge  #0x8a setfsuid               40, 41     ; sh dispatch
  40: jeq  #0x95 _sysctl                85, 86     ; sh dispatch
  41: jeq  #137                         85, 42     ; sh dispatch
  42: ld  [16]  args[0]+0                          ; sh rule 6: personality
  43: jeq  #0x0                         71, 44     ; sh rule 6: personality
  44: jeq  #0x8                         71, 45     ; sh rule 6: personality
  45: jeq  #0xffffffff                  71, 86     ; sh rule 6: personality
  46: jge  #0x3c umask                  47, 65     ; sh dispatch
  47: jge  #0x5b munmap                 53, 48     ; sh dispatch
  48: jeq  #0x5a mmap                   49, 51     ; sh dispatch
  49: ld  [32]  args[2]+0                          ; sh rule 9: mmap
  50: jeq  #0x0                         71, 86     ; sh rule 9: mmap
  51: jeq  #0x56 uselib                 85, 52     ; sh dispatch
  52: jeq  #82                          85, 86     ; sh dispatch
  53: jge  #0x67 syslog                 59, 54     ; sh dispatch
  54: jeq  #0x66 socketcall             55, 57     ; sh dispatch
  55: ld  [16]  args[0]+0                          ; sh rule 7: socketcall
  56: jeq  #0x1                         71, 86     ; sh rule 7: socketcall
  57: jeq  #98                          85, 58     ; sh dispatch
  58: jeq  #101                         85, 86     ; sh dispatch
  59: jge  #0x72 wait4                  62, 60     ; sh dispatch
  60: jge  #110                         61, 86     ; sh dispatch
  61: jeq  #0x6f vhangup                86, 85     ; sh dispatch
  62: jeq  #0x78 clone                  63, 86     ; sh dispatch
  63: ld  [16]  args[0]+0                          ; sh rule 8: clone
  64: jset #0x7e020000                  86, 71     ; sh rule 8: clone
  65: jge  #0x1b alarm                  75, 66     ; sh dispatch
  66: jge  #17                          70, 67     ; sh dispatch
  67: jge  #0x7 waitpid                 86, 68     ; sh dispatch
  68: jge  #0x3 read                    69, 86     ; sh dispatch
  69: jeq  #0x5 open                    86, 71     ; sh dispatch
  70: jeq  #0x14 getpid                 71, 72     ; sh dispatch
  71: ret ALLOW                                    ; sh shared: rules of read, write, close and others
  72: jeq  #0x1a ptrace                 73, 74     ; sh dispatch
  73: ret KILL_PROCESS                             ; sh rule 10: ptrace
  74: jeq  #17                          85, 86     ; sh dispatch
  75: jge  #44                          80, 76     ; sh dispatch
  76: jge  #0x24 sync                   86, 77     ; sh dispatch
  77: jge  #31                          78, 86     ; sh dispatch
  78: jge  #0x21 access                 79, 85     ; sh dispatch
  79: jeq  #35                          85, 86     ; sh dispatch
  80: jge  #53                          82, 81     ; sh dispatch
  81: jeq  #44                          85, 86     ; sh dispatch
  82: jge  #56                          84, 83     ; sh dispatch
  83: jeq  #53                          85, 86     ; sh dispatch
  84: jeq  #0x39 setpgid                86, 85     ; sh dispatch
  85: ret ERRNO(38)                                ; sh tail: baseline 5.4, unassigned
  86: ret ERRNO(1)                                 ; sh default
