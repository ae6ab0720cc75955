package lower_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
)

// Benchmarks of the compiler at scale (issue 14); run with
//
//	go test -run '^$' -bench 'Scale' -benchtime 1x ./lower

// compileValueSet loads, resolves and compiles a generated profile with
// one set of n values. A program too long for the kernel is not an
// error here: it is what 100k values must reach.
func compileValueSet(data []byte, load func([]byte) (*ir.Policy, error)) (insns int, tooLong bool, err error) {
	p, err := load(data)
	if err != nil {
		return 0, false, err
	}
	r, _, err := ir.Resolve(p, "x86_64")
	if err != nil {
		return 0, false, err
	}
	prog, err := lower.Compile(r)
	var ee *emit.Error
	if errors.As(err, &ee) && ee.Code == emit.ErrTooLong {
		return 0, true, nil
	}
	if err != nil {
		return 0, false, err
	}
	return len(prog.Insns), false, nil
}

// BenchmarkScaleValueSet compiles "allow socket if a0 in {...}" with n
// random values (scalegen.ValueSet), from the policy text to the
// program; the rules-* rows compile the same values as one OCI rule
// each (scalegen.ValueSetRules), mixed-* with every other rule ERRNO.
// The metric too-long is 1 when the program exceeds the kernel's 4096
// instructions (the compile then ends with that error).
func BenchmarkScaleValueSet(b *testing.B) {
	type row struct {
		name string
		data func() []byte
		load func([]byte) (*ir.Policy, error)
	}
	var rows []row
	parse := func(data []byte) (*ir.Policy, error) { return ir.Parse(data, "set.policy") }
	load := func(data []byte) (*ir.Policy, error) {
		p, _, _, err := profile.Load(data, profile.Options{Target: "x86_64"})
		return p, err
	}
	for _, n := range []int{4000, 8000, 16000, 100000} {
		rows = append(rows, row{fmt.Sprintf("%dk", n/1000), func() []byte { return scalegen.ValueSet(n) }, parse})
	}
	rows = append(rows,
		row{"rules-100k", func() []byte { return scalegen.ValueSetRules(100000, false) }, load},
		row{"mixed-10k", func() []byte { return scalegen.ValueSetRules(10000, true) }, load},
	)
	for _, rw := range rows {
		b.Run(rw.name, func(b *testing.B) {
			data := rw.data()
			var insns int
			var tooLong bool
			b.ResetTimer()
			for range b.N {
				var err error
				if insns, tooLong, err = compileValueSet(data, rw.load); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(insns), "insns")
			b.ReportMetric(map[bool]float64{true: 1}[tooLong], "too-long")
		})
	}
}
