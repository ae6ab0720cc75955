package lower

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/seccompc/seccompc/ir"
)

// ownersRef is the owners of the words of conds as a map, built the
// plain way: each candidate word goes to the first condition that has
// it.
func ownersRef(rules []int, conds []*ir.Expr) map[uint32]int {
	out := map[uint32]int{}
	var walk func(x *ir.Expr, rule int)
	walk = func(x *ir.Expr, rule int) {
		add := func(c uint64) {
			for _, v := range [3]uint64{c - 1, c, c + 1} {
				for _, w := range [3]uint32{uint32(v), uint32(v >> 32), uint32(v>>32) + 1} {
					if _, ok := out[w]; !ok {
						out[w] = rule
					}
				}
			}
		}
		if x.Op == ir.OpCmp {
			add(x.Val)
			if x.Cmp.Masked() {
				add(x.Mask)
			}
		}
		for _, s := range x.Sub {
			walk(s, rule)
		}
	}
	for i, x := range conds {
		walk(x, rules[i])
	}
	return out
}

// TestOwnersOf checks ownersOf against the plain map on random
// conditions (masked, nested, 64-bit, shared values): the same owner
// for every word, and no owner for the others.
func TestOwnersOf(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	val := func() uint64 {
		switch r.IntN(4) {
		case 0:
			return r.Uint64()
		case 1:
			return uint64(r.IntN(8)) << 32
		}
		return uint64(r.IntN(64))
	}
	for range 200 {
		n := 1 + r.IntN(12)
		var conds []*ir.Expr
		var rules []int
		for i := range n {
			x := ir.Compare(r.IntN(6), ir.CmpNe, val())
			switch r.IntN(3) {
			case 1:
				x = ir.Masked(r.IntN(6), val(), val(), true)
			case 2:
				x = ir.And(x, ir.Or(ir.Compare(0, ir.CmpGe, val()), ir.Not(ir.Compare(1, ir.CmpEq, val()))))
			}
			conds = append(conds, x)
			rules = append(rules, 10*i+r.IntN(3))
		}
		want := ownersRef(rules, conds)
		got := ownersOf(rules, conds)
		for w, rule := range want {
			if g, ok := got.of(w); !ok || g != rule {
				t.Fatalf("word %#x: owner %d, %v; want %d", w, g, ok, rule)
			}
		}
		for range 50 {
			w := uint32(val())
			if _, in := want[w]; in {
				continue
			}
			if g, ok := got.of(w); ok {
				t.Fatalf("word %#x: owner %d, want none", w, g)
			}
		}
		if len(got.keys) != len(want) {
			t.Fatalf("%d words, want %d", len(got.keys), len(want))
		}
	}
}

// TestOwnersOfAllocation bounds what ownersOf allocates for a long
// list of conditions, as an OCI rule with thousands of args on one
// argument expands to (runc's split): at most 100 bytes a condition
// (9 candidate words of 8 bytes). Before, a map of the words cost about
// 230 bytes a condition, 22% of lowering that shape.
func TestOwnersOfAllocation(t *testing.T) {
	const n = 20000
	conds := make([]*ir.Expr, n)
	rules := make([]int, n)
	for i := range conds {
		conds[i] = ir.Compare(0, ir.CmpNe, uint64(3*i+1))
		rules[i] = i
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	o := ownersOf(rules, conds)
	runtime.ReadMemStats(&after)
	if rule, ok := o.of(3*1000 + 2); !ok || rule != 1000 {
		t.Fatalf("owner of %d: %d, %v; want 1000", 3*1000+2, rule, ok)
	}
	per := float64(after.TotalAlloc-before.TotalAlloc) / n
	t.Logf("%.0f bytes a condition", per)
	if per > 100 {
		t.Errorf("ownersOf allocates %.0f bytes a condition, want at most 100", per)
	}
}
