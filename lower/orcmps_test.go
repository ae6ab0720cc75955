package lower

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/seccompc/seccompc/ir"
)

// TestOrOfCmps checks asSet's shortcut for a disjunction of comparisons
// against the general reading (a set per comparison, then their union)
// and against each value's truth, on random disjunctions.
func TestOrOfCmps(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cmps := []ir.Cmp{ir.CmpEq, ir.CmpNe, ir.CmpLt, ir.CmpLe, ir.CmpGt, ir.CmpGe, ir.CmpMaskedEq, ir.CmpMaskedNe}
	vals := []uint64{0, 1, 2, 3, 7, 8, 1 << 31, 0xffffffff, 1 << 32, ^uint64(0) - 1, ^uint64(0)}
	for n := range 3000 {
		subs := make([]*ir.Expr, 1+rng.IntN(6))
		arg := rng.IntN(2)
		for i := range subs {
			c := cmps[rng.IntN(len(cmps))]
			x := &ir.Expr{Op: ir.OpCmp, Cmp: c, Arg: uint8(arg), Val: vals[rng.IntN(len(vals))], Mask: ^uint64(0)}
			if rng.IntN(8) == 0 {
				x.Mask = 0xff // not a set
			}
			if n%2 == 1 {
				x.Low32, x.Val, x.Mask = true, x.Val&0xffffffff, x.Mask&0xffffffff
			}
			if rng.IntN(20) == 0 {
				x.Arg = uint8(1 - arg) // another argument: not a set
			}
			subs[i] = x
		}
		x := &ir.Expr{Op: ir.OpOr, Sub: subs}
		k, got, ok := asSet(x)
		// The general reading.
		var sets []iset
		wantOK := true
		for i, sub := range subs {
			k2, s, ok := cmpSet(sub)
			if !ok || (i > 0 && k2 != k) {
				wantOK = false
				break
			}
			sets = append(sets, s)
		}
		if ok != wantOK {
			t.Fatalf("%v: asSet ok %v, want %v", x, ok, wantOK)
		}
		if !ok {
			continue
		}
		if want := combine(ir.OpOr, sets, k.max()); !slices.Equal(got, want) {
			t.Fatalf("%v: asSet %v, want %v", x, got, want)
		}
		for _, v := range vals {
			var args [ir.MaxArgs]uint64
			args[k.arg] = v
			in := false
			for _, iv := range got {
				w := v & k.max()
				in = in || (iv.lo <= w && w <= iv.hi)
			}
			if x.Holds(&args) != in {
				t.Fatalf("%v: value %#x in the set %v: %v, the expression holds: %v", x, v, got, in, !in)
			}
		}
	}
}
