package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
)

// update rewrites the golden files of the end-to-end tests (and the
// precompiled filters of testdata/e2e/probe) instead of comparing.
var update = flag.Bool("update", false, "rewrite golden files")

// e2e holds the binaries the end-to-end tests run.
type e2e struct {
	root    string // repository root: the working directory of every run
	bin     string // the seccompc binary
	probe   string // the testdata/e2e/probe binary
	tmp     string
	filters int // seccomp filters the test process itself runs under
}

// buildE2E builds seccompc and the probe program once into a temporary
// directory, as a user would with go build.
func buildE2E(t testing.TB) *e2e {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test: builds binaries")
	}
	if runtime.GOOS != "linux" {
		t.Skip("end-to-end test: seccomp and the probe program are Linux only")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool to build the binaries: %v", err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	x := &e2e{root: root, tmp: t.TempDir()}
	cmd := exec.Command(goTool, "build", "-o", x.tmp+string(filepath.Separator), "./cmd/seccompc", "./testdata/e2e/probe")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	x.bin = filepath.Join(x.tmp, "seccompc")
	x.probe = filepath.Join(x.tmp, "probe")
	x.filters = ownFilters()
	return x
}

// ownFilters is the number of seccomp filters of the test process (a
// container runtime may have installed some).
func ownFilters() int {
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "Seccomp_filters:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

// result is one run of the binary.
type result struct {
	args           []string
	stdout, stderr string
	code           int
}

// run runs seccompc with args in the repository root. "$TMP" and
// "$PROBE" in args stand for the temporary directory and the probe.
func (x *e2e) run(t testing.TB, stdin string, args ...string) result {
	t.Helper()
	real := make([]string, len(args))
	for i, a := range args {
		a = strings.ReplaceAll(a, "$PROBE", x.probe)
		real[i] = strings.ReplaceAll(a, "$TMP", x.tmp)
	}
	cmd := exec.Command(x.bin, real...)
	cmd.Dir = x.root
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("seccompc %q: %v", args, err)
	}
	return result{args: args, stdout: x.clean(out.String()), stderr: x.clean(errb.String()), code: code}
}

// clean replaces the temporary paths in output by their placeholders
// and, when the test itself runs under seccomp, removes its filters
// from the probe's count so that the goldens hold everywhere.
func (x *e2e) clean(s string) string {
	s = strings.ReplaceAll(s, x.probe, "$PROBE")
	s = strings.ReplaceAll(s, x.tmp, "$TMP")
	if x.filters == 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		var n int
		if _, err := fmt.Sscanf(l, "seccomp: 2, %d filters", &n); err == nil {
			lines[i] = fmt.Sprintf("seccomp: 2, %d filters", n-x.filters)
		}
	}
	return strings.Join(lines, "\n")
}

func (r result) String() string {
	return fmt.Sprintf("$ seccompc %s\nexit %d\n-- stdout --\n%s-- stderr --\n%s", strings.Join(r.args, " "), r.code, r.stdout, r.stderr)
}

// golden compares got with testdata/golden/cli/NAME.golden, or rewrites
// the file under -update.
func (x *e2e) golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(x.root, "testdata", "golden", "cli", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestEndToEnd -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (-update rewrites it):\n%s", name, lineDiff(string(want), got))
	}
}

// lineDiff shows the first differing lines of two texts.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n-%s\n+%s", i+1, wl, gl)
		}
	}
	return "(no difference?)"
}

func TestEndToEnd(t *testing.T) {
	x := buildE2E(t)
	t.Run("cli", x.testCLI)
	t.Run("precompiled", x.testPrecompiled)
	t.Run("exec", x.testExec)
	t.Run("exec-hostile", x.testExecHostile)
	t.Run("exec-inherit", x.testExecInheritance)
	t.Run("dump", x.testDump)
}

