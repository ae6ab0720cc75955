package seccompc

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/moby/profiles/seccomp"

	"github.com/seccompc/seccompc/ir/docker"
)

// CompileDockerEncodingJSON is CompileProfile for a Docker profile with
// its JSON read by encoding/json instead of seccompc's reader: the
// alternative that issue 15's JSON decision measures
// (BenchmarkScaleColdDecode). Everything after the decode is the same
// code as CompileProfile's.
func CompileDockerEncodingJSON(data []byte, opts Options) (*Filter, error) {
	start := time.Now()
	var s seccomp.Seccomp
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("seccompc: %w", err)
	}
	p, ws, err := docker.FromProfile(&s, docker.Options{Filename: opts.Filename, Target: opts.Target, Strict: opts.Strict, RefuseAsRunc: opts.RefuseAsRunc})
	if err != nil {
		return nil, fmt.Errorf("seccompc: %w", err)
	}
	return compile(p, ws, opts, start)
}

// TestCompileDockerEncodingJSON checks that the two sides of
// BenchmarkScaleColdDecode compile the same filter, so that the
// benchmark compares readers and nothing else.
func TestCompileDockerEncodingJSON(t *testing.T) {
	for _, name := range []string{"moby-default.json", "podman-seccomp.json"} {
		data, err := os.ReadFile(filepath.Join("testdata/profiles", name))
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{Target: "x86_64", Filename: name}
		want, err := CompileProfile(data, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := CompileDockerEncodingJSON(data, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Program, want.Program) || fmt.Sprint(got.Warnings) != fmt.Sprint(want.Warnings) {
			t.Errorf("%s: encoding/json's decode compiles another filter (%d instructions, %d warnings) than the reader's (%d, %d)",
				name, len(got.Program), len(got.Warnings), len(want.Program), len(want.Warnings))
		}
	}
}
