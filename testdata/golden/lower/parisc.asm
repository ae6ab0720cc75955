; golden.policy for parisc: 64 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0xf parisc                  3, 2       ; parisc arch
   2: ret KILL_THREAD                              ; badarch
   3: ld  [0]  nr                                  ; parisc dispatch
   4: jge  #0xce gettid                 5, 20      ; parisc dispatch
   5: jge  #0x130 eventfd               6, 11      ; parisc dispatch
   6: jge  #415                         9, 7       ; parisc dispatch
   7: jge  #0x164 cacheflush            8, 62      ; parisc dispatch
   8: jge  #0x193 clock_gettime64       62, 57     ; parisc dispatch
   9: jge  #0x1b3 clone3                57, 10     ; parisc dispatch
  10: jeq  #415                         57, 62     ; parisc dispatch
  11: jge  #263                         12, 14     ; parisc dispatch
  12: jeq  #263                         57, 13     ; parisc dispatch
  13: jeq  #303                         57, 62     ; parisc dispatch
  14: jge  #0xdf lookup_dcookie         62, 15     ; parisc dispatch
  15: jge  #213                         17, 16     ; parisc dispatch
  16: jeq  #0xd2 futex                  63, 62     ; parisc dispatch
  17: jge  #220                         19, 18     ; parisc dispatch
  18: jge  #0xd7 io_setup               62, 57     ; parisc dispatch
  19: jeq  #0xde exit_group             63, 57     ; parisc dispatch
  20: jge  #0x5b munmap                 38, 21     ; parisc dispatch
  21: jge  #0x1b alarm                  22, 26     ; parisc dispatch
  22: jeq  #0x5a mmap                   24, 23     ; parisc dispatch
  23: jeq  #0x56 uselib                 57, 62     ; parisc dispatch
  24: ld  [36]  args[2]+4                          ; parisc rule 9: mmap
  25: jeq  #0x0                         63, 62     ; parisc rule 9: mmap
  26: jge  #0x11 socket                 30, 27     ; parisc dispatch
  27: jge  #0x7 waitpid                 62, 28     ; parisc dispatch
  28: jge  #0x3 read                    29, 62     ; parisc dispatch
  29: jeq  #0x5 open                    62, 63     ; parisc dispatch
  30: jeq  #0x11 socket                 34, 31     ; parisc dispatch
  31: jeq  #0x14 getpid                 63, 32     ; parisc dispatch
  32: jeq  #0x1a ptrace                 33, 62     ; parisc dispatch
  33: ret KILL_PROCESS                             ; parisc rule 10: ptrace
  34: ld  [20]  args[0]+4                          ; parisc rule 7: socket
  35: jge  #0xa                         37, 36     ; parisc rule 7: socket
  36: jge  #0x3                         62, 63     ; parisc rule 7: socket
  37: jeq  #0xa                         63, 62     ; parisc rule 7: socket
  38: jge  #0x95 _sysctl                39, 46     ; parisc dispatch
  39: jge  #0xaa setresgid              43, 40     ; parisc dispatch
  40: jeq  #0x95 _sysctl                57, 41     ; parisc dispatch
  41: jeq  #167                         57, 42     ; parisc dispatch
  42: jeq  #169                         57, 62     ; parisc dispatch
  43: jge  #196                         44, 62     ; parisc dispatch
  44: jge  #0xc6 lstat64                45, 57     ; parisc dispatch
  45: jge  #203                         57, 62     ; parisc dispatch
  46: jge  #0x79 setdomainname          51, 47     ; parisc dispatch
  47: jeq  #0x78 clone                  49, 48     ; parisc dispatch
  48: jeq  #102                         57, 62     ; parisc dispatch
  49: ld  [20]  args[0]+4                          ; parisc rule 8: clone
  50: jset #0x7e020000                  62, 63     ; parisc rule 8: clone
  51: jge  #0x88 personality            55, 52     ; parisc dispatch
  52: jeq  #0x86 bdflush                57, 53     ; parisc dispatch
  53: jeq  #127                         57, 54     ; parisc dispatch
  54: jeq  #130                         57, 62     ; parisc dispatch
  55: jge  #0x8a setfsuid               62, 56     ; parisc dispatch
  56: jeq  #137                         57, 58     ; parisc dispatch
  57: ret ERRNO(38)                                ; parisc shared: tail; rules of clone3
  58: ld  [20]  args[0]+4                          ; parisc rule 6: personality
  59: jeq  #0x0                         63, 60     ; parisc rule 6: personality
  60: jeq  #0x8                         63, 61     ; parisc rule 6: personality
  61: jeq  #0xffffffff                  63, 62     ; parisc rule 6: personality
  62: ret ERRNO(1)                                 ; parisc default
  63: ret ALLOW                                    ; parisc shared: rules of read, write, close and others
