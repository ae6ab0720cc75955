package wordsat

import (
	"math/rand/v2"
	"testing"
)

// smallBits are the bits the exhaustive tests of Sat64 vary: three of
// each half, so that every case of the split (an atom's ends on equal or
// different high words, inside, outside, masked halves) arises.
var smallBits = []uint{0, 1, 2, 32, 33, 34}

// spread places the low bits of v on smallBits.
func spread(v uint64) uint64 {
	var x uint64
	for i, b := range smallBits {
		x |= (v >> i & 1) << b
	}
	return x
}

// randAtom64 returns an atom whose mask, bounds and values live on
// smallBits, or, now and then, on the whole value.
func randAtom64(rng *rand.Rand) Atom64 {
	n := uint64(1) << len(smallBits)
	a := Atom64{Mask: spread(rng.Uint64N(n)), Lo: spread(rng.Uint64N(n)), Hi: spread(rng.Uint64N(n)), Out: rng.IntN(2) == 0}
	switch rng.IntN(5) {
	case 0:
		a.Mask = ^uint64(0)
	case 1:
		a.Hi = a.Lo
	case 2:
		a.Lo, a.Hi = min(a.Lo, a.Hi), max(a.Lo, a.Hi)
	case 3:
		a = Compare64(Rel(1+rng.IntN(8)), rng.IntN(3) == 0, spread(rng.Uint64N(n)), spread(rng.Uint64N(n)))
	}
	return a
}

// TestSat64Exhaustive compares Sat64 with brute force: with the bits
// outside smallBits fixed to zero by one more atom, the values are the
// 64 placements of smallBits, all of which are tried.
func TestSat64Exhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(64, 1))
	var fix uint64
	for _, b := range smallBits {
		fix |= 1 << b
	}
	for iter := range 20000 {
		atoms := []Atom64{{Mask: ^fix, Lo: 0, Hi: 0}}
		for range 1 + rng.IntN(5) {
			atoms = append(atoms, randAtom64(rng))
		}
		// Put the fixing atom anywhere: the order must not matter.
		k := rng.IntN(len(atoms))
		atoms[0], atoms[k] = atoms[k], atoms[0]
		want := false
		for v := range uint64(1) << len(smallBits) {
			if holdsAll(atoms, spread(v)) {
				want = true
				break
			}
		}
		x, ok, known := Sat64(atoms)
		if !known || ok != want {
			t.Fatalf("#%d %v: Sat64 = %v (known %v), brute force %v", iter, atoms, ok, known, want)
		}
		if ok && !holdsAll(atoms, x) {
			t.Fatalf("#%d %v: witness %#x does not hold", iter, atoms, x)
		}
	}
}

// TestSat64Wide checks Sat64 on atoms over the whole value: a witness
// must hold, and when the answer is "none", no value near any atom's
// bounds (where a solution would have to start) nor any random value may
// hold.
func TestSat64Wide(t *testing.T) {
	rng := rand.New(rand.NewPCG(64, 2))
	for iter := range 5000 {
		var atoms []Atom64
		for range 1 + rng.IntN(5) {
			a := Atom64{Mask: ^uint64(0), Lo: rng.Uint64(), Hi: rng.Uint64(), Out: rng.IntN(3) == 0}
			if rng.IntN(2) == 0 {
				a.Lo, a.Hi = min(a.Lo, a.Hi), max(a.Lo, a.Hi)
			}
			if rng.IntN(4) == 0 {
				a.Hi = a.Lo
			}
			if rng.IntN(4) == 0 {
				a.Mask = rng.Uint64()
				a.Lo &= a.Mask
			}
			atoms = append(atoms, a)
		}
		x, ok, known := Sat64(atoms)
		if !known {
			t.Fatalf("#%d %v: gave up", iter, atoms)
		}
		if ok {
			if !holdsAll(atoms, x) {
				t.Fatalf("#%d %v: witness %#x does not hold", iter, atoms, x)
			}
			continue
		}
		var cands []uint64
		for _, a := range atoms {
			for _, v := range []uint64{a.Lo, a.Hi} {
				cands = append(cands, v, v+1, v-1, v|^a.Mask, v&a.Mask)
			}
		}
		for range 200 {
			cands = append(cands, rng.Uint64())
		}
		for _, v := range cands {
			if holdsAll(atoms, v) {
				t.Fatalf("#%d %v: unsat, but %#x holds", iter, atoms, v)
			}
		}
	}
}

