package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestLint(t *testing.T) {
	mistakes := readTestdata(t, "lint/mistakes.policy")
	clean := readTestdata(t, "lint/clean.policy")
	for _, tt := range []struct {
		golden string
		stdin  string
		args   []string
		code   int
		want   []string
	}{
		{"lint-mistakes", mistakes, []string{"--target", "x86_64", "-"}, 1, []string{
			"<stdin>:6: warning: allow read repeats <stdin>:5 [duplicate]",
			"<stdin>:8: warning: allow ptrace if a0 == 16 never decides a verdict: <stdin>:7 holds whenever it does and takes precedence [shadowed]",
			"<stdin>:9: error: allow personality if (a0 & 255) == 0x100 can never match: no arguments satisfy the condition [never-matches]",
			"<stdin>:11: warning: errno(1) kcmp: the action is the default action, so the rule has no effect [default-action]",
			`<stdin>:12: error: syscall "opne" is not defined on any architecture (did you mean "open"?): its rules have no effect [unknown-syscall]`,
			"<stdin>: 2 errors, 7 warnings",
		}},
		{"lint-clean", clean, []string{"--target", "x86_64", "-"}, 0, []string{
			"<stdin>: 0 errors, 0 warnings",
		}},
		// The shape of Docker's default profile of December 2016 (moby
		// PR 29076): socket allowed for five address families, and
		// socketcall(SYS_SOCKET) rules meant to do the same on x86.
		{"lint-docker-2016", readTestdata(t, "lint/docker-2016.json"), []string{"--target", "x86_64", "-"}, 0, []string{
			`<stdin>: syscalls[6] ("socketcall"): warning: allow socketcall if a0 == 1 && a1 == 1 is redundant: <stdin>: syscalls[1] ("socket") gives the same action whenever it holds: on x86, socket rules apply to socketcall(SYS_SOCKET) (a0 == 1) without their tests of socket's arguments, which socketcall passes in memory the filter cannot read (its a1 is their address), so socketcall(SYS_SOCKET) gets allow there whatever the address family [shadowed]`,
			`<stdin>: syscalls[7] ("socketcall"): warning: allow socketcall if a0 == 1 && a1 == 2 is redundant: <stdin>: syscalls[1] ("socket") gives the same action whenever it holds: on x86, through socketcall(SYS_SOCKET), as said at <stdin>: syscalls[6] ("socketcall") [shadowed]`,
			"<stdin>: 0 errors, 7 warnings",
		}},
		{"lint-podman", readTestdata(t, "profiles/podman-seccomp.json"), []string{"--target", "x86_64", "-"}, 0, []string{
			"(SCMP_ACT_ERRNO(1) without conditions) [duplicate]",
			`decides "setns" (allow) for all arguments [shadowed]`,
		}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			out, errs, code := runCLI(t, tt.stdin, append([]string{"lint"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			checkGolden(t, tt.golden, out)
		})
	}
}

func TestLintJSON(t *testing.T) {
	out, errs, code := runCLI(t, readTestdata(t, "lint/mistakes.policy"), "lint", "--target", "x86_64", "--format", "json", "-")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var fs []struct{ Severity, Code, Where, Message string }
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	codes := map[string]string{}
	for _, f := range fs {
		if f.Where == "" || f.Message == "" {
			t.Errorf("incomplete finding %+v", f)
		}
		codes[f.Code] = f.Severity
	}
	want := map[string]string{
		"x32": "warning", "equivalent-gap": "warning", "unknown-syscall": "error", "duplicate": "warning",
		"shadowed": "warning", "mask-value": "warning", "never-matches": "warning", "default-action": "warning",
	}
	// never-matches appears twice (error on all arches, warning on x86
	// only); the map keeps the last.
	for c, sev := range want {
		if codes[c] != sev {
			t.Errorf("code %s: severity %q, want %q (all: %v)", c, codes[c], sev, codes)
		}
	}
	out, _, code = runCLI(t, readTestdata(t, "lint/clean.policy"), "lint", "--target", "x86_64", "--format", "json", "-")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("clean policy: exit %d, output %q", code, out)
	}
}

func TestLintDockerDefault(t *testing.T) {
	out, errs, code := runCLI(t, "", "lint", "--target", "x86_64")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errs, out)
	}
	if !strings.Contains(out, "docker-default: 0 errors, ") || !strings.Contains(out, "[unknown-syscall]") {
		t.Errorf("output:\n%s", out)
	}
}

func TestLintUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		stdin string
		args  []string
	}{
		{"", []string{"lint", "--format", "yaml"}},
		{"", []string{"lint", "--target", "vax"}},
		{"", []string{"lint", "/no/such/profile.json"}},
		{"", []string{"lint", "a", "b"}},
		{"default nothing\n", []string{"lint", "-"}},
		{"{", []string{"lint", "-"}},
	} {
		_, errs, code := runCLI(t, tt.stdin, tt.args...)
		if code != 2 || !strings.Contains(errs, "seccompc lint: ") {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a message", tt.args, code, errs)
		}
	}
	out, errs, code := runCLI(t, "", "lint", "-h")
	if code != 0 || errs != "" || !strings.Contains(out, "never-matches: error") || !strings.Contains(out, "-format FORMAT") {
		t.Errorf("lint -h: exit %d, stderr %q\n%s", code, errs, out)
	}
}