// testCLI runs command lines a user would type and compares their
// output and exit status with the golden files.
func (x *e2e) testCLI(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
	}{
		{"help", []string{"help"}, "", 0},
		{"syscalls-riscv64", []string{"syscalls", "--arch", "riscv64", "--baseline", "5.10"}, "", 0},
		{"compile-asm", []string{"compile", "--target", "x86_64", "testdata/policies/inverse-masks.policy"}, "", 0},
		{"compile-dot", []string{"compile", "--target", "x86_64", "--format", "dot", "testdata/policies/negated.policy"}, "", 0},
		{"compile-c-stdin", []string{"compile", "--target", "aarch64", "--format", "c", "-"}, "default errno(1)\nallow read, write\nerrno(13) openat if (a2 & 3) != 0\n", 0},
		{"compile-raw", []string{"compile", "--target", "x86_64", "--format", "raw", "-o", "$TMP/multi.bpf", "testdata/policies/multi-compare.policy"}, "", 0},
		{"disasm", []string{"disasm", "--target", "x86_64", "$TMP/multi.bpf"}, "", 0},
		{"sim-errno", []string{"sim", "--target", "x86_64", "testdata/policies/inverse-masks.policy", "clone", "0x10000000"}, "", 0},
		{"sim-tail", []string{"sim", "--target", "x86_64", "--baseline", "5.10", "testdata/policies/docker-excerpt.policy", "cachestat"}, "", 0},
		{"usage-compile-format", []string{"compile", "--format", "elf"}, "", 2},
		{"usage-exec-separator", []string{"exec", "testdata/e2e/probe.policy", "true"}, "", 2},
		{"usage-exec-notify", []string{"exec", "testdata/policies/raw-numbers.policy", "--", "true"}, "", 2},
		{"usage-dump-pid", []string{"dump"}, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := x.run(t, tt.stdin, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, tt.code, r.stderr)
			}
			x.golden(t, tt.name, r.String())
		})
	}
}

// testPrecompiled checks the generated Go file of a precompiled filter:
// it is the checked-in testdata/e2e/probe/filter_amd64.go (which go
// generate writes), byte-stable, gofmt-clean, and holds the same
// instructions as compile --format raw.
func (x *e2e) testPrecompiled(t *testing.T) {
	dir := filepath.Join(x.root, "testdata", "e2e", "probe")
	for _, tc := range []struct{ target, file string }{
		{"x86_64", "filter_amd64.go"},
		{"aarch64", "filter_arm64.go"},
	} {
		t.Run(tc.target, func(t *testing.T) {
			// The go:generate line of probe/main.go, run in its directory.
			gen := func(out string) []byte {
				cmd := exec.Command(x.bin, "compile", "--target", tc.target, "--format", "go", "--package", "main", "--var", "filter", "-o", out, "../probe.policy")
				cmd.Dir = dir
				if b, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("compile --format go: %v\n%s", err, b)
				}
				b, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			first := gen(filepath.Join(x.tmp, "gen1.go"))
			if second := gen(filepath.Join(x.tmp, "gen2.go")); !bytes.Equal(first, second) {
				t.Errorf("two runs of compile --format go differ")
			}
			checked := filepath.Join(dir, tc.file)
			if *update {
				if err := os.WriteFile(checked, first, 0o644); err != nil {
					t.Fatal(err)
				}
			} else if want, err := os.ReadFile(checked); err != nil || !bytes.Equal(want, first) {
				t.Errorf("%s is stale or missing (go generate ./testdata/e2e/probe, or -update): %v\n%s", tc.file, err, lineDiff(string(want), string(first)))
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "gen.go", first, parser.ParseComments)
			if err != nil {
				t.Fatalf("generated file does not parse: %v", err)
			}
			if !ast.IsGenerated(f) {
				t.Errorf("generated file lacks the \"Code generated ... DO NOT EDIT.\" line")
			}
			if f.Name.Name != "main" {
				t.Errorf("package %s, want main", f.Name.Name)
			}
			wantBuild := "//go:build " + map[string]string{"x86_64": "amd64", "aarch64": "arm64"}[tc.target]
			if !bytes.Contains(first, []byte("\n"+wantBuild+"\n")) {
				t.Errorf("no %q line", wantBuild)
			}
			got := decodeFilterVar(t, f, "filter")
			raw := x.run(t, "", "compile", "--target", tc.target, "--format", "raw", "-o", "$TMP/probe.bpf", "testdata/e2e/probe.policy")
			if raw.code != 0 {
				t.Fatalf("compile --format raw: %s", raw)
			}
			want := readRaw(t, filepath.Join(x.tmp, "probe.bpf"))
			if len(got) != len(want) {
				t.Fatalf("generated file holds %d instructions, raw output %d", len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("instruction %d: generated %+v, raw %+v", i, got[i], want[i])
				}
			}
		})
	}
}

