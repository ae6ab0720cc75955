package main

import (
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

func TestVerifyProves(t *testing.T) {
	podman := filepath.Join("..", "..", "testdata", "profiles", "podman-seccomp.json")
	for _, args := range [][]string{
		{"verify", "--target", "x86_64"},
		{"verify", "--target", "s390x", "--baseline", "5.4", podman},
		{"verify", "--target", "mips", filepath.Join("..", "..", "testdata", "policies", "inverse-masks.policy")},
	} {
		out, errs, code := runCLI(t, "", args...)
		if code != 0 || !strings.HasPrefix(out, "proved: ") || !strings.Contains(out, "syscall classes") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	out, errs, code := runCLI(t, "", "verify", "--target", "aarch64", "--format", "json", podman)
	var j verifyJSON
	if code != 0 || json.Unmarshal([]byte(out), &j) != nil {
		t.Fatalf("json: exit %d, %q %q", code, out, errs)
	}
	if j.Result != "proved" || j.Arches != 2 || j.Paths == 0 || j.Classes == 0 {
		t.Errorf("json result %+v", j)
	}
}

// TestVerifyRawFilter proves a raw filter written by compile --format raw
// against its profile, then breaks one return value in the file and
// checks that verify reports a counterexample the interpreter and the
// policy confirm.
func TestVerifyRawFilter(t *testing.T) {
	dir := t.TempDir()
	podman := filepath.Join("..", "..", "testdata", "profiles", "podman-seccomp.json")
	for _, target := range []string{"aarch64", "s390x"} {
		a, err := arch.Lookup(target)
		if err != nil {
			t.Fatal(err)
		}
		raw := filepath.Join(dir, target+".bpf")
		if _, errs, code := runCLI(t, "", "compile", "--target", target, "--format", "raw", "-o", raw, podman); code != 0 {
			t.Fatalf("compile: %s", errs)
		}
		out, errs, code := runCLI(t, "", "verify", "--target", target, "--bpf", raw, "--policy", podman)
		if code != 0 || !strings.HasPrefix(out, "proved: 2 arches") {
			t.Fatalf("%s: exit %d: %q %q", target, code, out, errs)
		}

		// Turn the first RET ALLOW into RET ERRNO(EPERM).
		data, err := os.ReadFile(raw)
		if err != nil {
			t.Fatal(err)
		}
		var order binary.ByteOrder = binary.LittleEndian
		if a.BigEndian {
			order = binary.BigEndian
		}
		broken := false
		for i := 0; i < len(data); i += 8 {
			if order.Uint16(data[i:]) == 0x06 && order.Uint32(data[i+4:]) == ir.RetAllow {
				order.PutUint32(data[i+4:], ir.Errno(ir.EPERM).Ret())
				broken = true
				break
			}
		}
		if !broken {
			t.Fatal("no RET ALLOW in the filter")
		}
		bad := filepath.Join(dir, target+"-broken.bpf")
		if err := os.WriteFile(bad, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, errs, code = runCLI(t, "", "verify", "--target", target, "--format", "json", "--bpf", bad, "--policy", podman)
		if code != 1 {
			t.Fatalf("%s broken: exit %d, want 1: %q %q", target, code, out, errs)
		}
		var j verifyJSON
		if err := json.Unmarshal([]byte(out), &j); err != nil || j.Result != "counterexample" || j.Nr == nil || len(j.Args) != 6 || j.Program == nil {
			t.Fatalf("%s broken: %v: %q", target, err, out)
		}
		// Confirm with the interpreter and the policy.
		prog, err := decodeRawFilter(data, bad, a)
		if err != nil {
			t.Fatal(err)
		}
		d := verify.SeccompData{Arch: j.Audit, Nr: *j.Nr, IP: *j.IP, Args: [6]uint64(j.Args)}
		got, err := verify.Run(prog, &d, a.BigEndian)
		if err != nil {
			t.Fatal(err)
		}
		c, err := compileProfile(&env{}, podman, &compileFlags{target: &target, baseline: new(string)})
		if err != nil {
			t.Fatal(err)
		}
		want := c.resolved.Eval(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args})
		if got != *j.Program || got != ir.Errno(ir.EPERM).Ret() || want != ir.Allow || want.Ret() != *j.PolicyRet {
			t.Errorf("%s: counterexample %+v not confirmed: Run %#x, Eval %v", target, j, got, want)
		}
		// The text form names the syscall and both verdicts.
		out, _, code = runCLI(t, "", "verify", "--target", target, "--bpf", bad, "--policy", podman)
		if code != 1 || !strings.Contains(out, "counterexample:") || !strings.Contains(out, "filter:  ERRNO(1)") || !strings.Contains(out, j.Syscall) {
			t.Errorf("%s: text output %q", target, out)
		}
	}
}

func TestVerifyUsageErrors(t *testing.T) {
	dir := t.TempDir()
	odd := filepath.Join(dir, "odd.bpf")
	if err := os.WriteFile(odd, []byte{1, 2, 3}, 0o644); err != nil {
		t.Fatal(err)
	}
	// A filter the kernel refuses: one instruction that is not a return.
	notRet := filepath.Join(dir, "noret.bpf")
	if err := os.WriteFile(notRet, []byte{0x20, 0, 0, 0, 0, 0, 0, 0}, 0o644); err != nil {
		t.Fatal(err)
	}
	// A filter the prover cannot model: ret a of an argument word.
	retA := filepath.Join(dir, "reta.bpf")
	if err := os.WriteFile(retA, []byte{0x20, 0, 0, 0, 16, 0, 0, 0, 0x16, 0, 0, 0, 0, 0, 0, 0}, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"verify", "--policy", "x.json"}, "--policy needs --bpf"},
		{[]string{"verify", "--bpf", odd, "p.json"}, "not from PROFILE"},
		{[]string{"verify", "--format", "yaml"}, "--format"},
		{[]string{"verify", "a", "b"}, "at most one PROFILE"},
		{[]string{"verify", "--target", "x86_64", "--bpf", odd}, "whole number"},
		{[]string{"verify", "--target", "x86_64", "--bpf", notRet}, "kernel would refuse"},
		{[]string{"verify", "--target", "x86_64", "--bpf", retA}, "cannot model"},
		{[]string{"verify", "/no/such/profile.json"}, "no such file"},
	} {
		_, errs, code := runCLI(t, "", tc.args...)
		if code != 2 || !strings.Contains(errs, tc.msg) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tc.args, code, errs, tc.msg)
		}
	}
}
