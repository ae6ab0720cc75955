package lower

import (
	"os"
	"testing"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/verify"
)

// dagCase is a hand-built decision DAG with redundancy the specialize
// pass must remove.
type dagCase struct {
	name string
	// build returns the root; hi and lo are the offsets of a0's words.
	build func(b *emit.Builder) emit.Node
	// maxLen is the most instructions the specialized program may have.
	maxLen int
}

var src = emit.Source{Part: emit.PartRule}

func dagCases() []dagCase {
	const hi, lo = 20, 16 // args[0], little-endian
	allow := func(b *emit.Builder) emit.Node { return b.Ret(0x7fff0000, src) }
	deny := func(b *emit.Builder) emit.Node { return b.Ret(0x00050001, src) }
	eq64 := func(b *emit.Builder, v uint32, t, f emit.Node) emit.Node {
		return b.LoadAbs(hi, b.Jump(bpfop.JEQ, 0, b.LoadAbs(lo, b.Jump(bpfop.JEQ, v, t, f, src), src), f, src), src)
	}
	return []dagCase{
		{
			// Tests that alternate between two words of a0 and one of a1,
			// with a load whose value a known test makes dead. (The
			// regression test for the pass's one known bug, a reload after
			// a dropped load, is testdata/policies/dropped-load.policy, run
			// by the equivalence tests and the prover.)
			name: "two words",
			build: func(b *emit.Builder) emit.Node {
				t, f := allow(b), deny(b)
				const a1lo = 24
				// lo(a0) > 1 ? deny : (hi(a0) == 0 ? (lo(a1) < 2 ? allow : deny) : deny),
				// with a load of hi(a0) whose value a known test makes dead.
				inner := b.LoadAbs(a1lo, b.Jump(bpfop.JGE, 2, f, t, src), src)
				mid := b.LoadAbs(hi, b.Jump(bpfop.JEQ, 0, inner, f, src), src)
				dead := b.LoadAbs(lo, b.Jump(bpfop.JGT, 1, f, mid, src), src)
				return b.LoadAbs(lo, b.Jump(bpfop.JGT, 1, f, b.LoadAbs(hi, dead, src), src), src)
			},
			maxLen: 10,
		},
		{
			// a0 == 1 || a0 == 2 || a0 == 3, each a full 64-bit test: the
			// second and third high-word tests are known after the first.
			name: "repeated high word",
			build: func(b *emit.Builder) emit.Node {
				t, f := allow(b), deny(b)
				return eq64(b, 1, t, eq64(b, 2, t, eq64(b, 3, t, f)))
			},
			maxLen: 8, // ld hi, jeq, ld lo, 3 jeq, 2 ret
		},
		{
			// a test that the path already decided: lo > 10, then lo == 5.
			name: "decided by an interval",
			build: func(b *emit.Builder) emit.Node {
				t, f := allow(b), deny(b)
				inner := b.LoadAbs(lo, b.Jump(bpfop.JEQ, 5, f, t, src), src)
				return b.LoadAbs(lo, b.Jump(bpfop.JGT, 10, inner, f, src), src)
			},
			maxLen: 4, // ld lo, jgt, 2 ret
		},
		{
			// a load whose value nobody reads, and bits already known.
			name: "dead load and known bits",
			build: func(b *emit.Builder) emit.Node {
				t, f := allow(b), deny(b)
				setAgain := b.LoadAbs(lo, b.Jump(bpfop.JSET, 4, t, f, src), src)
				dead := b.LoadAbs(hi, setAgain, src)
				return b.LoadAbs(lo, b.Jump(bpfop.JSET, 4, dead, f, src), src)
			},
			maxLen: 4,
		},
		{
			// masked tests: (lo & 0xff) == 0x12 then (lo & 0xf) == 0x3 is false.
			name: "masked",
			build: func(b *emit.Builder) emit.Node {
				t, f := allow(b), deny(b)
				second := b.LoadAbs(lo, b.ALU(bpfop.AND, 0xf, b.Jump(bpfop.JEQ, 3, t, f, src), src), src)
				return b.LoadAbs(lo, b.ALU(bpfop.AND, 0xff, b.Jump(bpfop.JEQ, 0x12, second, f, src), src), src)
			},
			maxLen: 4, // ld, and, jeq, ret deny (both outcomes deny)... at most
		},
	}
}