// decodeFilterVar reads the composite literal of var name in f.
func decodeFilterVar(t *testing.T, f *ast.File, name string) []bpf.RawInstruction {
	t.Helper()
	var lit *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == name && len(vs.Values) == 1 {
			lit, _ = vs.Values[0].(*ast.CompositeLit)
		}
		return lit == nil
	})
	if lit == nil {
		t.Fatalf("no var %s = []bpf.RawInstruction{...}", name)
	}
	var out []bpf.RawInstruction
	for _, elt := range lit.Elts {
		c, ok := elt.(*ast.CompositeLit)
		if !ok {
			t.Fatalf("element %T is not a literal", elt)
		}
		var ins bpf.RawInstruction
		for _, kv := range c.Elts {
			kv := kv.(*ast.KeyValueExpr)
			v, err := strconv.ParseUint(kv.Value.(*ast.BasicLit).Value, 0, 32)
			if err != nil {
				t.Fatal(err)
			}
			switch kv.Key.(*ast.Ident).Name {
			case "Op":
				ins.Op = uint16(v)
			case "Jt":
				ins.Jt = uint8(v)
			case "Jf":
				ins.Jf = uint8(v)
			case "K":
				ins.K = uint32(v)
			}
		}
		out = append(out, ins)
	}
	return out
}

// readRaw reads a little-endian struct sock_filter array.
func readRaw(t *testing.T, path string) []bpf.RawInstruction {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || len(b)%8 != 0 {
		t.Fatalf("%s: %d bytes, %v", path, len(b), err)
	}
	out := make([]bpf.RawInstruction, len(b)/8)
	for i := range out {
		p := b[8*i:]
		out[i] = bpf.RawInstruction{Op: uint16(p[0]) | uint16(p[1])<<8, Jt: p[2], Jf: p[3], K: uint32(p[4]) | uint32(p[5])<<8 | uint32(p[6])<<16 | uint32(p[7])<<24}
	}
	return out
}

// hostIs reports whether the host is the architecture the exec and dump
// goldens were written on; elsewhere only the behaviour is checked.
func hostIs(name string) bool {
	a, err := arch.Native()
	return err == nil && a.Name == name
}

// skipUnlessSeccomp skips when the probe cannot run under a filter here.
func (x *e2e) skipUnlessSeccomp(t *testing.T, r result) {
	t.Helper()
	if r.code == 2 && strings.Contains(r.stderr, "install") {
		t.Skipf("cannot install a seccomp filter here: %s", r.stderr)
	}
}

