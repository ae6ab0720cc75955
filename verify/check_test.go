package verify

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/bpf"
)

func repeat(ins bpf.RawInstruction, n int) []bpf.RawInstruction {
	p := make([]bpf.RawInstruction, n)
	for i := range p {
		p[i] = ins
	}
	return p
}

func TestCheckRejects(t *testing.T) {
	tests := []struct {
		name string
		prog []bpf.RawInstruction
		code ErrorCode
		pc   int
	}{
		{"empty", []bpf.RawInstruction{}, ErrEmpty, -1},
		{"4097 instructions", repeat(retK(0), maxInsns+1), ErrTooLong, -1},
		{"unknown opcode", []bpf.RawInstruction{stmt(0xff, 0), retK(0)}, ErrUnknownOpcode, 0},
		{"unknown opcode high bits", []bpf.RawInstruction{stmt(0x106, 0)}, ErrUnknownOpcode, 0},
		{"ret x", []bpf.RawInstruction{stmt(clsRET|0x08, 0)}, ErrUnknownOpcode, 0},
		{"jt past end", []bpf.RawInstruction{ldAbs(0), jump(opJeqK, 0, 1, 0), retK(0)}, ErrJump, 1},
		{"jf past end", []bpf.RawInstruction{ldAbs(0), jump(opJgtX, 0, 0, 1), retK(0)}, ErrJump, 1},
		{"backward jump by wrap", []bpf.RawInstruction{retK(0), stmt(opJa, 0xffffffff), retK(0)}, ErrJump, 1},
		{"ja past end", []bpf.RawInstruction{stmt(opJa, 2), retK(0), retK(1)}, ErrJump, 0},
		{"ja as last instruction", []bpf.RawInstruction{retK(0), stmt(opJa, 0)}, ErrJump, 1},
		{"cond jump as last instruction", []bpf.RawInstruction{retK(0), jump(opJsetK, 1, 0, 0)}, ErrJump, 1},
		{"no final ret", []bpf.RawInstruction{ldAbs(0), retK(0), ldImm(1)}, ErrNoReturn, 2},
		{"ld abs k=64", []bpf.RawInstruction{ldAbs(64), retA()}, ErrLoadOffset, 0},
		{"ld abs ancillary", []bpf.RawInstruction{ldAbs(skfADOff), retA()}, ErrLoadOffset, 0},
		{"ld abs unaligned k=2", []bpf.RawInstruction{ldAbs(2), retA()}, ErrLoadAlign, 0},
		{"ld abs unaligned k=61", []bpf.RawInstruction{ldAbs(61), retA()}, ErrLoadAlign, 0},
		{"ld h abs", []bpf.RawInstruction{stmt(opLdAbsH, 0), retA()}, ErrNotAllowed, 0},
		{"ld b abs", []bpf.RawInstruction{stmt(opLdAbsB, 4), retA()}, ErrNotAllowed, 0},
		{"ld w ind", []bpf.RawInstruction{stmt(opLdIndW, 0), retA()}, ErrNotAllowed, 0},
		{"ld b ind", []bpf.RawInstruction{stmt(opLdIndB, 0), retA()}, ErrNotAllowed, 0},
		{"ldx msh", []bpf.RawInstruction{stmt(opLdxMsh, 0), retA()}, ErrNotAllowed, 0},
		{"mod k", []bpf.RawInstruction{ldImm(5), aluK(aluMOD, 3), retA()}, ErrNotAllowed, 1},
		{"mod x", []bpf.RawInstruction{ldxImm(5), aluX(aluMOD), retA()}, ErrNotAllowed, 1},
		{"div by constant 0", []bpf.RawInstruction{ldImm(5), aluK(aluDIV, 0), retA()}, ErrDivByZero, 1},
		{"mod by constant 0", []bpf.RawInstruction{aluK(aluMOD, 0), retA()}, ErrDivByZero, 0},
		{"lsh k 32", []bpf.RawInstruction{aluK(aluLSH, 32), retA()}, ErrShift, 0},
		{"rsh k 0xffffffff", []bpf.RawInstruction{aluK(aluRSH, 0xffffffff), retA()}, ErrShift, 0},
		{"st M[16]", []bpf.RawInstruction{stmt(opSt, 16), retA()}, ErrScratchIndex, 0},
		{"ldx M[16]", []bpf.RawInstruction{stmt(opStx, 0), stmt(opLdxMem, 16), retA()}, ErrScratchIndex, 1},
		{"read of never-written scratch", []bpf.RawInstruction{stmt(opLdMem, 0), retA()}, ErrScratchUnset, 0},
		{"read of other slot", []bpf.RawInstruction{stmt(opSt, 1), stmt(opLdxMem, 2), retA()}, ErrScratchUnset, 1},
		{"scratch written on one path only", []bpf.RawInstruction{
			ldAbs(offNr),
			jump(opJeqK, 1, 0, 1), // nr == 1: store; else skip the store
			stmt(opSt, 4),
			stmt(opLdMem, 4),
			retA(),
		}, ErrScratchUnset, 3},
		{"scratch written on one path, joined by ja", []bpf.RawInstruction{
			ldAbs(offNr),
			jump(opJeqK, 1, 0, 2),
			stmt(opSt, 4),
			stmt(opJa, 1),
			stmt(opStx, 5), // other path writes a different slot
			stmt(opLdMem, 4),
			retA(),
		}, ErrScratchUnset, 5},
		{"unreachable read after ret", []bpf.RawInstruction{retK(0), stmt(opLdMem, 0), retA()}, ErrScratchUnset, 1},
		{"first fault wins", []bpf.RawInstruction{stmt(opLdAbsH, 0), ldAbs(3), retA()}, ErrNotAllowed, 0},
	}
	if len(tests) < 15 {
		t.Fatalf("only %d cases", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.prog)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Check = %v, want *Error", err)
			}
			if e.Code != tt.code || e.PC != tt.pc {
				t.Errorf("Check = %q (code %q, pc %d), want code %q, pc %d", err, e.Code, e.PC, tt.code, tt.pc)
			}
			msg := err.Error()
			if !strings.Contains(msg, string(tt.code)) {
				t.Errorf("message %q does not name the rule %q", msg, tt.code)
			}
			if tt.pc >= 0 && !strings.HasPrefix(msg, "pc ") {
				t.Errorf("message %q does not start with the pc", msg)
			}
		})
	}
}

