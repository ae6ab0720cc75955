package semdiff

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/seccompc/seccompc/internal/wordsat"
	"github.com/seccompc/seccompc/verify"
)

// This file turns the argument part of a verify.Cube into readable
// conditions: "a0 == 40", "a1 in {3..6, 11, 12}",
// "(a1 & 0xff00) == 0x5400", "a0 > 0xffffffff".

const all32 = math.MaxUint32

// maxSetRanges bounds the ranges a set condition lists.
const maxSetRanges = 64

// argCubes returns the cubes without their nr and arch constraints,
// each word normalized.
func argCubes(cs []verify.Cube) []verify.Cube {
	out := make([]verify.Cube, len(cs))
	for i, c := range cs {
		c[verify.WordNr], c[verify.WordArch] = nil, nil
		for j := range c {
			c[j] = normWord(c[j])
		}
		out[i] = c
	}
	return out
}

// splitWord separates the atoms on the whole word from the masked ones.
func splitWord(w verify.Word) (full, masked verify.Word) {
	for _, a := range w {
		if a.Mask == all32 {
			full = append(full, a)
		} else {
			masked = append(masked, a)
		}
	}
	return full, masked
}

// normWord puts a word in a canonical form, so that equal conjunctions
// compare equal: atoms that always hold are dropped, the atoms on the
// whole word become the interval of their values with the gaps in it
// excluded, and the masked atoms follow, sorted, deduplicated and
// without those the rest of the word implies.
func normWord(w verify.Word) verify.Word {
	var kept verify.Word
	for _, a := range w {
		if !a.Out && a.Lo == 0 && a.Hi >= a.Mask || a.Out && a.Lo > a.Hi {
			continue // always holds
		}
		kept = append(kept, a)
	}
	full, masked := splitWord(kept)
	var out verify.Word
	if len(full) > 0 {
		if rs, ok := wordsat.Word(full).Ranges(maxRanges); ok {
			out = canonicalWord(rs)
		} else {
			out = slices.Clone(full)
			slices.SortFunc(out, atomCmp)
		}
	}
	slices.SortFunc(masked, atomCmp)
	masked = slices.Compact(masked)
	// Drop the masked atoms the rest of the word implies.
	for i := 0; i < len(masked); {
		rest := append(slices.Clone(out), masked[:i]...)
		rest = append(rest, masked[i+1:]...)
		if !append(rest, masked[i].Not()).Sat() {
			masked = slices.Delete(masked, i, i+1)
			continue
		}
		i++
	}
	return append(out, masked...)
}

// canonicalWord returns the atoms on the whole word whose values are rs:
// the interval from the first to the last value, minus each gap.
func canonicalWord(rs []wordsat.Range) verify.Word {
	if len(rs) == 0 {
		return verify.Word{{Mask: all32, Lo: 1, Hi: 0}} // never holds
	}
	var w verify.Word
	if lo, hi := rs[0].Lo, rs[len(rs)-1].Hi; lo != 0 || hi != all32 {
		w = append(w, verify.AtomIn(lo, hi))
	}
	for i := 1; i < len(rs); i++ {
		w = append(w, verify.Atom{Mask: all32, Lo: rs[i-1].Hi + 1, Hi: rs[i].Lo - 1, Out: true})
	}
	return w
}

func atomCmp(p, q verify.Atom) int {
	b := func(x bool) int {
		if x {
			return 1
		}
		return 0
	}
	return cmp.Or(cmp.Compare(p.Mask, q.Mask), cmp.Compare(p.Lo, q.Lo), cmp.Compare(p.Hi, q.Hi), cmp.Compare(b(p.Out), b(q.Out)))
}

