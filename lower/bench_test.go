package lower_test

import (
	"os"
	"testing"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// benchProfiles are the profiles the benchmarks compile: Docker's default
// for an x86_64 and an aarch64 host, and podman's for an x86_64 host.
func benchProfiles(b *testing.B) []struct {
	name, target string
	data         []byte
} {
	b.Helper()
	docker, err := os.ReadFile("../testdata/profiles/moby-default.json")
	if err != nil {
		b.Fatal(err)
	}
	podman, err := os.ReadFile("../testdata/profiles/podman-seccomp.json")
	if err != nil {
		b.Fatal(err)
	}
	return []struct {
		name, target string
		data         []byte
	}{
		{"docker/x86_64", "x86_64", docker},
		{"docker/aarch64", "aarch64", docker},
		{"podman/x86_64", "x86_64", podman},
	}
}

// BenchmarkCompile measures a whole compile from profile bytes to a
// program, as a runtime pays it at container start, and reports the
// program's size and, per arch, the mean and max instructions executed
// per syscall of the table (all arguments zero).
func BenchmarkCompile(b *testing.B) {
	for _, bp := range benchProfiles(b) {
		for _, opt := range []struct {
			name string
			opt  lower.Options
		}{{"opt", lower.Options{Optimize: true}}, {"noopt", lower.Options{}}} {
			b.Run(bp.name+"/"+opt.name, func(b *testing.B) {
				var r *ir.Resolved
				var insns int
				b.ResetTimer()
				for range b.N {
					p, _, _, err := profile.Load(bp.data, profile.Options{Filename: bp.name, Target: bp.target})
					if err != nil {
						b.Fatal(err)
					}
					if r, _, err = ir.Resolve(p, bp.target); err != nil {
						b.Fatal(err)
					}
					prog, err := lower.CompileOptions(r, opt.opt)
					if err != nil {
						b.Fatal(err)
					}
					insns = len(prog.Insns)
				}
				b.StopTimer()
				prog, err := lower.CompileOptions(r, opt.opt)
				if err != nil {
					b.Fatal(err)
				}
				st, err := verify.Measure(prog.Insns, r)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(insns), "insns")
				for _, a := range st.Arches {
					b.ReportMetric(a.Mean, a.Arch+"-mean")
					b.ReportMetric(float64(a.Max), a.Arch+"-max")
				}
			})
		}
	}
}

// BenchmarkStages splits the compile of Docker's default profile for
// x86_64 into its stages.
func BenchmarkStages(b *testing.B) {
	bp := benchProfiles(b)[0]
	p, _, _, err := profile.Load(bp.data, profile.Options{Filename: bp.name, Target: bp.target})
	if err != nil {
		b.Fatal(err)
	}
	r, _, err := ir.Resolve(p, bp.target)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("load", func(b *testing.B) {
		b.ResetTimer()
		for range b.N {
			if _, _, _, err := profile.Load(bp.data, profile.Options{Filename: bp.name, Target: bp.target}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("resolve", func(b *testing.B) {
		b.ResetTimer()
		for range b.N {
			if _, _, err := ir.Resolve(p, bp.target); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("lower", func(b *testing.B) {
		b.ResetTimer()
		for range b.N {
			if _, err := lower.Compile(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The runtime path's lowering (seccompc.CompileProfile): no sources.
	opt := lower.DefaultOptions
	opt.NoSources = true
	b.Run("lower-nosources", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := lower.CompileOptions(r, opt); err != nil {
				b.Fatal(err)
			}
		}
	})
}