func TestCheckAccepts(t *testing.T) {
	tests := []struct {
		name string
		prog []bpf.RawInstruction
	}{
		{"single ret", []bpf.RawInstruction{retK(actAllow)}},
		{"ret a", []bpf.RawInstruction{retA()}},
		{"ld abs k=60", []bpf.RawInstruction{ldAbs(60), retA()}},
		{"ld abs every aligned offset", func() []bpf.RawInstruction {
			var p []bpf.RawInstruction
			for k := uint32(0); k < 64; k += 4 {
				p = append(p, ldAbs(k))
			}
			return append(p, retA())
		}()},
		{"4096 instructions", repeat(retK(0), maxInsns)},
		{"ld len and ldx len", []bpf.RawInstruction{stmt(opLdLen, 0), stmt(opLdxLen, 0), retA()}},
		{"ld len ignores k", []bpf.RawInstruction{stmt(opLdLen, 12345), retA()}},
		{"jump to last instruction", []bpf.RawInstruction{jump(opJeqK, 0, 1, 0), retK(0), retK(1)}},
		{"ja to last instruction", []bpf.RawInstruction{stmt(opJa, 1), retK(0), retK(1)}},
		{"shift by 31", []bpf.RawInstruction{aluK(aluLSH, 31), aluK(aluRSH, 31), retA()}},
		{"div x (checked at run time)", []bpf.RawInstruction{aluX(aluDIV), retA()}},
		{"scratch M[15]", []bpf.RawInstruction{stmt(opSt, 15), stmt(opLdMem, 15), retA()}},
		{"scratch written on both paths", []bpf.RawInstruction{
			ldAbs(offNr),
			jump(opJeqK, 1, 0, 2),
			stmt(opSt, 4),
			stmt(opJa, 1),
			stmt(opStx, 4),
			stmt(opLdMem, 4),
			retA(),
		}},
		{"scratch written before branch", []bpf.RawInstruction{
			stmt(opSt, 0),
			ldAbs(offNr),
			jump(opJeqK, 1, 1, 0),
			retK(0),
			stmt(opLdxMem, 0),
			retA(),
		}},
		{"every whitelisted opcode", []bpf.RawInstruction{
			ldAbs(0), stmt(opLdLen, 0), stmt(opLdxLen, 0), ldImm(1), ldxImm(1),
			stmt(opSt, 0), stmt(opStx, 1), stmt(opLdMem, 0), stmt(opLdxMem, 1),
			aluK(aluADD, 1), aluX(aluADD), aluK(aluSUB, 1), aluX(aluSUB),
			aluK(aluMUL, 1), aluX(aluMUL), aluK(aluDIV, 1), aluX(aluDIV),
			aluK(aluAND, 1), aluX(aluAND), aluK(aluOR, 1), aluX(aluOR),
			aluK(aluXOR, 1), aluX(aluXOR), aluK(aluLSH, 1), aluX(aluLSH),
			aluK(aluRSH, 1), aluX(aluRSH), stmt(opNeg, 0), stmt(opTax, 0), stmt(opTxa, 0),
			stmt(opJa, 0),
			jump(opJeqK, 0, 0, 0), jump(opJeqX, 0, 0, 0), jump(opJgtK, 0, 0, 0), jump(opJgtX, 0, 0, 0),
			jump(opJgeK, 0, 0, 0), jump(opJgeX, 0, 0, 0), jump(opJsetK, 0, 0, 0), jump(opJsetX, 0, 0, 0),
			retK(0), retA(),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Check(tt.prog); err != nil {
				t.Errorf("Check = %v, want nil", err)
			}
		})
	}
}