// mergeCubes merges disjoint normalized cubes whose union is a cube: two
// cubes that agree on every word but one, where the words are sets of
// whole-word values (the union is the union of the sets) or differ in
// one atom and its negation (the union drops it). Up to maxMerge cubes;
// more are left as they are.
func mergeCubes(cs []verify.Cube) []verify.Cube {
	cs = slices.Clone(cs)
	if len(cs) > maxMerge {
		return cs
	}
	for changed := true; changed; {
		changed = false
	search:
		for i := range cs {
			for j := i + 1; j < len(cs); j++ {
				if m, ok := merge2(&cs[i], &cs[j]); ok {
					cs[i] = m
					cs = slices.Delete(cs, j, j+1)
					changed = true
					break search
				}
			}
		}
	}
	return cs
}

func merge2(p, q *verify.Cube) (verify.Cube, bool) {
	k := -1
	for i := range p {
		if !slices.Equal(p[i], q[i]) {
			if k >= 0 {
				return verify.Cube{}, false
			}
			k = i
		}
	}
	if k < 0 {
		return *p, true // the same cube
	}
	m := *p
	pf, pm := splitWord(p[k])
	qf, qm := splitWord(q[k])
	if len(pm) == 0 && len(qm) == 0 {
		// Sets of values: the union is a set.
		rp, ok1 := wordsat.Word(pf).Ranges(maxRanges)
		rq, ok2 := wordsat.Word(qf).Ranges(maxRanges)
		if !ok1 || !ok2 {
			return verify.Cube{}, false
		}
		m[k] = canonicalWord(wordsat.Union(append(rp, rq...)))
		return m, true
	}
	onlyP, onlyQ, common := setDiff(p[k], q[k])
	if len(onlyP) != 1 || len(onlyQ) != 1 || onlyP[0] != onlyQ[0].Not() {
		return verify.Cube{}, false
	}
	m[k] = normWord(common)
	return m, true
}

// setDiff splits two words into the atoms only in p, only in q, and in
// both.
func setDiff(p, q verify.Word) (onlyP, onlyQ, common verify.Word) {
	for _, a := range p {
		if slices.Contains(q, a) {
			common = append(common, a)
		} else {
			onlyP = append(onlyP, a)
		}
	}
	for _, a := range q {
		if !slices.Contains(p, a) {
			onlyQ = append(onlyQ, a)
		}
	}
	return onlyP, onlyQ, common
}

// rng64 is an inclusive range of 64-bit values.
type rng64 struct{ lo, hi uint64 }

// cond is one readable condition: name's value is in set (not in it,
// with neg), whose values lie in [0, top]; or, when set is nil, the
// masked relation atom on name.
type cond struct {
	name string
	set  []rng64
	top  uint64
	neg  bool
	atom verify.Atom
}

// setCond describes "name's value is in rs", values up to top, with
// whichever of the set and its complement is shorter. It returns false
// when rs holds every value.
func setCond(name string, rs []rng64, top uint64) (cond, bool) {
	if len(rs) == 1 && rs[0].lo == 0 && rs[0].hi == top {
		return cond{}, false
	}
	var gaps []rng64
	next := uint64(0)
	for _, r := range rs {
		if r.lo > next {
			gaps = append(gaps, rng64{next, r.lo - 1})
		}
		if r.hi == top {
			next = top
			break
		}
		next = r.hi + 1
	}
	if last := rs[len(rs)-1]; last.hi != top {
		gaps = append(gaps, rng64{last.hi + 1, top})
	}
	if len(gaps) < len(rs) {
		return cond{name: name, set: gaps, top: top, neg: true}, true
	}
	return cond{name: name, set: rs, top: top}, true
}

