package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(&env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return out.String(), errb.String(), code
}

func TestSyscallsJSON(t *testing.T) {
	out, errs, code := runCLI(t, "", "syscalls", "--arch", "aarch64", "--baseline", "5.10", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := map[string]struct {
		nr    uint32
		since string
		in    bool
	}{
		"bpf":       {280, "3.18", true},
		"clone3":    {435, "5.3", true},
		"cachestat": {451, "6.5", false},
		"openat2":   {437, "5.6", true},
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 300 {
		t.Fatalf("only %d lines", len(lines))
	}
	seen := 0
	for _, l := range lines {
		var s struct {
			Name  string `json:"name"`
			Nr    uint32 `json:"nr"`
			Since string `json:"since"`
			In    *bool  `json:"in_baseline"`
		}
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if w, ok := want[s.Name]; ok {
			seen++
			if s.Nr != w.nr || s.Since != w.since || s.In == nil || *s.In != w.in {
				t.Errorf("%s = %+v, want nr %d since %s in %v", s.Name, s, w.nr, w.since, w.in)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("saw %d of %d syscalls", seen, len(want))
	}
	// x32 and MIPS numbers carry their ABI bits.
	out, _, _ = runCLI(t, "", "syscalls", "--arch", "x32", "--format", "json")
	if !strings.Contains(out, `{"name":"read","nr":1073741824,"since":"3.4"}`) {
		t.Errorf("x32 read line missing: %.200s", out)
	}
	out, _, _ = runCLI(t, "", "syscalls", "--arch", "mips", "--format", "json")
	if !strings.Contains(out, `"name":"read","nr":4003,`) {
		t.Errorf("mips read line missing")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"nosuchcommand"},
		{"syscalls", "--arch", "vax"},
		{"syscalls", "--format", "yaml"},
		{"syscalls", "--baseline", "five"},
		{"compile", "--format", "elf"},
		{"compile", "/no/such/file.json"},
		{"compile", "--baseline", "later"},
		{"disasm"},
	} {
		_, errs, code := runCLI(t, "", args...)
		if code != 2 || errs == "" {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a message", args, code, errs)
		}
	}
}

func TestCompileFormatsAndDisasm(t *testing.T) {
	dir := t.TempDir()
	raw := filepath.Join(dir, "f.bpf")
	_, errs, code := runCLI(t, "", "compile", "--target", "x86_64", "--format", "raw", "-o", raw)
	if code != 0 {
		t.Fatalf("compile: exit %d: %s", code, errs)
	}
	if errs != "" {
		t.Errorf("stderr for Docker's default profile: %s", errs)
	}
	b, err := os.ReadFile(raw)
	if err != nil || len(b) == 0 || len(b)%8 != 0 {
		t.Fatalf("raw output: %d bytes, %v", len(b), err)
	}
	asm, _, code := runCLI(t, "", "compile", "--target", "x86_64", "--format", "asm")
	if code != 0 || !strings.Contains(asm, "ret ALLOW") || !strings.Contains(asm, "personality") {
		t.Fatalf("asm output lacks expected lines:\n%.500s", asm)
	}
	dis, errs, code := runCLI(t, "", "disasm", "--target", "x86_64", raw)
	if code != 0 {
		t.Fatalf("disasm: exit %d: %s", code, errs)
	}
	if n := strings.Count(dis, "\n"); n != len(b)/8 {
		t.Errorf("disasm printed %d lines for %d instructions", n, len(b)/8)
	}
	js, _, code := runCLI(t, "", "compile", "--target", "aarch64", "--format", "json")
	var j struct {
		Arches       []string `json:"arches"`
		Instructions []any    `json:"instructions"`
	}
	if code != 0 || json.Unmarshal([]byte(js), &j) != nil || len(j.Instructions) == 0 || strings.Join(j.Arches, ",") != "aarch64,arm" {
		t.Errorf("json: exit %d, arches %v, %d instructions", code, j.Arches, len(j.Instructions))
	}
}

func TestCompilePolicyFromStdin(t *testing.T) {
	policy := "default errno(1)\nallow read, write\nerrno(13) openat if (a2 & 3) != 0\n"
	out, errs, code := runCLI(t, policy, "sim", "--target", "x86_64", "-", "openat", "0", "0", "1")
	if code != 0 || !strings.Contains(out, "action: ERRNO(13)") {
		t.Fatalf("sim: exit %d, stderr %s\n%s", code, errs, out)
	}
	out, _, code = runCLI(t, policy, "sim", "--target", "x86_64", "-", "openat", "0", "0", "4")
	if code != 0 || !strings.Contains(out, "action: ERRNO(1)") {
		t.Fatalf("sim openat O_RDONLY|4: exit %d\n%s", code, out)
	}
	out, _, code = runCLI(t, policy, "sim", "--target", "x86_64", "-", "cachestat")
	if code != 0 || !strings.Contains(out, "action: ERRNO(38)") {
		t.Fatalf("sim cachestat under auto baseline: exit %d\n%s", code, out)
	}
}
