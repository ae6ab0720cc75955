package verify

import (
	"fmt"
	"math"
	"strings"

	"github.com/seccompc/seccompc/internal/wordsat"
	"github.com/seccompc/seccompc/ir"
)

// The prover's formulas: a policy's argument conditions in negation
// normal form, with [Atom]s on the 32-bit words of seccomp_data as
// leaves. A formula is simplified against a [Cube] by deciding each
// atom on its word alone (the words are independent inputs): an atom no
// input of the cube satisfies becomes false, one every input satisfies
// becomes true. Simplifying after a branch only revisits the nodes that
// mention the word the branch tested, so the prover refines each
// condition along the program's paths and shares that work between
// paths with a common prefix.

// fop is the kind of a formula node.
type fop uint8

const (
	fFalse fop = iota
	fTrue
	fAtom
	fAnd
	fOr
)

// fnode is a formula node. Nodes are immutable once built.
type fnode struct {
	op    fop
	w     uint8  // fAtom: the word
	words uint16 // the words the node mentions
	a     Atom   // fAtom
	sub   []*fnode
	size  int // nodes in the tree
}

var (
	fnFalse = &fnode{op: fFalse, size: 1}
	fnTrue  = &fnode{op: fTrue, size: 1}
)

// fatom returns the formula of atom a on word w.
func fatom(w int, a Atom) *fnode {
	switch wordsat.Trivial(a) {
	case 1:
		return fnTrue
	case -1:
		return fnFalse
	}
	return &fnode{op: fAtom, w: uint8(w), words: 1 << w, a: a, size: 1}
}

// fjoin returns the conjunction (and) or disjunction of subs, flattened
// and without constant operands.
func fjoin(and bool, subs []*fnode) *fnode {
	op, unit, zero := fOr, fnFalse, fnTrue
	if and {
		op, unit, zero = fAnd, fnTrue, fnFalse
	}
	n := 0
	flat := true
	for _, s := range subs {
		switch s.op {
		case zero.op:
			return zero
		case unit.op:
			flat = false
		case op:
			n += len(s.sub)
			flat = false
		default:
			n++
		}
	}
	var out []*fnode
	if flat {
		out = subs
	} else {
		out = make([]*fnode, 0, n)
		for _, s := range subs {
			switch s.op {
			case unit.op:
			case op:
				out = append(out, s.sub...)
			default:
				out = append(out, s)
			}
		}
	}
	switch len(out) {
	case 0:
		return unit
	case 1:
		return out[0]
	}
	node := &fnode{op: op, sub: out, size: 1}
	for _, s := range out {
		node.words |= s.words
		node.size += s.size
	}
	return node
}

func (n *fnode) String() string {
	switch n.op {
	case fFalse:
		return "false"
	case fTrue:
		return "true"
	case fAtom:
		return strings.Replace(n.a.String(), "w", wordName(int(n.w)), 1)
	}
	sep := " && "
	if n.op == fOr {
		sep = " || "
	}
	s := "("
	for i, c := range n.sub {
		if i > 0 {
			s += sep
		}
		s += c.String()
	}
	return s + ")"
}

// exprFormula returns the formula of x (of its negation with neg) for a
// machine of the given byte order: comparisons become atoms on the
// halves of their argument.
func exprFormula(x *ir.Expr, neg, big bool) *fnode {
	switch x.Op {
	case ir.OpTrue, ir.OpFalse:
		if (x.Op == ir.OpTrue) != neg {
			return fnTrue
		}
		return fnFalse
	case ir.OpNot:
		return exprFormula(x.Sub[0], !neg, big)
	case ir.OpAnd, ir.OpOr:
		subs := make([]*fnode, len(x.Sub))
		for i, s := range x.Sub {
			subs[i] = exprFormula(s, neg, big)
		}
		return fjoin((x.Op == ir.OpAnd) != neg, subs)
	case ir.OpCmp:
		alts := cmpAtoms(x, neg, big)
		ors := make([]*fnode, len(alts))
		for i, alt := range alts {
			ands := make([]*fnode, len(alt))
			for j, wa := range alt {
				ands[j] = fatom(wa.w, wa.a)
			}
			ors[i] = fjoin(true, ands)
		}
		return fjoin(false, ors)
	}
	return fnFalse // invalid expressions hold nowhere (Expr.Holds)
}

