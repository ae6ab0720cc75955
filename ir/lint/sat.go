package lint

import (
	"github.com/seccompc/seccompc/internal/wordsat"
	"github.com/seccompc/seccompc/ir"
)

// This file decides, exactly, whether a conjunction of comparisons can
// hold, and whether one condition implies another. It is what makes
// "never matches" and "shadowed" findings exact rather than sampled.
//
// A conjunction is split by argument: arguments are independent, so the
// conjunction holds for some input when each argument's part holds for
// some value. The comparisons on one 64-bit argument (whole-argument
// ones and Low32 ones alike) are decided by the module's word solver
// (internal/wordsat: a 64-bit value as two 32-bit words), which the
// prover uses too. A "certain" finding rests on its answers being exact;
// where the solver gives up (too many cases) or the normal form below
// grows past maxTerms, the answer is "unknown", which callers treat
// conservatively (a condition that may hold, an implication that may
// fail), so no certain finding is made.

const maxTerms = 4096

// tri is a three-valued answer.
type tri uint8

const (
	no tri = iota
	yes
	unknown
)

// term is a conjunction of comparisons.
type term []*ir.Expr

// satTerm decides whether the conjunction t can hold.
func satTerm(t term) tri {
	var args [ir.MaxArgs][]wordsat.Atom64
	for _, c := range t {
		if int(c.Arg) >= len(args) {
			return unknown // not a valid comparison
		}
		args[c.Arg] = append(args[c.Arg], wordsat.Compare64(wordsat.Rel(c.Cmp), c.Low32, c.Mask, c.Val))
	}
	res := yes
	for _, as := range args {
		if len(as) == 0 {
			continue
		}
		switch _, ok, known := wordsat.Sat64(as); {
		case !known:
			res = unknown
		case !ok:
			return no
		}
	}
	return res
}

// dnf returns x as a disjunction of satisfiable-or-unknown conjunctions
// of comparisons, dropping the terms that cannot hold. ok is false when
// the form would exceed maxTerms terms or x has a shape dnf does not
// handle (x must be simplified: no OpNot).
//
// budget, when not nil, is the work left (atoms given to the word
// solver); dnf fails when it runs out.
func dnf(x *ir.Expr, budget *int) (ts []term, ok bool) {
	spend := func(t term) bool {
		if budget == nil {
			return true
		}
		*budget -= len(t) + 1
		return *budget >= 0
	}
	switch x.Op {
	case ir.OpTrue:
		return []term{nil}, true
	case ir.OpFalse:
		return nil, true
	case ir.OpCmp:
		if !spend(term{x}) {
			return nil, false
		}
		if satTerm(term{x}) == no {
			return nil, true
		}
		return []term{{x}}, true
	case ir.OpOr:
		for _, s := range x.Sub {
			st, ok := dnf(s, budget)
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
			st, ok := dnf(s, budget)
			if !ok {
				return nil, false
			}
			var next []term
			for _, a := range ts {
				for _, b := range st {
					t := append(append(term{}, a...), b...)
					if !spend(t) {
						return nil, false
					}
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
func satisfiable(x *ir.Expr) tri { return satisfiableIn(x, nil) }

// satisfiableIn is satisfiable within a budget of work (see dnf): unknown
// when it runs out.
func satisfiableIn(x *ir.Expr, budget *int) tri {
	ts, ok := dnf(x.Simplify(), budget)
	if !ok {
		return unknown
	}
	res := no
	for _, t := range ts {
		if budget != nil {
			if *budget -= len(t) + 1; *budget < 0 {
				return unknown
			}
		}
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
func implies(x *ir.Expr, ys ...*ir.Expr) tri { return impliesIn(nil, x, ys...) }

// impliesIn is implies within a budget of work (see dnf).
func impliesIn(budget *int, x *ir.Expr, ys ...*ir.Expr) tri {
	if budget != nil {
		// Simplifying the question costs about its size.
		for _, y := range append(ys, x) {
			if *budget -= size(y); *budget < 0 {
				return unknown
			}
		}
	}
	switch satisfiableIn(ir.And(x, ir.Not(ir.Or(ys...))), budget) {
	case no:
		return yes
	case yes:
		return no
	}
	return unknown
}

// size returns the number of nodes of x.
func size(x *ir.Expr) int {
	n := 1
	for _, s := range x.Sub {
		n += size(s)
	}
	return n
}
