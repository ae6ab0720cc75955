package verify

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The words the formula tests use, and the bits their atoms look at:
// with every mask inside lowBits, a word's value matters only through
// its low three bits, so enumerating 8 values per word is exhaustive.
var formulaWords = []int{4, 5, 7}

const lowBits = 7

func randLowAtom(rng *rand.Rand) (int, Atom) {
	w := formulaWords[rng.IntN(len(formulaWords))]
	m := uint32(rng.IntN(lowBits + 1))
	lo, hi := uint32(rng.IntN(8)), uint32(rng.IntN(8))
	if rng.IntN(2) == 0 {
		hi = lo
	}
	return w, Atom{Mask: m, Lo: lo, Hi: hi, Out: rng.IntN(2) == 0}
}

// randCNF returns a conjunction of disjunctions of atoms, the shape on
// which the case analysis of sat does its work.
func randCNF(rng *rand.Rand) *fnode {
	clauses := make([]*fnode, 2+rng.IntN(10))
	for i := range clauses {
		lits := make([]*fnode, 2+rng.IntN(2))
		for j := range lits {
			lits[j] = fatom(randLowAtom(rng))
		}
		clauses[i] = fjoin(false, lits)
	}
	return fjoin(true, clauses)
}

func randFormula(rng *rand.Rand, depth int) *fnode {
	if depth == 0 || rng.IntN(4) == 0 {
		return fatom(randLowAtom(rng))
	}
	subs := make([]*fnode, 1+rng.IntN(4))
	for i := range subs {
		subs[i] = randFormula(rng, depth-1)
	}
	return fjoin(rng.IntN(2) == 0, subs)
}

// evalFormula evaluates f on the word values vals (indexed like
// formulaWords).
func evalFormula(f *fnode, vals []uint32) bool {
	switch f.op {
	case fTrue:
		return true
	case fFalse:
		return false
	case fAtom:
		for i, w := range formulaWords {
			if int(f.w) == w {
				return f.a.Holds(vals[i])
			}
		}
		panic("word outside formulaWords")
	case fAnd:
		for _, g := range f.sub {
			if !evalFormula(g, vals) {
				return false
			}
		}
		return true
	}
	for _, g := range f.sub {
		if evalFormula(g, vals) {
			return true
		}
	}
	return false
}

// cubeHolds evaluates the constraints of c on the formula words.
func cubeHolds(c *Cube, vals []uint32) bool {
	for i, w := range formulaWords {
		if !c[w].Holds(vals[i]) {
			return false
		}
	}
	return true
}

// allValues calls f with every assignment of the low bits of the
// formula words.
func allValues(f func(vals []uint32)) {
	vals := make([]uint32, len(formulaWords))
	for x := range 1 << (3 * len(formulaWords)) {
		for i := range vals {
			vals[i] = uint32(x>>(3*i)) & lowBits
		}
		f(vals)
	}
}

// TestFormulaExhaustive checks simplify, sat and negate on random
// formulas and cubes against exhaustive evaluation: simplification keeps
// the formula's value on every input of the cube (true and false only
// when it is constant there), sat finds a sub-cube of solutions exactly
// when a solution exists, and negate complements.
func TestFormulaExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 1))
	for iter := range 4000 {
		f := randFormula(rng, 3)
		if iter%2 == 0 {
			f = randCNF(rng)
		}
		var c Cube
		for range rng.IntN(4) {
			w, a := randLowAtom(rng)
			cc := c
			if cc.And(w, a) {
				c = cc
			}
		}
		s := newFsolver()
		g := s.simplify(f, &c, math.MaxUint16)
		nf := negate(f)
		exists, all := false, true
		allValues(func(vals []uint32) {
			if evalFormula(nf, vals) == evalFormula(f, vals) {
				t.Fatalf("%d: negate(%v) = %v agrees at %v", iter, f, nf, vals)
			}
			if !cubeHolds(&c, vals) {
				return
			}
			v := evalFormula(f, vals)
			exists = exists || v
			all = all && v
			if evalFormula(g, vals) != v {
				t.Fatalf("%d: %v simplified under %v to %v, which differs at %v", iter, f, c.String(), g, vals)
			}
		})
		if g.op == fTrue && !all || g.op == fFalse && exists {
			t.Fatalf("%d: %v simplified under %v to %v, but exists %v, all %v", iter, f, c.String(), g, exists, all)
		}
		w, ok := s.sat(g, c)
		if s.err != nil {
			t.Fatal(s.err)
		}
		if ok != exists {
			t.Fatalf("%d: sat(%v) under %v = %v, want %v", iter, f, c.String(), ok, exists)
		}
		if !ok {
			continue
		}
		some := false
		allValues(func(vals []uint32) {
			if !cubeHolds(&w, vals) {
				return
			}
			some = true
			if !cubeHolds(&c, vals) || !evalFormula(f, vals) {
				t.Fatalf("%d: sat(%v) under %v gave %v, which holds %v outside the solutions", iter, f, c.String(), w.String(), vals)
			}
		})
		if !some {
			t.Fatalf("%d: sat(%v) under %v gave the empty %v", iter, f, c.String(), w.String())
		}
	}
}
