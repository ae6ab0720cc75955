package verify_test

import (
	"errors"
	"fmt"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// Benchmarks of the prover at scale (issue 14). The profiles come from
// internal/scalegen; run with
//
//	go test -run '^$' -bench 'Scale' -benchtime 1x ./verify

// compileText compiles a generated .policy for x86_64.
func compileText(tb testing.TB, name string, text []byte) (*ir.Resolved, []bpf.RawInstruction) {
	tb.Helper()
	p, err := ir.Parse(text, name)
	if err != nil {
		tb.Fatal(err)
	}
	r, _, err := ir.Resolve(p, "x86_64")
	if err != nil {
		tb.Fatal(err)
	}
	prog, err := lower.Compile(r)
	if err != nil {
		tb.Fatal(err)
	}
	return r, prog.Insns
}

// benchProve proves prog against r b.N times. A proof that gives up
// with ErrTooComplex is reported as the metric too-complex = 1 (the
// time is then the time to give up); any other failure is fatal.
func benchProve(b *testing.B, r *ir.Resolved, prog []bpf.RawInstruction) {
	b.Helper()
	tooComplex := 0.0
	var proof *verify.Proof
	b.ResetTimer()
	for range b.N {
		var err error
		proof, err = verify.Prove(prog, r)
		var ve *verify.Error
		switch {
		case errors.As(err, &ve) && ve.Code == verify.ErrTooComplex:
			tooComplex = 1
		case err != nil:
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(tooComplex, "too-complex")
	b.ReportMetric(float64(len(prog)), "insns")
	if proof != nil {
		b.ReportMetric(float64(proof.Paths), "paths")
	}
}

// BenchmarkScaleProveIoctl proves an ioctl allowlist, one rule
// "allow ioctl if a1 == V" per value, as the number of values grows.
func BenchmarkScaleProveIoctl(b *testing.B) {
	for _, n := range []int{100, 200, 400, 600, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r, prog := compileText(b, "ioctl.policy", scalegen.IoctlAllowlist(n))
			benchProve(b, r, prog)
		})
	}
}

// BenchmarkScaleProveMasked proves n rules on one syscall, each the
// conjunction of three random 64-bit masked equalities, for two random
// streams (a and b).
func BenchmarkScaleProveMasked(b *testing.B) {
	for _, n := range []int{7, 8} {
		for i, seed := range []uint64{1, 2} {
			b.Run(fmt.Sprintf("%d/%c", n, 'a'+i), func(b *testing.B) {
				r, prog := compileText(b, "masked.policy", scalegen.MaskedRules(n, seed))
				benchProve(b, r, prog)
			})
		}
	}
}

// BenchmarkScaleDiffMasked compares two unrelated profiles of n masked
// rules each with verify.Diff, visiting every region where they
// differ.
func BenchmarkScaleDiffMasked(b *testing.B) {
	for _, n := range []int{32, 48, 64} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			_, pa := compileText(b, "a.policy", scalegen.MaskedRules(n, 1))
			_, pb := compileText(b, "b.policy", scalegen.MaskedRules(n, 2))
			regions := 0
			b.ResetTimer()
			for range b.N {
				regions = 0
				_, err := verify.Diff(pa, pb, false, nil, func(*verify.Difference) bool {
					regions++
					return true
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(regions), "regions")
		})
	}
}

// BenchmarkScaleMeasure runs verify.Measure on Docker's default
// profile compiled for x86_64.
func BenchmarkScaleMeasure(b *testing.B) {
	tc := compile(b, "docker-default", dockerDefault(b, "x86_64"), "x86_64")
	b.ResetTimer()
	for range b.N {
		if _, err := verify.Measure(tc.prog, tc.r); err != nil {
			b.Fatal(err)
		}
	}
}