// TestCompare64 checks the atoms of comparisons against the relations
// they stand for.
func TestCompare64(t *testing.T) {
	rng := rand.New(rand.NewPCG(64, 3))
	pick := func() uint64 {
		return []uint64{0, 1, 5, 0xffffffff, 0x100000000, ^uint64(0), rng.Uint64(), rng.Uint64() & 0xff}[rng.IntN(8)]
	}
	for range 100000 {
		r, low32, m, v, x := Rel(1+rng.IntN(8)), rng.IntN(2) == 0, pick(), pick(), pick()
		a, b, mm := x, v, m
		if low32 {
			a, b, mm = a&0xffffffff, b&0xffffffff, mm&0xffffffff
		}
		want := map[Rel]bool{
			RelEq: a == b, RelNe: a != b, RelLt: a < b, RelLe: a <= b, RelGt: a > b, RelGe: a >= b,
			RelMaskedEq: a&mm == b, RelMaskedNe: a&mm != b,
		}[r]
		if got := Compare64(r, low32, m, v).Holds(x); got != want {
			t.Fatalf("Compare64(%d, %v, %#x, %#x).Holds(%#x) = %v, want %v", r, low32, m, v, x, got, want)
		}
	}
	if Compare64(0, false, 0, 0).Holds(0) {
		t.Errorf("an unknown relation holds")
	}
}

// TestSat64Budget checks that Sat64 gives up, rather than answering
// wrongly, when the cases exceed the budget: ten exclusions of 64-bit
// values need more than ten cases to satisfy, and the answer within the
// budget is the same as without.
func TestSat64Budget(t *testing.T) {
	var atoms []Atom64
	for i := range 10 {
		atoms = append(atoms, Compare64(RelNe, false, 0, uint64(i)<<32|7))
	}
	if _, ok, known := sat64(atoms, 10); known || ok {
		t.Fatalf("sat64 with 10 cases = %v, known %v; want a give-up", ok, known)
	}
	if x, ok, known := sat64(atoms, MaxSplits); !known || !ok || !holdsAll(atoms, x) {
		t.Fatalf("sat64 = %#x, %v, known %v; want a witness", x, ok, known)
	}
}

func holdsAll(atoms []Atom64, x uint64) bool {
	for _, a := range atoms {
		if !a.Holds(x) {
			return false
		}
	}
	return true
}

// TestSat64BudgetCountsWork checks that the budget bounds Sat64's work,
// not only its cases: 1024 masked exclusions on the low word are one
// case each, but deciding each case costs time growing with the atoms
// before it, so the search is quadratic in them. ir/lint decides every
// prefix of such a conjunction, and spent 50 s on a rule with 1024 of
// them when the budget counted cases alone.
func TestSat64BudgetCountsWork(t *testing.T) {
	var atoms []Atom64
	for i := range 1024 {
		v := uint64(i * 7)
		atoms = append(atoms, Compare64(RelNe, false, 0xffff0000|v, v&0xffff))
	}
	if _, ok, known := Sat64(atoms); known || ok {
		t.Fatalf("Sat64 of %d masked exclusions = %v, known %v; want a give-up", len(atoms), ok, known)
	}
	if x, ok, known := Sat64(atoms[:32]); !known || !ok || !holdsAll(atoms[:32], x) {
		t.Fatalf("Sat64 of 32 masked exclusions = %#x, %v, known %v; want a witness", x, ok, known)
	}
}
