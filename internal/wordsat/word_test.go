package wordsat

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestAtomHolds(t *testing.T) {
	for _, tc := range []struct {
		a    Atom
		v    uint32
		want bool
	}{
		{Eq(math.MaxUint32, 5), 5, true},
		{Eq(math.MaxUint32, 5), 6, false},
		{Ne(math.MaxUint32, 5), 6, true},
		{Gt(math.MaxUint32, 5), 6, true},
		{Gt(math.MaxUint32, 5), 5, false},
		{Gt(math.MaxUint32, math.MaxUint32), math.MaxUint32, false},
		{Ge(math.MaxUint32, 5), 5, true},
		{Lt(math.MaxUint32, 5), 4, true},
		{Lt(math.MaxUint32, 5), 5, false},
		{Lt(math.MaxUint32, 0), 0, false},
		{Le(math.MaxUint32, 5), 5, true},
		{Le(math.MaxUint32, math.MaxUint32), math.MaxUint32, true},
		{Eq(0xff00, 0x5400), 0x12345412, true},
		{Eq(0xff00, 0x5400), 0x12345512, false},
		{Ne(0x4, 0), 0x4, true},  // jset 4 taken
		{Ne(0x4, 0), 0x3, false}, // jset 4 not taken
		{In(10, 20), 15, true},
		{In(10, 20), 21, false},
		{In(20, 10), 15, false},            // empty
		{In(20, 10).Not(), 15, true},       // complement of empty
		{Eq(0x0f, 0x10), 0x10, false},      // value outside the mask
		{Eq(0x0f, 0x10).Not(), 0x1f, true}, // so never equal
	} {
		if got := tc.a.Holds(tc.v); got != tc.want {
			t.Errorf("%v holds for %#x = %v, want %v", tc.a, tc.v, got, tc.want)
		}
		if got := tc.a.Not().Holds(tc.v); got == tc.want {
			t.Errorf("%v.Not() holds for %#x = %v, want %v", tc.a, tc.v, got, !tc.want)
		}
	}
}

func TestWordSolveCases(t *testing.T) {
	all := uint32(math.MaxUint32)
	for _, tc := range []struct {
		name     string
		w        Word
		min, max uint32
		sat      bool
	}{
		{"empty", nil, 0, all, true},
		{"point", Word{Eq(all, 42)}, 42, 42, true},
		{"interval", Word{Ge(all, 10), Le(all, 20)}, 10, 20, true},
		{"holes", Word{Ge(all, 10), Le(all, 12), Ne(all, 10), Ne(all, 12)}, 11, 11, true},
		{"all holes", Word{Ge(all, 10), Le(all, 11), Ne(all, 10), Ne(all, 11)}, 0, 0, false},
		{"crossed", Word{Gt(all, 20), Lt(all, 21)}, 0, 0, false},
		{"x32 bit", Word{Ne(0x40000000, 0), Ne(all, all)}, 0x40000000, 0xfffffffe, true},
		{"masked interval", Word{Ge(0xff, 0x80), Le(all, 0x100)}, 0x80, 0xff, true},
		{"masked eq and interval", Word{Eq(0xf0, 0x30), Ge(all, 0x35), Lt(all, 0x40)}, 0x35, 0x3f, true},
		{"masked eq outside", Word{Eq(0xf0, 0x30), Ge(all, 0x40), Lt(all, 0x130)}, 0, 0, false},
		{"value outside mask", Word{Eq(0x0f, 0x10)}, 0, 0, false},
		{"mask zero", Word{Eq(0, 0), Eq(all, 7)}, 7, 7, true},
		{"mask zero false", Word{Ne(0, 0)}, 0, 0, false},
		{"out of everything", Word{Le(0xff, 0xff).Not()}, 0, 0, false},
		{"jset chain", Word{Eq(1, 1), Eq(2, 0), Ne(all, 1), Ne(all, 5)}, 9, 0xfffffffd, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lo, ok1 := tc.w.Min()
			hi, ok2 := tc.w.Max()
			if ok1 != tc.sat || ok2 != tc.sat || tc.w.Sat() != tc.sat {
				t.Fatalf("sat = %v/%v/%v, want %v", ok1, ok2, tc.w.Sat(), tc.sat)
			}
			if tc.sat && (lo != tc.min || hi != tc.max) {
				t.Errorf("min, max = %#x, %#x, want %#x, %#x", lo, hi, tc.min, tc.max)
			}
		})
	}
}

// TestWordSolveExhaustive compares Min and Max with brute force on
// random conjunctions whose masks and bounds live in the low 8 bits (the
// value's other bits are then free, so the answers are known exactly),
// and checks And against Holds.
func TestWordSolveExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	small := func() uint32 { return rng.Uint32N(256) }
	for iter := range 3000 {
		var w Word
		n := 1 + rng.IntN(5)
		for range n {
			a := Atom{Mask: small(), Lo: small(), Hi: small(), Out: rng.IntN(2) == 0}
			switch rng.IntN(4) {
			case 0:
				a.Mask = 0xff
			case 1:
				a.Hi = a.Lo
			case 2:
				a.Hi = math.MaxUint32
			}
			w = append(w, a)
		}
		wantMin, wantMax, any := uint32(0), uint32(0), false
		for v := uint32(0); v < 256; v++ {
			if w.Holds(v) {
				if !any {
					wantMin = v
				}
				wantMax, any = v|0xffffff00, true
			}
		}
		lo, ok := w.Min()
		hi, ok2 := w.Max()
		if ok != any || ok2 != any {
			t.Fatalf("#%d %v: sat %v/%v, brute force %v", iter, w, ok, ok2, any)
		}
		if any && (lo != wantMin || hi != wantMax) {
			t.Fatalf("#%d %v: min, max = %#x, %#x, want %#x, %#x", iter, w, lo, hi, wantMin, wantMax)
		}
		// Incremental And agrees with the batch answer.
		var acc Word
		sat := true
		for _, a := range w {
			if acc, sat = acc.And(a); !sat {
				break
			}
		}
		if sat != any {
			t.Fatalf("#%d %v: And says %v, brute force %v", iter, w, sat, any)
		}
		if sat {
			for v := uint32(0); v < 256; v++ {
				if acc.Holds(v) != w.Holds(v) {
					t.Fatalf("#%d: And changed the set at %#x: %v vs %v", iter, v, acc, w)
				}
			}
		}
	}
}

