package wordsat

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// Range is the inclusive interval [Lo, Hi] of 32-bit values.
type Range struct{ Lo, Hi uint32 }

// Size counts the values of rs, which must be disjoint.
func Size(rs []Range) uint64 {
	var n uint64
	for _, r := range rs {
		n += uint64(r.Hi) - uint64(r.Lo) + 1
	}
	return n
}

// Contains reports whether v lies in one of rs, which must be sorted
// and disjoint.
func Contains(rs []Range, v uint32) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i].Hi >= v })
	return i < len(rs) && rs[i].Lo <= v
}

// Union returns the union of rs as sorted, disjoint, non-adjacent
// ranges.
func Union(rs []Range) []Range {
	s := slices.Clone(rs)
	slices.SortFunc(s, func(p, q Range) int { return cmp.Compare(p.Lo, q.Lo) })
	var out []Range
	for _, r := range s {
		if n := len(out); n > 0 && uint64(r.Lo) <= uint64(out[n-1].Hi)+1 {
			out[n-1].Hi = max(out[n-1].Hi, r.Hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

// Ranges returns the values satisfying w as sorted, disjoint,
// non-adjacent ranges, and false when there are more than limit of them.
// A word of atoms on the whole word is one interval minus excluded ones,
// computed directly; any other is bisected: a range inside which w
// always holds, or never, is not split further. Both tests are exact
// satisfiability questions on one word.
func (w Word) Ranges(limit int) ([]Range, bool) {
	if rs, ok, done := wholeRanges(w, limit); done {
		return rs, ok
	}
	return walkRanges(w, limit)
}

// walkRanges is Ranges for any word: it halves [0, 2^32) until each
// piece is inside the word's values or outside them.
func walkRanges(w Word, limit int) ([]Range, bool) {
	var out []Range
	over := false
	var walk func(lo, hi uint32)
	walk = func(lo, hi uint32) {
		if over {
			return
		}
		in := In(lo, hi)
		if !w.SatWith(in) {
			return
		}
		full := true
		for _, a := range w {
			if (Word{in, a.Not()}).Sat() {
				full = false
				break
			}
		}
		if full {
			if n := len(out); n > 0 && uint64(out[n-1].Hi)+1 == uint64(lo) {
				out[n-1].Hi = hi
				return
			}
			if len(out) == limit {
				over = true
				return
			}
			out = append(out, Range{lo, hi})
			return
		}
		mid := lo + (hi-lo)/2
		walk(lo, mid)
		walk(mid+1, hi)
	}
	walk(0, math.MaxUint32)
	return out, !over
}

// wholeRanges is Ranges for a word whose atoms are all on the whole
// word, computed directly: the intersection of the intervals minus the
// excluded ones. done is false when some atom is masked.
func wholeRanges(w Word, limit int) (rs []Range, ok, done bool) {
	lo, hi := uint64(0), uint64(math.MaxUint32)
	var outs []Range
	for _, a := range w {
		switch {
		case a.Mask != math.MaxUint32:
			return nil, false, false
		case a.Lo > a.Hi:
			if !a.Out {
				return nil, true, true // never holds
			}
		case a.Out:
			outs = append(outs, Range{a.Lo, a.Hi})
		default:
			lo, hi = max(lo, uint64(a.Lo)), min(hi, uint64(a.Hi))
		}
	}
	slices.SortFunc(outs, func(p, q Range) int { return cmp.Compare(p.Lo, q.Lo) })
	for _, o := range outs {
		if lo > hi {
			break
		}
		if uint64(o.Hi) < lo || uint64(o.Lo) > hi {
			continue
		}
		if uint64(o.Lo) > lo {
			if len(rs) == limit {
				return nil, false, true
			}
			rs = append(rs, Range{uint32(lo), o.Lo - 1})
		}
		lo = uint64(o.Hi) + 1
	}
	if lo <= hi {
		if len(rs) == limit {
			return nil, false, true
		}
		rs = append(rs, Range{uint32(lo), uint32(hi)})
	}
	return rs, true, true
}
