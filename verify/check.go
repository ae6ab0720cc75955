package verify

import (
	"fmt"
	"strings"

	"golang.org/x/net/bpf"
)

// ErrorCode says which load-time rule a program breaks.
type ErrorCode string

// The error codes. The kernel returns EINVAL for all of them.
const (
	ErrEmpty         ErrorCode = "empty program"                        // bpf_check_basics_ok: len 0
	ErrTooLong       ErrorCode = "program too long"                     // bpf_check_basics_ok: len > BPF_MAXINSNS
	ErrUnknownOpcode ErrorCode = "unknown opcode"                       // chk_code_allowed
	ErrNotAllowed    ErrorCode = "opcode not allowed in seccomp"        // seccomp_check_filter whitelist
	ErrLoadOffset    ErrorCode = "load offset out of range"             // seccomp_check_filter: k >= 64
	ErrLoadAlign     ErrorCode = "unaligned load"                       // seccomp_check_filter: k%4 != 0
	ErrDivByZero     ErrorCode = "division by zero"                     // bpf_check_classic: DIV/MOD K with k == 0
	ErrShift         ErrorCode = "shift out of range"                   // bpf_check_classic: LSH/RSH K with k >= 32
	ErrScratchIndex  ErrorCode = "scratch index out of range"           // bpf_check_classic: k >= BPF_MEMWORDS
	ErrJump          ErrorCode = "jump out of range"                    // bpf_check_classic: target past the end
	ErrNoReturn      ErrorCode = "last instruction is not a return"     // bpf_check_classic
	ErrScratchUnset  ErrorCode = "read of possibly unwritten scratch"   // check_load_and_stores
	errInternal      ErrorCode = "internal error (please report a bug)" // an interpreter invariant broke
)

// Error is a load-time rule violation, or a run-time fault, at one
// instruction.
type Error struct {
	PC     int // 0-based index of the offending instruction; -1 for the program as a whole
	Code   ErrorCode
	Detail string // what was found, with the offending values
}

func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	if e.PC >= 0 {
		fmt.Fprintf(&b, "pc %d: ", e.PC)
	}
	b.WriteString(string(e.Code))
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// opInfo describes an opcode that chk_code_allowed (net/core/filter.c)
// accepts: its bpf_asm-style name and whether seccomp_check_filter
// (kernel/seccomp.c) keeps it.
type opInfo struct {
	name    string
	seccomp bool
}

// classicOps lists every opcode chk_code_allowed accepts. Any other 16-bit
// value is an unknown opcode.
var classicOps = map[uint16]opInfo{
	clsALU | aluADD | srcK: {"add #k", true},
	clsALU | aluADD | srcX: {"add x", true},
	clsALU | aluSUB | srcK: {"sub #k", true},
	clsALU | aluSUB | srcX: {"sub x", true},
	clsALU | aluMUL | srcK: {"mul #k", true},
	clsALU | aluMUL | srcX: {"mul x", true},
	clsALU | aluDIV | srcK: {"div #k", true},
	clsALU | aluDIV | srcX: {"div x", true},
	clsALU | aluMOD | srcK: {"mod #k", false},
	clsALU | aluMOD | srcX: {"mod x", false},
	clsALU | aluAND | srcK: {"and #k", true},
	clsALU | aluAND | srcX: {"and x", true},
	clsALU | aluOR | srcK:  {"or #k", true},
	clsALU | aluOR | srcX:  {"or x", true},
	clsALU | aluXOR | srcK: {"xor #k", true},
	clsALU | aluXOR | srcX: {"xor x", true},
	clsALU | aluLSH | srcK: {"lsh #k", true},
	clsALU | aluLSH | srcX: {"lsh x", true},
	clsALU | aluRSH | srcK: {"rsh #k", true},
	clsALU | aluRSH | srcX: {"rsh x", true},
	opNeg:                  {"neg", true},
	opLdAbsW:               {"ld [k]", true},
	opLdAbsH:               {"ldh [k]", false},
	opLdAbsB:               {"ldb [k]", false},
	opLdLen:                {"ld len", true},
	opLdIndW:               {"ld [x+k]", false},
	opLdIndH:               {"ldh [x+k]", false},
	opLdIndB:               {"ldb [x+k]", false},
	opLdImm:                {"ld #k", true},
	opLdMem:                {"ld M[k]", true},
	opLdxLen:               {"ldx len", true},
	opLdxMsh:               {"ldxb 4*([k]&0xf)", false},
	opLdxImm:               {"ldx #k", true},
	opLdxMem:               {"ldx M[k]", true},
	opSt:                   {"st M[k]", true},
	opStx:                  {"stx M[k]", true},
	opTax:                  {"tax", true},
	opTxa:                  {"txa", true},
	opRetK:                 {"ret #k", true},
	opRetA:                 {"ret a", true},
	opJa:                   {"ja", true},
	opJeqK:                 {"jeq #k", true},
	opJeqX:                 {"jeq x", true},
	opJgeK:                 {"jge #k", true},
	opJgeX:                 {"jge x", true},
	opJgtK:                 {"jgt #k", true},
	opJgtX:                 {"jgt x", true},
	opJsetK:                {"jset #k", true},
	opJsetX:                {"jset x", true},
}

