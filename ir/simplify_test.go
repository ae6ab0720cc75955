package ir

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/internal/wordsat"
)

// dump prints an expression compactly, telling apart trees that differ
// only in structure (regexp/syntax's dumpRegexp style).
func sdump(x *Expr) string {
	switch x.Op {
	case OpTrue:
		return "T"
	case OpFalse:
		return "F"
	case OpCmp:
		s := "a" + string('0'+rune(x.Arg))
		if x.Low32 {
			s += ".lo"
		}
		if x.Cmp.Masked() {
			return s + "&" + hex(x.Mask) + x.Cmp.String()[1:] + hex(x.Val)
		}
		return s + x.Cmp.String() + hex(x.Val)
	}
	s := x.Op.String() + "{"
	for i, sub := range x.Sub {
		if i > 0 {
			s += " "
		}
		s += sdump(sub)
	}
	return s + "}"
}

func hex(v uint64) string {
	const digits = "0123456789abcdef"
	if v < 10 {
		return string(digits[v])
	}
	s := ""
	for v > 0 {
		s = string(digits[v&15]) + s
		v >>= 4
	}
	return "0x" + s
}

var (
	a0eq  = func(v uint64) *Expr { return Compare(0, CmpEq, v) }
	a0ne  = func(v uint64) *Expr { return Compare(0, CmpNe, v) }
	cmpOn = func(arg int, c Cmp, v uint64) *Expr { return Compare(arg, c, v) }
)

func low(x *Expr) *Expr { x.Low32 = true; return x }

var simplifyTests = []struct {
	name string
	in   *Expr
	want string
}{
	// Constants and folding.
	{"true", True(), "T"},
	{"not true", Not(True()), "F"},
	{"lt 0", cmpOn(0, CmpLt, 0), "F"},
	{"ge 0", cmpOn(0, CmpGe, 0), "T"},
	{"le max", cmpOn(0, CmpLe, ^uint64(0)), "T"},
	{"gt max", cmpOn(0, CmpGt, ^uint64(0)), "F"},
	{"le max32 low", low(cmpOn(0, CmpLe, 0xffffffff)), "T"},
	{"le max32 full", cmpOn(0, CmpLe, 0xffffffff), "a0<0x100000000"},
	{"lt 1", cmpOn(1, CmpLt, 1), "a1==0"},
	{"ge max", cmpOn(1, CmpGe, ^uint64(0)), "a1==0xffffffffffffffff"},
	{"le to lt", cmpOn(2, CmpLe, 5), "a2<6"},
	{"gt to ge", cmpOn(2, CmpGt, 5), "a2>=6"},
	// Masks.
	{"masked outside", Masked(0, 0xff, 0x100, true), "F"},
	{"masked ne outside", Masked(0, 0xff, 0x100, false), "T"},
	{"zero mask", Masked(0, 0, 0, true), "T"},
	{"zero mask ne", Masked(0, 0, 0, false), "F"},
	{"full mask", Masked(3, ^uint64(0), 7, true), "a3==7"},
	{"full mask low", low(Masked(3, 0xffffffff, 7, false)), "a3.lo!=7"},
	{"masked kept", Masked(0, 0x7e020000, 0, true), "a0&0x7e020000==0"},
	// Negation pushed down.
	{"not eq", Not(a0eq(1)), "a0!=1"},
	{"not lt", Not(cmpOn(0, CmpLt, 9)), "a0>=9"},
	{"not masked", Not(Masked(1, 0xf0, 0x10, true)), "a1&0xf0!=0x10"},
	{"de morgan", Not(And(a0eq(1), cmpOn(1, CmpEq, 2))), "or{a0!=1 a1!=2}"},
	{"double not", Not(Not(a0eq(3))), "a0==3"},
	// Flattening, order, duplicates.
	{"flatten", And(cmpOn(2, CmpEq, 1), And(cmpOn(1, CmpEq, 1), cmpOn(0, CmpEq, 1))), "and{a0==1 a1==1 a2==1}"},
	{"dedupe", Or(cmpOn(1, CmpEq, 1), And(a0eq(1), cmpOn(2, CmpEq, 3)), cmpOn(1, CmpEq, 1)), "or{a1==1 and{a0==1 a2==3}}"},
	{"and true", And(True(), a0eq(1)), "a0==1"},
	{"and false", And(a0eq(1), False()), "F"},
	{"or true", Or(a0eq(1), True()), "T"},
	// Contradictions and tautologies within one word.
	{"two eqs", And(a0eq(1), a0eq(2)), "F"},
	{"eq and ne", And(a0eq(1), a0ne(1)), "F"},
	{"eq in range", And(a0eq(5), cmpOn(0, CmpLt, 9)), "a0==5"},
	{"eq outside range", And(a0eq(9), cmpOn(0, CmpLt, 9)), "F"},
	{"empty interval", And(cmpOn(0, CmpGe, 9), cmpOn(0, CmpLt, 9)), "F"},
	{"point interval", And(cmpOn(0, CmpGe, 9), cmpOn(0, CmpLt, 10)), "a0==9"},
	{"tighten", And(cmpOn(0, CmpGe, 3), cmpOn(0, CmpGe, 5), cmpOn(0, CmpLt, 100), cmpOn(0, CmpLe, 50)), "and{a0<0x33 a0>=5}"},
	{"ne shrinks", And(a0ne(0), cmpOn(0, CmpLt, 2)), "a0==1"},
	{"ne outside dropped", And(a0ne(100), cmpOn(0, CmpLt, 10), cmpOn(0, CmpGe, 2)), "and{a0<0xa a0>=2}"},
	{"ne all", And(a0ne(0), a0ne(1), cmpOn(0, CmpLt, 2)), "F"},
	{"excluded middle", Or(cmpOn(0, CmpLt, 5), cmpOn(0, CmpGe, 5)), "T"},
	{"eq or ne", Or(a0eq(4), a0ne(4)), "T"},
	{"or merges bounds", Or(cmpOn(0, CmpGe, 10), cmpOn(0, CmpGe, 20)), "a0>=0xa"},
	{"different words kept", And(a0eq(1), low(a0eq(2))), "and{a0==1 a0.lo==2}"},
	{"masked same mask", And(Masked(0, 0xf, 1, true), Masked(0, 0xf, 2, true)), "F"},
	{"masked eq ne", And(Masked(0, 0xf, 1, true), Masked(0, 0xf, 1, false)), "F"},
	{"masked with eq", And(Masked(0, 0xf, 1, true), a0eq(0x11)), "a0==0x11"},
	{"masked with eq fails", And(Masked(0, 0xf, 1, true), a0eq(0x12)), "F"},
	{"masked or complement", Or(Masked(0, 0xf, 1, true), Masked(0, 0xf, 1, false)), "T"},
}

