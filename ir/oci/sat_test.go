package oci

import (
	"math/rand/v2"
	"testing"

	"github.com/seccompc/seccompc/internal/wordsat"
	"github.com/seccompc/seccompc/ir"
)

func holds(c wcmp, x uint64) bool {
	switch c.cmp {
	case ir.CmpEq:
		return x == c.val
	case ir.CmpNe:
		return x != c.val
	case ir.CmpLt:
		return x < c.val
	case ir.CmpLe:
		return x <= c.val
	case ir.CmpGt:
		return x > c.val
	case ir.CmpGe:
		return x >= c.val
	case ir.CmpMaskedEq:
		return x&c.mask == c.val
	case ir.CmpMaskedNe:
		return x&c.mask != c.val
	}
	return false
}

// TestSatisfiableBrute compares satisfiable with enumeration over a
// 4-bit domain: every answer must be right, masked != comparisons
// included (the replay's own solver used to over-approximate those).
func TestSatisfiableBrute(t *testing.T) {
	const max = 15
	rng := rand.New(rand.NewPCG(3, 4))
	cmps := []ir.Cmp{ir.CmpEq, ir.CmpNe, ir.CmpLt, ir.CmpLe, ir.CmpGt, ir.CmpGe, ir.CmpMaskedEq, ir.CmpMaskedNe}
	for iter := 0; iter < 20000; iter++ {
		n := 1 + rng.IntN(5)
		var cs []wcmp
		for i := 0; i < n; i++ {
			c := wcmp{v: rng.IntN(2), cmp: cmps[rng.IntN(len(cmps))], val: uint64(rng.IntN(max + 1))}
			if c.cmp.Masked() {
				c.mask = uint64(rng.IntN(max + 1))
				if rng.IntN(4) > 0 {
					c.val &= c.mask
				}
			}
			cs = append(cs, c)
		}
		want := true
		for v := 0; v < 2; v++ {
			found := false
			for x := uint64(0); x <= max && !found; x++ {
				ok := true
				for _, c := range cs {
					if c.v == v && !holds(c, x) {
						ok = false
					}
				}
				found = ok
			}
			want = want && found
		}
		got := satisfiable(cs, max)
		if got != want {
			t.Fatalf("satisfiable(%+v) = %v, want %v", cs, got, want)
		}
	}
}

func TestMayOverlap(t *testing.T) {
	eq := func(arg int, v uint64) *ir.Expr { return ir.Compare(arg, ir.CmpEq, v) }
	tests := []struct {
		a, b  []*ir.Expr
		low32 bool
		want  bool
	}{
		{[]*ir.Expr{eq(0, 1)}, []*ir.Expr{eq(0, 2)}, false, false},
		{[]*ir.Expr{eq(0, 1)}, []*ir.Expr{eq(1, 2)}, false, true},
		{[]*ir.Expr{eq(0, 1)}, []*ir.Expr{eq(0, 1<<32|1)}, false, false},
		{[]*ir.Expr{eq(0, 1)}, []*ir.Expr{eq(0, 1<<32|1)}, true, true}, // equal low words
		{[]*ir.Expr{ir.Compare(0, ir.CmpLt, 5)}, []*ir.Expr{ir.Compare(0, ir.CmpGe, 5)}, false, false},
		{[]*ir.Expr{ir.Masked(0, 0xf0, 0x10, true)}, []*ir.Expr{ir.Compare(0, ir.CmpLt, 0x10)}, false, false},
		{[]*ir.Expr{ir.Masked(0, 0xf0, 0x10, true)}, []*ir.Expr{ir.Compare(0, ir.CmpLe, 0x10)}, false, true},
		// Masked != that together exclude every value of the mask's
		// bits: exactly no overlap (this package's own solver said "may").
		{[]*ir.Expr{ir.Masked(0, 3, 0, false), ir.Masked(0, 3, 1, false)}, []*ir.Expr{ir.Masked(0, 3, 2, false), ir.Masked(0, 3, 3, false)}, false, false},
		{[]*ir.Expr{ir.Masked(0, 3, 0, false), ir.Masked(0, 3, 1, false)}, []*ir.Expr{ir.Masked(0, 3, 2, false)}, true, true},
	}
	for _, tt := range tests {
		if got := mayOverlap(tt.a, tt.b, tt.low32); got != tt.want {
			t.Errorf("mayOverlap(%v, %v, %v) = %v, want %v", tt.a, tt.b, tt.low32, got, tt.want)
		}
	}
}