// Check applies the kernel's load-time rules for seccomp filters and returns
// nil if seccomp(SECCOMP_SET_MODE_FILTER) would accept prog, or an *[Error]
// naming the first offending instruction. See the package documentation for
// the rules and the kernel functions they come from.
func Check(prog []bpf.RawInstruction) error {
	n := len(prog)
	if n == 0 {
		return &Error{PC: -1, Code: ErrEmpty, Detail: "a filter needs at least one instruction"}
	}
	if n > maxInsns {
		return &Error{PC: -1, Code: ErrTooLong,
			Detail: fmt.Sprintf("%d instructions, at most %d (BPF_MAXINSNS) allowed", n, maxInsns)}
	}
	for pc, ins := range prog {
		if err := checkInsn(pc, ins, n); err != nil {
			return err
		}
	}
	if op := prog[n-1].Op; op != opRetK && op != opRetA {
		return &Error{PC: n - 1, Code: ErrNoReturn,
			Detail: fmt.Sprintf("opcode %#04x; a filter must end with ret #k or ret a", op)}
	}
	return checkScratch(prog)
}

// checkInsn applies bpf_check_classic's per-instruction rules and then
// seccomp_check_filter's whitelist to the instruction at pc of an n-long
// program.
func checkInsn(pc int, ins bpf.RawInstruction, n int) error {
	info, ok := classicOps[ins.Op]
	if !ok {
		return &Error{PC: pc, Code: ErrUnknownOpcode, Detail: fmt.Sprintf("opcode %#04x", ins.Op)}
	}
	fail := func(code ErrorCode, format string, args ...any) error {
		return &Error{PC: pc, Code: code, Detail: info.name + ": " + fmt.Sprintf(format, args...)}
	}
	switch op := ins.Op; {
	case op == clsALU|aluDIV|srcK || op == clsALU|aluMOD|srcK:
		if ins.K == 0 {
			return fail(ErrDivByZero, "k is 0")
		}
	case op == clsALU|aluLSH|srcK || op == clsALU|aluRSH|srcK:
		if ins.K >= 32 {
			return fail(ErrShift, "k is %d, must be below 32", ins.K)
		}
	case op == opLdMem || op == opLdxMem || op == opSt || op == opStx:
		if ins.K >= memWords {
			return fail(ErrScratchIndex, "M[%d], there are %d slots", ins.K, memWords)
		}
	case op == opJa:
		// The kernel compares k with flen-pc-1 as unsigned ints.
		if uint64(ins.K) >= uint64(n-pc-1) {
			return fail(ErrJump, "k %d targets pc %d, past the last instruction %d",
				ins.K, uint64(pc)+1+uint64(ins.K), n-1)
		}
	case isCondJump(op):
		if pc+int(ins.Jt)+1 >= n {
			return fail(ErrJump, "jt %d targets pc %d, past the last instruction %d", ins.Jt, pc+int(ins.Jt)+1, n-1)
		}
		if pc+int(ins.Jf)+1 >= n {
			return fail(ErrJump, "jf %d targets pc %d, past the last instruction %d", ins.Jf, pc+int(ins.Jf)+1, n-1)
		}
	}
	// bpf_check_classic also refuses absolute loads at k >= SKF_AD_OFF that
	// are not a known ancillary load; for seccomp every such load is refused
	// below anyway (W: k >= 64; H, B: not whitelisted).
	if !info.seccomp {
		return fail(ErrNotAllowed, "opcode %#04x is valid classic BPF but not in seccomp_check_filter's list", ins.Op)
	}
	if ins.Op == opLdAbsW {
		if ins.K >= dataLen {
			if ins.K >= skfADOff {
				return fail(ErrLoadOffset, "k %#x is a socket-filter ancillary offset; seccomp_data is %d bytes", ins.K, dataLen)
			}
			return fail(ErrLoadOffset, "k %d, seccomp_data is %d bytes", ins.K, dataLen)
		}
		if ins.K%4 != 0 {
			return fail(ErrLoadAlign, "k %d is not a multiple of 4", ins.K)
		}
	}
	return nil
}

// checkScratch is check_load_and_stores (net/core/filter.c): a single pass
// in program order keeping, per instruction, the set of scratch slots
// written on every path seen so far. The caller has checked that jumps are in
// range and scratch indexes are below 16.
func checkScratch(prog []bpf.RawInstruction) error {
	const all = 1<<memWords - 1
	masks := make([]uint16, len(prog))
	for i := range masks {
		masks[i] = all
	}
	var valid uint16 // slots written on the way into pc
	for pc, ins := range prog {
		valid &= masks[pc]
		switch op := ins.Op; {
		case op == opSt || op == opStx:
			valid |= 1 << ins.K
		case op == opLdMem || op == opLdxMem:
			if valid&(1<<ins.K) == 0 {
				return &Error{PC: pc, Code: ErrScratchUnset,
					Detail: fmt.Sprintf("%s: M[%d] is not written on every path to this instruction", classicOps[op].name, ins.K)}
			}
		case op == opJa:
			masks[pc+1+int(ins.K)] &= valid
			valid = all
		case isCondJump(op):
			masks[pc+1+int(ins.Jt)] &= valid
			masks[pc+1+int(ins.Jf)] &= valid
			valid = all
		}
	}
	return nil
}
