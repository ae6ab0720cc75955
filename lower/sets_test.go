package lower_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/lower"
)

// valueSetPolicy writes one of the shapes a large set of values of one
// argument takes in a policy, over n values in runs of 16 (n/16
// intervals), listed in an order that is not sorted.
func valueSetPolicy(shape string, n int) string {
	vals := make([]string, n)
	for i := range vals {
		run, off := i/16, i%16
		// Runs spread over the 32-bit range in a scrambled order.
		start := (uint64(run) * 2654435761) % (1 << 27) << 5
		if shape != "low word" {
			start |= 0x100000000 * uint64(run%3)
		}
		vals[i] = fmt.Sprintf("%#x", start+uint64(off))
	}
	// Interleave the two halves so that the list is not sorted.
	for i := 0; i+1 < n; i += 2 {
		vals[i], vals[n-1-i] = vals[n-1-i], vals[i]
	}
	set := strings.Join(vals, ", ")
	var b strings.Builder
	b.WriteString("default errno(1)\narch x86_64\n")
	switch shape {
	case "in":
		fmt.Fprintf(&b, "allow socket if a0 in {%s}\n", set)
	case "not in":
		fmt.Fprintf(&b, "allow socket if a0 not in {%s}\n", set)
	case "rules":
		for _, v := range vals {
			fmt.Fprintf(&b, "allow socket if a0 == %s\n", v)
		}
	case "or other":
		fmt.Fprintf(&b, "allow socket if a0 == 1 || a1 == 7 || a0 in {%s}\n", set)
	case "and other":
		fmt.Fprintf(&b, "allow socket if a0 != 1 && a1 == 7 && a0 not in {%s}\n", set)
	case "low word":
		fmt.Fprintf(&b, "allow socket if lo32(a0) in {%s}\n", set)
	}
	return b.String()
}

// TestValueSetCostLinear: lowering a set of n values costs O(n log n),
// not O(n^2), in every shape a set takes (one "in", one rule per value,
// a set among other tests, its negation). The measure is the heap the
// compile allocates, which does not depend on the machine's load: eight
// times the values must cost well under sixteen times the bytes (a
// quadratic lowering costs about 64 times).
func TestValueSetCostLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles sets of 32000 values")
	}
	alloc := func(src string) uint64 {
		p, err := ir.Parse([]byte(src), "set.policy")
		if err != nil {
			t.Fatal(err)
		}
		r, _, err := ir.Resolve(p, "x86_64")
		if err != nil {
			t.Fatal(err)
		}
		// Two collections empty the sync.Pools of working arrays (of
		// ir, lower, emit): each compile measured allocates all it
		// uses, not only what an earlier compile left too small.
		runtime.GC()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		// A program too long for the kernel is fine here: the cost up
		// to that error is what is measured.
		lower.CompileOptions(r, lower.Options{Optimize: true, NoSources: true})
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	for _, shape := range []string{"in", "not in", "rules", "or other", "and other", "low word"} {
		small := alloc(valueSetPolicy(shape, 4000))
		large := alloc(valueSetPolicy(shape, 32000))
		ratio := float64(large) / float64(small)
		t.Logf("%-9s 4000 values: %8d bytes, 32000: %10d bytes (x%.1f)", shape, small, large, ratio)
		if ratio > 16 {
			t.Errorf("%s: 8 times the values allocate %.1f times the bytes (%d, %d): the lowering of a value set grows faster than n log n", shape, ratio, small, large)
		}
	}
}
