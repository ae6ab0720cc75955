package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// fsizeChildEnv carries the command line of TestHelperCLIUnderFsizeLimit
// as JSON.
const fsizeChildEnv = "SECCOMPC_TEST_FSIZE_ARGS"

// fsizeLimit is the RLIMIT_FSIZE of the child: smaller than any output
// the tests ask for, so that the write fails with EFBIG midway.
const fsizeLimit = 512

// runUnderFsizeLimit runs the CLI with args in a child process (this
// test binary) whose files may not grow past fsizeLimit bytes, and
// returns its exit status and output.
func runUnderFsizeLimit(t *testing.T, args ...string) (code int, out string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("uses RLIMIT_FSIZE as Linux applies it")
	}
	js, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCLIUnderFsizeLimit$", "-test.count=1")
	cmd.Env = append(os.Environ(), fsizeChildEnv+"="+string(js))
	b, err := cmd.CombinedOutput()
	if !strings.Contains(string(b), "CHILD RAN") {
		t.Fatalf("child did not run: %v\n%s", err, b)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), string(b)
}

// TestHelperCLIUnderFsizeLimit is the child of runUnderFsizeLimit.
func TestHelperCLIUnderFsizeLimit(t *testing.T) {
	js := os.Getenv(fsizeChildEnv)
	if js == "" {
		t.Skip("runs only as a child of runUnderFsizeLimit")
	}
	var args []string
	if err := json.Unmarshal([]byte(js), &args); err != nil {
		t.Fatal(err)
	}
	// The Go runtime ignores SIGXFSZ, so a write past the limit returns
	// EFBIG.
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: fsizeLimit, Max: fsizeLimit}); err != nil {
		t.Fatal(err)
	}
	println("CHILD RAN")
	os.Exit(run(&env{stdin: strings.NewReader(""), stdout: os.Stdout, stderr: os.Stderr}, args))
}

// TestOutputFileAtomic runs compile -o in every format over an existing
// file with writes failing midway (RLIMIT_FSIZE): the command must fail
// with a message, and the old file must stay whole with no temporary
// file left beside it. os.WriteFile, which truncates first, left a
// partial file.
func TestOutputFileAtomic(t *testing.T) {
	for _, format := range []string{"asm", "raw", "base64", "c", "go", "json", "dot"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "filter.out")
			old := []byte("the previous, complete output\n")
			if err := os.WriteFile(out, old, 0o644); err != nil {
				t.Fatal(err)
			}
			// Docker's default profile: every format is larger than the
			// limit.
			code, msg := runUnderFsizeLimit(t, "compile", "--target", "x86_64", "--format", format, "-o", out)
			if code != 2 || !strings.Contains(msg, "seccompc compile: write "+out) {
				t.Errorf("exit %d, want 2 and a message naming the file:\n%s", code, msg)
			}
			checkOnly(t, dir, out, old)
		})
	}
	// Under the limit, the write succeeds and replaces the file.
	dir := t.TempDir()
	out := filepath.Join(dir, "small.bpf")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, msg := runUnderFsizeLimit(t, "compile", "--target", "x86_64", "--format", "raw", "-o", out, "../../testdata/e2e/probe.policy"); code != 0 {
		t.Fatalf("small write: exit %d\n%s", code, msg)
	}
	if b, _ := os.ReadFile(out); len(b) == 0 || len(b)%8 != 0 || len(b) > fsizeLimit {
		t.Errorf("small write: %d bytes", len(b))
	}
}

// checkOnly checks that dir holds only the file out, with contents want.
func checkOnly(t *testing.T, dir, out string, want []byte) {
	t.Helper()
	if got, _ := os.ReadFile(out); !bytes.Equal(got, want) {
		t.Errorf("after the failed write the file holds %d bytes %.40q, want the old contents", len(got), got)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only %s", names, filepath.Base(out))
	}
}
