package verify

import (
	"fmt"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
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
	bpfop.ALU | bpfop.ADD | bpfop.K: {"add #k", true},
	bpfop.ALU | bpfop.ADD | bpfop.X: {"add x", true},
	bpfop.ALU | bpfop.SUB | bpfop.K: {"sub #k", true},
	bpfop.ALU | bpfop.SUB | bpfop.X: {"sub x", true},
	bpfop.ALU | bpfop.MUL | bpfop.K: {"mul #k", true},
	bpfop.ALU | bpfop.MUL | bpfop.X: {"mul x", true},
	bpfop.ALU | bpfop.DIV | bpfop.K: {"div #k", true},
	bpfop.ALU | bpfop.DIV | bpfop.X: {"div x", true},
	bpfop.ALU | bpfop.MOD | bpfop.K: {"mod #k", false},
	bpfop.ALU | bpfop.MOD | bpfop.X: {"mod x", false},
	bpfop.ALU | bpfop.AND | bpfop.K: {"and #k", true},
	bpfop.ALU | bpfop.AND | bpfop.X: {"and x", true},
	bpfop.ALU | bpfop.OR | bpfop.K:  {"or #k", true},
	bpfop.ALU | bpfop.OR | bpfop.X:  {"or x", true},
	bpfop.ALU | bpfop.XOR | bpfop.K: {"xor #k", true},
	bpfop.ALU | bpfop.XOR | bpfop.X: {"xor x", true},
	bpfop.ALU | bpfop.LSH | bpfop.K: {"lsh #k", true},
	bpfop.ALU | bpfop.LSH | bpfop.X: {"lsh x", true},
	bpfop.ALU | bpfop.RSH | bpfop.K: {"rsh #k", true},
	bpfop.ALU | bpfop.RSH | bpfop.X: {"rsh x", true},
	bpfop.Neg:                       {"neg", true},
	bpfop.LdAbsW:                    {"ld [k]", true},
	bpfop.LdAbsH:                    {"ldh [k]", false},
	bpfop.LdAbsB:                    {"ldb [k]", false},
	bpfop.LdLen:                     {"ld len", true},
	bpfop.LdIndW:                    {"ld [x+k]", false},
	bpfop.LdIndH:                    {"ldh [x+k]", false},
	bpfop.LdIndB:                    {"ldb [x+k]", false},
	bpfop.LdImm:                     {"ld #k", true},
	bpfop.LdMem:                     {"ld M[k]", true},
	bpfop.LdxLen:                    {"ldx len", true},
	bpfop.LdxMsh:                    {"ldxb 4*([k]&0xf)", false},
	bpfop.LdxImm:                    {"ldx #k", true},
	bpfop.LdxMem:                    {"ldx M[k]", true},
	bpfop.St:                        {"st M[k]", true},
	bpfop.Stx:                       {"stx M[k]", true},
	bpfop.Tax:                       {"tax", true},
	bpfop.Txa:                       {"txa", true},
	bpfop.RetK:                      {"ret #k", true},
	bpfop.RetA:                      {"ret a", true},
	bpfop.Ja:                        {"ja", true},
	bpfop.JeqK:                      {"jeq #k", true},
	bpfop.JeqX:                      {"jeq x", true},
	bpfop.JgeK:                      {"jge #k", true},
	bpfop.JgeX:                      {"jge x", true},
	bpfop.JgtK:                      {"jgt #k", true},
	bpfop.JgtX:                      {"jgt x", true},
	bpfop.JsetK:                     {"jset #k", true},
	bpfop.JsetX:                     {"jset x", true},
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
	if n > bpfop.MaxInsns {
		return &Error{PC: -1, Code: ErrTooLong,
			Detail: fmt.Sprintf("%d instructions, at most %d (BPF_MAXINSNS) allowed", n, bpfop.MaxInsns)}
	}
	for pc, ins := range prog {
		if err := checkInsn(pc, ins, n); err != nil {
			return err
		}
	}
	if op := prog[n-1].Op; op != bpfop.RetK && op != bpfop.RetA {
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
	case op == bpfop.ALU|bpfop.DIV|bpfop.K || op == bpfop.ALU|bpfop.MOD|bpfop.K:
		if ins.K == 0 {
			return fail(ErrDivByZero, "k is 0")
		}
	case op == bpfop.ALU|bpfop.LSH|bpfop.K || op == bpfop.ALU|bpfop.RSH|bpfop.K:
		if ins.K >= 32 {
			return fail(ErrShift, "k is %d, must be below 32", ins.K)
		}
	case op == bpfop.LdMem || op == bpfop.LdxMem || op == bpfop.St || op == bpfop.Stx:
		if ins.K >= bpfop.MemWords {
			return fail(ErrScratchIndex, "M[%d], there are %d slots", ins.K, bpfop.MemWords)
		}
	case op == bpfop.Ja:
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
	if ins.Op == bpfop.LdAbsW {
		if ins.K >= bpfop.DataLen {
			if ins.K >= bpfop.SKFADOff {
				return fail(ErrLoadOffset, "k %#x is a socket-filter ancillary offset; seccomp_data is %d bytes", ins.K, bpfop.DataLen)
			}
			return fail(ErrLoadOffset, "k %d, seccomp_data is %d bytes", ins.K, bpfop.DataLen)
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
	const all = 1<<bpfop.MemWords - 1
	masks := make([]uint16, len(prog))
	for i := range masks {
		masks[i] = all
	}
	var valid uint16 // slots written on the way into pc
	for pc, ins := range prog {
		valid &= masks[pc]
		switch op := ins.Op; {
		case op == bpfop.St || op == bpfop.Stx:
			valid |= 1 << ins.K
		case op == bpfop.LdMem || op == bpfop.LdxMem:
			if valid&(1<<ins.K) == 0 {
				return &Error{PC: pc, Code: ErrScratchUnset,
					Detail: fmt.Sprintf("%s: M[%d] is not written on every path to this instruction", classicOps[op].name, ins.K)}
			}
		case op == bpfop.Ja:
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
