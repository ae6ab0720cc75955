package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/seccompc/seccompc/internal/scalegen"
)

// Benchmarks of the commands at scale (issue 14); run with
//
//	go test -run '^$' -bench 'Scale' -benchtime 1x ./cmd/seccompc

// runQuiet runs a command line with its output discarded and fails
// unless the exit status is one of ok.
func runQuiet(args []string, ok ...int) error {
	rc := run(&env{stdin: nil, stdout: io.Discard, stderr: io.Discard}, args)
	for _, c := range ok {
		if rc == c {
			return nil
		}
	}
	return fmt.Errorf("%q: exit status %d", args, rc)
}

// BenchmarkScaleDiffMasked runs "seccompc diff" on two unrelated
// profiles of n rules on one syscall, each three random 64-bit masked
// equalities (scalegen.MaskedRules), in process.
func BenchmarkScaleDiffMasked(b *testing.B) {
	dir := b.TempDir()
	for _, n := range []int{32, 48, 64} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			pa := filepath.Join(dir, fmt.Sprintf("a%d.policy", n))
			pb := filepath.Join(dir, fmt.Sprintf("b%d.policy", n))
			if err := os.WriteFile(pa, scalegen.MaskedRules(n, 1), 0o644); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(pb, scalegen.MaskedRules(n, 2), 0o644); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				if err := runQuiet([]string{"diff", "--target", "x86_64", pa, pb}, 0, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// hugeFileEnv passes the huge profile's path to the child process.
const hugeFileEnv = "SECCOMPC_SCALE_FILE"

// hugeCommands are the commands BenchmarkScaleHuge runs on a huge
// profile (the diff is against Docker's default profile), with the exit
// statuses that are success for them.
var hugeCommands = map[string]struct {
	args func(path string) []string
	ok   []int
}{
	"compile": {func(p string) []string { return []string{"compile", "--target", "x86_64", "--format", "raw", p} }, []int{0}},
	"verify":  {func(p string) []string { return []string{"verify", "--target", "x86_64", p} }, []int{0}},
	"lint":    {func(p string) []string { return []string{"lint", "--target", "x86_64", p} }, []int{0, 1}},
	"diff": {func(p string) []string {
		return []string{"diff", "--target", "x86_64", p, "../../testdata/profiles/moby-default.json"}
	}, []int{0, 1}},
}

// BenchmarkScaleHuge runs compile, verify, lint and diff on a Docker
// profile of repeated syscall names (scalegen.RepeatedNames) of 1, 8 and
// 80 MB, each in a fresh process, from reading the file to the output.
// Metrics: the time (ms), the process's peak resident set (peak-MB) and
// that per input byte (B/in).
func BenchmarkScaleHuge(b *testing.B) {
	dir := b.TempDir()
	for _, mb := range []int{1, 8, 80} {
		path := filepath.Join(dir, fmt.Sprintf("huge%d.json", mb))
		data := scalegen.RepeatedNames(mb << 20)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		runHuge(b, fmt.Sprintf("%dMB", mb), path, len(data))
	}
}

// runHuge runs each of the huge commands on the profile at path (size
// bytes) in a fresh process, as sub-benchmarks NAME/COMMAND.
func runHuge(b *testing.B, name, path string, size int) { runFresh(b, "huge-", name, path, size) }

// runFresh runs each command of hugeCommands, as child operation
// prefix+command, on the profile at path (size bytes) in a fresh
// process, as sub-benchmarks NAME/COMMAND.
func runFresh(b *testing.B, prefix, name, path string, size int) {
	for _, cmd := range []string{"compile", "verify", "lint", "diff"} {
		b.Run(name+"/"+cmd, func(b *testing.B) {
			var r scalegen.Run
			for range b.N {
				var err error
				if r, err = scalegen.Fresh(prefix+cmd, hugeFileEnv+"="+path); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(r.Time.Microseconds())/1e3, "ms")
			b.ReportMetric(float64(r.PeakRSS)/(1<<20), "peak-MB")
			b.ReportMetric(float64(r.PeakRSS)/float64(size), "B/in")
		})
	}
}

// BenchmarkScaleHugeEntries is BenchmarkScaleHuge for the other shape
// of a huge profile: one rule per entry, each naming one syscall
// (scalegen.OneNameRules), 8 MB; and the same as an OCI profile
// (8MB-oci).
func BenchmarkScaleHugeEntries(b *testing.B) {
	dir := b.TempDir()
	for _, f := range []struct {
		name string
		gen  func(int) []byte
	}{{"8MB", scalegen.OneNameRules}, {"8MB-oci", scalegen.OneNameRulesOCI}} {
		path := filepath.Join(dir, f.name+".json")
		data := f.gen(8 << 20)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		runHuge(b, f.name, path, len(data))
	}
}

// BenchmarkScaleShapes runs compile, verify, lint and diff, each in a
// fresh process as BenchmarkScaleHuge does, on adversarial shapes of
// profiles of 1 MB (scalegen): one-name rules (OCI), rules testing all
// six arguments, one rule with a long args list, Docker rules with
// includes and excludes, policy-language rules and one value set, wide
// and deep JSON, long unknown names, a profile refused at its last
// value. Some of them are refused (exit status 2: "program too long",
// "malformed input"); the row then measures the way to the error.
func BenchmarkScaleShapes(b *testing.B) {
	dir := b.TempDir()
	for _, sh := range []struct {
		name, file string
		gen        func(int) []byte
	}{
		{"oci-entries", "oci.json", scalegen.OneNameRulesOCI},
		{"six-args", "args.json", scalegen.ArgRules},
		{"long-args", "longargs.json", scalegen.LongArgs},
		{"docker-conditions", "cond.json", scalegen.DockerConditions},
		{"policy-rules", "rules.policy", scalegen.PolicyRules},
		{"policy-value-set", "set.policy", scalegen.PolicyValueSet},
		{"wide-json", "wide.json", scalegen.WideJSON},
		{"long-names", "names.json", scalegen.LongNames},
		{"invalid-at-end", "invalid.json", scalegen.InvalidAtEnd},
	} {
		path := filepath.Join(dir, sh.file)
		data := sh.gen(1 << 20)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		runFresh(b, "shape-", sh.name, path, len(data))
	}
}

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

// TestScaleChild is the child process of the fresh-process benchmarks
// (scalegen.Fresh); it skips otherwise.
func TestScaleChild(t *testing.T) {
	ops := map[string]func() (func() error, error){}
	for name, c := range hugeCommands {
		ops["huge-"+name] = func() (func() error, error) {
			args := c.args(os.Getenv(hugeFileEnv))
			return func() error { return runQuiet(args, c.ok...) }, nil
		}
	}
	for name, c := range hugeCommands {
		// The shapes of BenchmarkScaleShapes: refusing one is a
		// result too.
		ops["shape-"+name] = func() (func() error, error) {
			args := c.args(os.Getenv(hugeFileEnv))
			return func() error { return runQuiet(args, 0, 1, 2) }, nil
		}
	}
	ran, err := scalegen.Child(ops)
	if !ran {
		t.Skip("runs only as the child of a fresh-process benchmark")
	}
	if err != nil {
		t.Fatal(err)
	}
}
