package main

import (
	"strings"
	"testing"
)

// TestPrintWarnings checks how unknown-name warnings are shown: a typo
// (no architecture defines the name) and a lone missing name keep their
// rule position and text; names missing on the same architectures are
// grouped at the position of the first, groups in the order of their
// first rule.
func TestPrintWarnings(t *testing.T) {
	policy := "default errno(1)\narch x86_64 x86\nallow read, opne\nallow newfstatat\nallow chown32\nallow fstat64\nallow epoll_ctl_old\n"
	_, errs, code := runCLI(t, policy, "compile", "--target", "x86_64", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := []string{
		`warning: <stdin>:3: unknown syscall "opne": no architecture of the filter (x86_64, x86) defines it; its rules are skipped`,
		`warning: <stdin>:4: 2 syscalls are not defined on x86; their rules are skipped there: newfstatat epoll_ctl_old`,
		`warning: <stdin>:5: 2 syscalls are not defined on x86_64; their rules are skipped there: chown32 fstat64`,
	}
	got := strings.Split(strings.TrimSpace(errs), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", errs, strings.Join(want, "\n"))
	}
}
