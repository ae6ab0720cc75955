package lower

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
)

// ival is the closed interval [lo, hi] of argument values.
type ival struct{ lo, hi uint64 }

// iset is a set of argument values: sorted, disjoint, non-adjacent
// intervals within [0, max] for the domain's max.
type iset []ival

// setKey names the domain of a set: one argument, whole or its low word.
type setKey struct {
	arg   uint8
	low32 bool
}

func (k setKey) max() uint64 {
	if k.low32 {
		return 0xffffffff
	}
	return ^uint64(0)
}

// complement returns the values of [0, max] not in s.
func (s iset) complement(max uint64) iset {
	out := make(iset, 0, len(s)+1)
	next := uint64(0) // the first value not yet covered
	done := false
	for _, iv := range s {
		if iv.lo > next {
			out = append(out, ival{next, iv.lo - 1})
		}
		if iv.hi == max {
			done = true
			break
		}
		next = iv.hi + 1
	}
	if !done {
		out = append(out, ival{next, max})
	}
	return out
}

// unionAll returns the union of sets: the n intervals of all of them
// sorted once and merged, O(n log n) however many sets there are (a
// union of one set at a time would be O(n^2) for n single values).
func unionAll(sets []iset) iset {
	switch len(sets) {
	case 0:
		return iset{}
	case 1:
		return sets[0]
	}
	n := 0
	for _, s := range sets {
		n += len(s)
	}
	all := make(iset, 0, n)
	for _, s := range sets {
		all = append(all, s...)
	}
	return normalize(all)
}

// normalize sorts the intervals of s and merges those that overlap or
// touch, in place: the result is an iset.
func normalize(s iset) iset {
	slices.SortFunc(s, func(a, b ival) int { return cmp.Compare(a.lo, b.lo) })
	out := s[:0]
	for _, iv := range s {
		if n := len(out); n > 0 && (out[n-1].hi == ^uint64(0) || iv.lo <= out[n-1].hi+1) {
			out[n-1].hi = max(out[n-1].hi, iv.hi)
			continue
		}
		out = append(out, iv)
	}
	return out
}

// combine returns the union (op Or) or the intersection (op And) of
// sets in the domain of max: an intersection is the complement of the
// union of the complements.
func combine(op ir.Op, sets []iset, max uint64) iset {
	if op == ir.OpOr {
		return unionAll(sets)
	}
	comps := make([]iset, len(sets))
	for i, s := range sets {
		comps[i] = s.complement(max)
	}
	return unionAll(comps).complement(max)
}

// cmpSet returns the set of values for which the comparison x holds, if
// x is an interval comparison (or a masked one with a full mask).
func cmpSet(x *ir.Expr) (setKey, iset, bool) {
	k, s, ok := appendCmp(iset{}, x)
	return k, s, ok
}

// appendCmp appends to dst the intervals of the values for which the
// comparison x holds, as cmpSet does.
func appendCmp(dst iset, x *ir.Expr) (setKey, iset, bool) {
	k := setKey{arg: x.Arg, low32: x.Low32}
	max := k.max()
	v := x.Val & max
	op := x.Cmp
	if op == ir.CmpMaskedEq || op == ir.CmpMaskedNe {
		if x.Mask&max != max {
			return k, nil, false
		}
		op = ir.CmpEq
		if x.Cmp == ir.CmpMaskedNe {
			op = ir.CmpNe
		}
	}
	switch op {
	case ir.CmpEq:
		return k, append(dst, ival{v, v}), true
	case ir.CmpNe:
		if v > 0 {
			dst = append(dst, ival{0, v - 1})
		}
		if v < max {
			dst = append(dst, ival{v + 1, max})
		}
		return k, dst, true
	case ir.CmpLt:
		if v == 0 {
			return k, dst, true
		}
		return k, append(dst, ival{0, v - 1}), true
	case ir.CmpLe:
		return k, append(dst, ival{0, v}), true
	case ir.CmpGt:
		if v == max {
			return k, dst, true
		}
		return k, append(dst, ival{v + 1, max}), true
	case ir.CmpGe:
		return k, append(dst, ival{v, max}), true
	}
	return k, nil, false
}

// asSet returns the set of values of one argument for which x holds, if
// x compares only that argument (in one width) with interval comparisons
// under And, Or and Not.
func asSet(x *ir.Expr) (setKey, iset, bool) {
	switch x.Op {
	case ir.OpCmp:
		return cmpSet(x)
	case ir.OpNot:
		k, s, ok := asSet(x.Sub[0])
		if !ok {
			return k, nil, false
		}
		return k, s.complement(k.max()), true
	case ir.OpAnd, ir.OpOr:
		return junctionSet(x.Op, x.Sub)
	}
	return setKey{}, nil, false
}

