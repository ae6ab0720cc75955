package oci

import "github.com/seccompc/seccompc/ir"

// atoms returns the comparisons a rule condition is the conjunction of.
// ok is false when the condition is not a conjunction of comparisons
// (this package never builds one, but callers stay conservative).
func atoms(x *ir.Expr) (cs []*ir.Expr, ok bool) {
	switch {
	case x == nil || x.Op == ir.OpTrue:
		return nil, true
	case x.Op == ir.OpCmp:
		return []*ir.Expr{x}, true
	case x.Op == ir.OpAnd:
		for _, s := range x.Sub {
			if s.Op != ir.OpCmp {
				return nil, false
			}
			cs = append(cs, s)
		}
		return cs, true
	}
	return nil, false
}

// wcmp is a comparison of one variable (an argument, or one 32-bit word
// of an argument) with a constant.
type wcmp struct {
	v    int
	cmp  ir.Cmp
	val  uint64
	mask uint64
}

// exprCmps turns comparisons of whole arguments into wcmps. With low32,
// each applies to the low 32 bits of the argument, value and mask (as
// on 32-bit ABIs). ok is false for a comparison of the low word on a
// 64-bit argument, which this model cannot express.
func exprCmps(cs []*ir.Expr, low32 bool) (out []wcmp, ok bool) {
	for _, c := range cs {
		if c.Low32 && !low32 {
			return nil, false
		}
		w := wcmp{v: int(c.Arg), cmp: c.Cmp, val: c.Val, mask: c.Mask}
		if low32 {
			w.val, w.mask = w.val&0xffffffff, w.mask&0xffffffff
		}
		out = append(out, w)
	}
	return out, true
}

// satisfiable reports whether some assignment of the variables, each
// at most max, satisfies every comparison. An answer of false is exact;
// true may be returned for a set of masked != comparisons that is in
// fact unsatisfiable (callers treat true as "may overlap").
func satisfiable(cs []wcmp, max uint64) bool {
	sets := map[int]*valueSet{}
	for _, c := range cs {
		s := sets[c.v]
		if s == nil {
			s = &valueSet{hi: max}
			sets[c.v] = s
		}
		if !s.add(c, max) {
			return false
		}
	}
	for _, s := range sets {
		if !s.nonEmpty(max) {
			return false
		}
	}
	return true
}

// valueSet is the set of values of one variable allowed by a
// conjunction of comparisons: an interval, fixed bits, excluded points
// and masked != constraints.
type valueSet struct {
	lo, hi   uint64
	mask     uint64 // bits fixed by masked == comparisons
	datum    uint64 // their values (datum &^ mask == 0)
	excluded []uint64
	maskedNe []wcmp
}

// add narrows the set by c and reports whether it can still be
// non-empty.
func (s *valueSet) add(c wcmp, max uint64) bool {
	v, m := c.val&max, c.mask&max
	switch c.cmp {
	case ir.CmpEq:
		s.lo, s.hi = max64(s.lo, v), min(s.hi, v)
	case ir.CmpNe:
		s.excluded = append(s.excluded, v)
	case ir.CmpLt:
		if v == 0 {
			return false
		}
		s.hi = min(s.hi, v-1)
	case ir.CmpLe:
		s.hi = min(s.hi, v)
	case ir.CmpGt:
		if v == max {
			return false
		}
		s.lo = max64(s.lo, v+1)
	case ir.CmpGe:
		s.lo = max64(s.lo, v)
	case ir.CmpMaskedEq:
		if v&^m != 0 || (v^s.datum)&m&s.mask != 0 {
			return false
		}
		s.mask |= m
		s.datum |= v
	case ir.CmpMaskedNe:
		if v&^m != 0 {
			return true // always holds
		}
		s.maskedNe = append(s.maskedNe, wcmp{cmp: c.cmp, val: v, mask: m})
	}
	return s.lo <= s.hi
}

// nonEmpty reports whether the set has a value. It is exact unless a
// masked != constraint tests bits that the masked == constraints leave
// free; then it answers true.
func (s *valueSet) nonEmpty(max uint64) bool {
	for _, c := range s.maskedNe {
		if c.mask&^s.mask == 0 && s.datum&c.mask == c.val {
			return false // the fixed bits make the value equal
		}
	}
	lo := s.lo
	// Each excluded point can push the search up by one step at most.
	for range len(s.excluded) + 1 {
		x, ok := nextMasked(lo, s.mask, s.datum, max)
		if !ok || x > s.hi {
			return false
		}
		hit := false
		for _, e := range s.excluded {
			hit = hit || e == x
		}
		if !hit {
			return true
		}
		if x == max {
			return false
		}
		lo = x + 1
	}
	return false
}

// nextMasked returns the smallest x >= lo, x <= max, with x&mask == datum
// (datum&^mask must be 0).
func nextMasked(lo, mask, datum, max uint64) (uint64, bool) {
	if lo&mask == datum {
		return lo, lo <= max
	}
	// x agrees with lo above some bit p, has bit p set where lo has it
	// clear, and below p only the fixed bits. The lowest p that works
	// gives the smallest x.
	for p := 0; p < 64; p++ {
		bit := uint64(1) << p
		if lo&bit != 0 || (mask&bit != 0 && datum&bit == 0) {
			continue
		}
		above := ^(bit<<1 - 1)
		if p == 63 {
			above = 0
		}
		if lo&above&mask != datum&above {
			continue
		}
		x := lo&above | bit | datum&(bit-1)
		if x > max {
			return 0, false
		}
		return x, true
	}
	return 0, false
}

func max64(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}

// mayOverlap reports whether the conjunctions a and b of whole-argument
// comparisons can hold together, under 64-bit semantics or, with
// low32, under 32-bit semantics. It answers true when unsure.
func mayOverlap(a, b []*ir.Expr, low32 bool) bool {
	cs, ok := exprCmps(append(append([]*ir.Expr(nil), a...), b...), low32)
	if !ok {
		return true
	}
	max := ^uint64(0)
	if low32 {
		max = 0xffffffff
	}
	return satisfiable(cs, max)
}
