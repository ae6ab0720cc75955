package verify_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

func assemble(t testing.TB, insns ...bpf.Instruction) []bpf.RawInstruction {
	t.Helper()
	prog, err := bpf.Assemble(insns)
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

const (
	retEPERM = 0x00050001
	retKill  = 0x80000000
	auditX86 = 0xc000003e
)

// partitionInputs returns random inputs biased towards the constants of
// prog, so that they reach its branches.
func partitionInputs(prog []bpf.RawInstruction, n int, rng *rand.Rand) []verify.SeccompData {
	var ks []uint32
	for _, ins := range prog {
		ks = append(ks, ins.K, ins.K-1, ins.K+1, ins.K&0xffff, ^ins.K)
	}
	pick := func() uint32 {
		if rng.IntN(3) == 0 {
			return rng.Uint32()
		}
		return ks[rng.IntN(len(ks))]
	}
	out := make([]verify.SeccompData, n)
	for i := range out {
		d := &out[i]
		d.Nr, d.Arch, d.IP = pick(), pick(), uint64(pick())<<32|uint64(pick())
		for j := range d.Args {
			d.Args[j] = uint64(pick())<<32 | uint64(pick())
		}
	}
	return out
}

// checkPartition checks that every input satisfies exactly one path of
// prog, and that the path's verdict and instructions are Trace's.
func checkPartition(t *testing.T, prog []bpf.RawInstruction, big bool, inputs []verify.SeccompData) int {
	t.Helper()
	var paths []*verify.Path
	if err := verify.Paths(prog, nil, func(p *verify.Path) bool {
		paths = append(paths, p)
		return true
	}); err != nil {
		t.Fatalf("Paths: %v", err)
	}
	for _, p := range paths {
		d, ok := p.Cube.Witness(big)
		if !ok {
			t.Fatalf("path %v: no witness for %v", p.PCs, p.Cube.String())
		}
		inputs = append(inputs, d)
	}
	for _, d := range inputs {
		ret, pcs, err := verify.Trace(prog, &d, big)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range paths {
			if p.Cube.Holds(&d, big) {
				n++
				if p.Ret != ret || !equalInts(p.PCs, pcs) {
					t.Fatalf("%+v: path %v returns %#x, Trace %v returns %#x", d, p.PCs, p.Ret, pcs, ret)
				}
			}
		}
		if n != 1 {
			t.Fatalf("%+v satisfies %d paths", d, n)
		}
	}
	return len(paths)
}

// TestPathsShapes runs Paths on the instruction shapes it models beyond
// what lower emits, and on those it refuses.
func TestPathsShapes(t *testing.T) {
	ldNr := bpf.LoadAbsolute{Off: 0, Size: 4}
	ldA0 := bpf.LoadAbsolute{Off: 16, Size: 4}
	for _, tc := range []struct {
		name    string
		prog    []bpf.Instruction
		paths   int
		refused int // pc of ErrUnsupported, or -1
	}{
		{"scratch round trip", []bpf.Instruction{
			ldNr, bpf.StoreScratch{Src: bpf.RegA, N: 3}, bpf.LoadConstant{Dst: bpf.RegA, Val: 9},
			bpf.LoadScratch{Dst: bpf.RegA, N: 3},
			bpf.JumpIf{Cond: bpf.JumpEqual, Val: 5, SkipFalse: 1},
			bpf.RetConstant{Val: bpfop.RetAllow}, bpf.RetConstant{Val: retKill},
		}, 2, -1},
		{"tax txa and x", []bpf.Instruction{
			bpf.LoadConstant{Dst: bpf.RegX, Val: 0xff00}, ldA0, bpf.ALUOpX{Op: bpf.ALUOpAnd},
			bpf.TAX{}, bpf.LoadConstant{Dst: bpf.RegA, Val: 0x5400}, bpf.JumpIfX{Cond: bpf.JumpEqual, SkipTrue: 1},
			bpf.RetConstant{Val: retEPERM}, bpf.TXA{},
			bpf.JumpIf{Cond: bpf.JumpGreaterOrEqual, Val: 0x5500, SkipTrue: 1},
			bpf.RetConstant{Val: bpfop.RetAllow}, bpf.RetConstant{Val: retKill},
		}, 2, -1},
		{"constant on the left", []bpf.Instruction{
			ldA0, bpf.TAX{}, bpf.LoadConstant{Dst: bpf.RegA, Val: 100},
			bpf.JumpIfX{Cond: bpf.JumpGreaterThan, SkipTrue: 1}, // 100 > a0.lo
			bpf.RetConstant{Val: retKill}, bpf.RetConstant{Val: bpfop.RetAllow},
		}, 2, -1},
		{"constants folded and ret a", []bpf.Instruction{
			bpf.LoadConstant{Dst: bpf.RegA, Val: 0x3fff8000}, bpf.ALUOpConstant{Op: bpf.ALUOpShiftLeft, Val: 1},
			bpf.LoadExtension{Num: bpf.ExtLen}, bpf.JumpIf{Cond: bpf.JumpEqual, Val: 64, SkipTrue: 1},
			bpf.RetConstant{Val: retKill},
			bpf.LoadConstant{Dst: bpf.RegA, Val: 0x3fff8000}, bpf.ALUOpConstant{Op: bpf.ALUOpShiftLeft, Val: 1},
			bpf.RetA{},
		}, 1, -1},
		{"identity alu on a word", []bpf.Instruction{
			ldNr, bpf.ALUOpConstant{Op: bpf.ALUOpAdd, Val: 0}, bpf.ALUOpConstant{Op: bpf.ALUOpMul, Val: 1},
			bpf.JumpIf{Cond: bpf.JumpBitsSet, Val: 0x40000000, SkipTrue: 1},
			bpf.RetConstant{Val: bpfop.RetAllow}, bpf.RetConstant{Val: retKill},
		}, 2, -1},
		{"unknown value never used", []bpf.Instruction{
			ldA0, bpf.ALUOpConstant{Op: bpf.ALUOpAdd, Val: 3}, bpf.StoreScratch{Src: bpf.RegA, N: 0},
			ldNr, bpf.JumpIf{Cond: bpf.JumpEqual, Val: 1, SkipFalse: 1},
			bpf.RetConstant{Val: bpfop.RetAllow}, bpf.RetConstant{Val: retKill},
		}, 2, -1},
		{"div by constant-zero x", []bpf.Instruction{
			ldNr, bpf.ALUOpX{Op: bpf.ALUOpDiv}, bpf.RetConstant{Val: bpfop.RetAllow},
		}, 1, -1},
		{"jump on a sum", []bpf.Instruction{
			ldA0, bpf.ALUOpConstant{Op: bpf.ALUOpAdd, Val: 3},
			bpf.JumpIf{Cond: bpf.JumpEqual, Val: 5, SkipFalse: 1},
			bpf.RetConstant{Val: bpfop.RetAllow}, bpf.RetConstant{Val: retKill},
		}, 0, 2},
		{"ret a of a word", []bpf.Instruction{ldA0, bpf.RetA{}}, 0, 1},
		{"two words compared", []bpf.Instruction{
			ldA0, bpf.TAX{}, ldNr, bpf.JumpIfX{Cond: bpf.JumpEqual, SkipFalse: 1},
			bpf.RetConstant{Val: bpfop.RetAllow}, bpf.RetConstant{Val: retKill},
		}, 0, 3},
		{"div by a word", []bpf.Instruction{
			ldA0, bpf.TAX{}, ldNr, bpf.ALUOpX{Op: bpf.ALUOpDiv}, bpf.RetConstant{Val: bpfop.RetAllow},
		}, 0, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prog := assemble(t, tc.prog...)
			if tc.refused >= 0 {
				err := verify.Paths(prog, nil, func(*verify.Path) bool { return true })
				var ve *verify.Error
				if !errors.As(err, &ve) || ve.Code != verify.ErrUnsupported || ve.PC != tc.refused {
					t.Fatalf("Paths = %v, want %q at pc %d", err, verify.ErrUnsupported, tc.refused)
				}
				return
			}
			rng := rand.New(rand.NewPCG(1, uint64(len(tc.name))))
			for _, big := range []bool{false, true} {
				if n := checkPartition(t, prog, big, partitionInputs(prog, 300, rng)); n != tc.paths {
					t.Errorf("big-endian %v: %d paths, want %d", big, n, tc.paths)
				}
			}
		})
	}
}

