package verify

import (
	"errors"
	"testing"

	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/internal/testdiff"
	"golang.org/x/net/bpf"
)

// TestRunInstructions covers every instruction seccomp accepts. The programs
// load only nr and arch, which are whole 32-bit fields, so each case must
// give the same verdict in both byte orders.
func TestRunInstructions(t *testing.T) {
	d := &SeccompData{Nr: 59, Arch: auditX8664, IP: 0x1122334455667788, Args: [6]uint64{1, 2, 3, 4, 5, 6}}
	tests := []struct {
		name string
		prog []bpf.RawInstruction
		want uint32
		pcs  []int // if set, the expected trace
	}{
		// Returns and initial state.
		{"ret k", []bpf.RawInstruction{retK(actAllow)}, actAllow, []int{0}},
		{"A starts at zero", []bpf.RawInstruction{retA()}, 0, nil},
		{"X starts at zero", []bpf.RawInstruction{stmt(bpfop.Txa, 0), retA()}, 0, nil},

		// Loads.
		{"ld nr", []bpf.RawInstruction{ldAbs(bpfop.OffNr), retA()}, 59, nil},
		{"ld arch", []bpf.RawInstruction{ldAbs(bpfop.OffArch), retA()}, auditX8664, nil},
		{"ld len", []bpf.RawInstruction{stmt(bpfop.LdLen, 0), retA()}, 64, nil},
		{"ldx len", []bpf.RawInstruction{stmt(bpfop.LdxLen, 0), stmt(bpfop.Txa, 0), retA()}, 64, nil},
		{"ld imm", []bpf.RawInstruction{ldImm(0xdeadbeef), retA()}, 0xdeadbeef, nil},
		{"ldx imm", []bpf.RawInstruction{ldxImm(0xcafe), stmt(bpfop.Txa, 0), retA()}, 0xcafe, nil},
		{"tax", []bpf.RawInstruction{ldImm(5), stmt(bpfop.Tax, 0), ldImm(0), stmt(bpfop.Txa, 0), retA()}, 5, nil},
		{"txa overwrites A", []bpf.RawInstruction{ldImm(5), ldxImm(6), stmt(bpfop.Txa, 0), retA()}, 6, nil},

		// Scratch memory.
		{"st and ld M", []bpf.RawInstruction{ldImm(7), stmt(bpfop.St, 3), ldImm(0), stmt(bpfop.LdMem, 3), retA()}, 7, nil},
		{"stx and ldx M[15]", []bpf.RawInstruction{ldxImm(9), stmt(bpfop.Stx, 15), ldxImm(0), stmt(bpfop.LdxMem, 15), stmt(bpfop.Txa, 0), retA()}, 9, nil},
		{"slots are distinct", []bpf.RawInstruction{ldImm(1), stmt(bpfop.St, 0), ldImm(2), stmt(bpfop.St, 1), stmt(bpfop.LdMem, 0), retA()}, 1, nil},

		// ALU with K.
		{"add k", []bpf.RawInstruction{ldAbs(bpfop.OffNr), aluK(bpfop.ADD, 10), retA()}, 69, nil},
		{"add k wraps", []bpf.RawInstruction{ldImm(0xffffffff), aluK(bpfop.ADD, 2), retA()}, 1, nil},
		{"sub k wraps", []bpf.RawInstruction{ldImm(0), aluK(bpfop.SUB, 1), retA()}, 0xffffffff, nil},
		{"mul k", []bpf.RawInstruction{ldImm(6), aluK(bpfop.MUL, 7), retA()}, 42, nil},
		{"mul k wraps", []bpf.RawInstruction{ldImm(0x10000), aluK(bpfop.MUL, 0x10001), retA()}, 0x10000, nil},
		{"div k", []bpf.RawInstruction{ldImm(100), aluK(bpfop.DIV, 7), retA()}, 14, nil},
		{"div k unsigned", []bpf.RawInstruction{ldImm(0xfffffff0), aluK(bpfop.DIV, 2), retA()}, 0x7ffffff8, nil},
		{"and k", []bpf.RawInstruction{ldImm(0xff0f), aluK(bpfop.AND, 0x0ff0), retA()}, 0x0f00, nil},
		{"or k", []bpf.RawInstruction{ldImm(0xf000), aluK(bpfop.OR, 0x000f), retA()}, 0xf00f, nil},
		{"xor k", []bpf.RawInstruction{ldImm(0xff00), aluK(bpfop.XOR, 0x0ff0), retA()}, 0xf0f0, nil},
		{"lsh k", []bpf.RawInstruction{ldImm(3), aluK(bpfop.LSH, 4), retA()}, 48, nil},
		{"lsh k 31", []bpf.RawInstruction{ldImm(3), aluK(bpfop.LSH, 31), retA()}, 0x80000000, nil},
		{"rsh k", []bpf.RawInstruction{ldImm(0x80000000), aluK(bpfop.RSH, 31), retA()}, 1, nil},
		{"rsh k is logical", []bpf.RawInstruction{ldImm(0xffffffff), aluK(bpfop.RSH, 4), retA()}, 0x0fffffff, nil},
		{"neg", []bpf.RawInstruction{ldImm(5), stmt(bpfop.Neg, 0), retA()}, 0xfffffffb, nil},
		{"neg zero", []bpf.RawInstruction{ldImm(0), stmt(bpfop.Neg, 0), retA()}, 0, nil},
		{"neg min", []bpf.RawInstruction{ldImm(0x80000000), stmt(bpfop.Neg, 0), retA()}, 0x80000000, nil},

		// ALU with X.
		{"add x", []bpf.RawInstruction{ldxImm(3), ldImm(4), aluX(bpfop.ADD), retA()}, 7, nil},
		{"sub x", []bpf.RawInstruction{ldxImm(5), ldImm(3), aluX(bpfop.SUB), retA()}, 0xfffffffe, nil},
		{"mul x", []bpf.RawInstruction{ldxImm(0x80000000), ldImm(2), aluX(bpfop.MUL), retA()}, 0, nil},
		{"div x", []bpf.RawInstruction{ldxImm(3), ldImm(10), aluX(bpfop.DIV), retA()}, 3, nil},
		{"and x", []bpf.RawInstruction{ldxImm(6), ldImm(3), aluX(bpfop.AND), retA()}, 2, nil},
		{"or x", []bpf.RawInstruction{ldxImm(6), ldImm(3), aluX(bpfop.OR), retA()}, 7, nil},
		{"xor x", []bpf.RawInstruction{ldxImm(6), ldImm(3), aluX(bpfop.XOR), retA()}, 5, nil},
		{"lsh x", []bpf.RawInstruction{ldxImm(4), ldImm(1), aluX(bpfop.LSH), retA()}, 16, nil},
		{"rsh x", []bpf.RawInstruction{ldxImm(4), ldImm(256), aluX(bpfop.RSH), retA()}, 16, nil},

		// Run-time rules of the eBPF translation.
		{"div x by zero returns 0 at once",
			[]bpf.RawInstruction{ldImm(100), ldxImm(0), aluX(bpfop.DIV), retK(actAllow)}, 0, []int{0, 1, 2}},
		{"div x by zero after a taken branch",
			[]bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JeqK, 59, 0, 2), ldxImm(0), aluX(bpfop.DIV), retK(actAllow)}, 0, []int{0, 1, 2, 3}},
		{"lsh x 32 shifts by 0", []bpf.RawInstruction{ldxImm(32), ldImm(5), aluX(bpfop.LSH), retA()}, 5, nil},
		{"lsh x 33 shifts by 1", []bpf.RawInstruction{ldxImm(33), ldImm(5), aluX(bpfop.LSH), retA()}, 10, nil},
		{"rsh x 63 shifts by 31", []bpf.RawInstruction{ldxImm(63), ldImm(0x80000000), aluX(bpfop.RSH), retA()}, 1, nil},
		{"lsh x 0xffffffe1 shifts by 1", []bpf.RawInstruction{ldxImm(0xffffffe1), ldImm(1), aluX(bpfop.LSH), retA()}, 2, nil},

		// Jumps.
		{"ja", []bpf.RawInstruction{stmt(bpfop.Ja, 1), retK(1), retK(2)}, 2, []int{0, 2}},
		{"ja 0", []bpf.RawInstruction{stmt(bpfop.Ja, 0), retK(1), retK(2)}, 1, []int{0, 1}},
		{"jeq k true", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JeqK, 59, 0, 1), retK(1), retK(2)}, 1, []int{0, 1, 2}},
		{"jeq k false", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JeqK, 60, 0, 1), retK(1), retK(2)}, 2, []int{0, 1, 3}},
		{"jeq k jt skips", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JeqK, 59, 1, 0), retK(1), retK(2)}, 2, nil},
		{"jgt k equal is false", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JgtK, 59, 0, 1), retK(1), retK(2)}, 2, nil},
		{"jgt k", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JgtK, 58, 0, 1), retK(1), retK(2)}, 1, nil},
		{"jge k equal", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JgeK, 59, 0, 1), retK(1), retK(2)}, 1, nil},
		{"jge k less", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JgeK, 60, 0, 1), retK(1), retK(2)}, 2, nil},
		{"jset k", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JsetK, 8, 0, 1), retK(1), retK(2)}, 1, nil},
		{"jset k clear", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JsetK, 4, 0, 1), retK(1), retK(2)}, 2, nil},
		{"jgt k is unsigned", []bpf.RawInstruction{ldImm(0x80000000), jump(bpfop.JgtK, 0x7fffffff, 0, 1), retK(1), retK(2)}, 1, nil},
		{"jge k top bit", []bpf.RawInstruction{ldImm(0xffffffff), jump(bpfop.JgeK, 0xfffffffe, 0, 1), retK(1), retK(2)}, 1, nil},
		{"jeq k top bit", []bpf.RawInstruction{ldImm(0xffffffff), jump(bpfop.JeqK, 0xffffffff, 0, 1), retK(1), retK(2)}, 1, nil},
		{"jeq x", []bpf.RawInstruction{ldxImm(59), ldAbs(bpfop.OffNr), jump(bpfop.JeqX, 0, 0, 1), retK(1), retK(2)}, 1, nil},
		{"jgt x", []bpf.RawInstruction{ldxImm(59), ldAbs(bpfop.OffNr), jump(bpfop.JgtX, 0, 0, 1), retK(1), retK(2)}, 2, nil},
		{"jge x", []bpf.RawInstruction{ldxImm(59), ldAbs(bpfop.OffNr), jump(bpfop.JgeX, 0, 0, 1), retK(1), retK(2)}, 1, nil},
		{"jset x", []bpf.RawInstruction{ldxImm(0x40), ldAbs(bpfop.OffNr), jump(bpfop.JsetX, 0, 0, 1), retK(1), retK(2)}, 2, nil},
		{"jgt x is unsigned", []bpf.RawInstruction{ldxImm(1), ldImm(0x80000000), jump(bpfop.JgtX, 0, 0, 1), retK(1), retK(2)}, 1, nil},
		{"jump k ignored by x form", []bpf.RawInstruction{ldxImm(1), ldImm(1), jump(bpfop.JeqX, 7, 0, 1), retK(1), retK(2)}, 1, nil},
		{"long jt", []bpf.RawInstruction{jump(bpfop.JeqK, 0, 3, 0), retK(1), retK(2), retK(3), retK(4)}, 4, []int{0, 4}},
		{"ret a after branch", []bpf.RawInstruction{ldAbs(bpfop.OffArch), jump(bpfop.JeqK, auditX8664, 0, 1), retA(), retK(0)}, auditX8664, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, be := range []bool{false, true} {
				got, pcs, err := Trace(tt.prog, d, be)
				if err != nil {
					t.Fatalf("Trace(bigEndian=%v): %v", be, err)
				}
				if got != tt.want {
					t.Errorf("Trace(bigEndian=%v) = %#x, want %#x", be, got, tt.want)
				}
				if tt.pcs != nil {
					if diff := testdiff.Diff(tt.pcs, pcs); diff != "" {
						t.Errorf("Trace(bigEndian=%v) pcs (-want +got):\n%s", be, diff)
					}
				}
				ran, err := Run(tt.prog, d, be)
				if err != nil || ran != got {
					t.Errorf("Run(bigEndian=%v) = %#x, %v; Trace gave %#x", be, ran, err, got)
				}
			}
		})
	}
}