// testExec runs the probe under profiles and checks each syscall's
// result: the filter, not the kernel, must answer.
func (x *e2e) testExec(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("seccomp is Linux only")
	}
	bare, err := exec.Command(x.probe).Output()
	if err != nil {
		t.Fatalf("probe without a filter: %v", err)
	}
	if !strings.Contains(string(bare), "unshare(0): ok") || !strings.Contains(string(bare), "setns(-1, 0): EBADF") {
		t.Fatalf("probe without a filter: unexpected results:\n%s", bare)
	}
	tests := []struct {
		name string
		args []string
		want []string // lines of the probe's output
	}{
		{
			name: "exec-docker",
			args: []string{"exec", "--", "$PROBE"},
			want: []string{"seccomp: 2, 1 filters", "getpid: ok", "unshare(0): EPERM", "setns(-1, 0): EPERM", "lsm_get_self_attr: EPERM"},
		},
		{
			// lsm_get_self_attr (Linux 6.8) is newer than the baseline
			// and named by no rule: the ENOSYS tail answers.
			name: "exec-docker-baseline",
			args: []string{"exec", "--baseline", "5.10", "--", "$PROBE"},
			want: []string{"unshare(0): EPERM", "lsm_get_self_attr: ENOSYS"},
		},
		{
			name: "exec-policy",
			args: []string{"exec", "--flags", "log", "testdata/e2e/probe.policy", "--", "$PROBE"},
			want: []string{"seccomp: 2, 1 filters", "getpid: ok", "unshare(0): EPERM", "setns(-1, 0): EACCES", "lsm_get_self_attr: ENOSYS"},
		},
		{
			// The precompiled filter of the same policy, installed by
			// the probe itself, behaves alike.
			name: "exec-policy-precompiled",
			args: []string{"exec", "testdata/e2e/probe.policy", "--", "$PROBE", "-install"},
			want: []string{"seccomp: 2, 2 filters", "unshare(0): EPERM", "setns(-1, 0): EACCES", "lsm_get_self_attr: ENOSYS"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := x.run(t, "", tt.args...)
			x.skipUnlessSeccomp(t, r)
			if r.code != 0 {
				t.Fatalf("exit %d:\n%s", r.code, r)
			}
			lines := strings.Split(r.stdout, "\n")
			for _, w := range tt.want {
				if !contains(lines, w) {
					t.Errorf("probe output lacks %q:\n%s", w, r.stdout)
				}
			}
			// Docker's warnings depend on the host's compat arches.
			if hostIs("x86_64") {
				r.stderr = ""
				x.golden(t, tt.name, r.String())
			}
		})
	}
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

// waiting is a probe started under seccompc exec that waits with its
// filters installed.
type waiting struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   []string
}

// startWaiting runs seccompc exec ARGS -- probe -wait EXTRA... and waits
// for it to print "ready".
func (x *e2e) startWaiting(t *testing.T, profile string, extra ...string) *waiting {
	t.Helper()
	args := append([]string{"exec", profile, "--", x.probe, "-wait"}, extra...)
	cmd := exec.Command(x.bin, args...)
	cmd.Dir = x.root
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := &waiting{cmd: cmd, stdin: stdin}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				cmd.Wait()
				if strings.Contains(stderr.String(), "install") {
					t.Skipf("cannot install a seccomp filter here: %s", stderr.String())
				}
				t.Fatalf("probe ended before it was ready:\n%s\n%s", strings.Join(w.out, "\n"), stderr.String())
			}
			if l == "ready" {
				go func() {
					for range lines {
					}
				}()
				return w
			}
			w.out = append(w.out, l)
		case <-timeout:
			t.Fatalf("probe not ready after 15 s:\n%s", strings.Join(w.out, "\n"))
		}
	}
}

