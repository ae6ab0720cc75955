package lower

import (
	"cmp"
	"slices"

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

// union returns s ∪ t.
func (s iset) union(t iset) iset {
	out := make(iset, 0, len(s)+len(t))
	i, j := 0, 0
	for i < len(s) || j < len(t) {
		var iv ival
		if j == len(t) || (i < len(s) && s[i].lo <= t[j].lo) {
			iv = s[i]
			i++
		} else {
			iv = t[j]
			j++
		}
		if n := len(out); n > 0 && (out[n-1].hi == ^uint64(0) || iv.lo <= out[n-1].hi+1) {
			out[n-1].hi = max(out[n-1].hi, iv.hi)
			continue
		}
		out = append(out, iv)
	}
	return out
}

// intersect returns s ∩ t.
func (s iset) intersect(t iset, max uint64) iset {
	return s.complement(max).union(t.complement(max)).complement(max)
}

// cmpSet returns the set of values for which the comparison x holds, if
// x is an interval comparison (or a masked one with a full mask).
func cmpSet(x *ir.Expr) (setKey, iset, bool) {
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
		return k, iset{{v, v}}, true
	case ir.CmpNe:
		return k, iset{{v, v}}.complement(max), true
	case ir.CmpLt:
		if v == 0 {
			return k, iset{}, true
		}
		return k, iset{{0, v - 1}}, true
	case ir.CmpLe:
		return k, iset{{0, v}}, true
	case ir.CmpGt:
		if v == max {
			return k, iset{}, true
		}
		return k, iset{{v + 1, max}}, true
	case ir.CmpGe:
		return k, iset{{v, max}}, true
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
		if len(x.Sub) == 0 {
			return setKey{}, nil, false
		}
		k, acc, ok := asSet(x.Sub[0])
		if !ok {
			return k, nil, false
		}
		for _, sub := range x.Sub[1:] {
			k2, s, ok := asSet(sub)
			if !ok || k2 != k {
				return k, nil, false
			}
			if x.Op == ir.OpAnd {
				acc = acc.intersect(s, k.max())
			} else {
				acc = acc.union(s)
			}
		}
		return k, acc, true
	}
	return setKey{}, nil, false
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
	partial := map[uint32]iset{}
	var order []uint32
	part := func(h uint32, iv ival) {
		if _, ok := partial[h]; !ok {
			order = append(order, h)
		}
		partial[h] = partial[h].union(iset{iv})
	}
	type seg struct {
		lo, hi uint32
		leaf   emit.Node
	}
	var segs []seg
	for _, iv := range s {
		ha, hb := uint32(iv.lo>>32), uint32(iv.hi>>32)
		la, lb := iv.lo&word, iv.hi&word
		if ha == hb {
			part(ha, ival{la, lb})
			continue
		}
		part(ha, ival{la, word})
		if hb > ha+1 {
			segs = append(segs, seg{ha + 1, hb - 1, t})
		}
		part(hb, ival{0, lb})
	}
	for _, h := range order {
		ls := partial[h]
		leaf := t
		if !(len(ls) == 1 && ls[0].lo == 0 && ls[0].hi == word) {
			leaf = w.load(w.lo(k.arg), w.search32(ls, t, f))
		}
		segs = append(segs, seg{h, h, leaf})
	}
	slices.SortFunc(segs, func(a, b seg) int { return cmp.Compare(a.lo, b.lo) })
	var spans []span
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
	return w.load(w.hi(k.arg), w.c.search(spans, word, w.at))
}

// search32 returns a search of the word in A for the values of s (all
// below 2^32): t for a value in s, f otherwise.
func (w *words) search32(s iset, t, f emit.Node) emit.Node {
	var spans []span
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
	return w.c.search(spans, 0xffffffff, w.at)
}