func TestSimplify(t *testing.T) {
	for _, tt := range simplifyTests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.in.Validate(); err != nil {
				t.Fatalf("invalid test input: %v", err)
			}
			got := tt.in.Simplify()
			if d := sdump(got); d != tt.want {
				t.Errorf("Simplify(%s) = %s, want %s", sdump(tt.in), d, tt.want)
			}
			if !got.IsSimple() {
				t.Errorf("Simplify(%s) = %s is not simple", sdump(tt.in), sdump(got))
			}
			checkSameSemantics(t, tt.in, got)
			if again := got.Simplify(); !again.Equal(got) {
				t.Errorf("Simplify not idempotent: %s then %s", sdump(got), sdump(again))
			}
		})
	}
}

// checkSameSemantics evaluates a and b on boundary vectors over the
// arguments they use (each argument varied alone, and all pairs of
// values on arguments 0 and 1).
func checkSameSemantics(t *testing.T, a, b *Expr) {
	t.Helper()
	if d := semanticDiff(a, b); d != "" {
		t.Fatal(d)
	}
}

func semanticDiff(a, b *Expr) string {
	bv := BoundaryValues(a, b)
	var args [MaxArgs]uint64
	check := func() string {
		if ga, gb := a.Holds(&args), b.Holds(&args); ga != gb {
			return fmt.Sprintf("%s and %s differ at %#x: %v vs %v", sdump(a), sdump(b), args, ga, gb)
		}
		return ""
	}
	for i := 0; i < MaxArgs; i++ {
		for _, v := range bv[i] {
			args = [MaxArgs]uint64{}
			args[i] = v
			if d := check(); d != "" {
				return d
			}
		}
	}
	for _, v0 := range bv[0] {
		for _, v1 := range bv[1] {
			args = [MaxArgs]uint64{v0, v1}
			if d := check(); d != "" {
				return d
			}
		}
	}
	return ""
}