// runDAG assembles the DAG at root and runs it on a0 = v, a1 = a1.
func runDAG(t *testing.T, b *emit.Builder, root emit.Node, v, a1 uint64) uint32 {
	t.Helper()
	p, err := b.Assemble(root)
	if err != nil {
		t.Fatal(err)
	}
	d := &verify.SeccompData{Args: [6]uint64{v, a1}}
	ret, err := verify.Run(p.Insns, d, false)
	if err != nil {
		t.Fatal(err)
	}
	return ret
}

// TestSpecialize runs the pass alone on each case: the result must keep
// the DAG's invariants, be no longer than the case allows, mean the same
// on a0 values around every constant, and be a fixed point of the pass.
func TestSpecialize(t *testing.T) {
	var values []uint64
	for _, c := range []uint64{0, 1, 2, 3, 4, 5, 6, 10, 11, 0x12, 0x13, 0x112, 0xff, 0xffffffff} {
		values = append(values, c, c|1<<32, c|0xffffffff<<32)
	}
	a1s := []uint64{0, 1, 2, 3, 1 << 32}
	for _, tc := range dagCases() {
		t.Run(tc.name, func(t *testing.T) {
			b := emit.NewBuilder()
			root := tc.build(b)
			if err := checkDAG(b, root); err != nil {
				t.Fatalf("input DAG: %v", err)
			}
			out := specialize(b, root)
			if err := checkDAG(b, out); err != nil {
				t.Fatalf("output DAG: %v", err)
			}
			before, _ := b.Assemble(root)
			after, err := b.Assemble(out)
			if err != nil {
				t.Fatal(err)
			}
			if len(after.Insns) > tc.maxLen || len(after.Insns) >= len(before.Insns) {
				t.Errorf("%d instructions, was %d, want at most %d:\n%s", len(after.Insns), len(before.Insns), tc.maxLen, after)
			}
			for _, v := range values {
				for _, a1 := range a1s {
					if got, want := runDAG(t, b, out, v, a1), runDAG(t, b, root, v, a1); got != want {
						t.Errorf("a0 = %#x, a1 = %#x: %#x after the pass, %#x before", v, a1, got, want)
					}
				}
			}
			if again, err := runPasses(b, out, passes); err != nil || again != out {
				t.Errorf("not a fixed point of the passes (%v)", err)
			}
		})
	}
}

// TestCheckDAG shows the invariant check rejects a jump on A before any
// load and a reference to a node that does not exist.
func TestCheckDAG(t *testing.T) {
	b := emit.NewBuilder()
	t1, f1 := b.Ret(1, src), b.Ret(2, src)
	noLoad := b.Jump(bpfop.JEQ, 1, t1, f1, src)
	if err := checkDAG(b, noLoad); err == nil {
		t.Error("a jump before any load passed the check")
	}
	if err := checkDAG(b, b.LoadAbs(0, noLoad, src)); err != nil {
		t.Errorf("a well-formed DAG failed: %v", err)
	}
	if err := checkDAG(b, emit.Node(b.Len()+5)); err == nil {
		t.Error("a node that does not exist passed the check")
	}
}

// TestSpecializeBudget compiles a profile (found by the random
// differential test against libseccomp) on which the specialize pass
// once took a minute: many rules of one syscall test several arguments,
// so most states know more words than a memo key records. The pass must
// stop at its budget and leave the DAG as lowered, and the compiled
// program must still prove equal to the policy.
func TestSpecializeBudget(t *testing.T) {
	data, err := os.ReadFile("testdata/specialize-budget.json")
	if err != nil {
		t.Fatal(err)
	}
	p, _, _, err := profile.Load(data, profile.Options{Filename: "specialize-budget.json", Target: "aarch64"})
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := ir.Resolve(p, "aarch64")
	if err != nil {
		t.Fatal(err)
	}
	c := &compiler{b: emit.NewBuilder(), r: r, opt: DefaultOptions}
	root := c.filter()
	s := newSpecializer(c.b, nil)
	out := s.run(root)
	// Past the budget every call returns at once; the calls already
	// under way add at most a few more visits.
	if s.steps > 2*s.budget {
		t.Errorf("the pass visited %d nodes, far past its budget of %d", s.steps, s.budget)
	}
	// The profile is here for the give-up path: if the pass ever
	// specializes it within the budget, the test no longer tests that
	// path and needs a harder profile.
	if s.steps <= s.budget {
		t.Errorf("specialized within the budget (%d of %d steps): the profile no longer reaches the give-up path", s.steps, s.budget)
	} else if out != root {
		t.Errorf("the pass gave up but did not return its input")
	}
	prog, err := CompileOptions(r, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := verify.Prove(prog.Insns, r); err != nil {
		t.Errorf("the program does not prove: %v", err)
	}
}
