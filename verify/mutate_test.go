package verify_test

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

var allMutants = flag.Bool("mutants.all", false, "TestMutations: try every mutation, not a sample")

// mutant is a program with one instruction changed.
type mutant struct {
	pc    int
	class string
	ins   bpf.RawInstruction
}

// mutants returns every single-instruction mutation of prog in the
// classes: jt/jf swap, constant ±1 (jumps and ALU), jump target ±1
// (jt, jf, ja), return value change (another action, and k+1), and word
// offset swap (the other half of a 64-bit field, nr and arch swapped).
func mutants(prog []bpf.RawInstruction) []mutant {
	var out []mutant
	add := func(pc int, class string, ins bpf.RawInstruction) {
		out = append(out, mutant{pc, class, ins})
	}
	for pc, ins := range prog {
		switch {
		case ins.Op == bpfop.RetK:
			other := ir.RetAllow
			if ins.K == ir.RetAllow {
				other = ir.Errno(ir.EPERM).Ret()
			}
			add(pc, "ret value", bpf.RawInstruction{Op: ins.Op, K: other})
			add(pc, "ret value", bpf.RawInstruction{Op: ins.Op, K: ins.K + 1})
		case ins.Op == bpfop.LdAbsW:
			m := ins
			m.K ^= 4
			add(pc, "word swap", m)
		case ins.Op == bpfop.Ja:
			for _, d := range []int{1, -1} {
				m := ins
				m.K = uint32(int(m.K) + d)
				add(pc, "jump target", m)
			}
		case ins.Op&bpfop.ClassMask == bpfop.JMP:
			m := ins
			m.Jt, m.Jf = m.Jf, m.Jt
			if m != ins {
				add(pc, "jt/jf swap", m)
			}
			for _, d := range []int{1, -1} {
				m := ins
				m.K = uint32(int64(m.K) + int64(d))
				add(pc, "constant", m)
				m = ins
				m.Jt = uint8(int(m.Jt) + d)
				add(pc, "jump target", m)
				m = ins
				m.Jf = uint8(int(m.Jf) + d)
				add(pc, "jump target", m)
			}
		case ins.Op&bpfop.ClassMask == bpfop.ALU && ins.Op&bpfop.SrcMask == bpfop.K:
			for _, d := range []int{1, -1} {
				m := ins
				m.K = uint32(int64(m.K) + int64(d))
				add(pc, "constant", m)
			}
		}
	}
	return out
}

// mutationCounts is the outcome of a mutation run.
type mutationCounts struct {
	tried, invalid      int
	rejected, accepted  int
	missedByInputs      int // rejected mutants on which the Inputs set finds no difference
	byClass             map[string][2]int
	proveTime, diffTime time.Duration
}

// checkMutant applies mutation m to c's program and requires the prover
// to be right about it (see TestMutations), counting the outcome in n.
// With inputs, it also runs the mutant on the Inputs set.
func checkMutant(t *testing.T, c testCase, m mutant, n *mutationCounts, inputs bool) {
	t.Helper()
	n.tried++
	prog := append([]bpf.RawInstruction(nil), c.prog...)
	prog[m.pc] = m.ins
	if verify.Check(prog) != nil {
		n.invalid++
		return
	}
	label := fmt.Sprintf("%s: pc %d %s %v -> %v", c.name, m.pc, m.class, c.prog[m.pc], m.ins)
	start := time.Now()
	_, err := verify.Prove(prog, c.r)
	n.proveTime += time.Since(start)
	var cex *verify.Counterexample
	start = time.Now()
	_, eqErr := verify.ProveEquivalent(prog, c.prog, c.r.Target.BigEndian)
	n.diffTime += time.Since(start)
	var diff *verify.Difference
	counts := n.byClass[m.class]
	switch {
	case errors.As(err, &cex):
		if !confirmCounterexample(t, prog, c.r, cex) {
			t.Errorf("%s: unsound rejection", label)
		}
		if !errors.As(eqErr, &diff) {
			t.Errorf("%s: rejected, but ProveEquivalent with the original says %v", label, eqErr)
		}
		if !inputs {
			// Not counted in missedByInputs.
		} else if _, err := verify.Equivalent(prog, c.r); err == nil {
			n.missedByInputs++
		}
		n.rejected++
		counts[0]++
	case err == nil:
		if !inputs {
			// ProveEquivalent below is the second route.
		} else if _, err := verify.Equivalent(prog, c.r); err != nil {
			t.Errorf("%s: accepted, but the Inputs set finds %v", label, err)
		}
		if eqErr != nil {
			t.Errorf("%s: accepted, but ProveEquivalent with the original says %v", label, eqErr)
		}
		n.accepted++
		counts[1]++
	default:
		t.Errorf("%s: Prove: %v", label, err)
	}
	n.byClass[m.class] = counts
}

// TestMutations applies every single-instruction mutation of the
// classes above to compiled testdata filters and requires the prover to
// be right about each: a mutant it rejects must come with a
// counterexample that Run and Eval confirm, and a mutant it accepts must
// agree with the policy on the whole Inputs set and be proved equivalent
// to the original filter by ProveEquivalent, a second route that does
// not look at the policy. The kill rate (rejected over semantics-changing
// mutants) is thus 100% whenever the test passes.
func TestMutations(t *testing.T) {
	targets := []string{"x86_64", "aarch64", "s390x", "mips"}
	cases := testdataCases(t, targets...)
	// Every mutation of every filter takes about 100 s; by default each
	// filter contributes a fixed-size random sample.
	budget := 100
	if testing.Short() {
		budget = 25
	}
	if *allMutants {
		budget = math.MaxInt
	}
	rng := rand.New(rand.NewPCG(5, 8))
	n := mutationCounts{byClass: map[string][2]int{}}
	for _, c := range cases {
		ms := mutants(c.prog)
		if len(ms) > budget {
			rng.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
			ms = ms[:budget]
		}
		for _, m := range ms {
			checkMutant(t, c, m, &n, true)
		}
	}
	t.Logf("%d filters, %d mutations tried, %d refused by Check; %d semantics-changing, all rejected with confirmed counterexamples (%d of them missed by the Inputs set); %d equivalent, accepted; kill rate %d/%d",
		len(cases), n.tried, n.invalid, n.rejected, n.missedByInputs, n.accepted, n.rejected, n.rejected)
	for _, class := range slices.Sorted(maps.Keys(n.byClass)) {
		c := n.byClass[class]
		t.Logf("  %-12s rejected %5d  equivalent %5d", class, c[0], c[1])
	}
	t.Logf("Prove %v, ProveEquivalent %v", n.proveTime, n.diffTime)
	if n.rejected == 0 || n.accepted == 0 {
		t.Errorf("degenerate run: %d rejected, %d accepted", n.rejected, n.accepted)
	}
}
