package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBaselineEmptyAllowlistCLI runs issue 12's D1 cases through sim
// and compile: an empty or one-arch allowlist keeps its KILL or EPERM
// default, and the compile header never shows a tail without a version.
func TestBaselineEmptyAllowlistCLI(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	k := write("k.policy", "default kill_process\n")
	k2 := write("k2.json", `{"defaultAction":"SCMP_ACT_KILL_PROCESS","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86"],
  "syscalls":[{"names":["newfstatat"],"action":"SCMP_ACT_ALLOW"}]}`)
	kill := write("kill.json", `{"defaultAction":"SCMP_ACT_KILL_PROCESS"}`)
	deny := write("deny.json", `{"defaultAction":"SCMP_ACT_ERRNO"}`)
	old := write("old.json", `{"defaultAction":"SCMP_ACT_KILL_PROCESS","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_AARCH64"],
  "syscalls":[{"names":["open","stat"],"action":"SCMP_ACT_ALLOW"}]}`)
	exempt := write("e.json", `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"},{"names":["cachestat"],"action":"SCMP_ACT_ERRNO"}]}`)
	minKernel := write("docker.json", `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["clone3"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"99.0"}}]}`)
	for _, tt := range []struct {
		args []string
		want string // a line of stdout
	}{
		{[]string{"sim", "--target", "x86_64", k, "execve"}, "action: KILL_PROCESS (0x80000000)"},
		{[]string{"sim", "--target", "x86_64", "--arch", "x86", k2, "execve"}, "action: KILL_PROCESS (0x80000000)"},
		{[]string{"sim", "--target", "x86_64", "--arch", "x86", k2, "clone3"}, "policy: errno(38): not in baseline 3.0 on x86"},
		{[]string{"sim", "--target", "x86_64", "--arch", "aarch64", old, "execve"}, "action: KILL_PROCESS (0x80000000)"},
		{[]string{"sim", "--target", "x86_64", kill, "execve"}, "action: KILL_PROCESS (0x80000000)"},
		{[]string{"sim", "--target", "x86_64", deny, "execve"}, "action: ERRNO(1) (0x00050001)"},
		{[]string{"sim", "--target", "x86_64", minKernel, "clone3"}, "action: ERRNO(1) (0x00050001)"},
		{[]string{"explain", "--target", "x86_64", "--baseline", "5.10", exempt, "cachestat"}, "why:     the profile names it only with the default action (a rule runc skips), so it gets the default action, never the ENOSYS tail, though it was added in kernel 6.5, after the baseline 5.10 on x86_64"},
		{[]string{"compile", "--target", "x86_64", k}, "; section x86_64: 0 syscalls named, ENOSYS tail baseline none"},
		{[]string{"compile", "--target", "x86_64", k2}, "; section x86: 0 syscalls named, ENOSYS tail baseline 3.0"},
	} {
		out, errs, code := runCLI(t, "", tt.args...)
		if code != 0 {
			t.Errorf("%s: exit %d\n%s", strings.Join(tt.args, " "), code, errs)
			continue
		}
		if !strings.Contains(out+"\n", tt.want+"\n") {
			t.Errorf("%s: no line %q in\n%s", strings.Join(tt.args, " "), tt.want, out)
		}
	}
}
