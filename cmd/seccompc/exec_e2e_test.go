package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// buildTiny compiles testdata/e2e/tiny/tiny.c, a static program that
// uses only execve, write and exit_group, or skips.
func (x *e2e) buildTiny(t *testing.T) string {
	t.Helper()
	if runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" {
		t.Skipf("tiny.c has syscalls for amd64 and arm64 only, not %s", runtime.GOARCH)
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc not found: cannot build the static test program")
	}
	bin := filepath.Join(x.tmp, "tiny")
	out, err := exec.Command(gcc, "-nostdlib", "-static", "-O2", "-fno-stack-protector", "-o", bin, filepath.Join(x.root, "testdata", "e2e", "tiny", "tiny.c")).CombinedOutput()
	if err != nil {
		t.Skipf("gcc cannot build a static program here: %v\n%s", err, out)
	}
	return bin
}

// testExecHostile runs seccompc exec under profiles that deny what the
// Go runtime needs (issue 12 D4), 20 times each: seccompc must either
// start the program every time or refuse every time with a message,
// never crash. Before the fix the filter went on every thread (TSYNC)
// while the runtime kept running: SIGSEGV without a message, "fatal
// error: cannot map pages", or exit 159 (SIGSYS) for a killed execve.
func (x *e2e) testExecHostile(t *testing.T) {
	tiny := x.buildTiny(t)
	if out, err := exec.Command(tiny).Output(); err != nil || string(out) != "started\n" {
		t.Fatalf("tiny without a filter: %q, %v", out, err)
	}
	tests := []struct {
		name, policy string
		refuse       bool // execve is not allowed: refuse, naming it
	}{
		{"errno-default-no-execve", "default errno(1)\nallow write, exit_group, exit\n", true},
		{"errno-default", "default errno(1)\nallow write, exit_group, exit, execve\n", false},
		{"no-mmap", "default allow\nerrno(1) mmap, munmap, mprotect, madvise\n", false},
		{"no-rt_sigreturn", "default allow\nerrno(1) rt_sigreturn\n", false},
		{"kill-rt_sigreturn", "default allow\nkill_process rt_sigreturn\n", false},
		{"no-futex", "default allow\nerrno(1) futex, sched_yield, nanosleep, clock_nanosleep, tgkill, rt_sigprocmask, rt_sigaction, sigaltstack\n", false},
		{"kill-default-no-execve", "default kill_process\nallow write, exit_group\n", true},
		{"kill-default", "default kill_process\nallow execve, write, exit_group\n", false},
		{"trap-default", "default trap\nallow execve, write, exit_group\n", false},
		{"kill-execve", "default allow\nkill_process execve\n", true},
		{"errno-execve-arg", "default allow\nerrno(13) execve if a0 != 0\n", true},
	}
	const runs = 20
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			profile := filepath.Join(t.TempDir(), tt.name+".policy")
			if err := os.WriteFile(profile, []byte(tt.policy), 0o644); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < runs; i++ {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				cmd := exec.CommandContext(ctx, x.bin, "exec", profile, "--", tiny)
				var stdout, stderr strings.Builder
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				err := cmd.Run()
				cancel()
				code := 0
				var ee *exec.ExitError
				switch {
				case errors.As(err, &ee):
					code = ee.ExitCode()
					if code < 0 {
						t.Fatalf("run %d: seccompc died: %v; stderr:\n%s", i, ee.ProcessState, stderr.String())
					}
				case err != nil:
					t.Fatal(err)
				}
				x.skipUnlessSeccomp(t, result{code: code, stderr: stderr.String()})
				if tt.refuse {
					if code != 2 || !strings.Contains(stderr.String(), "execve") || !strings.Contains(stderr.String(), "could never start") || stdout.String() != "" {
						t.Fatalf("run %d: exit %d, stdout %q, stderr %q; want exit 2 and a message that execve is refused", i, code, stdout.String(), stderr.String())
					}
					continue
				}
				if code != 0 || stdout.String() != "started\n" || stderr.String() != "" {
					t.Fatalf("run %d: exit %d, stdout %q, stderr %q; want the program's output and exit 0", i, code, stdout.String(), stderr.String())
				}
			}
		})
	}
}

// testExecInheritance checks what the program inherits from seccompc
// exec: no blocked signals, the same ignored signals as without
// seccompc, no_new_privs, and exactly one more filter.
func (x *e2e) testExecInheritance(t *testing.T) {
	fields := func(out string) map[string]string {
		m := map[string]string{}
		for _, l := range strings.Split(out, "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok {
				m[k] = strings.TrimSpace(v)
			}
		}
		return m
	}
	bare, err := exec.Command("cat", "/proc/self/status").Output()
	if err != nil {
		t.Skipf("cannot read /proc/self/status: %v", err)
	}
	r := x.run(t, "", "exec", "testdata/e2e/probe.policy", "--", "cat", "/proc/self/status")
	x.skipUnlessSeccomp(t, r)
	if r.code != 0 {
		t.Fatalf("exec cat: %s", r)
	}
	want, got := fields(string(bare)), fields(r.stdout)
	for _, k := range []string{"SigBlk", "SigIgn", "SigPnd", "ShdPnd"} {
		if got[k] != want[k] {
			t.Errorf("%s under seccompc exec = %s, without = %s", k, got[k], want[k])
		}
	}
	if got["NoNewPrivs"] != "1" || got["Seccomp"] != "2" {
		t.Errorf("NoNewPrivs %s, Seccomp %s; want 1 and 2", got["NoNewPrivs"], got["Seccomp"])
	}
	if n, m := got["Seccomp_filters"], want["Seccomp_filters"]; n == "" || m == "" || atoi(n) != atoi(m)+1 {
		t.Errorf("Seccomp_filters %s under seccompc exec, %s without; want one more", n, m)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}
