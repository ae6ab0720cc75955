package ir

import (
	"cmp"
	"slices"

	"github.com/seccompc/seccompc/internal/wordsat"
)

// Simplify returns an expression equivalent to x in canonical form. The
// result may share structure with x. x must be valid ([Expr.Validate]).
//
// A simplified expression satisfies these invariants, which [Expr.IsSimple]
// checks:
//
//   - It contains no OpNot: negations are pushed to the comparisons
//     (De Morgan), which all have a negated form.
//   - It is True or False only at the top: no And or Or has a constant
//     operand.
//   - And and Or have at least two operands, none of them of the same op
//     (flattened), sorted by [Order] and without duplicates.
//   - Comparisons use only ==, !=, <, >=, &== and &!=: a <= v becomes
//     a < v+1 and a > v becomes a >= v+1. Comparisons that are constant
//     over their width are folded (a < 0, a >= 0, a <= max, masked values
//     with bits outside the mask, zero masks), a full mask becomes == or
//     !=, and a < 1 and a >= max become ==.
//   - Within one And, the comparisons on one argument word (same Arg and
//     Low32) that are not masked describe one interval with holes; they
//     are rewritten to at most one lower bound, one upper bound and the
//     != values strictly inside, or to a single ==; an empty set makes
//     the And False. The same holds for Or through De Morgan, so that
//     a0 < 5 || a0 >= 5 becomes True. When masked comparisons are among
//     them, the word's comparisons are decided together, exactly, by
//     the module's word solver (internal/wordsat, the prover's): no
//     value satisfies them all makes the And False.
//
// Simplify does not decide satisfiability in general (that is the
// prover's job); it finds the contradictions and tautologies that sit
// within one argument word. An invalid x (see [Expr.Validate]) is
// returned as it is.
func (x *Expr) Simplify() *Expr {
	if x.Validate() != nil {
		return x
	}
	return simplify(x)
}

func simplify(x *Expr) *Expr {
	switch x.Op {
	case OpTrue:
		return trueExpr
	case OpFalse:
		return falseExpr
	case OpCmp:
		return normCmp(x)
	case OpNot:
		return negate(simplify(x.Sub[0]))
	case OpAnd, OpOr:
		subs := make([]*Expr, len(x.Sub))
		for i, s := range x.Sub {
			subs[i] = simplify(s)
		}
		return junction(x.Op, subs)
	}
	return x
}

// negate returns the simplified negation of the simplified x.
func negate(x *Expr) *Expr {
	switch x.Op {
	case OpTrue:
		return falseExpr
	case OpFalse:
		return trueExpr
	case OpCmp:
		n := *x
		n.Cmp = x.Cmp.Negate()
		return normCmp(&n)
	case OpAnd, OpOr:
		subs := make([]*Expr, len(x.Sub))
		for i, s := range x.Sub {
			subs[i] = negate(s)
		}
		return junction(dual(x.Op), subs)
	}
	return x
}

func dual(op Op) Op {
	if op == OpAnd {
		return OpOr
	}
	return OpAnd
}

// width returns the largest value of the comparison's word.
func (x *Expr) width() uint64 {
	if x.Low32 {
		return 0xffffffff
	}
	return ^uint64(0)
}

// normCmp returns the canonical form of one comparison (a new node, a
// constant or x itself).
func normCmp(x *Expr) *Expr {
	max := x.width()
	v, m := x.Val&max, x.Mask&max
	leaf := func(c Cmp, val uint64) *Expr {
		if c == x.Cmp && val == x.Val && !c.Masked() && x.Mask == 0 {
			return x
		}
		return &Expr{Op: OpCmp, Cmp: c, Arg: x.Arg, Low32: x.Low32, Val: val}
	}
	switch x.Cmp {
	case CmpEq, CmpNe:
		return leaf(x.Cmp, v)
	case CmpLt:
		switch v {
		case 0:
			return falseExpr
		case 1:
			return leaf(CmpEq, 0)
		}
		return leaf(CmpLt, v)
	case CmpLe:
		if v == max {
			return trueExpr
		}
		return normCmp(&Expr{Op: OpCmp, Cmp: CmpLt, Arg: x.Arg, Low32: x.Low32, Val: v + 1})
	case CmpGt:
		if v == max {
			return falseExpr
		}
		return normCmp(&Expr{Op: OpCmp, Cmp: CmpGe, Arg: x.Arg, Low32: x.Low32, Val: v + 1})
	case CmpGe:
		switch v {
		case 0:
			return trueExpr
		case max:
			return leaf(CmpEq, max)
		}
		return leaf(CmpGe, v)
	case CmpMaskedEq, CmpMaskedNe:
		eq := x.Cmp == CmpMaskedEq
		switch {
		case v&^m != 0 || m == 0: // constant: v outside the mask never matches; a zero mask gives 0
			if (v&^m == 0) == eq {
				return trueExpr
			}
			return falseExpr
		case m == max:
			if eq {
				return leaf(CmpEq, v)
			}
			return leaf(CmpNe, v)
		}
		if x.Mask == m && x.Val == v {
			return x
		}
		return &Expr{Op: OpCmp, Cmp: x.Cmp, Arg: x.Arg, Low32: x.Low32, Mask: m, Val: v}
	}
	return x
}

