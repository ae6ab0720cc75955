package lint

import (
	"github.com/seccompc/seccompc/ir"
)

// This file decides, exactly, whether a conjunction of comparisons can
// hold, and whether one condition implies another. It is what makes
// "never matches" and "shadowed" findings exact rather than sampled.
//
// A conjunction is split by argument: arguments are independent, so the
// conjunction holds for some input when each argument's part holds for
// some value. The comparisons on one 64-bit argument (whole-word ones
// and Low32 ones alike) become a word: an interval of the 64-bit value,
// an interval of its low 32 bits, bits fixed by masked ==, masked !=
// constraints and excluded points. A word is decided by a depth-first
// search over the 64 bits from the top, whose state is the tightness
// against the four interval ends and the set of masked != constraints
// already satisfied; failed states are memoized, so the search is
// polynomial in the number of states. Excluded points are handled by
// enumerating the smallest solutions in order and skipping the excluded
// ones.
//
// Two limits keep the cost bounded; past them the answer is "unknown",
// which callers treat conservatively (a condition that may hold, an
// implication that may fail):
//
//   - maxMaskedNe masked != constraints on one word (each doubles the
//     state space);
//   - maxTerms terms when a condition is put in disjunctive normal form.

const (
	maxMaskedNe = 12
	maxTerms    = 4096
)

// tri is a three-valued answer.
type tri uint8

const (
	no tri = iota
	yes
	unknown
)

type maskVal struct{ m, v uint64 }

// word is the set of values of one argument allowed by a conjunction.
type word struct {
	lo, hi     uint64 // the 64-bit value
	lo32, hi32 uint64 // its low 32 bits
	fixM, fixD uint64 // bits fixed by masked == (fixD &^ fixM == 0)
	ne         []maskVal
	pts64      []uint64 // excluded values
	pts32      []uint64 // excluded low words
	empty      bool     // a constraint is contradictory by itself
}

func newWord() *word {
	return &word{hi: ^uint64(0), hi32: 0xffffffff}
}

// add narrows w by the comparison c (an OpCmp node).
func (w *word) add(c *ir.Expr) {
	if c.Low32 {
		w.add32(c)
		return
	}
	v, m := c.Val, c.Mask
	switch c.Cmp {
	case ir.CmpEq:
		w.lo, w.hi = max(w.lo, v), min(w.hi, v)
	case ir.CmpNe:
		w.pts64 = append(w.pts64, v)
	case ir.CmpLt:
		if v == 0 {
			w.empty = true
			return
		}
		w.hi = min(w.hi, v-1)
	case ir.CmpLe:
		w.hi = min(w.hi, v)
	case ir.CmpGt:
		if v == ^uint64(0) {
			w.empty = true
			return
		}
		w.lo = max(w.lo, v+1)
	case ir.CmpGe:
		w.lo = max(w.lo, v)
	case ir.CmpMaskedEq:
		w.fix(m, v)
	case ir.CmpMaskedNe:
		w.maskedNe(m, v, ^uint64(0))
	}
}

func (w *word) add32(c *ir.Expr) {
	const full = 0xffffffff
	v, m := c.Val&full, c.Mask&full
	switch c.Cmp {
	case ir.CmpEq:
		w.lo32, w.hi32 = max(w.lo32, v), min(w.hi32, v)
	case ir.CmpNe:
		w.pts32 = append(w.pts32, v)
	case ir.CmpLt:
		if v == 0 {
			w.empty = true
			return
		}
		w.hi32 = min(w.hi32, v-1)
	case ir.CmpLe:
		w.hi32 = min(w.hi32, v)
	case ir.CmpGt:
		if v == full {
			w.empty = true
			return
		}
		w.lo32 = max(w.lo32, v+1)
	case ir.CmpGe:
		w.lo32 = max(w.lo32, v)
	case ir.CmpMaskedEq:
		w.fix(m, v)
	case ir.CmpMaskedNe:
		w.maskedNe(m, v, full)
	}
}

// fix adds (x & m) == v.
func (w *word) fix(m, v uint64) {
	if v&^m != 0 || (v^w.fixD)&m&w.fixM != 0 {
		w.empty = true
		return
	}
	w.fixM |= m
	w.fixD |= v
}

// maskedNe adds (x & m) != v; full is the mask that makes it a point.
func (w *word) maskedNe(m, v, full uint64) {
	switch {
	case v&^m != 0:
		return // always holds
	case m == 0:
		w.empty = true // 0 != 0
	case m == full && full == 0xffffffff:
		w.pts32 = append(w.pts32, v)
	case m == full:
		w.pts64 = append(w.pts64, v)
	default:
		w.ne = append(w.ne, maskVal{m, v})
	}
}

// sat reports whether some value satisfies every constraint of w.
func (w *word) sat() tri {
	if w.empty || w.lo > w.hi || w.lo32 > w.hi32 {
		return no
	}
	if len(w.ne) > maxMaskedNe {
		return unknown
	}
	excluded := func(x uint64) bool {
		for _, p := range w.pts64 {
			if p == x {
				return true
			}
		}
		for _, p := range w.pts32 {
			if p == x&0xffffffff {
				return true
			}
		}
		return false
	}
	// Each excluded point is the smallest solution at most once for
	// pts64; a low-word point can recur in every 2^32 block, which the
	// bound below cuts short (answering unknown).
	lo := w.lo
	for range len(w.pts64) + 2*len(w.pts32) + 2 {
		x, ok := w.smallest(lo)
		if !ok {
			return no
		}
		if !excluded(x) {
			return yes
		}
		if x == w.hi {
			return no
		}
		lo = x + 1
	}
	return unknown
}

