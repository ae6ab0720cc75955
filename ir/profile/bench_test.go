package profile_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/seccompc/seccompc/ir/docker"
	"github.com/seccompc/seccompc/ir/profile"
)

// BenchmarkLoad measures Load, detection included, on the profiles of
// testdata/profiles and on Docker's default profile as JSON, for an
// x86_64 target.
func BenchmarkLoad(b *testing.B) {
	type input struct {
		name string
		data []byte
	}
	var inputs []input
	if def := docker.Default(); def != nil {
		data, err := json.Marshal(def)
		if err != nil {
			b.Fatal(err)
		}
		inputs = append(inputs, input{"docker-default", data})
	}
	files, err := filepath.Glob("../../testdata/profiles/*.json")
	if err != nil || len(files) == 0 {
		b.Fatalf("no profiles: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		inputs = append(inputs, input{filepath.Base(f), data})
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			opts := profile.Options{Filename: in.name, Target: "x86_64"}
			b.SetBytes(int64(len(in.data)))
			b.ResetTimer()
			for range b.N {
				if _, _, _, err := profile.Load(in.data, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDetect measures Detect alone on Docker's default profile.
func BenchmarkDetect(b *testing.B) {
	data, err := os.ReadFile("../../testdata/profiles/moby-default.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if k := profile.Detect(data); k != profile.KindDocker {
			b.Fatalf("Detect = %v", k)
		}
	}
}