// junction builds the simplified And or Or of simplified operands.
func junction(op Op, subs []*Expr) *Expr {
	unit, zero := trueExpr, falseExpr // identity and absorbing element of And
	if op == OpOr {
		unit, zero = falseExpr, trueExpr
	}
	// The operands, flattened, in one array of their exact length: a
	// value set is one Or of as many comparisons as values.
	n := 0
	for _, s := range subs {
		switch {
		case s.Op == zero.Op:
			return zero
		case s.Op == unit.Op:
		case s.Op == op:
			n += len(s.Sub)
		default:
			n++
		}
	}
	flat := make([]*Expr, 0, n)
	for _, s := range subs {
		switch {
		case s.Op == unit.Op:
		case s.Op == op:
			flat = append(flat, s.Sub...)
		default:
			flat = append(flat, s)
		}
	}
	flat, isZero := combineWords(op, flat)
	if isZero {
		return zero
	}
	slices.SortFunc(flat, Order)
	flat = slices.CompactFunc(flat, func(a, b *Expr) bool { return a.Equal(b) })
	switch len(flat) {
	case 0:
		return unit
	case 1:
		return flat[0]
	}
	return &Expr{Op: op, Sub: flat}
}

type wordKey struct {
	arg   uint8
	low32 bool
}

// combineWords rewrites the comparisons of an And (or, through De
// Morgan, an Or) per argument word. It reports whether the whole
// junction collapses to its absorbing element. The result may reuse
// the array of subs.
//
// The comparisons are grouped by word (at most twelve words: six
// arguments, whole or low half) into one array, each group in the
// order of subs and the groups in the order of their first comparison.
// An Or's comparisons are conjoined as their negations; a group of ==
// and != only is conjoined without building those (conjoinEqNe), which
// is what keeps a set of many values from costing two copies of it.
func combineWords(op Op, subs []*Expr) ([]*Expr, bool) {
	var (
		keys  []wordKey
		count []int
	)
	keyOf := func(s *Expr) int {
		k := wordKey{s.Arg, s.Low32}
		for i, o := range keys {
			if o == k {
				return i
			}
		}
		keys = append(keys, k)
		count = append(count, 0)
		return len(keys) - 1
	}
	ncmp := 0
	for _, s := range subs {
		if s.Op == OpCmp {
			count[keyOf(s)]++
			ncmp++
		}
	}
	if ncmp == 0 {
		return subs, false
	}
	// The groups, one after the other in one array.
	grouped := make([]*Expr, ncmp)
	next := make([]int, len(keys))
	for i := 1; i < len(keys); i++ {
		next[i] = next[i-1] + count[i-1]
	}
	out := make([]*Expr, 0, len(subs))
	for _, s := range subs {
		if s.Op != OpCmp {
			out = append(out, s)
			continue
		}
		i := keyOf(s)
		grouped[next[i]] = s
		next[i]++
	}
	at := 0
	for i := range keys {
		group := grouped[at : at+count[i]]
		at += count[i]
		if conj, unsat, ok := conjoinEqNe(group, op == OpOr); ok {
			if unsat {
				return nil, true
			}
			out = append(out, conj...)
			continue
		}
		if op == OpOr {
			for j, s := range group {
				s = negate(s)
				if s.Op != OpCmp { // cannot happen for a normalized comparison
					return nil, s.Op == OpFalse
				}
				group[j] = s
			}
		}
		conj, unsat := conjoinWord(group)
		if unsat {
			// And: the conjunction is empty, so the And is False.
			// Or: the negated disjuncts cannot all hold, so the Or is True.
			return nil, true
		}
		for _, c := range conj {
			if op == OpOr {
				c = negate(c)
			}
			out = append(out, c)
		}
	}
	return out, false
}