// junctionSet is asSet of the disjunction (op Or) or conjunction (op
// And) of subs, without the expression made.
func junctionSet(op ir.Op, subs []*ir.Expr) (setKey, iset, bool) {
	if len(subs) == 0 {
		return setKey{}, nil, false
	}
	if op == ir.OpOr {
		if k, s, ok, flat := orOfCmps(subs); flat {
			return k, s, ok
		}
	}
	var k setKey
	sets := make([]iset, len(subs))
	for i, sub := range subs {
		k2, s, ok := asSet(sub)
		if !ok || (i > 0 && k2 != k) {
			return k, nil, false
		}
		k, sets[i] = k2, s
	}
	return k, combine(op, sets, k.max()), true
}

// orOfCmps is asSet of a disjunction of comparisons subs (a list of
// values, socketcall's calls), with their intervals gathered in one
// array and merged once instead of a set made for each; flat is false
// when subs are not all comparisons, and asSet reads them the general
// way.
func orOfCmps(subs []*ir.Expr) (k setKey, s iset, ok, flat bool) {
	for _, sub := range subs {
		if sub.Op != ir.OpCmp {
			return k, nil, false, false
		}
	}
	// A != comparison is two intervals, any other one at most one.
	n := len(subs) + 1
	for _, sub := range subs {
		if sub.Cmp == ir.CmpNe || sub.Cmp == ir.CmpMaskedNe {
			n++
		}
	}
	all := make(iset, 0, n)
	for i, sub := range subs {
		k2, more, ok := appendCmp(all, sub)
		if !ok || (i > 0 && k2 != k) {
			return k, nil, false, true
		}
		k, all = k2, more
	}
	return k, normalize(all), true, true
}

// setExpr returns an expression that holds exactly for the values of s in
// the domain k, in the shape asSet reads back: a disjunction of closed
// intervals.
func setExpr(k setKey, s iset) *ir.Expr {
	mk := func(c ir.Cmp, v uint64) *ir.Expr {
		return &ir.Expr{Op: ir.OpCmp, Cmp: c, Arg: k.arg, Low32: k.low32, Val: v, Mask: k.max()}
	}
	subs := make([]*ir.Expr, 0, len(s))
	for _, iv := range s {
		if iv.lo == iv.hi {
			subs = append(subs, mk(ir.CmpEq, iv.lo))
			continue
		}
		subs = append(subs, &ir.Expr{Op: ir.OpAnd, Sub: []*ir.Expr{mk(ir.CmpGe, iv.lo), mk(ir.CmpLe, iv.hi)}})
	}
	switch len(subs) {
	case 0:
		return &ir.Expr{Op: ir.OpFalse}
	case 1:
		return subs[0]
	}
	return &ir.Expr{Op: ir.OpOr, Sub: subs}
}

// set lowers "the argument of k has a value in s": for a low word, a
// search over the word; for a whole 64-bit argument, a search over the
// high word whose leaves are t (every low word), f (none) or a search
// over the low word.
func (w *words) set(k setKey, s iset, t, f emit.Node) emit.Node {
	w.note(k, s)
	max := k.max()
	switch {
	case len(s) == 0:
		return f
	case len(s) == 1 && s[0].lo == 0 && s[0].hi == max:
		return t
	case k.low32:
		return w.load(w.lo(k.arg), w.search32(s, t, f))
	}
	const word = 0xffffffff
	// The low-word intervals of each high word: s is sorted, so the
	// high words come in increasing order and each one's intervals in
	// order too, and only the last part grows: the parts' intervals
	// are runs of one array (the compiler's scratch, as are the parts
	// and segs, only read here).
	lows, parts, segs := w.c.setLows[:0], w.c.setParts[:0], w.c.setSegs[:0]
	defer func() { w.c.setLows, w.c.setParts, w.c.setSegs = lows, parts, segs }()
	addPart := func(h uint32, iv ival) {
		if n := len(parts); n > 0 && parts[n-1].h == h {
			lows = append(lows, iv)
			parts[n-1].to++
			return
		}
		parts = append(parts, setPart{h, len(lows), len(lows) + 1})
		lows = append(lows, iv)
	}
	for _, iv := range s {
		ha, hb := uint32(iv.lo>>32), uint32(iv.hi>>32)
		la, lb := iv.lo&word, iv.hi&word
		if ha == hb {
			addPart(ha, ival{la, lb})
			continue
		}
		addPart(ha, ival{la, word})
		if hb > ha+1 {
			segs = append(segs, setSeg{ha + 1, hb - 1, t})
		}
		addPart(hb, ival{0, lb})
	}
	for _, pt := range parts {
		h, ls := pt.h, lows[pt.from:pt.to]
		leaf := t
		if !(len(ls) == 1 && ls[0].lo == 0 && ls[0].hi == word) {
			leaf = w.load(w.lo(k.arg), w.search32(ls, t, f))
		}
		segs = append(segs, setSeg{h, h, leaf})
	}
	slices.SortFunc(segs, func(a, b setSeg) int { return cmp.Compare(a.lo, b.lo) })
	spans := w.c.setSpans[:0] // only read while the search is built
	next := uint64(0)
	put := func(lo uint32, leaf emit.Node) {
		if n := len(spans); n > 0 && spans[n-1].leaf == leaf {
			return
		}
		spans = append(spans, span{lo: lo, leaf: leaf, w: 1})
	}
	for _, sg := range segs {
		if uint64(sg.lo) > next {
			put(uint32(next), f)
		}
		put(sg.lo, sg.leaf)
		next = uint64(sg.hi) + 1
	}
	if next <= word {
		put(uint32(next), f)
	}
	search := w.c.search(spans, word, w.at)
	w.c.setSpans = spans
	return w.load(w.hi(k.arg), search)
}

