package oci

import (
	"github.com/seccompc/seccompc/internal/wordsat"
	"github.com/seccompc/seccompc/ir"
)

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

// argAtoms is atoms for libseccomp's tree, which takes at most one
// comparison of each argument: ok is false when x is not a conjunction
// of comparisons or compares an argument twice.
func argAtoms(x *ir.Expr) (cs []*ir.Expr, ok bool) {
	cs, ok = atoms(x)
	var seen [ir.MaxArgs]bool
	for _, c := range cs {
		if !ok || int(c.Arg) >= len(seen) || seen[c.Arg] {
			return nil, false
		}
		seen[c.Arg] = true
	}
	return cs, ok
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
// at most max, satisfies every comparison. The answer is exact (the
// module's word solver decides each variable); only where the solver
// gives up does it answer true, which callers read as "may overlap".
// The replay's claim to give libseccomp's verdicts exactly rests on a
// false answer being right: a path or an exclusion is dropped only
// then.
func satisfiable(cs []wcmp, max uint64) bool {
	vars := map[int][]wordsat.Atom64{}
	for _, c := range cs {
		as := vars[c.v]
		if as == nil && max != ^uint64(0) {
			as = append(as, wordsat.Atom64{Mask: ^uint64(0), Lo: 0, Hi: max})
		}
		vars[c.v] = append(as, wordsat.Compare64(wordsat.Rel(c.cmp), false, c.mask&max, c.val&max))
	}
	for _, as := range vars {
		if _, ok, known := wordsat.Sat64(as); known && !ok {
			return false
		}
	}
	return true
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