// conjoinEqNe is conjoinWord for a group of == and != comparisons on
// one word, or, with neg, for the conjunction of their negations, the
// result then negated back: the comparisons of the Or that the group
// is part of. It gives what conjoinWord gives (followed by negate, with
// neg), except that a comparison kept as it is is cs's own (negate of
// negate of an == or != is a copy of it). ok is false for a group with
// other comparisons, which it leaves alone.
func conjoinEqNe(cs []*Expr, neg bool) (out []*Expr, unsat, ok bool) {
	for _, c := range cs {
		if c.Cmp != CmpEq && c.Cmp != CmpNe {
			return nil, false, false
		}
	}
	if len(cs) == 1 {
		return cs, false, true
	}
	proto := cs[0]
	max := proto.width()
	// isEq reports whether c, negated when neg, is an ==.
	isEq := func(c *Expr) bool { return (c.Cmp == CmpEq) != neg }
	// result turns a comparison of the conjunction into the group's.
	result := func(c *Expr) *Expr {
		if neg {
			return negate(c)
		}
		return c
	}
	point := func(v uint64) ([]*Expr, bool, bool) {
		for _, c := range cs {
			if isEq(c) != (c.Val == v) {
				return nil, true, true
			}
		}
		return []*Expr{result(&Expr{Op: OpCmp, Cmp: CmpEq, Arg: proto.Arg, Low32: proto.Low32, Val: v})}, false, true
	}
	endPoint := false
	for _, c := range cs {
		if isEq(c) {
			return point(c.Val)
		}
		endPoint = endPoint || c.Val == 0 || c.Val == max
	}
	// Every comparison excludes one value: shrink the interval past
	// excluded end points.
	lo, hi := uint64(0), max
	if endPoint {
		vals := make([]uint64, len(cs))
		for i, c := range cs {
			vals[i] = c.Val
		}
		slices.Sort(vals)
		vals = slices.Compact(vals)
		for i := 0; i < len(vals) && vals[i] == lo; i++ {
			if lo == hi {
				return nil, true, true
			}
			lo++
		}
		for j := len(vals) - 1; j >= 0 && hi > lo && vals[j] == hi; j-- {
			hi--
		}
		if lo == hi {
			return point(lo)
		}
	}
	n := 0
	for _, c := range cs {
		if c.Val > lo && c.Val < hi {
			n++
		}
	}
	if lo > 0 {
		n++
	}
	if hi < max {
		n++
	}
	out = make([]*Expr, 0, n)
	if lo > 0 {
		out = append(out, result(&Expr{Op: OpCmp, Cmp: CmpGe, Arg: proto.Arg, Low32: proto.Low32, Val: lo}))
	}
	if hi < max {
		out = append(out, result(&Expr{Op: OpCmp, Cmp: CmpLt, Arg: proto.Arg, Low32: proto.Low32, Val: hi + 1}))
	}
	for _, c := range cs {
		if c.Val > lo && c.Val < hi {
			out = append(out, c)
		}
	}
	return out, false, true
}