// TestWordSolveWide checks witnesses on random full-width conjunctions:
// a returned value must satisfy every atom, and no random value below
// Min (or above Max) may.
func TestWordSolveWide(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for iter := range 2000 {
		var w Word
		for range 1 + rng.IntN(6) {
			lo, hi := rng.Uint32(), rng.Uint32()
			if lo > hi && rng.IntN(2) == 0 {
				lo, hi = hi, lo
			}
			mask := uint32(math.MaxUint32)
			if rng.IntN(3) == 0 {
				mask = rng.Uint32()
			}
			w = append(w, Atom{Mask: mask, Lo: lo, Hi: hi, Out: rng.IntN(3) == 0})
		}
		lo, ok := w.Min()
		hi, _ := w.Max()
		if !ok {
			for range 2000 {
				if v := rng.Uint32(); w.Holds(v) {
					t.Fatalf("#%d %v: unsat, but %#x holds", iter, w, v)
				}
			}
			continue
		}
		if !w.Holds(lo) || !w.Holds(hi) || lo > hi {
			t.Fatalf("#%d %v: min %#x max %#x do not hold", iter, w, lo, hi)
		}
		for range 2000 {
			v := rng.Uint32()
			if w.Holds(v) && (v < lo || v > hi) {
				t.Fatalf("#%d %v: %#x holds outside [%#x, %#x]", iter, w, v, lo, hi)
			}
		}
	}
}

// TestWordSolveManyHoles is a performance guard: a long run of
// exclusions, as a libseccomp-style linear filter produces on the nr
// word, must be decided quickly.
func TestWordSolveManyHoles(t *testing.T) {
	var w Word
	for v := uint32(0); v < 2000; v++ {
		w = append(w, Ne(math.MaxUint32, v))
	}
	w = append(w, Le(math.MaxUint32, 2000), Ne(1, 1))
	v, ok := w.Min()
	if !ok || v != 2000 {
		t.Fatalf("Min = %d, %v; want 2000", v, ok)
	}
	w = append(w, Ne(math.MaxUint32, 2000))
	if w.Sat() {
		t.Fatalf("sat with every value excluded")
	}
}

// TestWholeSat checks the allocation-free test for atoms on the whole
// word against the general solver.
func TestWholeSat(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 2))
	pick := func() uint32 { return uint32(rng.IntN(24)) + []uint32{0, 0xfffffff0}[rng.IntN(2)] }
	for range 20000 {
		var w Word
		for range rng.IntN(6) {
			lo, hi := pick(), pick()
			w = append(w, Atom{Mask: math.MaxUint32, Lo: lo, Hi: hi, Out: rng.IntN(3) != 0})
		}
		lo, hi := pick(), pick()
		a := Atom{Mask: math.MaxUint32, Lo: lo, Hi: hi, Out: rng.IntN(2) == 0}
		want := append(w[:len(w):len(w)], a).Sat()
		if got := wholeSat(w, a); got != want {
			t.Fatalf("wholeSat(%v, %v) = %v, want %v", w, a, got, want)
		}
	}
}

// TestPointSat checks the quick decision for masked equalities and
// inequalities against the general solver, on words whose masks share
// a few bits so that the inequalities can cover what the equalities
// leave.
func TestPointSat(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 3))
	decided := 0
	for range 50000 {
		bitsOf := func() uint32 {
			var m uint32
			for range 1 + rng.IntN(3) {
				m |= 1 << []int{0, 1, 2, 5, 31}[rng.IntN(5)]
			}
			if rng.IntN(8) == 0 {
				m = math.MaxUint32
			}
			return m
		}
		var w Word
		for range rng.IntN(7) {
			m := bitsOf()
			v := bitsOf() & m
			if rng.IntN(10) == 0 {
				v |= 1 << 3 // outside most masks
			}
			w = append(w, Atom{Mask: m, Lo: v, Hi: v, Out: rng.IntN(3) != 0})
		}
		_, want := w.solve(false)
		if ok, done := pointSat(w, nil); done {
			decided++
			if ok != want {
				t.Fatalf("pointSat(%v) = %v, want %v", w, ok, want)
			}
		}
		if len(w) > 0 {
			if ok, done := pointSat(w[1:], &w[0]); done && ok != want {
				t.Fatalf("pointSat(%v, %v) = %v, want %v", w[1:], w[0], ok, want)
			}
		}
	}
	if decided < 10000 {
		t.Errorf("pointSat decided only %d words", decided)
	}
}
