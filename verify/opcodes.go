package verify

import "encoding/binary"

// Classic BPF opcode fields, from include/uapi/linux/bpf_common.h and
// include/uapi/linux/filter.h. An opcode is class | size | mode for loads,
// class | op | src for ALU and jumps, class | rval for returns.
const (
	clsLD   = 0x00
	clsLDX  = 0x01
	clsST   = 0x02
	clsSTX  = 0x03
	clsALU  = 0x04
	clsJMP  = 0x05
	clsRET  = 0x06
	clsMISC = 0x07

	sizeW = 0x00
	sizeH = 0x08
	sizeB = 0x10

	modeIMM = 0x00
	modeABS = 0x20
	modeIND = 0x40
	modeMEM = 0x60
	modeLEN = 0x80
	modeMSH = 0xa0

	aluADD = 0x00
	aluSUB = 0x10
	aluMUL = 0x20
	aluDIV = 0x30
	aluOR  = 0x40
	aluAND = 0x50
	aluLSH = 0x60
	aluRSH = 0x70
	aluNEG = 0x80
	aluMOD = 0x90
	aluXOR = 0xa0

	jmpJA   = 0x00
	jmpJEQ  = 0x10
	jmpJGT  = 0x20
	jmpJGE  = 0x30
	jmpJSET = 0x40

	srcK = 0x00
	srcX = 0x08

	rvalK = 0x00
	rvalA = 0x10

	miscTAX = 0x00
	miscTXA = 0x80
)

// Full opcodes used by the checker, the interpreter and the emulator.
const (
	opLdAbsW = clsLD | sizeW | modeABS
	opLdAbsH = clsLD | sizeH | modeABS
	opLdAbsB = clsLD | sizeB | modeABS
	opLdIndW = clsLD | sizeW | modeIND
	opLdIndH = clsLD | sizeH | modeIND
	opLdIndB = clsLD | sizeB | modeIND
	opLdLen  = clsLD | sizeW | modeLEN
	opLdImm  = clsLD | modeIMM
	opLdMem  = clsLD | modeMEM
	opLdxLen = clsLDX | sizeW | modeLEN
	opLdxMsh = clsLDX | sizeB | modeMSH
	opLdxImm = clsLDX | modeIMM
	opLdxMem = clsLDX | modeMEM
	opSt     = clsST
	opStx    = clsSTX
	opTax    = clsMISC | miscTAX
	opTxa    = clsMISC | miscTXA
	opRetK   = clsRET | rvalK
	opRetA   = clsRET | rvalA
	opJa     = clsJMP | jmpJA
	opJeqK   = clsJMP | jmpJEQ | srcK
	opJeqX   = clsJMP | jmpJEQ | srcX
	opJgtK   = clsJMP | jmpJGT | srcK
	opJgtX   = clsJMP | jmpJGT | srcX
	opJgeK   = clsJMP | jmpJGE | srcK
	opJgeX   = clsJMP | jmpJGE | srcX
	opJsetK  = clsJMP | jmpJSET | srcK
	opJsetX  = clsJMP | jmpJSET | srcX
	opNeg    = clsALU | aluNEG
)

// Kernel limits and constants.
const (
	maxInsns = 4096       // BPF_MAXINSNS (include/uapi/linux/bpf_common.h)
	memWords = 16         // BPF_MEMWORDS (include/uapi/linux/filter.h)
	skfADOff = 0xfffff000 // SKF_AD_OFF, (-0x1000) as a u32

	retAllow = 0x7fff0000 // SECCOMP_RET_ALLOW (include/uapi/linux/seccomp.h)
)

// Offsets in struct seccomp_data (include/uapi/linux/seccomp.h):
//
//	struct seccomp_data {
//		int nr;
//		__u32 arch;
//		__u64 instruction_pointer;
//		__u64 args[6];
//	};
const (
	offNr   = 0
	offArch = 4
	offIP   = 8
	offArgs = 16
	dataLen = 64 // sizeof(struct seccomp_data)
)

func byteOrder(bigEndian bool) binary.ByteOrder {
	if bigEndian {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// isCondJump reports whether op is one of the eight conditional jumps.
func isCondJump(op uint16) bool {
	switch op {
	case opJeqK, opJeqX, opJgtK, opJgtX, opJgeK, opJgeX, opJsetK, opJsetX:
		return true
	}
	return false
}