// conjoinWord simplifies a conjunction of normalized comparisons on one
// argument word, reporting unsat when no value satisfies all of them.
func conjoinWord(cs []*Expr) (out []*Expr, unsat bool) {
	if len(cs) == 1 {
		return cs, false
	}
	proto := cs[0]
	max := proto.width()
	lo, hi := uint64(0), max
	var eqs, nes, masked []*Expr
	for _, c := range cs {
		switch c.Cmp {
		case CmpEq:
			eqs = append(eqs, c)
		case CmpNe:
			nes = append(nes, c)
		case CmpLt:
			hi = min(hi, c.Val-1) // c.Val > 1 after normCmp
		case CmpGe:
			lo = max2(lo, c.Val)
		default:
			masked = append(masked, c)
		}
	}
	holdsAll := func(v uint64) bool {
		for _, c := range cs {
			if !c.cmpHolds(v) {
				return false
			}
		}
		return true
	}
	point := func(v uint64) ([]*Expr, bool) {
		if !holdsAll(v) {
			return nil, true
		}
		return []*Expr{{Op: OpCmp, Cmp: CmpEq, Arg: proto.Arg, Low32: proto.Low32, Val: v}}, false
	}
	if len(eqs) > 0 {
		return point(eqs[0].Val)
	}
	// Shrink the interval past excluded end points.
	excluded := map[uint64]bool{}
	for _, c := range nes {
		excluded[c.Val] = true
	}
	for lo <= hi && excluded[lo] {
		if lo == hi {
			return nil, true
		}
		lo++
	}
	for hi > lo && excluded[hi] {
		hi--
	}
	switch {
	case lo > hi:
		return nil, true
	case lo == hi:
		return point(lo)
	}
	// Masked comparisons can contradict each other and the interval in
	// ways no pairwise rule sees: the word solver decides them exactly.
	if len(masked) > 0 && !satWord(cs) {
		return nil, true
	}
	if lo > 0 {
		out = append(out, &Expr{Op: OpCmp, Cmp: CmpGe, Arg: proto.Arg, Low32: proto.Low32, Val: lo})
	}
	if hi < max {
		out = append(out, &Expr{Op: OpCmp, Cmp: CmpLt, Arg: proto.Arg, Low32: proto.Low32, Val: hi + 1})
	}
	for _, c := range nes {
		if c.Val > lo && c.Val < hi {
			out = append(out, c)
		}
	}
	out = append(out, masked...)
	// Re-normalize the bounds (a < 1 or a >= max become ==).
	for i, c := range out {
		out[i] = normCmp(c)
	}
	return out, false
}

// satWord reports whether some value satisfies every comparison of cs,
// which are on one argument word. Where the solver gives up it answers
// true, and the conjunction is simply not folded to false.
func satWord(cs []*Expr) bool {
	atoms := make([]wordsat.Atom64, len(cs))
	for i, c := range cs {
		atoms[i] = wordsat.Compare64(wordsat.Rel(c.Cmp), c.Low32, c.Mask, c.Val)
	}
	_, ok, known := wordsat.Sat64(atoms)
	return ok || !known
}

func max2(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}

// Order is a total order on expressions, used to sort the operands of
// simplified And and Or: by op, then argument, width, comparison, value
// and mask, then operands. A nil expression comes first.
func Order(a, b *Expr) int {
	if a == nil || b == nil {
		switch {
		case a == b:
			return 0
		case a == nil:
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.Op, b.Op); c != 0 {
		return c
	}
	if a.Op == OpCmp {
		if c := cmp.Compare(a.Arg, b.Arg); c != 0 {
			return c
		}
		if a.Low32 != b.Low32 {
			if !a.Low32 {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(a.Cmp, b.Cmp); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Val, b.Val); c != 0 {
			return c
		}
		return cmp.Compare(a.Mask, b.Mask)
	}
	if c := cmp.Compare(len(a.Sub), len(b.Sub)); c != 0 {
		return c
	}
	for i := range a.Sub {
		if c := Order(a.Sub[i], b.Sub[i]); c != 0 {
			return c
		}
	}
	return 0
}

// IsSimple reports whether x satisfies the invariants of [Expr.Simplify]
// (the per-word interval invariant is checked as: no two bounds of the
// same direction on one word within one junction, and no ==  next to
// other comparisons on its word). An invalid x is not simple.
func (x *Expr) IsSimple() bool { return x.Validate() == nil && x.isSimple(true) }

func (x *Expr) isSimple(top bool) bool {
	switch x.Op {
	case OpTrue, OpFalse:
		return top
	case OpNot:
		return false
	case OpCmp:
		n := normCmp(x)
		return n.Op == OpCmp && n.Equal(x)
	case OpAnd, OpOr:
		if len(x.Sub) < 2 {
			return false
		}
		type dir struct {
			k   wordKey
			cmp Cmp
		}
		seen := map[dir]bool{}
		words := map[wordKey]int{}
		eqWord := map[wordKey]bool{}
		for i, s := range x.Sub {
			if s.Op == x.Op || !s.isSimple(false) {
				return false
			}
			if i > 0 && Order(x.Sub[i-1], s) >= 0 {
				return false
			}
			if s.Op != OpCmp {
				continue
			}
			k := wordKey{s.Arg, s.Low32}
			words[k]++
			c := s.Cmp
			if x.Op == OpOr {
				c = c.Negate()
			}
			switch c {
			case CmpLt, CmpGe:
				if seen[dir{k, c}] {
					return false
				}
				seen[dir{k, c}] = true
			case CmpEq:
				eqWord[k] = true
			}
		}
		for k := range eqWord {
			if words[k] > 1 {
				return false
			}
		}
		return true
	}
	return false
}
