package wordsat

import (
	"math"
	"slices"
)

// Atom64 is one constraint on a 64-bit value x: (x & Mask) lies in the
// inclusive interval [Lo, Hi], or, when Out is set, outside it. Every
// comparison of a seccomp argument with a constant is one (see
// [Compare64]).
type Atom64 struct {
	Mask   uint64
	Lo, Hi uint64
	Out    bool
}

// Holds reports whether x satisfies a.
func (a Atom64) Holds(x uint64) bool {
	m := x & a.Mask
	return (a.Lo <= m && m <= a.Hi) != a.Out
}

// Rel is the relation of a comparison. Its values are those of ir.Cmp
// (a test in package ir keeps them so), so that callers convert with
// Rel(c).
type Rel uint8

// The relations; the masked ones compare (x & mask), the others x.
const (
	RelEq Rel = 1 + iota
	RelNe
	RelLt
	RelLe
	RelGt
	RelGe
	RelMaskedEq
	RelMaskedNe
)

// Compare64 returns the atom of the comparison "x rel v", or, for the
// masked relations, "(x & mask) rel v". With low32 the comparison is of
// the low 32 bits of x, v and mask, as on 32-bit ABIs. An unknown
// relation gives an atom that never holds.
func Compare64(r Rel, low32 bool, mask, v uint64) Atom64 {
	w := ^uint64(0)
	if low32 {
		w = math.MaxUint32
	}
	v &= w
	never := Atom64{Mask: w, Lo: 1, Hi: 0}
	switch r {
	case RelEq:
		return Atom64{Mask: w, Lo: v, Hi: v}
	case RelNe:
		return Atom64{Mask: w, Lo: v, Hi: v, Out: true}
	case RelLt:
		if v == 0 {
			return never
		}
		return Atom64{Mask: w, Lo: 0, Hi: v - 1}
	case RelLe:
		return Atom64{Mask: w, Lo: 0, Hi: v}
	case RelGt:
		if v == w {
			return never
		}
		return Atom64{Mask: w, Lo: v + 1, Hi: w}
	case RelGe:
		return Atom64{Mask: w, Lo: v, Hi: w}
	case RelMaskedEq:
		return Atom64{Mask: mask & w, Lo: v, Hi: v}
	case RelMaskedNe:
		return Atom64{Mask: mask & w, Lo: v, Hi: v, Out: true}
	}
	return never
}

// MaxSplits bounds the work of [Sat64] before it gives up: the cases it
// visits, each weighted by the atoms already on the words it decides
// the case on (deciding a word costs time growing with its atoms). (A
// variable so that the tests of its users can lower it and check that
// each takes the safe answer then.)
var MaxSplits = 1 << 14

// Sat64 decides whether some 64-bit value satisfies every atom, and
// returns one (the smallest high word, then the smallest low word, of
// the first case found) when so. known is false when the answer would
// need more work than [MaxSplits] allows; ok is then false too, and
// callers take whichever answer is safe for them.
//
// The value is two 32-bit words, high H and low L. For a given H, an
// atom holds or fails whatever L is, or constrains L alone: (x & Mask)
// has the high word H&MaskHi, and the atom's interval [Lo, Hi] is, by
// the high words of its ends, "inside" (strictly between them),
// "outside", "on Lo's high word" (then (L & MaskLo) >= Lo's low word) or
// "on Hi's" (then (L & MaskLo) <= Hi's low word). Each atom thus splits
// into at most three cases, each an [Atom] on H and at most one on L; a
// depth-first search over the atoms' cases keeps one [Word] per half
// and prunes a case as soon as either word is unsatisfiable, so the
// answer is exact, and the halves of the last case give the witness.
func Sat64(atoms []Atom64) (x uint64, ok, known bool) { return sat64(atoms, MaxSplits) }

// sat64 is [Sat64] with a budget of limit (see [MaxSplits]).
func sat64(atoms []Atom64, limit int) (x uint64, ok, known bool) {
	type alt struct {
		h, l Atom
		hasL bool
	}
	var cs [][]alt
	for _, a := range atoms {
		if a.Lo > a.Hi {
			if a.Out {
				continue
			}
			return 0, false, true
		}
		mh, ml := uint32(a.Mask>>32), uint32(a.Mask)
		loH, loL, hiH, hiL := uint32(a.Lo>>32), uint32(a.Lo), uint32(a.Hi>>32), uint32(a.Hi)
		var as []alt
		add := func(h Atom, l *Atom) {
			if Trivial(h) == -1 || l != nil && Trivial(*l) == -1 {
				return
			}
			c := alt{h: h}
			if l != nil && Trivial(*l) != 1 {
				c.l, c.hasL = *l, true
			}
			as = append(as, c)
		}
		if loH == hiH {
			add(Eq(mh, loH), &Atom{Mask: ml, Lo: loL, Hi: hiL, Out: a.Out})
			if a.Out {
				add(Ne(mh, loH), nil)
			}
		} else {
			add(Eq(mh, loH), &Atom{Mask: ml, Lo: loL, Hi: math.MaxUint32, Out: a.Out})
			add(Eq(mh, hiH), &Atom{Mask: ml, Lo: 0, Hi: hiL, Out: a.Out})
			if a.Out {
				add(Atom{Mask: mh, Lo: loH, Hi: hiH, Out: true}, nil)
			} else if hiH-loH >= 2 {
				add(Atom{Mask: mh, Lo: loH + 1, Hi: hiH - 1}, nil)
			}
		}
		if len(as) == 0 {
			return 0, false, true
		}
		cs = append(cs, as)
	}
	// The atoms with fewest cases first: they prune the most.
	slices.SortStableFunc(cs, func(p, q []alt) int { return len(p) - len(q) })
	steps := 0
	var hw, lw Word
	var rec func(i int, hw, lw Word) bool
	rec = func(i int, hw, lw Word) bool {
		if i == len(cs) {
			h, _ := hw.Min()
			l, _ := lw.Min()
			x = uint64(h)<<32 | uint64(l)
			return true
		}
		for _, c := range cs[i] {
			if steps += 1 + len(hw) + len(lw); steps > limit {
				return false
			}
			nh, sat := hw.And(c.h)
			if !sat {
				continue
			}
			nl := lw
			if c.hasL {
				if nl, sat = lw.And(c.l); !sat {
					continue
				}
			}
			if rec(i+1, nh, nl) {
				return true
			}
		}
		return false
	}
	if rec(0, hw, lw) {
		return x, true, true
	}
	return 0, false, steps <= limit
}
