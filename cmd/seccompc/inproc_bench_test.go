package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/seccompc/seccompc/internal/scalegen"
)

// BenchmarkScaleInProcess runs commands on the shapes of issue 14's
// memory rows in this process, for -benchmem (bytes allocated a
// command): lint and diff of 8 MB of one-name rules (Docker and OCI),
// compile and verify of one OCI rule with a 1 MB args list.
//
//	go test -run '^$' -bench ScaleInProcess -benchmem ./cmd/seccompc
func BenchmarkScaleInProcess(b *testing.B) {
	dir := b.TempDir()
	files := map[string]string{}
	for name, gen := range map[string]func(int) []byte{
		"8MB":      func(int) []byte { return scalegen.OneNameRules(8 << 20) },
		"8MB-oci":  func(int) []byte { return scalegen.OneNameRulesOCI(8 << 20) },
		"longargs": func(int) []byte { return scalegen.LongArgs(1 << 20) },
	} {
		files[name] = filepath.Join(dir, name+".json")
		if err := os.WriteFile(files[name], gen(0), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		file string
		args []string
	}{
		{"8MB", []string{"compile", "--format", "raw"}},
		{"8MB", []string{"lint"}},
		{"8MB", []string{"diff"}},
		{"8MB-oci", []string{"compile", "--format", "raw"}},
		{"8MB-oci", []string{"lint"}},
		{"8MB-oci", []string{"diff"}},
		{"longargs", []string{"compile", "--format", "raw"}},
		{"longargs", []string{"verify"}},
	} {
		b.Run(fmt.Sprintf("%s/%s", c.file, c.args[0]), func(b *testing.B) {
			args := append([]string{c.args[0], "--target", "x86_64"}, c.args[1:]...)
			args = append(args, files[c.file])
			if c.args[0] == "diff" {
				args = append(args, "../../testdata/profiles/moby-default.json")
			}
			b.ReportAllocs()
			for range b.N {
				run(&env{stdout: io.Discard, stderr: io.Discard}, args)
			}
		})
	}
}