// libseccompStyle is a filter in the shape libseccomp generates for a
// small x86-64 policy: a linear arch check and syscall list, and a
// 64-bit argument compared high word first. With lowOnly it compares
// only the low word, a mistake the prover must catch.
func libseccompStyle(t testing.TB, lowOnly bool) []bpf.RawInstruction {
	hiCheck := bpf.Instruction(bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0, SkipFalse: 3})
	if lowOnly {
		hiCheck = bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0} // falls through either way
	}
	return assemble(t,
		/* 0 */ bpf.LoadAbsolute{Off: 4, Size: 4},
		/* 1 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: auditX86, SkipTrue: 1},
		/* 2 */ bpf.RetConstant{Val: 0}, // KILL_THREAD
		/* 3 */ bpf.LoadAbsolute{Off: 0, Size: 4},
		/* 4 */ bpf.JumpIf{Cond: bpf.JumpGreaterOrEqual, Val: 0x40000000, SkipTrue: 6},
		/* 5 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0, SkipTrue: 7}, // read
		/* 6 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: 1, SkipFalse: 5}, // write
		/* 7 */ bpf.LoadAbsolute{Off: 20, Size: 4}, // args[0] high word (little-endian)
		/* 8 */ hiCheck,
		/* 9 */ bpf.LoadAbsolute{Off: 16, Size: 4}, // args[0] low word
		/* 10 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: 1, SkipTrue: 2, SkipFalse: 1},
		/* 11 */ bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0xffffffff, SkipFalse: 2}, // -1 is not x32
		/* 12 */ bpf.RetConstant{Val: retEPERM},
		/* 13 */ bpf.RetConstant{Val: bpfop.RetAllow},
		/* 14 */ bpf.RetConstant{Val: 0},
	)
}