// TestCheckOpcodeTable checks the opcode table against the kernel's lists by
// counting: chk_code_allowed lists 49 opcodes, seccomp_check_filter keeps 41
// of them (38 unchanged, plus LD W ABS, LD W LEN and LDX W LEN).
func TestCheckOpcodeTable(t *testing.T) {
	classic, seccomp := 0, 0
	for op := 0; op < 1<<16; op++ {
		info, ok := classicOps[uint16(op)]
		if !ok {
			continue
		}
		classic++
		if info.seccomp {
			seccomp++
		}
		// Every opcode in the table must pass the unknown-opcode test and
		// every seccomp one must pass the whitelist.
		k := uint32(0)
		if op == clsALU|aluDIV|srcK || op == clsALU|aluMOD|srcK {
			k = 1
		}
		err := checkInsn(0, bpf.RawInstruction{Op: uint16(op), K: k}, 2)
		var e *Error
		if errors.As(err, &e) && e.Code == ErrUnknownOpcode {
			t.Errorf("opcode %#04x: %v", op, err)
		}
		if info.seccomp && err != nil {
			t.Errorf("whitelisted opcode %#04x (%s) rejected: %v", op, info.name, err)
		}
		if !info.seccomp && (err == nil || e.Code != ErrNotAllowed) {
			t.Errorf("non-seccomp opcode %#04x (%s): got %v, want %q", op, info.name, err, ErrNotAllowed)
		}
	}
	if classic != 49 || seccomp != 41 {
		t.Errorf("table has %d classic and %d seccomp opcodes, want 49 and 41", classic, seccomp)
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{PC: 12, Code: ErrJump, Detail: "jt 5"}, "pc 12: jump out of range: jt 5"},
		{&Error{PC: -1, Code: ErrEmpty}, "empty program"},
		{&Error{PC: 0, Code: ErrNoReturn}, "pc 0: last instruction is not a return"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