// setPart is the high word h of a value set, whose low-word intervals
// are [from, to) of set's array of them.
type setPart struct {
	h        uint32
	from, to int
}

// setSeg is a run [lo, hi] of high words of a value set that lead to
// leaf.
type setSeg struct {
	lo, hi uint32
	leaf   emit.Node
}

// search32 returns a search of the word in A for the values of s (all
// below 2^32): t for a value in s, f otherwise.
func (w *words) search32(s iset, t, f emit.Node) emit.Node {
	spans := w.c.wordSpans[:0] // only read while the search is built
	next := uint64(0)
	for _, iv := range s {
		if iv.lo > next {
			spans = append(spans, span{lo: uint32(next), leaf: f, w: 1})
		}
		spans = append(spans, span{lo: uint32(iv.lo), leaf: t, w: 1})
		next = iv.hi + 1
	}
	if next <= 0xffffffff {
		spans = append(spans, span{lo: uint32(next), leaf: f, w: 1})
	}
	search := w.c.search(spans, 0xffffffff, w.at)
	w.c.wordSpans = spans
	return search
}

// setNote describes a value set that was lowered, for the message of a
// program too long for the kernel.
type setNote struct {
	key    setKey
	ranges int    // intervals
	values uint64 // values in the set, or in its complement when neg
	neg    bool
	rule   int // the first rule whose condition has the set
	rules  int // how many rules' conditions were joined
}

// note records s as the set of its syscall with the most ranges, when
// it is one.
func (w *words) note(k setKey, s iset) {
	if len(s) < 2 || w.src.Note == "" || w.c.opt.NoSources {
		// Without sources, a program too long is compiled again with
		// them for its message (CompileOptions): no note is read.
		return
	}
	if old, ok := w.c.bigSets[w.src.Note]; ok && old.ranges >= len(s) {
		return
	}
	n := setNote{key: k, ranges: len(s), rule: w.src.Rule, rules: w.rules}
	n.values, n.neg = count(s), false
	if c := count(s.complement(k.max())); c < n.values {
		n.values, n.neg = c, true
	}
	if w.c.bigSets == nil {
		w.c.bigSets = map[string]setNote{}
	}
	w.c.bigSets[w.src.Note] = n
}

// count returns the number of values in s, at most 2^64-1.
func count(s iset) uint64 {
	var n uint64
	for _, iv := range s {
		d := iv.hi - iv.lo + 1 // 0 for the whole 64-bit domain
		if d == 0 || n+d < n {
			return ^uint64(0)
		}
		n += d
	}
	return n
}

// describe describes the set: "a0 in a set of 100000 values (6250
// ranges) at set.policy:3".
func (n setNote) describe(p *ir.Policy) string {
	var b strings.Builder
	if n.key.low32 {
		fmt.Fprintf(&b, "lo32(a%d)", n.key.arg)
	} else {
		fmt.Fprintf(&b, "a%d", n.key.arg)
	}
	if n.neg {
		b.WriteString(" not")
	}
	fmt.Fprintf(&b, " in a set of %d values", n.values)
	if uint64(n.ranges) != n.values {
		fmt.Fprintf(&b, " (%d ranges)", n.ranges)
	}
	if n.rule >= 0 && n.rule < len(p.Rules) {
		if n.rules > 1 {
			fmt.Fprintf(&b, " from %d rules, the first", n.rules)
		}
		if pos := p.Rules[n.rule].Pos; pos != "" {
			fmt.Fprintf(&b, " at %s", pos)
		} else {
			fmt.Fprintf(&b, " rule %d", n.rule)
		}
	}
	return b.String()
}
