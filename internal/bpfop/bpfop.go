// Package bpfop names the facts of the kernel's ABI that seccomp
// filters are made of: the fields of a classic BPF opcode and the full
// opcodes built from them (include/uapi/linux/bpf_common.h,
// include/uapi/linux/filter.h), the layout of struct seccomp_data and
// the SECCOMP_RET_* values (include/uapi/linux/seccomp.h).
//
// It holds constants only, no logic. That is what lets the prover
// (package verify) share it with the compiler (packages emit and lower)
// and still check the compiler independently: a wrong value here would
// be a wrong fact about the kernel, which the tests that load filters
// into the running kernel catch, not a compiler decision the prover
// would inherit.
//
// golang.org/x/net/bpf, which the module uses for its instruction type,
// exports only the ALU operations among these (ALUOpAdd, ...); its
// classes, modes and jump fields are unexported, and its JumpTest is an
// enumeration of its own, not the opcode's bits. So the opcodes are
// named here.
package bpfop

// Instruction classes: an opcode's low three bits (BPF_CLASS).
const (
	LD   = 0x00
	LDX  = 0x01
	ST   = 0x02
	STX  = 0x03
	ALU  = 0x04
	JMP  = 0x05
	RET  = 0x06
	MISC = 0x07

	ClassMask = 0x07
)

// Sizes of a load (BPF_SIZE).
const (
	W = 0x00 // 32-bit word
	H = 0x08 // 16-bit half word
	B = 0x10 // byte
)

// Addressing modes of a load (BPF_MODE).
const (
	IMM = 0x00
	ABS = 0x20
	IND = 0x40
	MEM = 0x60
	LEN = 0x80
	MSH = 0xa0
)

// ALU operations (BPF_OP of class ALU).
const (
	ADD = 0x00
	SUB = 0x10
	MUL = 0x20
	DIV = 0x30
	OR  = 0x40
	AND = 0x50
	LSH = 0x60
	RSH = 0x70
	NEG = 0x80
	MOD = 0x90
	XOR = 0xa0
)

// Jump operations (BPF_OP of class JMP).
const (
	JA   = 0x00
	JEQ  = 0x10
	JGT  = 0x20
	JGE  = 0x30
	JSET = 0x40

	// OpMask selects the operation of an ALU or jump opcode (BPF_OP).
	OpMask = 0xf0
)

// Operand sources (BPF_SRC) of ALU and jump instructions, and the value
// a return returns (BPF_RVAL: K or A).
const (
	K = 0x00
	X = 0x08
	A = 0x10

	SrcMask = 0x08
)

// Operations of class MISC (BPF_MISCOP).
const (
	TAX = 0x00
	TXA = 0x80
)

// Full opcodes.
const (
	LdAbsW = LD | W | ABS
	LdAbsH = LD | H | ABS
	LdAbsB = LD | B | ABS
	LdIndW = LD | W | IND
	LdIndH = LD | H | IND
	LdIndB = LD | B | IND
	LdLen  = LD | W | LEN
	LdImm  = LD | IMM
	LdMem  = LD | MEM
	LdxLen = LDX | W | LEN
	LdxMsh = LDX | B | MSH
	LdxImm = LDX | IMM
	LdxMem = LDX | MEM
	St     = ST
	Stx    = STX
	Tax    = MISC | TAX
	Txa    = MISC | TXA
	RetK   = RET | K
	RetA   = RET | A
	Ja     = JMP | JA
	JeqK   = JMP | JEQ | K
	JeqX   = JMP | JEQ | X
	JgtK   = JMP | JGT | K
	JgtX   = JMP | JGT | X
	JgeK   = JMP | JGE | K
	JgeX   = JMP | JGE | X
	JsetK  = JMP | JSET | K
	JsetX  = JMP | JSET | X
	Neg    = ALU | NEG
)

// Kernel limits.
const (
	MaxInsns = 4096       // BPF_MAXINSNS (include/uapi/linux/bpf_common.h)
	MemWords = 16         // BPF_MEMWORDS (include/uapi/linux/filter.h)
	SKFADOff = 0xfffff000 // SKF_AD_OFF, (-0x1000) as a u32
)

// Offsets in struct seccomp_data (include/uapi/linux/seccomp.h):
//
//	struct seccomp_data {
//		int   nr;                    // 0
//		__u32 arch;                  // 4
//		__u64 instruction_pointer;   // 8
//		__u64 args[6];               // 16 + 8*i
//	};
const (
	OffNr   = 0
	OffArch = 4
	OffIP   = 8
	OffArgs = 16
	DataLen = 64 // sizeof(struct seccomp_data)
)

// Return values of the seccomp actions (include/uapi/linux/seccomp.h).
const (
	RetKillProcess = 0x80000000
	RetKillThread  = 0x00000000
	RetTrap        = 0x00030000
	RetErrno       = 0x00050000
	RetUserNotif   = 0x7fc00000
	RetTrace       = 0x7ff00000
	RetLog         = 0x7ffc0000
	RetAllow       = 0x7fff0000

	RetActionFull = 0xffff0000 // SECCOMP_RET_ACTION_FULL
	RetData       = 0x0000ffff // SECCOMP_RET_DATA
)
