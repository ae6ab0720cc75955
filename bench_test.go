package seccompc_test

import (
	"testing"

	"github.com/seccompc/seccompc"
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