// wordAtom is an atom on word w.
type wordAtom struct {
	w int
	a Atom
}

// cmpAtoms turns a comparison (negated when neg) into a disjunction of
// conjunctions of word atoms on the halves of its argument.
func cmpAtoms(x *ir.Expr, neg, big bool) [][]wordAtom {
	cmp := x.Cmp
	if neg {
		cmp = cmp.Negate()
	}
	lo, hi := ArgWords(int(x.Arg), big)
	const all = math.MaxUint32
	if x.Low32 {
		v, m := uint32(x.Val), uint32(x.Mask)
		one := func(a Atom) [][]wordAtom { return [][]wordAtom{{{lo, a}}} }
		switch cmp {
		case ir.CmpEq:
			return one(AtomEq(all, v))
		case ir.CmpNe:
			return one(AtomNe(all, v))
		case ir.CmpLt:
			return one(AtomLt(all, v))
		case ir.CmpLe:
			return one(AtomLe(all, v))
		case ir.CmpGt:
			return one(AtomGt(all, v))
		case ir.CmpGe:
			return one(AtomGe(all, v))
		case ir.CmpMaskedEq:
			return one(AtomEq(m, v))
		case ir.CmpMaskedNe:
			return one(AtomNe(m, v))
		}
		return nil
	}
	vh, vl := uint32(x.Val>>32), uint32(x.Val)
	mh, ml := uint32(x.Mask>>32), uint32(x.Mask)
	switch cmp {
	case ir.CmpEq:
		return [][]wordAtom{{{hi, AtomEq(all, vh)}, {lo, AtomEq(all, vl)}}}
	case ir.CmpNe:
		return [][]wordAtom{{{hi, AtomNe(all, vh)}}, {{lo, AtomNe(all, vl)}}}
	case ir.CmpGt:
		return [][]wordAtom{{{hi, AtomGt(all, vh)}}, {{hi, AtomEq(all, vh)}, {lo, AtomGt(all, vl)}}}
	case ir.CmpGe:
		return [][]wordAtom{{{hi, AtomGt(all, vh)}}, {{hi, AtomEq(all, vh)}, {lo, AtomGe(all, vl)}}}
	case ir.CmpLt:
		return [][]wordAtom{{{hi, AtomLt(all, vh)}}, {{hi, AtomEq(all, vh)}, {lo, AtomLt(all, vl)}}}
	case ir.CmpLe:
		return [][]wordAtom{{{hi, AtomLt(all, vh)}}, {{hi, AtomEq(all, vh)}, {lo, AtomLe(all, vl)}}}
	case ir.CmpMaskedEq:
		return [][]wordAtom{{{hi, AtomEq(mh, vh)}, {lo, AtomEq(ml, vl)}}}
	case ir.CmpMaskedNe:
		return [][]wordAtom{{{hi, AtomNe(mh, vh)}}, {{lo, AtomNe(ml, vl)}}}
	}
	return nil
}

// maxFormulaSteps bounds the work on the formulas of one proof or
// comparison: node visits while simplifying and case splits while
// deciding. (A variable so that tests can lower it.)
var maxFormulaSteps = 1 << 25

// fsolver simplifies and decides formulas under a step budget.
type fsolver struct {
	steps int
	limit int
	err   error
	what  string // the work, for the error
}

func newFsolver() *fsolver {
	return &fsolver{limit: maxFormulaSteps, what: "deciding the policy's conditions"}
}