// testDump reads the filters of a running probe and checks them against
// the compiled profiles.
func (x *e2e) testDump(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("seccomp is Linux only")
	}
	if x.filters != 0 {
		t.Skipf("the test process runs under %d seccomp filters: PTRACE_SECCOMP_GET_FILTER refuses callers under seccomp", x.filters)
	}
	p := x.startWaiting(t, "testdata/e2e/probe.policy")
	pid := strconv.Itoa(p.cmd.Process.Pid)
	r := x.run(t, "", "dump", "--pid", pid)
	if r.code == 2 && (strings.Contains(r.stderr, "permitted") || strings.Contains(r.stderr, "permission denied") || strings.Contains(r.stderr, "CONFIG_CHECKPOINT_RESTORE")) {
		t.Skipf("cannot read seccomp filters here: %s", r.stderr)
	}
	if r.code != 0 || !strings.HasPrefix(r.stdout, "; filter 0 (the only one): ") {
		t.Fatalf("dump: %s", r)
	}
	if hostIs("x86_64") {
		r.args = []string{"dump", "--pid", "$PID"}
		x.golden(t, "dump-probe", r.String())
	}

	// The dumped bytes are the compiled filter.
	if r := x.run(t, "", "dump", "--pid", pid, "--index", "0", "--format", "raw", "-o", "$TMP/dumped.bpf"); r.code != 0 {
		t.Fatalf("dump raw: %s", r)
	}
	if r := x.run(t, "", "compile", "--format", "raw", "-o", "$TMP/compiled.bpf", "testdata/e2e/probe.policy"); r.code != 0 {
		t.Fatalf("compile raw: %s", r)
	}
	dumped, compiled := readRaw(t, filepath.Join(x.tmp, "dumped.bpf")), readRaw(t, filepath.Join(x.tmp, "compiled.bpf"))
	if fmt.Sprint(dumped) != fmt.Sprint(compiled) {
		t.Errorf("dumped filter differs from the compiled one:\n%v\n%v", dumped, compiled)
	}

	// dump -o writes atomically: a write that fails midway leaves the
	// previous file whole.
	outDir := t.TempDir()
	outFile := filepath.Join(outDir, "dump.txt")
	old := []byte("the previous dump\n")
	if err := os.WriteFile(outFile, old, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, msg := runUnderFsizeLimit(t, "dump", "--pid", pid, "-o", outFile); code != 2 || !strings.Contains(msg, "seccompc dump: write "+outFile) {
		t.Errorf("dump -o past RLIMIT_FSIZE: exit %d, want 2 and a message naming the file:\n%s", code, msg)
	}
	checkOnly(t, outDir, outFile, old)

	checks := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--profile", "testdata/e2e/probe.policy"}, 0, "; filter 0: identical to testdata/e2e/probe.policy"},
		{[]string{"--profile", "testdata/policies/negated.policy"}, 1, "; filter 0: NOT equivalent to testdata/policies/negated.policy"},
		{[]string{"--index", "1"}, 2, ""},
		{[]string{"--format", "raw", "--profile", "testdata/e2e/probe.policy", "-o", "$TMP/x.bpf"}, 0, ""},
	}
	for _, c := range checks {
		r := x.run(t, "", append([]string{"dump", "--pid", pid}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stdout, c.want) {
			t.Errorf("exit %d, want %d; stdout lacks %q?\n%s", r.code, c.code, c.want, r)
		}
	}

	// Two filters: Docker's from exec, then the probe's own. The kernel
	// numbers them from the first installed.
	p2 := x.startWaiting(t, "testdata/profiles/moby-default.json", "-install")
	pid2 := strconv.Itoa(p2.cmd.Process.Pid)
	r = x.run(t, "", "dump", "--pid", pid2)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "; filter 0 (first installed): ") || !strings.Contains(r.stdout, "\n; filter 1 (most recent): ") {
		t.Fatalf("dump of two filters: %s", r)
	}
	for _, c := range []struct {
		index, profile string
		code           int
	}{
		{"1", "testdata/e2e/probe.policy", 0},
		{"0", "testdata/profiles/moby-default.json", 0},
		{"0", "testdata/e2e/probe.policy", 1},
		{"", "testdata/e2e/probe.policy", 0}, // the most recent
	} {
		args := []string{"dump", "--pid", pid2, "--profile", c.profile}
		if c.index != "" {
			args = append(args, "--index", c.index)
		}
		r := x.run(t, "", args...)
		if r.code != c.code {
			t.Errorf("filter %s against %s: exit %d, want %d\n%s", c.index, c.profile, r.code, c.code, r)
		}
	}
	if !contains(p2.out, "seccomp: 2, 2 filters") || !contains(p2.out, "setns(-1, 0): EACCES") {
		// Both filters answer setns with an errno; the kernel keeps the
		// most recent filter's on a tie.
		t.Errorf("probe under two filters:\n%s", strings.Join(p2.out, "\n"))
	}
}