// TestRunRejects checks that Run and Trace refuse what Check refuses, with
// Check's error, instead of running or panicking.
func TestRunRejects(t *testing.T) {
	tests := []struct {
		name string
		prog []bpf.RawInstruction
		code ErrorCode
		pc   int
	}{
		{"nil", nil, ErrEmpty, -1},
		{"jump past end", []bpf.RawInstruction{jump(bpfop.JeqK, 0, 5, 0), retK(0)}, ErrJump, 0},
		{"ja past end", []bpf.RawInstruction{ldImm(0), stmt(bpfop.Ja, 1), retK(0)}, ErrJump, 1},
		{"ld abs 64", []bpf.RawInstruction{ldAbs(64), retA()}, ErrLoadOffset, 0},
		{"no ret", []bpf.RawInstruction{ldImm(0)}, ErrNoReturn, 0},
		{"mod", []bpf.RawInstruction{aluK(bpfop.MOD, 3), retA()}, ErrNotAllowed, 0},
		{"unwritten scratch", []bpf.RawInstruction{stmt(bpfop.LdMem, 0), retA()}, ErrScratchUnset, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(tt.prog, &SeccompData{}, false)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Run error = %v, want *Error", err)
			}
			if e.Code != tt.code || e.PC != tt.pc {
				t.Errorf("Run error = %v (code %q pc %d), want code %q pc %d", err, e.Code, e.PC, tt.code, tt.pc)
			}
			_, pcs, err2 := Trace(tt.prog, &SeccompData{}, true)
			if err2 == nil || err2.Error() != err.Error() || pcs != nil {
				t.Errorf("Trace = %v, %v; want Run's error and no pcs", pcs, err2)
			}
		})
	}
}

// TestRunNilData checks that a nil *SeccompData is treated as all zeros.
func TestRunNilData(t *testing.T) {
	prog := []bpf.RawInstruction{ldAbs(bpfop.OffArch), aluK(bpfop.ADD, 1), retA()}
	got, err := Run(prog, nil, false)
	if err != nil || got != 1 {
		t.Errorf("Run(nil data) = %d, %v; want 1, nil", got, err)
	}
}

// TestTraceStraightLine checks that a program without jumps executes every
// instruction once, in order.
func TestTraceStraightLine(t *testing.T) {
	prog := []bpf.RawInstruction{ldImm(1), stmt(bpfop.Tax, 0), aluX(bpfop.ADD), stmt(bpfop.St, 0), stmt(bpfop.LdxMem, 0), retA()}
	_, pcs, err := Trace(prog, &SeccompData{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if diff := testdiff.Diff([]int{0, 1, 2, 3, 4, 5}, pcs); diff != "" {
		t.Errorf("pcs (-want +got):\n%s", diff)
	}
}
