package lower

import (
	"math/rand"
	"testing"
)

// splitAll is split without its early stop, and without its total: every
// cut is weighed.
func splitAll(spans []span) int {
	total := 0.0
	for _, s := range spans {
		total += s.w
	}
	best, bestDiff := len(spans)/2, -1.0
	left := 0.0
	for m := 1; m < len(spans); m++ {
		left += spans[m-1].w
		diff := left - (total - left)
		if diff < 0 {
			diff = -diff
		}
		if bestDiff < 0 || diff < bestDiff || (diff == bestDiff && absInt(m-len(spans)/2) < absInt(best-len(spans)/2)) {
			best, bestDiff = m, diff
		}
	}
	return best
}

// TestSplitStopsEarly: split, which stops once the cuts can only get
// worse, picks the cut that weighing every cut picks, and returns the
// weight below it bit for bit as adding it up again does, on weights as the
// compiler makes them (counts times powers of two plus 1e-3, or ones)
// and on ties, tiny weights lost in rounding and huge ones.
func TestSplitStopsEarly(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	weights := []func() float64{
		func() float64 { return 1 },
		func() float64 { return float64(rng.Intn(3))*float64(uint64(1)<<rng.Intn(17)) + 1e-3 },
		func() float64 { return []float64{1e-3, 1, 2}[rng.Intn(3)] },
		func() float64 { return []float64{1e-3, 1e18}[rng.Intn(2)] },
	}
	for i := range 20000 {
		spans := make([]span, 2+rng.Intn(40))
		w := weights[i%len(weights)]
		for j := range spans {
			spans[j].w = w()
		}
		got, left := split(spans, sum(spans))
		if want := splitAll(spans); got != want {
			t.Fatalf("weights %v: cut at %d, want %d", spans, got, want)
		}
		// The weight below the cut is the lower half's total, which
		// the search passes down instead of adding it up again.
		if want := sum(spans[:got]); left != want {
			t.Fatalf("weights %v: %v below the cut at %d, want %v", spans, left, got, want)
		}
	}
}