func (c cond) String() string {
	if c.set == nil {
		return atomString(c.name, c.atom)
	}
	if len(c.set) == 1 {
		r := c.set[0]
		switch {
		case r.lo == r.hi && c.neg:
			return fmt.Sprintf("%s != %s", c.name, num(r.lo, false))
		case r.lo == r.hi:
			return fmt.Sprintf("%s == %s", c.name, num(r.lo, false))
		case r.lo == 0 && c.neg:
			return fmt.Sprintf("%s > %s", c.name, num(r.hi, false))
		case r.lo == 0:
			return fmt.Sprintf("%s <= %s", c.name, num(r.hi, false))
		case r.hi == c.top && c.neg:
			return fmt.Sprintf("%s < %s", c.name, num(r.lo, false))
		case r.hi == c.top:
			return fmt.Sprintf("%s >= %s", c.name, num(r.lo, false))
		case c.neg:
			return fmt.Sprintf("%s not in [%s, %s]", c.name, num(r.lo, false), num(r.hi, false))
		}
		return fmt.Sprintf("%s in [%s, %s]", c.name, num(r.lo, false), num(r.hi, false))
	}
	var elems []string
	for _, r := range c.set {
		switch {
		case r.lo == r.hi:
			elems = append(elems, num(r.lo, false))
		case r.lo+1 == r.hi:
			elems = append(elems, num(r.lo, false), num(r.hi, false))
		default:
			elems = append(elems, num(r.lo, false)+".."+num(r.hi, false))
		}
	}
	op := "in"
	if c.neg {
		op = "not in"
	}
	return fmt.Sprintf("%s %s {%s}", c.name, op, strings.Join(elems, ", "))
}

func (c cond) not() cond {
	if c.set == nil {
		c.atom = c.atom.Not()
	} else {
		c.neg = !c.neg
	}
	return c
}

func joinConds(cs []cond) string {
	if len(cs) == 0 {
		return "any arguments"
	}
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.String()
	}
	return strings.Join(s, " && ")
}

// negateConds describes the complement of the conjunction cs.
func negateConds(cs []cond) string {
	switch len(cs) {
	case 0:
		return "no arguments"
	case 1:
		return cs[0].not().String()
	}
	return "!(" + joinConds(cs) + ")"
}

// wordConds describes the constraints on one 32-bit word named name.
func wordConds(name string, w verify.Word) []cond {
	full, masked := splitWord(normWord(w))
	var out []cond
	if len(full) > 0 {
		if rs, ok := wordsat.Word(full).Ranges(maxSetRanges); ok {
			if c, ok := setCond(name, widen(rs), all32); ok {
				out = append(out, c)
			}
		} else {
			for _, a := range full {
				out = append(out, cond{name: name, atom: a})
			}
		}
	}
	for _, a := range masked {
		out = append(out, cond{name: name, atom: a})
	}
	return out
}

func widen(rs []wordsat.Range) []rng64 {
	out := make([]rng64, len(rs))
	for i, r := range rs {
		out[i] = rng64{uint64(r.Lo), uint64(r.Hi)}
	}
	return out
}

// argConds describes the argument and instruction-pointer words of c.
//
// A 64-bit field's whole-word constraints on its two halves are
// described as one set of 64-bit values when the product of the halves'
// sets is a short list of ranges (the high half has few values, or the
// low half is unconstrained); otherwise each half is described alone as
// name.hi and name.lo. A masked constraint on the low half is written on
// the field itself, which the mask reduces to its low half. On 32-bit
// ABIs (bits 32) the high half of an argument is always zero, and a
// low half alone is written on the field.
func argConds(c *verify.Cube, big bool, bits int) []cond {
	var out []cond
	field := func(name string, lo, hi int, bits int) {
		hf, hm := splitWord(normWord(c[hi]))
		lf, lm := splitWord(normWord(c[lo]))
		out = append(out, fieldSet(name, hf, lf, bits)...)
		for _, a := range hm {
			out = append(out, cond{name: name + ".hi", atom: a})
		}
		for _, a := range lm {
			out = append(out, cond{name: name, atom: a})
		}
	}
	for i := range 6 {
		lo, hi := verify.ArgWords(i, big)
		field(fmt.Sprintf("a%d", i), lo, hi, bits)
	}
	// instruction_pointer: words 2 and 3 in memory order.
	lo, hi := 2, 3
	if big {
		lo, hi = 3, 2
	}
	field("ip", lo, hi, 64)
	return out
}

