package lower_test

import (
	"runtime"
	"testing"

	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/oci"
	"github.com/seccompc/seccompc/lower"
)

// TestLongArgsAllocation bounds the bytes each stage allocates for one
// OCI rule with a long args list on one argument (scalegen.LongArgs,
// 256 KB: runc splits it into a rule per arg, about 5000), per arg:
// the OCI front end's expansion, Resolve's entries (three
// architectures) and the lowering. Before, the rules, the pending list,
// the entries and the intervals of the disjunction grew by doubling
// and the lowering kept a map of every candidate word: 641, 793 and
// 709 bytes a rule (this change: 481, 721, 496).
func TestLongArgsAllocation(t *testing.T) {
	data := scalegen.LongArgs(256 << 10)
	measure := func(f func()) float64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		return float64(after.TotalAlloc - before.TotalAlloc)
	}
	var (
		p   *ir.Policy
		r   *ir.Resolved
		err error
	)
	parse := measure(func() { p, _, err = oci.Parse(data, oci.Options{Target: "x86_64"}) })
	if err != nil {
		t.Fatal(err)
	}
	args := len(p.Rules)
	resolve := measure(func() { r, _, err = ir.Resolve(p, "x86_64") })
	if err != nil {
		t.Fatal(err)
	}
	low := measure(func() { _, err = lower.Compile(r) })
	if err != nil {
		t.Fatal(err)
	}
	n := float64(args)
	t.Logf("%d rules: parse %.0f, resolve %.0f, lower %.0f bytes a rule", args, parse/n, resolve/n, low/n)
	if args < 4000 {
		t.Fatalf("%d rules, want the split of thousands of args", args)
	}
	for _, c := range []struct {
		stage     string
		got, most float64
	}{
		{"oci.Parse", parse / n, 560},
		{"ir.Resolve", resolve / n, 760},
		{"lower.Compile", low / n, 600},
	} {
		if c.got > c.most {
			t.Errorf("%s allocates %.0f bytes a rule, want at most %.0f", c.stage, c.got, c.most)
		}
	}
}