func smallPolicy(t testing.TB) *ir.Resolved {
	t.Helper()
	p, err := ir.Parse([]byte("default errno(1)\nbaseline none\nallow read\nallow write if a0 == 1\n"), "small.policy")
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := ir.Resolve(p, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestProveRawFilter proves a hand-written libseccomp-style filter
// against its policy, and catches the variant that ignores the high
// word of a 64-bit argument.
func TestProveRawFilter(t *testing.T) {
	r := smallPolicy(t)
	proof, err := verify.Prove(libseccompStyle(t, false), r)
	if err != nil {
		t.Fatalf("Prove: %v", err)
	}
	if proof.Paths != 8 {
		t.Errorf("proof %+v, want 8 paths", proof)
	}
	broken := libseccompStyle(t, true)
	_, err = verify.Prove(broken, r)
	var cex *verify.Counterexample
	if !errors.As(err, &cex) {
		t.Fatalf("Prove(broken) = %v, want a counterexample", err)
	}
	if cex.Data.Nr != 1 || cex.Data.Args[0]>>32 == 0 || uint32(cex.Data.Args[0]) != 1 || cex.Program != bpfop.RetAllow || cex.Policy != ir.Errno(1) {
		t.Errorf("counterexample %v: want write with a0 = 1 + high bits, allowed by the filter", cex)
	}
	confirmCounterexample(t, broken, r, cex)
}

// TestDiff compares filters that differ only where the high word of
// args[0] is not zero.
func TestDiff(t *testing.T) {
	a, b := libseccompStyle(t, false), libseccompStyle(t, true)
	if _, err := verify.ProveEquivalent(a, a, false); err != nil {
		t.Fatalf("a is not equivalent to itself: %v", err)
	}
	var diffs []*verify.Difference
	n, err := verify.Diff(a, b, false, nil, func(d *verify.Difference) bool {
		diffs = append(diffs, d)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 1 || n < 8 {
		t.Fatalf("%d pairs, differences %v, want exactly one", n, diffs)
	}
	d := diffs[0]
	if d.A != retEPERM || d.B != bpfop.RetAllow || !d.Cube.Holds(&d.Data, false) {
		t.Errorf("difference %v", d)
	}
	// The region is exactly write with a0.lo == 1 and a0.hi != 0.
	for _, tc := range []struct {
		args0 uint64
		in    bool
	}{{1, false}, {1 | 1<<32, true}, {0xffffffff00000001, true}, {2 | 1<<32, false}} {
		in := verify.SeccompData{Arch: auditX86, Nr: 1, Args: [6]uint64{tc.args0}}
		if got := d.Cube.Holds(&in, false); got != tc.in {
			t.Errorf("a0 = %#x in region = %v, want %v", tc.args0, got, tc.in)
		}
	}
	// Restricted to read, nothing differs.
	var seed verify.Cube
	seed.And(verify.WordNr, verify.AtomEq(0xffffffff, 0))
	if _, err := verify.Diff(a, b, false, &seed, func(d *verify.Difference) bool {
		t.Errorf("difference on read: %v", d)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	_, err = verify.ProveEquivalent(a, b, false)
	var de *verify.Difference
	if !errors.As(err, &de) {
		t.Errorf("ProveEquivalent = %v, want a *Difference", err)
	}
}
