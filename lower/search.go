package lower

import (
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/bpfop"
)

// span is a run of values, from lo up to the next span's lo (or the end
// of the searched space), that leads to one decision.
type span struct {
	lo   uint32
	leaf emit.Node
	// w is the span's weight in the layout of the search: how often it is
	// expected to be looked up, so heavier spans end up nearer the root.
	w float64
}

// search returns code that, with a value in A, goes to the leaf of the
// span holding it. The spans cover [spans[0].lo, end] (end inclusive) and
// adjacent spans have different leaves. Without Options.Optimize the
// search is a plain balanced binary search with jge (the reference
// form); with it, the search is weight-balanced and isolated single
// values are tested with jeq. at gives the source of a test of value k.
func (c *compiler) search(spans []span, end uint32, at func(k uint32) emit.Source) emit.Node {
	if len(spans) == 1 {
		return spans[0].leaf
	}
	if !c.opt.Optimize {
		mid := len(spans) / 2
		hi := c.search(spans[mid:], end, at)
		lo := c.search(spans[:mid], spans[mid].lo-1, at)
		return c.b.Jump(bpfop.JGE, spans[mid].lo, hi, lo, at(spans[mid].lo))
	}
	return c.weighted(spans, end, at, -1)
}

// weighted is the optimized search, given the total weight of the spans
// (their weights added up in order from zero, as split adds them) or -1
// for not known.
func (c *compiler) weighted(spans []span, end uint32, at func(k uint32) emit.Source, total float64) emit.Node {
	if len(spans) == 1 {
		return spans[0].leaf
	}
	if n := c.points(spans, end, at); n != noNode {
		return n
	}
	if total < 0 {
		total = sum(spans)
	}
	// The lower half's total is what split added up to the cut.
	mid, left := split(spans, total)
	hi := c.weighted(spans[mid:], end, at, -1)
	lo := c.weighted(spans[:mid], spans[mid].lo-1, at, left)
	return c.b.Jump(bpfop.JGE, spans[mid].lo, hi, lo, c.srcAt(at, spans[mid].lo))
}

// sum returns the total weight of spans, added up in order from zero.
func sum(spans []span) float64 {
	total := 0.0
	for _, s := range spans {
		total += s.w
	}
	return total
}

// srcAt returns at(k), the source of a test of k, unless the Builder
// records no sources.
func (c *compiler) srcAt(at func(k uint32) emit.Source, k uint32) emit.Source {
	if c.opt.NoSources {
		return emit.Source{}
	}
	return at(k)
}

// noNode is what points returns when the spans are not a few points on
// a background.
const noNode emit.Node = -1

// maxPoints is the most single values a chain of jeq tests; above it a
// binary search is shorter in the worst case.
const maxPoints = 3

// points returns a chain of jeq tests when all spans but those with one
// background leaf are single values, at most maxPoints of them, and
// noNode otherwise.
func (c *compiler) points(spans []span, end uint32, at func(k uint32) emit.Source) emit.Node {
	if len(spans) > 2*maxPoints+1 {
		return noNode
	}
	width1 := func(i int) bool {
		if i+1 < len(spans) {
			return spans[i+1].lo-spans[i].lo == 1
		}
		return end == spans[i].lo
	}
	var buf [2*maxPoints + 1]int // room for every span: no allocation
	for _, bg := range [2]emit.Node{spans[0].leaf, spans[1].leaf} {
		pts := buf[:0]
		ok := true
		for i, s := range spans {
			if s.leaf == bg {
				continue
			}
			if !width1(i) {
				ok = false
				break
			}
			pts = append(pts, i)
		}
		if !ok || len(pts) > maxPoints || len(pts) == len(spans) {
			continue
		}
		// Heaviest point first.
		for i := 1; i < len(pts); i++ {
			for j := i; j > 0 && spans[pts[j]].w > spans[pts[j-1]].w; j-- {
				pts[j], pts[j-1] = pts[j-1], pts[j]
			}
		}
		next := bg
		for i := len(pts) - 1; i >= 0; i-- {
			s := spans[pts[i]]
			next = c.b.Jump(bpfop.JEQ, s.lo, s.leaf, next, c.srcAt(at, s.lo))
		}
		return next
	}
	return noNode
}

// split returns the index of the first span of the upper half: the cut
// that best balances the weights on both sides, nearest the middle on
// ties; and the weight of the spans below the cut. total is sum(spans).
func split(spans []span, total float64) (int, float64) {
	best, bestDiff, bestLeft := len(spans)/2, -1.0, 0.0
	left := 0.0
	for m := 1; m < len(spans); m++ {
		left += spans[m-1].w
		diff := left - (total - left)
		// left only grows and total-left only shrinks (the weights are
		// positive, and rounding keeps float sums and differences
		// monotone), so diff never decreases: once it is positive and
		// above the best, every later cut is worse.
		if diff > 0 && bestDiff >= 0 && diff > bestDiff {
			break
		}
		if diff < 0 {
			diff = -diff
		}
		if bestDiff < 0 || diff < bestDiff || (diff == bestDiff && absInt(m-len(spans)/2) < absInt(best-len(spans)/2)) {
			best, bestDiff, bestLeft = m, diff, left
		}
	}
	return best, bestLeft
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
