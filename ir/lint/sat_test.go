package lint

import (
	"math/rand/v2"
	"testing"

	"github.com/seccompc/seccompc/internal/wordsat"
	"github.com/seccompc/seccompc/ir"
)

func mustExpr(t *testing.T, s string) *ir.Expr {
	t.Helper()
	x, err := ir.ParseExpr(s)
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return x
}

func TestSatisfiable(t *testing.T) {
	for _, tt := range []struct {
		expr string
		want tri
	}{
		{"a0 == 1", yes},
		{"a0 == 1 && a0 == 2", no},
		// Shapes Simplify leaves alone.
		{"(a0 & 0xf0) == 0x10 && a0 < 0x10", no},
		{"(a0 & 0xf0) == 0x10 && a0 < 0x20", yes},
		{"(a0 & 1) != 0 && (a0 & 1) != 1", no},
		{"(a0 & 3) != 0 && (a0 & 3) != 1 && (a0 & 3) != 2", yes},
		{"(a0 & 3) != 0 && (a0 & 3) != 1 && (a0 & 3) != 2 && (a0 & 3) != 3", no},
		{"(a0 & 0x3) != 0 && (a0 & 0x1) == 0 && (a0 & 0x2) == 0", no},
		{"(a0 & 0xff00) == 0x100 && a0 >= 0x200 && a0 < 0x10101", yes},
		{"(a0 & 0xff00) == 0x100 && a0 >= 0x200 && a0 < 0x10100", no},
		{"a0 >= 3 && a0 < 6 && a0 != 3 && a0 != 4 && a0 != 5", no},
		{"a0 >= 3 && a0 < 7 && a0 != 3 && a0 != 4 && a0 != 5", yes},
		// Low-word comparisons together with whole-argument ones.
		{"lo32(a0) == 5 && a0 < 5", no},
		{"lo32(a0) == 5 && a0 >= 0x100000000 && a0 < 0x100000005", no},
		{"lo32(a0) == 5 && a0 >= 0x100000000 && a0 < 0x100000006", yes},
		{"lo32(a0) != 0 && a0 < 0x100000001 && a0 >= 0x100000000", no},
		{"lo32(a0) < 4 && (a0 & 3) != 0 && (a0 & 3) != 1 && (a0 & 3) != 2 && (a0 & 3) != 3", no},
		// Disjunctions and negations.
		{"(a0 == 1 || a1 == 2) && a0 != 1 && a1 != 2", no},
		{"(a0 == 1 || a1 == 2) && a0 != 1", yes},
		{"!((a0 & 1) == 0 || (a0 & 1) == 1)", no},
	} {
		t.Run(tt.expr, func(t *testing.T) {
			if got := satisfiable(mustExpr(t, tt.expr)); got != tt.want {
				t.Errorf("satisfiable = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSatisfiableManyMasked checks that many masked != comparisons on
// one argument, which the linter's own search used to give up on past
// twelve, are decided exactly by the shared solver: forty on distinct
// bit pairs can hold; adding the four values of one pair cannot.
func TestSatisfiableManyMasked(t *testing.T) {
	var cs []*ir.Expr
	for i := range 40 {
		cs = append(cs, ir.Masked(0, 3<<(i%32)|1<<(32+i%31), 1<<(i%32), false))
	}
	if got := satisfiable(ir.And(cs...)); got != yes {
		t.Errorf("forty masked !=: satisfiable = %v, want yes", got)
	}
	for v := range uint64(4) {
		cs = append(cs, ir.Masked(0, 3<<40, v<<40, false))
	}
	if got := satisfiable(ir.And(cs...)); got != no {
		t.Errorf("with every value of bits 40-41 excluded: satisfiable = %v, want no", got)
	}
}

// TestSatisfiableBrute checks the solver against brute force on random
// conditions whose constants are below 16: a value then behaves as one
// of 0 to 31 or 2^32 plus one of those (whole-argument comparisons see
// only whether it is above 15 and its low four bits, lo32 ones its low
// word), so trying those decides them.
func TestSatisfiableBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gen := randomExpr(rng)
	counts := map[tri]int{}
	for range 2000 {
		x := gen(3)
		brute := no
		var args [ir.MaxArgs]uint64
		for _, a0 := range bruteValues {
			if brute == yes {
				break
			}
			for _, a1 := range bruteValues {
				args[0], args[1] = a0, a1
				if x.Holds(&args) {
					brute = yes
					break
				}
			}
		}
		got := satisfiable(x)
		counts[got]++
		if got != brute {
			t.Fatalf("%v: satisfiable = %v, brute force %v", x, got, brute)
		}
	}
	if counts[yes] == 0 || counts[no] == 0 {
		t.Errorf("degenerate sample: %v", counts)
	}
}

// bruteValues are the argument values that decide conditions made by
// randomExpr (see TestSatisfiableBrute).
var bruteValues = func() []uint64 {
	var vals []uint64
	for v := range uint64(32) {
		vals = append(vals, v, 1<<32|v)
	}
	return vals
}()

// randomExpr returns a generator of random conditions on a0 and a1
// with constants below 16, nested up to the given depth.
func randomExpr(rng *rand.Rand) func(depth int) *ir.Expr {
	cmps := []ir.Cmp{ir.CmpEq, ir.CmpNe, ir.CmpLt, ir.CmpLe, ir.CmpGt, ir.CmpGe, ir.CmpMaskedEq, ir.CmpMaskedNe}
	var leaf func() *ir.Expr
	leaf = func() *ir.Expr {
		c := cmps[rng.IntN(len(cmps))]
		x := &ir.Expr{Op: ir.OpCmp, Cmp: c, Arg: uint8(rng.IntN(2)), Val: rng.Uint64N(16), Low32: rng.IntN(4) == 0}
		if c.Masked() {
			x.Mask = rng.Uint64N(16)
		}
		return x
	}
	return randomTree(rng, leaf, 3)
}

// randomTree returns a generator of random conditions nested up to the
// given depth: a node is a leaf, or an Or, And or negated And of 2 to
// 1+extra nodes.
func randomTree(rng *rand.Rand, leaf func() *ir.Expr, extra int) func(depth int) *ir.Expr {
	var gen func(depth int) *ir.Expr
	gen = func(depth int) *ir.Expr {
		if depth == 0 || rng.IntN(3) == 0 {
			return leaf()
		}
		subs := make([]*ir.Expr, 2+rng.IntN(extra))
		for i := range subs {
			subs[i] = gen(depth - 1)
		}
		switch rng.IntN(3) {
		case 0:
			return ir.Or(subs...)
		case 1:
			return ir.Not(ir.And(subs...))
		}
		return ir.And(subs...)
	}
	return gen
}

func TestImplies(t *testing.T) {
	for _, tt := range []struct {
		x    string
		ys   []string
		want tri
	}{
		{"a0 == 1", []string{"a0 < 2"}, yes},
		{"a0 < 3", []string{"a0 < 2"}, no},
		{"a0 < 5", []string{"a0 < 3", "a0 >= 3 && a0 < 10"}, yes},
		{"a0 < 5", []string{"a0 < 3", "a0 >= 4"}, no},
		{"(a0 & 0xff) == 0x12", []string{"(a0 & 0xf) == 2"}, yes},
		{"(a0 & 0xf) == 2", []string{"(a0 & 0xff) == 0x12"}, no},
		{"true", []string{"(a1 & 1) == 0", "(a1 & 1) == 1"}, yes},
	} {
		t.Run(tt.x, func(t *testing.T) {
			var ys []*ir.Expr
			for _, y := range tt.ys {
				ys = append(ys, mustExpr(t, y))
			}
			if got := implies(mustExpr(t, tt.x), ys...); got != tt.want {
				t.Errorf("implies(%s, %v) = %v, want %v", tt.x, tt.ys, got, tt.want)
			}
		})
	}
}

// TestSatisfiableGivesUpSafely lowers the word solver's budget until it
// gives up: lint then answers unknown, never a certain no (which would
// make a "never matches" finding) nor a wrong yes. With the budget, the
// same conditions are decided.
func TestSatisfiableGivesUpSafely(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want tri
	}{
		{"a0 != 0x100000001 && a0 != 0x200000001", yes},
		{"(a0 & 0x100000001) == 0x100000001 && a0 < 0x100000001", no},
	} {
		if got := satisfiable(mustExpr(t, tc.expr)); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.expr, got, tc.want)
		}
		func() {
			defer func(n int) { wordsat.MaxSplits = n }(wordsat.MaxSplits)
			wordsat.MaxSplits = 1
			if got := satisfiable(mustExpr(t, tc.expr)); got != unknown {
				t.Errorf("%s with the budget exhausted: %v, want unknown", tc.expr, got)
			}
		}()
	}
}
