package lint

import (
	"math/rand/v2"
	"testing"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/tables"
)

// TestFindingsSound checks never-matches, duplicate and shadowed
// findings against the reference semantics on random policies of one
// syscall: a rule reported as never matching has a condition that holds
// for no argument vector, and removing a rule reported as duplicate or
// shadowed leaves every verdict unchanged. It also requires some rules
// to be reported, so that the check cannot pass vacuously.
func TestFindingsSound(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	gen := randomExpr(rng)
	acts := []ir.Action{ir.Allow, ir.Errno(1), ir.Errno(13), ir.KillProcess, ir.Log}
	x86, err := arch.Lookup("x86_64")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := tables.ForArch(x86.Table)
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := tab.ByName("kcmp")
	verdicts := func(p *ir.Policy) []ir.Action {
		r, _, err := ir.Resolve(p, "x86_64")
		if err != nil {
			t.Fatal(err)
		}
		var out []ir.Action
		d := ir.Data{Arch: x86.Audit, Nr: sc.Nr}
		for _, a0 := range bruteValues {
			for _, a1 := range bruteValues {
				d.Args[0], d.Args[1] = a0, a1
				out = append(out, r.Eval(d))
			}
		}
		return out
	}
	seen := map[Code]int{}
	for range 300 {
		p := &ir.Policy{Default: ir.Errno(1), Arches: []string{"x86_64"}}
		for range 2 + rng.IntN(3) {
			var cond *ir.Expr
			if rng.IntN(5) > 0 {
				cond = gen(2)
			}
			p.Rules = append(p.Rules, ir.Rule{Syscall: "kcmp", Cond: cond, Action: acts[rng.IntN(len(acts))]})
		}
		if rng.IntN(4) == 0 { // a copy of an earlier rule
			p.Rules = append(p.Rules, p.Rules[rng.IntN(len(p.Rules))])
		}
		fs, err := Policy(p, Options{Target: "x86_64"})
		if err != nil {
			t.Fatal(err)
		}
		all := verdicts(p)
		for _, f := range fs {
			switch f.Code {
			case NeverMatches:
				i := ruleIndex(p, f)
				var args [ir.MaxArgs]uint64
				for _, a0 := range bruteValues {
					for _, a1 := range bruteValues {
						args[0], args[1] = a0, a1
						if p.Rules[i].Condition().Holds(&args) {
							t.Fatalf("%v\n%v, but it holds for a0=%#x a1=%#x", p, f, a0, a1)
						}
					}
				}
			case Duplicate, Shadowed:
				i := ruleIndex(p, f)
				q := *p
				q.Rules = append(append([]ir.Rule(nil), p.Rules[:i]...), p.Rules[i+1:]...)
				without := verdicts(&q)
				for k := range all {
					if all[k] != without[k] {
						t.Fatalf("%v\n%v, but removing it changes input %d: %v -> %v", p, f, k, all[k], without[k])
					}
				}
			}
			seen[f.Code]++
		}
		// Removing every rule reported as removable at once must change
		// nothing either (two equivalent rules must not each be reported
		// as covered by the other).
		drop := map[int]bool{}
		for _, f := range fs {
			if f.Code == Duplicate || f.Code == Shadowed {
				drop[ruleIndex(p, f)] = true
			}
		}
		if len(drop) > 1 {
			q := *p
			q.Rules = nil
			for i, r := range p.Rules {
				if !drop[i] {
					q.Rules = append(q.Rules, r)
				}
			}
			without := verdicts(&q)
			for k := range all {
				if all[k] != without[k] {
					t.Fatalf("%v\nremoving the %d reported rules together changes input %d: %v -> %v", p, len(drop), k, all[k], without[k])
				}
			}
			seen["together"]++
		}
	}
	t.Logf("findings: %v", seen)
	for _, c := range []Code{NeverMatches, Duplicate, Shadowed} {
		if seen[c] == 0 {
			t.Errorf("no %s finding in the sample: %v", c, seen)
		}
	}
}

// ruleIndex finds the rule a finding names: positions are "rule N
// (kcmp)" for policies built without positions.
func ruleIndex(p *ir.Policy, f Finding) int {
	for i := range p.Rules {
		if f.Where == (&linter{p: p}).pos(i) {
			return i
		}
	}
	panic("finding without a rule: " + f.String())
}
