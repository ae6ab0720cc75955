; golden.policy for x86_64: 58 instructions
   0: ld  [4]  arch                                ; arch
   1: jeq  #0xc000003e x86_64/x32       2, 10      ; x86_64 arch
   2: ld  [0]  nr                                  ; x86_64 dispatch
   3: jge  #0x9d prctl                  4, 21      ; x86_64 dispatch
   4: jge  #0xed mbind                  5, 11      ; x86_64 dispatch
   5: jge  #0x14f uretprobe             6, 57      ; x86_64 dispatch
   6: jge  #0x1b3 clone3                8, 7       ; x86_64 dispatch
   7: jge  #0x1a8 pidfd_send_signal     57, 28     ; x86_64 dispatch
   8: jge  #0x40000000 read             9, 28      ; x86_64 dispatch
   9: jeq  #0xffffffff                  28, 10     ; x86_64 dispatch
  10: ret KILL_THREAD                              ; badarch
  11: jge  #0xca futex                  12, 15     ; x86_64 dispatch
  12: jeq  #0xca futex                  56, 13     ; x86_64 dispatch
  13: jeq  #0xe7 exit_group             56, 14     ; x86_64 dispatch
  14: jeq  #0xec vserver                28, 57     ; x86_64 dispatch
  15: jge  #0xb3 quotactl               16, 18     ; x86_64 dispatch
  16: jge  #0xba gettid                 57, 17     ; x86_64 dispatch
  17: jeq  #0xb3 quotactl               57, 28     ; x86_64 dispatch
  18: jge  #0xae create_module          19, 57     ; x86_64 dispatch
  19: jge  #0xb1 get_kernel_syms        28, 20     ; x86_64 dispatch
  20: jeq  #0xae create_module          28, 57     ; x86_64 dispatch
  21: jge  #0x39 fork                   22, 35     ; x86_64 dispatch
  22: jge  #0x66 getuid                 25, 23     ; x86_64 dispatch
  23: jeq  #0x65 ptrace                 24, 57     ; x86_64 dispatch
  24: ret KILL_PROCESS                             ; x86_64 rule 10: ptrace
  25: jeq  #0x87 personality            29, 26     ; x86_64 dispatch
  26: jeq  #0x86 uselib                 28, 27     ; x86_64 dispatch
  27: jeq  #0x9c _sysctl                28, 57     ; x86_64 dispatch
  28: ret ERRNO(38)                                ; x86_64 shared: tail; rules of clone3
  29: ld  [20]  args[0]+4                          ; x86_64 rule 6: personality
  30: jeq  #0x0                         31, 57     ; x86_64 rule 6: personality
  31: ld  [16]  args[0]+0                          ; x86_64 rule 6: personality
  32: jeq  #0x0                         56, 33     ; x86_64 rule 6: personality
  33: jeq  #0x8                         56, 34     ; x86_64 rule 6: personality
  34: jeq  #0xffffffff                  56, 57     ; x86_64 rule 6: personality
  35: jge  #0x29 socket                 36, 46     ; x86_64 dispatch
  36: jeq  #0x29 socket                 40, 37     ; x86_64 dispatch
  37: jeq  #0x38 clone                  38, 57     ; x86_64 dispatch
  38: ld  [16]  args[0]+0                          ; x86_64 rule 8: clone
  39: jset #0x7e020000                  57, 56     ; x86_64 rule 8: clone
  40: ld  [20]  args[0]+4                          ; x86_64 rule 7: socket
  41: jeq  #0x0                         42, 57     ; x86_64 rule 7: socket
  42: ld  [16]  args[0]+0                          ; x86_64 rule 7: socket
  43: jge  #0xa                         45, 44     ; x86_64 rule 7: socket
  44: jge  #0x3                         57, 56     ; x86_64 rule 7: socket
  45: jeq  #0xa                         56, 57     ; x86_64 rule 7: socket
  46: jge  #0xa mprotect                47, 48     ; x86_64 dispatch
  47: jeq  #0x27 getpid                 56, 57     ; x86_64 dispatch
  48: jge  #0x9 mmap                    51, 49     ; x86_64 dispatch
  49: jge  #0x4 stat                    57, 50     ; x86_64 dispatch
  50: jeq  #0x2 open                    57, 56     ; x86_64 dispatch
  51: ld  [36]  args[2]+4                          ; x86_64 rule 9: mmap
  52: jgt  #0x1                         57, 53     ; x86_64 rule 9: mmap
  53: jeq  #0x1                         54, 56     ; x86_64 rule 9: mmap
  54: ld  [32]  args[2]+0                          ; x86_64 rule 9: mmap
  55: jge  #0x1                         57, 56     ; x86_64 rule 9: mmap
  56: ret ALLOW                                    ; x86_64 shared: rules of read, write, close and others
  57: ret ERRNO(1)                                 ; x86_64 default