// TestConflictingPairwise compares conflicting, which hashes groups of
// equality rules (eqOverlap) and compares only rules of different
// actions, with the plain definition: some two rules of different
// actions may overlap (mayOverlap), for random rules of equalities and
// of other comparisons, in 64 and 32-bit semantics.
func TestConflictingPairwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 14))
	vals := []uint64{0, 1, 2, 1<<32 | 1, 1 << 32}
	acts := []ir.Action{ir.Allow, ir.Errno(1), ir.Errno(2)}
	differs := 0
	for iter := range 20000 {
		eqOnly := iter%2 == 0
		n := 2 + rng.IntN(6)
		rules := make([]ir.Rule, n)
		idx := make([]int, n)
		for i := range rules {
			var cs []*ir.Expr
			for range 1 + rng.IntN(3) {
				cmp := ir.CmpEq
				if !eqOnly && rng.IntN(3) == 0 {
					cmp = []ir.Cmp{ir.CmpNe, ir.CmpLt, ir.CmpGe}[rng.IntN(3)]
				}
				cs = append(cs, ir.Compare(rng.IntN(3), cmp, vals[rng.IntN(len(vals))]))
			}
			cond := cs[0]
			if len(cs) > 1 {
				cond = &ir.Expr{Op: ir.OpAnd, Sub: cs}
			}
			rules[i] = ir.Rule{Syscall: "socket", Action: acts[rng.IntN(len(acts))], Cond: cond}
			idx[i] = i
		}
		w := []widths{{has64: true}, {has32: true, target32: true}, {has64: true, has32: true}}[rng.IntN(3)]
		want := false
		for a := range rules {
			for b := a + 1; b < n; b++ {
				if rules[a].Action == rules[b].Action {
					continue
				}
				ca, _ := atoms(rules[a].Cond)
				cb, _ := atoms(rules[b].Cond)
				if w.has64 && mayOverlap(ca, cb, false) || w.has32 && mayOverlap(ca, cb, true) {
					want = true
				}
			}
		}
		if got := conflicting(rules, idx, w); got != want {
			t.Fatalf("conflicting = %v, want %v for %+v, rules:\n%v", got, want, w, rules)
		}
		if want {
			differs++
		}
	}
	if differs < 2000 || differs > 18000 {
		t.Errorf("%d of 20000 random cases conflict: the cases do not cover both answers", differs)
	}
}

// TestSatisfiableGivesUpSafely lowers the word solver's budget until it
// gives up: the replay then reads "may overlap" (true), never a false
// that would drop a path or an exclusion libseccomp's filter has.
func TestSatisfiableGivesUpSafely(t *testing.T) {
	cs := []wcmp{
		{v: 0, cmp: ir.CmpMaskedEq, mask: 1<<32 | 1, val: 1<<32 | 1},
		{v: 0, cmp: ir.CmpLt, val: 1<<32 | 1},
	}
	if satisfiable(cs, ^uint64(0)) {
		t.Fatalf("satisfiable(%+v) = true, want false", cs)
	}
	defer func(n int) { wordsat.MaxSplits = n }(wordsat.MaxSplits)
	wordsat.MaxSplits = 1
	if !satisfiable(cs, ^uint64(0)) {
		t.Errorf("with the budget exhausted: satisfiable = false, want true (may overlap)")
	}
}
