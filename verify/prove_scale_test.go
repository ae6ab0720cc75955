package verify_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

// scaleCases are generated policies of the shapes that used to make the
// prover blow up (issue 14): an allowlist of many values of one
// argument, and rules on one syscall each with several random 64-bit
// masked tests, competing by precedence; and errno rules of one
// precedence whose earlier rules decide.
func scaleCases(t *testing.T) []testCase {
	var out []testCase
	add := func(name string, text []byte) {
		r, prog := compileText(t, name, text)
		out = append(out, testCase{name: name, r: r, prog: prog})
	}
	add("ioctl-300", scalegen.IoctlAllowlist(300))
	for seed := range uint64(4) {
		add(fmt.Sprintf("masked-8-seed%d", seed), scalegen.MaskedRules(8, seed))
	}
	add("masked-16", scalegen.MaskedRules(16, 7))
	add("errno-runs", []byte(`default allow
errno(1) prctl if a0 == 1 || (a1 & 0xff) == 3
errno(2) prctl if a0 <= 2 && a2 != 0
errno(1) prctl if a1 > 0x100000000
errno(3) prctl if (a0 & 0x10) == 0x10 || a1 == 3
kill_process prctl if a0 == 7 && a1 == 3
`))
	return out
}

// TestProveScaleShapes proves filters of the shapes of scaleCases, which
// used to exhaust the prover's budget, and requires the prover to be
// right about a sample of their single-instruction mutants (see
// TestMutations): a rejected mutant comes with a confirmed
// counterexample, an accepted one is equivalent to the original.
func TestProveScaleShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 14))
	n := mutationCounts{byClass: map[string][2]int{}}
	for _, c := range scaleCases(t) {
		proof, err := verify.Prove(c.prog, c.r)
		if err != nil {
			var ve *verify.Error
			if errors.As(err, &ve) && ve.Code == verify.ErrTooComplex {
				t.Errorf("%s: the prover gave up: %v", c.name, err)
				continue
			}
			t.Fatalf("%s: %v", c.name, err)
		}
		t.Logf("%s: %d instructions, %d paths, %d checks", c.name, len(c.prog), proof.Paths, proof.Checks)
		ms := mutants(c.prog)
		rng.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
		for _, m := range ms[:min(len(ms), 20)] {
			checkMutant(t, c, m, &n, false)
		}
	}
	t.Logf("%d mutants: %d rejected, %d equivalent, %d refused by Check", n.tried, n.rejected, n.accepted, n.invalid)
	if n.rejected == 0 {
		t.Error("no mutant was rejected")
	}
}

// TestProveScaleBroken breaks the generated filters where it matters,
// a rule's return made the default's or an argument test inverted, and
// requires a confirmed counterexample for each break that
// ProveEquivalent finds changes the filter's meaning (a break inside an
// unreachable rule changes nothing, and must be proved).
func TestProveScaleBroken(t *testing.T) {
	for _, c := range scaleCases(t) {
		def := c.r.Policy.Default.Ret()
		broken := 0
		for i := len(c.prog) - 1; i >= 0 && broken < 4; i-- {
			prog := append(c.prog[:0:0], c.prog...)
			ins := &prog[i]
			switch {
			case ins.Op == bpfop.RetK && ins.K != def:
				ins.K = def
			case ins.Op&bpfop.ClassMask == bpfop.JMP && ins.Op != bpfop.Ja && ins.Jt != ins.Jf && i > 0 && prog[i-1].Op == bpfop.ALU|bpfop.AND|bpfop.K:
				ins.Jt, ins.Jf = ins.Jf, ins.Jt
			default:
				continue
			}
			_, eqErr := verify.ProveEquivalent(prog, c.prog, c.r.Target.BigEndian)
			_, err := verify.Prove(prog, c.r)
			var diff *verify.Difference
			var cex *verify.Counterexample
			switch {
			case errors.As(eqErr, &diff):
				broken++
				if !errors.As(err, &cex) {
					t.Errorf("%s: pc %d broken: Prove = %v, want a counterexample (the filters differ at %v)", c.name, i, err, diff)
					continue
				}
				confirmCounterexample(t, prog, c.r, cex)
			case eqErr == nil:
				if err != nil {
					t.Errorf("%s: pc %d changed nothing, but Prove = %v", c.name, i, err)
				}
			default:
				t.Fatalf("%s: ProveEquivalent: %v", c.name, eqErr)
			}
		}
		if broken == 0 {
			t.Errorf("%s: no break changed the filter", c.name)
		}
	}
}

// TestProveBudget runs the prover and Diff on the generated filters,
// intact and broken, with budgets from tiny to ample: each run either
// gives up with ErrTooComplex or gives the right answer (a proof, a
// confirmed counterexample, the regions), never a wrong one.
func TestProveBudget(t *testing.T) {
	cases := scaleCases(t)
	for _, budget := range []int{1, 10, 100, 1000, 10000, 1 << 20} {
		restore := verify.SetFormulaBudget(budget)
		gaveUp := 0
		for _, c := range cases[1:3] {
			broken := append(c.prog[:0:0], c.prog...)
			for i := range broken {
				if broken[i].Op == bpfop.RetK && broken[i].K == ir.RetAllow {
					broken[i].K = ir.Errno(ir.EPERM).Ret()
				}
			}
			for _, prog := range [][]bpf.RawInstruction{c.prog, broken} {
				intact := &prog[0] == &c.prog[0]
				_, err := verify.Prove(prog, c.r)
				var ve *verify.Error
				var cex *verify.Counterexample
				switch {
				case errors.As(err, &ve) && ve.Code == verify.ErrTooComplex:
					gaveUp++
				case errors.As(err, &cex):
					if intact {
						t.Errorf("budget %d: %s: counterexample for the intact filter: %v", budget, c.name, cex)
					}
					confirmCounterexample(t, prog, c.r, cex)
				case err != nil:
					t.Fatalf("budget %d: %s: %v", budget, c.name, err)
				case !intact:
					t.Errorf("budget %d: %s: proved the broken filter", budget, c.name)
				}
			}
			n := 0
			_, err := verify.Diff(c.prog, broken, false, nil, func(*verify.Difference) bool { n++; return true })
			var ve *verify.Error
			switch {
			case errors.As(err, &ve) && ve.Code == verify.ErrTooComplex:
				gaveUp++
			case err != nil:
				t.Fatalf("budget %d: %s: Diff: %v", budget, c.name, err)
			case n == 0:
				t.Errorf("budget %d: %s: Diff found no difference with the broken filter", budget, c.name)
			}
		}
		restore()
		t.Logf("budget %d: gave up %d times", budget, gaveUp)
		if budget == 1 && gaveUp == 0 {
			t.Errorf("budget %d: never gave up", budget)
		}
		if budget == 1<<20 && gaveUp > 0 {
			t.Errorf("budget %d: gave up", budget)
		}
	}
}