// fieldSet describes the whole-word constraints hf (high half) and lf
// (low half) of a 64-bit field.
func fieldSet(name string, hf, lf verify.Word, bits int) []cond {
	if len(hf) == 0 && len(lf) == 0 {
		return nil
	}
	full := []wordsat.Range{{Lo: 0, Hi: all32}}
	hr, lr := full, full
	ok1, ok2 := true, true
	if len(hf) > 0 {
		hr, ok1 = wordsat.Word(hf).Ranges(maxSetRanges)
	}
	if len(lf) > 0 {
		lr, ok2 = wordsat.Word(lf).Ranges(maxSetRanges)
	}
	if !ok1 || !ok2 {
		var out []cond
		for _, a := range hf {
			out = append(out, cond{name: name + ".hi", atom: a})
		}
		for _, a := range lf {
			out = append(out, cond{name: name + ".lo", atom: a})
		}
		return out
	}
	if len(hf) == 0 && bits == 32 {
		c, ok := setCond(name, widen(lr), all32)
		if !ok {
			return nil
		}
		return []cond{c}
	}
	var prod []rng64
	switch {
	case len(lf) == 0:
		for _, h := range hr {
			prod = append(prod, rng64{uint64(h.Lo) << 32, uint64(h.Hi)<<32 | all32})
		}
	case wordsat.Size(hr) <= maxSetRanges:
		for _, h := range hr {
			for v := uint64(h.Lo); v <= uint64(h.Hi); v++ {
				for _, l := range lr {
					prod = append(prod, rng64{v<<32 | uint64(l.Lo), v<<32 | uint64(l.Hi)})
				}
			}
		}
		prod = joinRanges64(prod)
	}
	if prod == nil || len(prod) > maxSetRanges {
		var out []cond
		if c, ok := setCond(name+".hi", widen(hr), all32); ok {
			out = append(out, c)
		}
		if c, ok := setCond(name+".lo", widen(lr), all32); ok {
			out = append(out, c)
		}
		return out
	}
	c, ok := setCond(name, prod, math.MaxUint64)
	if !ok {
		return nil
	}
	return []cond{c}
}

// joinRanges64 joins adjacent ranges of a sorted list.
func joinRanges64(rs []rng64) []rng64 {
	var out []rng64
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1].hi != math.MaxUint64 && out[n-1].hi+1 == r.lo {
			out[n-1].hi = r.hi
			continue
		}
		out = append(out, r)
	}
	return out
}

// atomString writes a masked atom as a relation on name.
func atomString(name string, a verify.Atom) string {
	x, hex := name, false
	if a.Mask != all32 {
		x, hex = fmt.Sprintf("(%s & %#x)", name, a.Mask), true
	}
	switch {
	case a.Lo > a.Hi && a.Out, a.Lo == 0 && a.Hi >= a.Mask && !a.Out:
		return "true"
	case a.Lo > a.Hi, a.Lo == 0 && a.Hi >= a.Mask:
		return "false"
	case a.Lo == a.Hi && a.Out:
		return fmt.Sprintf("%s != %s", x, num(uint64(a.Lo), hex))
	case a.Lo == a.Hi:
		return fmt.Sprintf("%s == %s", x, num(uint64(a.Lo), hex))
	case a.Out && a.Hi >= a.Mask:
		return fmt.Sprintf("%s < %s", x, num(uint64(a.Lo), hex))
	case a.Out && a.Lo == 0:
		return fmt.Sprintf("%s > %s", x, num(uint64(a.Hi), hex))
	case a.Out:
		return fmt.Sprintf("%s not in [%s, %s]", x, num(uint64(a.Lo), hex), num(uint64(a.Hi), hex))
	case a.Hi >= a.Mask:
		return fmt.Sprintf("%s >= %s", x, num(uint64(a.Lo), hex))
	case a.Lo == 0:
		return fmt.Sprintf("%s <= %s", x, num(uint64(a.Hi), hex))
	}
	return fmt.Sprintf("%s in [%s, %s]", x, num(uint64(a.Lo), hex), num(uint64(a.Hi), hex))
}

// num writes small values in decimal and others (and masked ones) in hex.
func num(v uint64, hex bool) string {
	if v == 0 || !hex && v < 0x1000 {
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("%#x", v)
}
