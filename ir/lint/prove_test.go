package lint_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/lint"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// TestFindingsProved checks lint's exact findings with the prover, which
// decides for every input (all syscall numbers, all 2^384 argument
// vectors), where lint's own property test samples: a rule reported as
// shadowed or duplicate can be removed, and a rule reported as never
// matching (an error) can be removed and, alone in a policy with an
// action nothing else has, never decides a verdict; one reported as
// never matching on some architectures (a warning) decides none there,
// compiled for each of them. "Removed" means the
// program compiled without the rule proves equal to the policy with it
// (verify.Prove); the removed rule's syscall stays named, so the ENOSYS
// tail does not move. It runs on the testdata profiles and policies and
// on random policies, and requires findings of each kind, so that it
// cannot pass vacuously.
func TestFindingsProved(t *testing.T) {
	seen := map[lint.Code]int{}
	var files []string
	for _, pattern := range []string{"../../testdata/profiles/*.json", "../../testdata/lint/*", "../../testdata/policies/*.policy"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range []string{"x86_64", "aarch64"} {
			p, _, _, err := profile.Load(data, profile.Options{Filename: filepath.Base(file), Target: target})
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			checkFindings(t, file+" "+target, p, target, seen)
		}
	}
	t.Logf("testdata findings checked: %v", seen)
	for _, c := range []lint.Code{lint.NeverMatches, lint.Shadowed, lint.Duplicate} {
		if seen[c] == 0 {
			t.Errorf("no %s finding on the testdata: the check is vacuous there", c)
		}
	}

	random := map[lint.Code]int{}
	rng := rand.New(rand.NewPCG(15, 5))
	n := 300
	if testing.Short() {
		n = 60
	}
	for i := range n {
		p := randomPolicy(rng)
		checkFindings(t, fmt.Sprintf("random policy %d", i), p, "x86_64", random)
	}
	t.Logf("random findings checked: %v", random)
	for _, c := range []lint.Code{lint.NeverMatches, lint.Shadowed, lint.Duplicate} {
		if random[c] == 0 {
			t.Errorf("no %s finding on the random policies: the check is vacuous there", c)
		}
	}
}

// checkFindings lints p for target and proves each never-matches
// (error), shadowed and duplicate finding, counting them in seen.
func checkFindings(t *testing.T, name string, p *ir.Policy, target string, seen map[lint.Code]int) {
	t.Helper()
	fs, err := lint.Policy(p, lint.Options{Target: target})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var removable []int
	for _, f := range fs {
		switch {
		case f.Code == lint.Shadowed, f.Code == lint.Duplicate:
			i := ruleAt(t, p, f)
			if err := proveWithout(p, target, i); err != nil {
				t.Errorf("%s: %v\nbut removing the rule changes the filter: %v", name, f, err)
			}
			removable = append(removable, i)
		case f.Code == lint.NeverMatches && f.Severity == lint.Error:
			i := ruleAt(t, p, f)
			if err := proveWithout(p, target, i); err != nil {
				t.Errorf("%s: %v\nbut removing the rule changes the filter: %v", name, f, err)
			}
			if err := proveNever(p, target, nil, i); err != nil {
				t.Errorf("%s: %v\nbut the rule decides a verdict on its own: %v", name, f, err)
			}
		case f.Code == lint.NeverMatches:
			// A warning names the architectures where the rule cannot
			// match: compiled for each alone, it must decide nothing.
			i := ruleAt(t, p, f)
			_, list, ok := strings.Cut(f.Message, "can never match on ")
			list, _, ok2 := strings.Cut(list, " (")
			if !ok || !ok2 {
				t.Fatalf("%s: %v: no architectures in the message", name, f)
			}
			for _, a := range strings.Split(list, ", ") {
				if err := proveNever(p, a, []string{a}, i); err != nil {
					t.Errorf("%s: %v\nbut on %s the rule decides a verdict on its own: %v", name, f, a, err)
				}
			}
		default:
			continue
		}
		seen[f.Code]++
	}
	if len(removable) > 1 {
		if err := proveWithout(p, target, removable...); err != nil {
			t.Errorf("%s: removing the %d rules reported as removable, together, changes the filter: %v", name, len(removable), err)
		}
	}
}

// ruleAt returns the index of the rule a finding names: the rule at its
// place, the one whose text the message starts with where a line of the
// policy language made several ("notify openat, 257").
func ruleAt(t *testing.T, p *ir.Policy, f lint.Finding) int {
	t.Helper()
	var at []int
	for i, r := range p.Rules {
		if r.Pos == f.Where && strings.HasPrefix(f.Message, r.String()+" ") {
			at = append(at, i)
		}
	}
	if len(at) != 1 {
		t.Fatalf("finding %v: %d rules at its place", f, len(at))
	}
	return at[0]
}

