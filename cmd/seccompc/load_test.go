package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestPrintWarnings checks how unknown-name warnings are shown: by
// default only the typo (a name no architecture defines), with the
// nearest defined name; with -v also the names other architectures
// define, one line per set of architectures lacking them, at the first
// rule, in rule order; with --strict the typo is an error (exit 2).
func TestPrintWarnings(t *testing.T) {
	policy := "default errno(1)\narch x86_64 x86\nallow read, opne\nallow newfstatat\nallow chown32\nallow fstat64\nallow epoll_ctl_old\n"
	typo := `warning: <stdin>:3: unknown syscall "opne" (did you mean "open"?): no architecture defines it; its rules have no effect`
	for _, tt := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"compile", "--target", "x86_64", "-"}, 0, []string{typo}},
		{[]string{"compile", "--target", "x86_64", "-v", "-"}, 0, []string{
			typo,
			`warning: <stdin>:4: 2 syscalls are not defined on x86; their rules are skipped there: newfstatat, epoll_ctl_old`,
			`warning: <stdin>:5: 2 syscalls are not defined on x86_64; their rules are skipped there: chown32, fstat64`,
		}},
		{[]string{"compile", "--target", "x86_64", "--strict", "-"}, 2, []string{
			`seccompc compile: <stdin>:3: invalid syscall: "opne" is not defined on any architecture (did you mean "open"?)`,
		}},
	} {
		out, errs, code := runCLI(t, policy, tt.args...)
		if code != tt.code {
			t.Errorf("%q: exit %d, want %d: %s", tt.args, code, tt.code, errs)
		}
		if got := strings.Split(strings.TrimSpace(errs), "\n"); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%q: stderr:\n%s\nwant:\n%s", tt.args, errs, strings.Join(tt.want, "\n"))
		}
		if tt.code != 0 && out != "" {
			t.Errorf("%q: output on failure: %.200s", tt.args, out)
		}
	}
}

// TestQuietOnKnownProfiles checks that the commands that compile print
// no warning about syscall names other architectures define for
// Docker's and podman's profiles (which name many), and that diff of a
// profile with itself is silent; -v shows them.
func TestQuietOnKnownProfiles(t *testing.T) {
	const podman = "../../testdata/profiles/podman-seccomp.json"
	const moby = "../../testdata/profiles/moby-default.json"
	for _, args := range [][]string{
		{"compile", "--target", "x86_64"},
		{"compile", "--target", "aarch64", moby},
		{"verify", "--target", "x86_64"},
		{"stats", "--target", "aarch64"},
		{"explain", "--target", "x86_64", "read"},
		{"sim", "--target", "x86_64", "read"},
		{"diff", "--target", "x86_64", moby, moby},
		{"diff", "--target", "aarch64", podman, podman},
		{"diff", "--target", "x86_64", podman, podman},
	} {
		_, errs, code := runCLI(t, "", args...)
		if code != 0 || errs != "" {
			t.Errorf("%q: exit %d, stderr:\n%s", args, code, errs)
		}
	}
	// podman's profile has one warning with meaning: a rule libseccomp
	// never applies.
	for _, target := range []string{"x86_64", "aarch64"} {
		_, errs, code := runCLI(t, "", "compile", "--target", target, podman)
		if code != 0 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "rule dropped") {
			t.Errorf("compile podman for %s: exit %d, stderr:\n%s", target, code, errs)
		}
	}
	_, errs, _ := runCLI(t, "", "compile", "--target", "aarch64", "-v", podman)
	if !strings.Contains(errs, "syscalls are not defined on aarch64, arm; their rules are skipped there: ") || strings.Count(errs, "\n") > 6 {
		t.Errorf("compile -v of podman for aarch64: stderr:\n%s", errs)
	}
}

// TestCompileJSONWarnings checks that --format json carries the
// warnings, all of them, as objects with their kind.
func TestCompileJSONWarnings(t *testing.T) {
	out, errs, code := runCLI(t, "default errno(1)\nallow read, opne, chown32\n", "compile", "--target", "x86_64", "--format", "json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Warnings []warningJSON `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := []warningJSON{
		{Kind: "unknown-syscall", Pos: "<stdin>:2", Message: `unknown syscall "opne" (did you mean "open"?): no architecture defines it; its rules have no effect`,
			Syscalls: []string{"opne"}, Arches: []string{"x86_64"}, Suggest: "open"},
		{Kind: "missing-syscall", Pos: "<stdin>:2", Message: `syscall "chown32" is not defined on x86_64; its rules are skipped there`,
			Syscalls: []string{"chown32"}, Arches: []string{"x86_64"}},
	}
	if len(got.Warnings) != len(want) {
		t.Fatalf("warnings %+v, want %+v", got.Warnings, want)
	}
	for i := range want {
		g, w := got.Warnings[i], want[i]
		if g.Kind != w.Kind || g.Pos != w.Pos || g.Message != w.Message || g.Suggest != w.Suggest ||
			strings.Join(g.Syscalls, ",") != strings.Join(w.Syscalls, ",") || strings.Join(g.Arches, ",") != strings.Join(w.Arches, ",") {
			t.Errorf("warning %d = %+v, want %+v", i, g, w)
		}
	}
}

// TestRefuseAsRunc checks --refuse-as-runc: a profile that runc fails
// to load (libseccomp 2.5 refuses its second rule with EEXIST, though
// the third decides the syscall) compiles with a warning by default
// and is an error (exit 2) with the flag.
func TestRefuseAsRunc(t *testing.T) {
	profile := `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
	{"names": ["personality"], "action": "SCMP_ACT_TRACE", "args": [{"index": 1, "value": 255, "op": "SCMP_CMP_LT"}]},
	{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 255, "op": "SCMP_CMP_LT"}]},
	{"names": ["personality"], "action": "SCMP_ACT_TRAP"}]}`
	refused := `syscalls[1] ("personality"): libseccomp refuses this rule (EEXIST)`
	for _, tt := range []struct {
		args []string
		code int
		want string // a part of stderr
	}{
		{[]string{"compile", "--target", "x86_64", "-"}, 0, "warning: <stdin>: " + refused},
		{[]string{"compile", "--target", "x86_64", "--refuse-as-runc", "-"}, 2, "seccompc compile: <stdin>: syscalls[1] (\"personality\"): invalid action: libseccomp refuses this rule (EEXIST)"},
		{[]string{"verify", "--target", "x86_64", "--refuse-as-runc", "-"}, 2, "EEXIST"},
	} {
		out, errs, code := runCLI(t, profile, tt.args...)
		if code != tt.code {
			t.Errorf("%q: exit %d, want %d: %s", tt.args, code, tt.code, errs)
		}
		if !strings.Contains(errs, tt.want) {
			t.Errorf("%q: stderr:\n%s\nwant a line with %q", tt.args, errs, tt.want)
		}
		if tt.code != 0 && out != "" {
			t.Errorf("%q: output on failure: %.200s", tt.args, out)
		}
	}
}