// randExpr builds a random expression over arguments 0 and 1 from a
// small pool of constants, so that contradictions are frequent.
func randSimpExpr(r *rand.Rand, depth int) *Expr {
	consts := []uint64{0, 1, 2, 5, 0xff, 0x100000000, 0xffffffff, ^uint64(0), 0x100000005}
	if depth <= 0 || r.IntN(3) == 0 {
		switch r.IntN(10) {
		case 0:
			return True()
		case 1:
			return False()
		}
		x := &Expr{Op: OpCmp, Arg: uint8(r.IntN(2)), Cmp: Cmp(1 + r.IntN(8)), Val: consts[r.IntN(len(consts))]}
		if x.Cmp.Masked() {
			x.Mask = consts[r.IntN(len(consts))]
		}
		if r.IntN(4) == 0 {
			x.Low32, x.Val, x.Mask = true, x.Val&0xffffffff, x.Mask&0xffffffff
		}
		return x
	}
	switch r.IntN(3) {
	case 0:
		return Not(randSimpExpr(r, depth-1))
	case 1:
		return And(randSimpExpr(r, depth-1), randSimpExpr(r, depth-1), randSimpExpr(r, depth-1))
	}
	return Or(randSimpExpr(r, depth-1), randSimpExpr(r, depth-1))
}

func TestSimplifyRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 3000; i++ {
		x := randSimpExpr(r, 4)
		s := x.Simplify()
		if !s.IsSimple() {
			t.Fatalf("Simplify(%s) = %s: not simple", sdump(x), sdump(s))
		}
		if again := s.Simplify(); !again.Equal(s) {
			t.Fatalf("not idempotent: %s -> %s -> %s", sdump(x), sdump(s), sdump(again))
		}
		checkSameSemantics(t, x, s)
	}
}

// TestCheckSameSemanticsCatches shows that the semantic check used above
// can fail: a deliberately wrong "simplification" is caught.
func TestCheckSameSemanticsCatches(t *testing.T) {
	wrong := []struct{ a, b *Expr }{
		{cmpOn(0, CmpLe, 5), cmpOn(0, CmpLt, 5)},
		{Masked(0, 0xf0, 0x10, true), Masked(0, 0xff, 0x10, true)},
		{low(a0eq(1)), a0eq(1)},
		{cmpOn(1, CmpGe, 0x100000000), cmpOn(1, CmpGe, 0xffffffff)},
	}
	for _, w := range wrong {
		if semanticDiff(w.a, w.b) == "" {
			t.Errorf("checkSameSemantics(%s, %s) found no difference", sdump(w.a), sdump(w.b))
		}
	}
}

// TestCompareAtomsMatchCmp checks that the word solver reads every
// comparison as Holds does: its relation values are those of Cmp
// (callers convert with wordsat.Rel(c)), with and without Low32.
func TestCompareAtomsMatchCmp(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 1))
	pick := func() uint64 {
		return []uint64{0, 1, 7, 0xffffffff, 1 << 32, ^uint64(0), rng.Uint64(), rng.Uint64() & 0xf}[rng.IntN(8)]
	}
	for c := CmpEq; c <= CmpMaskedNe; c++ {
		for range 5000 {
			x := &Expr{Op: OpCmp, Cmp: c, Arg: 0, Low32: rng.IntN(2) == 0, Val: pick()}
			if c.Masked() {
				x.Mask = pick()
			}
			v := pick()
			if got, want := wordsat.Compare64(wordsat.Rel(c), x.Low32, x.Mask, x.Val).Holds(v), x.cmpHolds(v); got != want {
				t.Fatalf("%v at %#x: the solver's atom holds %v, Holds %v", x, v, got, want)
			}
		}
	}
}