// spend counts n steps and reports whether the budget is exhausted.
func (s *fsolver) spend(n int) bool {
	s.steps += n
	if s.steps > s.limit && s.err == nil {
		s.err = &Error{PC: -1, Code: ErrTooComplex, Detail: fmt.Sprintf("%s needs more than %d steps of case analysis", s.what, s.limit)}
	}
	return s.err != nil
}

// simplify returns n under cube c, given that c changed only on the
// words in changed since n was last simplified. The result is
// equivalent to n on every input of c; it is true only if every input
// of c satisfies n, and false only if none does.
func (s *fsolver) simplify(n *fnode, c *Cube, changed uint16) *fnode {
	if n.words&changed == 0 || s.err != nil {
		return n
	}
	if s.spend(1) {
		return n
	}
	switch n.op {
	case fAtom:
		switch wordsat.Word(c[n.w]).Status(n.a) {
		case -1:
			return fnFalse
		case 1:
			return fnTrue
		}
		return n
	case fAnd, fOr:
		and := n.op == fAnd
		var out []*fnode
		for i, sub := range n.sub {
			r := s.simplify(sub, c, changed)
			if r == sub && out == nil {
				continue
			}
			if (and && r.op == fFalse) || (!and && r.op == fTrue) {
				return r
			}
			if out == nil {
				out = make([]*fnode, i, len(n.sub))
				copy(out, n.sub[:i])
			}
			out = append(out, r)
		}
		if out == nil {
			return n
		}
		return fjoin(and, out)
	}
	return n
}

// sat decides whether some input of c satisfies f, which has been
// simplified under c. It returns a sub-cube of c every input of which
// satisfies f. The search is a case analysis on the disjunctions of f
// that applies every atom it has to first (unit propagation) and, on
// the alternatives of a disjunction, assumes the atoms of the earlier
// alternatives false.
func (s *fsolver) sat(f *fnode, c Cube) (Cube, bool) {
	for {
		if s.spend(1) {
			return c, false
		}
		switch f.op {
		case fTrue:
			return c, true
		case fFalse:
			return c, false
		case fAtom:
			return c, c.And(int(f.w), f.a)
		case fAnd:
			var changed uint16
			for _, g := range f.sub {
				if g.op == fAtom {
					if !c.And(int(g.w), g.a) {
						return c, false
					}
					changed |= 1 << g.w
				}
			}
			if changed != 0 {
				f = s.simplify(f, &c, changed)
				continue
			}
		}
		break
	}
	// f is a disjunction, or a conjunction of disjunctions: split the
	// one with the fewest alternatives.
	or, at := f, -1
	if f.op == fAnd {
		for i, g := range f.sub {
			if at < 0 || len(g.sub) < len(or.sub) {
				or, at = g, i
			}
		}
	}
	excl := c
	var changed uint16
	for _, g := range or.sub {
		next := g
		if at >= 0 {
			subs := make([]*fnode, 0, len(f.sub))
			subs = append(subs, f.sub[:at]...)
			subs = append(subs, f.sub[at+1:]...)
			next = fjoin(true, append(subs, g))
		}
		cc := excl
		if changed != 0 {
			next = s.simplify(next, &cc, changed)
		}
		if w, ok := s.sat(next, cc); ok {
			return w, true
		}
		if s.err != nil {
			return c, false
		}
		if g.op == fAtom {
			if !excl.And(int(g.w), g.a.Not()) {
				return c, false
			}
			changed |= 1 << g.w
		}
	}
	return c, false
}

// negate returns the formula of the negation of f.
func negate(f *fnode) *fnode {
	switch f.op {
	case fTrue:
		return fnFalse
	case fFalse:
		return fnTrue
	case fAtom:
		return fatom(int(f.w), f.a.Not())
	}
	subs := make([]*fnode, len(f.sub))
	for i, g := range f.sub {
		subs[i] = negate(g)
	}
	return fjoin(f.op == fOr, subs)
}
