package seccompc_test

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/seccompc/seccompc"
	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/ir/docker"
)

// BenchmarkCompile measures what a runtime pays at a container start for
// Docker's default profile: Compile, which includes the loggable Stats,
// against the full figures of Prove (which a runtime leaves to CI).
func BenchmarkCompile(b *testing.B) {
	profile, _, err := docker.Resolve(docker.Default(), docker.Options{Target: "x86_64"})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("compile+stats", func(b *testing.B) {
		for range b.N {
			f, err := seccompc.Compile(profile, seccompc.Options{Target: "x86_64"})
			if err != nil || f.Stats.Instructions == 0 {
				b.Fatal(err)
			}
		}
	})
	f, err := seccompc.Compile(profile, seccompc.Options{Target: "x86_64"})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("prove", func(b *testing.B) {
		for range b.N {
			if err := f.Prove(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// coldProfile is the profile BenchmarkScaleColdCompile compiles.
const coldProfile = "testdata/profiles/moby-default.json"

// BenchmarkScaleColdCompile measures what a runtime pays at container
// start for Docker's default profile on an x86_64 host: CompileProfile
// from the profile's bytes to the Filter (the runtime path: no
// instruction sources). The time per op is a warm compile; the metric
// cold-ms is the median of the first compile in 5 fresh processes, and
// cold-faults the median of its minor page faults (each a first touch
// of fresh heap or code: a measure of the cold cost that does not
// depend on the machine's load).
func BenchmarkScaleColdCompile(b *testing.B) {
	data, err := os.ReadFile(coldProfile)
	if err != nil {
		b.Fatal(err)
	}
	for range b.N {
		if _, err := seccompc.CompileProfile(data, seccompc.Options{Target: "x86_64"}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	cold, err := scalegen.FreshMedian("cold-compile", 5)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(cold.Time.Nanoseconds())/1e6, "cold-ms")
	b.ReportMetric(float64(cold.Faults), "cold-faults")
}

// BenchmarkScaleColdDecode measures issue 15's JSON decision on the
// whole cold compile: the first CompileProfile of Docker's default in a
// fresh process (seccompc's JSON reader, kind detection included)
// against the same compile with the profile read by encoding/json
// (CompileDockerEncodingJSON: no detection, the same code after the
// decode). The fresh processes alternate between the two; the metrics
// are the medians of each and their ratio, encoding/json over the
// reader.
func BenchmarkScaleColdDecode(b *testing.B) {
	const runs = 15
	for range b.N {
		var reader, std []time.Duration
		for range runs {
			for _, op := range []string{"cold-compile", "cold-compile-encoding-json"} {
				r, err := scalegen.Fresh(op)
				if err != nil {
					b.Fatal(err)
				}
				if op == "cold-compile" {
					reader = append(reader, r.Time)
				} else {
					std = append(std, r.Time)
				}
			}
		}
		slices.Sort(reader)
		slices.Sort(std)
		mr, ms := reader[runs/2], std[runs/2]
		b.ReportMetric(float64(mr.Nanoseconds())/1e6, "reader-cold-ms")
		b.ReportMetric(float64(ms.Nanoseconds())/1e6, "encoding-json-cold-ms")
		b.ReportMetric(float64(ms)/float64(mr), "ratio")
	}
}

// TestScaleChild is the child process of the fresh-process benchmarks
// (scalegen.Fresh); it skips otherwise.
func TestScaleChild(t *testing.T) {
	ran, err := scalegen.Child(map[string]func() (func() error, error){
		"cold-compile": func() (func() error, error) {
			data, err := os.ReadFile(coldProfile)
			return func() error {
				_, err := seccompc.CompileProfile(data, seccompc.Options{Target: "x86_64"})
				return err
			}, err
		},
		"cold-compile-encoding-json": func() (func() error, error) {
			data, err := os.ReadFile(coldProfile)
			return func() error {
				_, err := seccompc.CompileDockerEncodingJSON(data, seccompc.Options{Target: "x86_64"})
				return err
			}, err
		},
	})
	if !ran {
		t.Skip("runs only as the child of a fresh-process benchmark")
	}
	if err != nil {
		t.Fatal(err)
	}
}

// BenchmarkCompileProfile measures the runtime path from a profile's
// bytes: CompileProfile of Docker's default for an x86_64 target (the
// warm figure of issue 14's cold/warm row).
func BenchmarkCompileProfile(b *testing.B) {
	data, err := os.ReadFile(coldProfile)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for range b.N {
		if _, err := seccompc.CompileProfile(data, seccompc.Options{Target: "x86_64"}); err != nil {
			b.Fatal(err)
		}
	}
}
