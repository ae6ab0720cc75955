package verify_test

import (
	"errors"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

// TestProveEmptyAllowlist checks the prover against issue 12's D1: for
// a policy that names no syscall, a filter that answers ENOSYS on a
// whole architecture (what the empty auto baseline used to compile to)
// is refused with a counterexample, and the filter that gives the
// default everywhere is proved.
func TestProveEmptyAllowlist(t *testing.T) {
	for _, def := range []ir.Action{ir.KillProcess, ir.Errno(ir.EPERM)} {
		p := &ir.Policy{Default: def, Arches: []string{"x86_64", "x86"}}
		r, _, err := ir.Resolve(p, "x86_64")
		if err != nil {
			t.Fatal(err)
		}
		// x86_64 and x86 sections, each answering every number with ret.
		build := func(ret uint32) []bpf.RawInstruction {
			prog, err := bpf.Assemble([]bpf.Instruction{
				/* 0 */ bpf.LoadAbsolute{Off: 4, Size: 4},
				/* 1 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0xc000003e, SkipFalse: 5},
				/* 2 */ bpf.LoadAbsolute{Off: 0, Size: 4},
				/* 3 */ bpf.JumpIf{Cond: bpf.JumpGreaterOrEqual, Val: 0x40000000, SkipFalse: 2},
				/* 4 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0xffffffff, SkipTrue: 1},
				/* 5 */ bpf.RetConstant{Val: 0}, // x32: KILL_THREAD, the bad-arch action
				/* 6 */ bpf.RetConstant{Val: ret},
				/* 7 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0x40000003, SkipFalse: 1},
				/* 8 */ bpf.RetConstant{Val: ret},
				/* 9 */ bpf.RetConstant{Val: 0},
			})
			if err != nil {
				t.Fatal(err)
			}
			return prog
		}
		if _, err := verify.Prove(build(def.Ret()), r); err != nil {
			t.Errorf("default %v: the filter giving the default everywhere is not proved: %v", def, err)
		}
		bad := build(ir.Errno(ir.ENOSYS).Ret())
		_, err = verify.Prove(bad, r)
		var cex *verify.Counterexample
		if !errors.As(err, &cex) {
			t.Fatalf("default %v: ENOSYS everywhere: Prove = %v, want a counterexample", def, err)
		}
		confirmCounterexample(t, bad, r, cex)
	}
}