// TestSimplifyGivesUpSafely lowers the word solver's budget until it
// gives up: Simplify then leaves a conjunction it cannot decide as it
// is, rather than folding it to False.
func TestSimplifyGivesUpSafely(t *testing.T) {
	x := And(Masked(0, 1<<32|1, 1<<32|1, true), Compare(0, CmpLt, 1<<32|1))
	if got := x.Simplify(); got.Op != OpFalse {
		t.Fatalf("%v simplifies to %v, want false", x, got)
	}
	defer func(n int) { wordsat.MaxSplits = n }(wordsat.MaxSplits)
	wordsat.MaxSplits = 1
	if got := x.Simplify(); got.Op != OpAnd || len(got.Sub) != 2 {
		t.Errorf("with the budget exhausted, %v simplifies to %v, want the And as it is", x, got)
	}
}

// TestSimplifyDecidesMaskedWords checks that a conjunction of masked
// comparisons on one word that no value satisfies folds to false even
// when no two of them contradict alone.
func TestSimplifyDecidesMaskedWords(t *testing.T) {
	for _, tc := range []struct {
		x    *Expr
		want bool // satisfiable
	}{
		{And(Masked(0, 3, 0, false), Masked(0, 1, 1, true), Masked(0, 2, 0, true)), true},
		{And(Masked(0, 3, 1, false), Masked(0, 1, 1, true), Masked(0, 2, 0, true)), false},
		{And(Masked(0, 0xf0, 0x10, true), Compare(0, CmpLt, 0x10)), false},
		{And(Masked(0, 0xf0, 0x10, true), Compare(0, CmpGe, 0x10), Compare(0, CmpLt, 0x12), Compare(0, CmpNe, 0x10)), true},
		{And(Masked(0, 0xf0, 0x20, true), Compare(0, CmpGe, 0x10), Compare(0, CmpLt, 0x20)), false},
		{And(Masked(0, 0xf0, 0x20, true), Compare(0, CmpGe, 0x10), Compare(0, CmpLt, 0x21)), true},
	} {
		got := tc.x.Simplify()
		if (got.Op != OpFalse) != tc.want {
			t.Errorf("%v simplifies to %v; satisfiable: %v", tc.x, got, tc.want)
		}
	}
}

// TestSimplifyValueSetAllocation: a value set is one Or of as many
// comparisons as values; simplifying it must not build its negation
// and then that negation's (two new comparisons a value) nor a map of
// its values (issue 14: a 1 MB policy of one set). Bytes allocated a
// value, with 20000 values: about 41 now; 354 before.
func TestSimplifyValueSetAllocation(t *testing.T) {
	const n = 20000
	r := rand.New(rand.NewPCG(1, 1))
	for _, tt := range []struct {
		name string
		cmp  func(v uint64) *Expr
	}{
		{"in", func(v uint64) *Expr { return Compare(0, CmpEq, v) }},
		{"not in", func(v uint64) *Expr { return Compare(2, CmpNe, v) }},
		{"lo32 in, with 0", func(v uint64) *Expr { return low(Compare(1, CmpEq, v&0xffffffff)) }},
	} {
		subs := make([]*Expr, n)
		for i := range subs {
			subs[i] = tt.cmp(r.Uint64() | 1)
		}
		subs[n/2] = tt.cmp(0)
		x := Or(subs...)
		if tt.name == "not in" {
			x = And(subs...)
		}
		var s *Expr
		alloc := scalegen.Allocated(func() { s = x.Simplify() })
		if len(s.Sub) < n-10 {
			t.Fatalf("%s: %d operands after Simplify, want about %d", tt.name, len(s.Sub), n)
		}
		// The same verdict on each operand's value, each value's
		// neighbours and the ends.
		for _, c := range append(subs[:100:100], Compare(0, CmpEq, 0), Compare(0, CmpEq, ^uint64(0))) {
			for _, v := range []uint64{c.Val - 1, c.Val, c.Val + 1} {
				args := [MaxArgs]uint64{v, v, v, v, v, v}
				if x.Holds(&args) != s.Holds(&args) {
					t.Fatalf("%s: Simplify changes the verdict at %#x", tt.name, v)
				}
			}
		}
		if per := float64(alloc) / n; per > 96 {
			t.Errorf("%s: Simplify allocates %.0f bytes a value, want at most 96", tt.name, per)
		}
	}
}