// smallest returns the smallest value >= lo (and within w's intervals)
// that satisfies the fixed bits and every masked != constraint.
func (w *word) smallest(lo uint64) (uint64, bool) {
	s := &search{w: w, lo: lo, failed: map[state]bool{}}
	all := uint32(1)<<len(w.ne) - 1
	s.all = all
	return s.find(63, flagsAll, 0, 0)
}

type state struct {
	bit   int8
	flags uint8
	done  uint32
}

const (
	tightLo64 = 1 << iota
	tightHi64
	tightLo32
	tightHi32
	flagsAll = tightLo64 | tightHi64 | tightLo32 | tightHi32
)

type search struct {
	w      *word
	lo     uint64
	all    uint32
	failed map[state]bool
}

// find extends the bits above bit (prefix, already chosen) to the
// smallest solution, or reports that none exists.
func (s *search) find(bit int, flags uint8, done uint32, prefix uint64) (uint64, bool) {
	if bit < 0 {
		return prefix, done == s.all
	}
	st := state{int8(bit), flags, done}
	if s.failed[st] {
		return 0, false
	}
	w := s.w
	b := uint64(1) << bit
	for c := uint64(0); c <= 1; c++ {
		cb := c * b
		if w.fixM&b != 0 && w.fixD&b != cb {
			continue
		}
		f := flags
		if f&tightLo64 != 0 {
			lb := s.lo & b
			if cb < lb {
				continue
			}
			if cb > lb {
				f &^= tightLo64
			}
		}
		if f&tightHi64 != 0 {
			hb := w.hi & b
			if cb > hb {
				continue
			}
			if cb < hb {
				f &^= tightHi64
			}
		}
		if bit < 32 {
			if f&tightLo32 != 0 {
				lb := w.lo32 & b
				if cb < lb {
					continue
				}
				if cb > lb {
					f &^= tightLo32
				}
			}
			if f&tightHi32 != 0 {
				hb := w.hi32 & b
				if cb > hb {
					continue
				}
				if cb < hb {
					f &^= tightHi32
				}
			}
		}
		d := done
		for i, n := range w.ne {
			if n.m&b != 0 && n.v&b != cb {
				d |= 1 << i
			}
		}
		if x, ok := s.find(bit-1, f, d, prefix|cb); ok {
			return x, true
		}
	}
	s.failed[st] = true
	return 0, false
}

// term is a conjunction of comparisons.
type term []*ir.Expr

// satTerm decides whether the conjunction t can hold.
func satTerm(t term) tri {
	words := map[uint8]*word{}
	for _, c := range t {
		w := words[c.Arg]
		if w == nil {
			w = newWord()
			words[c.Arg] = w
		}
		w.add(c)
	}
	res := yes
	for _, w := range words {
		switch w.sat() {
		case no:
			return no
		case unknown:
			res = unknown
		}
	}
	return res
}

// dnf returns x as a disjunction of satisfiable-or-unknown conjunctions
// of comparisons, dropping the terms that cannot hold. ok is false when
// the form would exceed maxTerms terms or x has a shape dnf does not
// handle (x must be simplified: no OpNot).
func dnf(x *ir.Expr) (ts []term, ok bool) {
	switch x.Op {
	case ir.OpTrue:
		return []term{nil}, true
	case ir.OpFalse:
		return nil, true
	case ir.OpCmp:
		if satTerm(term{x}) == no {
			return nil, true
		}
		return []term{{x}}, true
	case ir.OpOr:
		for _, s := range x.Sub {
			st, ok := dnf(s)
			if !ok {
				return nil, false
			}
			ts = append(ts, st...)
			if len(ts) > maxTerms {
				return nil, false
			}
		}
		return ts, true
	case ir.OpAnd:
		ts = []term{nil}
		for _, s := range x.Sub {
			st, ok := dnf(s)
			if !ok {
				return nil, false
			}
			var next []term
			for _, a := range ts {
				for _, b := range st {
					t := append(append(term{}, a...), b...)
					if satTerm(t) == no {
						continue
					}
					next = append(next, t)
					if len(next) > maxTerms {
						return nil, false
					}
				}
			}
			ts = next
			if len(ts) == 0 {
				return nil, true
			}
		}
		return ts, true
	}
	return nil, false
}

// satisfiable decides whether x (any valid expression) holds for some
// arguments.
func satisfiable(x *ir.Expr) tri {
	ts, ok := dnf(x.Simplify())
	if !ok {
		return unknown
	}
	res := no
	for _, t := range ts {
		switch satTerm(t) {
		case yes:
			return yes
		case unknown:
			res = unknown
		}
	}
	return res
}

// implies decides whether every input for which x holds makes one of ys
// hold.
func implies(x *ir.Expr, ys ...*ir.Expr) tri {
	switch satisfiable(ir.And(x, ir.Not(ir.Or(ys...)))) {
	case no:
		return yes
	case yes:
		return no
	}
	return unknown
}