// proveWithout compiles p without the rules drop and proves the program
// equal to p. The dropped rules' syscalls stay named (DefaultNamed), as
// they are in p.
func proveWithout(p *ir.Policy, target string, drop ...int) error {
	q := *p
	q.Rules = nil
	q.DefaultNamed = slices.Clone(p.DefaultNamed)
	for i, r := range p.Rules {
		if slices.Contains(drop, i) {
			if r.Syscall != "" {
				q.DefaultNamed = append(q.DefaultNamed, r.Syscall)
			}
			continue
		}
		q.Rules = append(q.Rules, r)
	}
	return proveAgainst(&q, p, target)
}

// proveNever proves that rule i alone, with an action other than the
// default, changes no verdict: the program of the policy without rules
// equals the policy with only rule i. Non-nil arches replace p's.
func proveNever(p *ir.Policy, target string, arches []string, i int) error {
	alone := *p
	if arches != nil {
		alone.Arches = arches
	}
	r := p.Rules[i]
	r.Action = ir.Errno(4000)
	if p.Default == r.Action {
		r.Action = ir.Errno(4001)
	}
	alone.Rules = []ir.Rule{r}
	alone.DefaultNamed = nil
	none := alone
	none.Rules = nil
	if r.Syscall != "" {
		none.DefaultNamed = []string{r.Syscall}
	}
	return proveAgainst(&none, &alone, target)
}

// proveAgainst compiles prog's policy and proves the program equal to
// want's.
func proveAgainst(prog, want *ir.Policy, target string) error {
	rp, _, err := ir.Resolve(prog, target)
	if err != nil {
		return err
	}
	rw, _, err := ir.Resolve(want, target)
	if err != nil {
		return err
	}
	compiled, err := lower.Compile(rp)
	if err != nil {
		return err
	}
	if _, err := verify.Prove(compiled.Insns, rw); err != nil {
		var c *verify.Counterexample
		if !errors.As(err, &c) {
			return fmt.Errorf("the prover failed: %w", err)
		}
		return err
	}
	return nil
}

// randomPolicy returns a policy of a few rules on two syscalls with
// random conditions on a0 and a1, for x86_64 with x86 and x32, so that
// conditions are also judged on 32-bit arguments. Constants are small or
// straddle the 32-bit boundary, so that never-matching, overlapping and
// covering conditions are common.
func randomPolicy(rng *rand.Rand) *ir.Policy {
	vals := []uint64{0, 1, 2, 3, 7, 8, 15, 1 << 32, 1<<32 | 1, 0xffffffff, ^uint64(0)}
	cmps := []ir.Cmp{ir.CmpEq, ir.CmpNe, ir.CmpLt, ir.CmpLe, ir.CmpGt, ir.CmpGe, ir.CmpMaskedEq, ir.CmpMaskedNe}
	leaf := func() *ir.Expr {
		c := cmps[rng.IntN(len(cmps))]
		x := &ir.Expr{Op: ir.OpCmp, Cmp: c, Arg: uint8(rng.IntN(2)), Val: vals[rng.IntN(len(vals))]}
		if c.Masked() {
			x.Mask = vals[rng.IntN(len(vals))]
		}
		return x
	}
	gen := lint.RandomTree(rng, leaf, 2)
	acts := []ir.Action{ir.Allow, ir.Errno(1), ir.Errno(13), ir.KillProcess, ir.Log}
	p := &ir.Policy{Default: ir.Errno(1), Arches: []string{"x86_64", "x86", "x32"}}
	for k := range 2 + rng.IntN(4) {
		var cond *ir.Expr
		if rng.IntN(6) > 0 {
			cond = gen(2)
		}
		r := ir.Rule{Syscall: []string{"kcmp", "prctl"}[rng.IntN(2)], Cond: cond, Action: acts[rng.IntN(len(acts))]}
		r.Pos = fmt.Sprintf("rule %d", k)
		p.Rules = append(p.Rules, r)
	}
	if rng.IntN(4) == 0 { // a copy of an earlier rule
		r := p.Rules[rng.IntN(len(p.Rules))]
		r.Pos = fmt.Sprintf("rule %d", len(p.Rules))
		p.Rules = append(p.Rules, r)
	}
	return p
}
