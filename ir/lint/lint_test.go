package lint_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/lint"
	"github.com/seccompc/seccompc/ir/profile"
)

// TestFindings runs one small profile per finding kind, and a near miss
// that must not be flagged. want lists, for the case's code, the
// findings expected ("severity where: message substring"); an empty
// want means no finding of that code.
func TestFindings(t *testing.T) {
	for _, tt := range []struct {
		name   string
		target string
		src    string
		code   lint.Code
		want   []string // "severity|where|message substring"
	}{
		{
			name: "never-matches/mask-and-range",
			src:  "default errno(1)\nallow read\nallow personality if (a0 & 0xf0) == 0x10 && a0 < 0x10\n",
			code: lint.NeverMatches,
			want: []string{"error|p:3|allow personality if (a0 & 240) == 16 && a0 < 16 can never match"},
		},
		{
			name: "never-matches/near-miss",
			src:  "default errno(1)\nallow personality if (a0 & 0xf0) == 0x10 && a0 < 0x20\n",
			code: lint.NeverMatches,
		},
		{
			name: "never-matches/masked-ne-cover",
			src:  "default errno(1)\nallow fcntl if (a1 & 1) != 0 && (a1 & 1) != 1\n",
			code: lint.NeverMatches,
			want: []string{"error|p:2|can never match"},
		},
		{
			name:   "never-matches/32-bit-only",
			target: "x86_64",
			src:    "default errno(1)\narch x86_64 x86 x32\nallow mmap if a3 == 0x100000000 && a3 != 0\n",
			code:   lint.NeverMatches,
			want:   []string{"warning|p:3|can never match on x86, x32"},
		},
		{
			name:   "never-matches/32-bit-near-miss",
			target: "x86_64",
			src:    "default errno(1)\narch x86_64 x86 x32\nallow mmap if a3 == 0x100000001 && a3 != 0\n",
			code:   lint.NeverMatches,
		},
		{
			name:   "tail-coverage/older-baseline",
			target: "x86_64",
			src:    "default errno(1)\narch x86_64\nbaseline 4.19\nallow read, clone3\n",
			code:   lint.TailCoverage,
			want:   []string{"warning|p: baseline|the baseline 4.19 is older than the profile, which names syscalls up to kernel 5.3 (clone3): syscalls added in between that it leaves to the default errno(1) get ERRNO(ENOSYS) instead: 12 on x86_64 (pidfd_send_signal, io_uring_setup, io_uring_enter, ...)"},
		},
		{
			name:   "tail-coverage/newer-baseline",
			target: "x86_64",
			src:    "default errno(1)\narch x86_64\nbaseline 5.3\nallow read, clone3\n",
			code:   lint.TailCoverage,
		},
		{
			name:   "tail-coverage/auto",
			target: "x86_64",
			src:    "default kill_process\narch x86_64 x86\nallow newfstatat\n",
			code:   lint.TailCoverage,
		},
		{
			name: "mask-value",
			src:  "default errno(1)\nallow ioctl if (a1 & 0xff) == 0x100\nallow fcntl if (a1 & 0xff) != 0x100\n",
			code: lint.MaskValue,
			want: []string{
				"warning|p:2|(a1 & 255) == 0x100 is always false: the value 0x100 has bits outside the mask 0xff",
				"warning|p:3|(a1 & 255) != 0x100 is always true",
			},
		},
		{
			name: "mask-value/near-miss",
			src:  "default errno(1)\nallow ioctl if (a1 & 0x1ff) == 0x100\n",
			code: lint.MaskValue,
		},
		{
			name: "duplicate",
			src:  "default errno(1)\nallow read if a0 == 1\nallow write\nallow read if a0 == 1\n",
			code: lint.Duplicate,
			want: []string{"warning|p:4|allow read if a0 == 1 repeats p:2"},
		},
		{
			// Copies of one rule: one finding, at the first copy.
			name: "duplicate/copies",
			src:  "default errno(1)\nallow read if a0 == 1\nallow read if a0 == 1\nallow write\nallow read if a0 == 1\nallow read if a0 == 1\nallow read if a0 == 1\nallow read if a0 == 1\nallow write\n",
			code: lint.Duplicate,
			want: []string{
				"warning|p:3|allow read if a0 == 1 repeats p:2; so do 4 more rules after it: p:5, p:6, p:7 and 1 more",
				"warning|p:9|allow write repeats p:4",
			},
		},
		{
			name: "duplicate/equal-after-simplify",
			src:  "default errno(1)\nallow read if a0 <= 4\nallow read if a0 < 5\n",
			code: lint.Duplicate,
			want: []string{"warning|p:3|repeats p:2"},
		},
		{
			// One finding for a rule that lists names again, however many
			// times; the rules themselves name each syscall once.
			name: "duplicate/listed-again",
			src:  "default errno(1)\nallow read, write, read, close, read, write if a0 == 1\nallow openat\n",
			code: lint.Duplicate,
			want: []string{"warning|p:2|3 syscall names listed again in this rule (read 2 more times, write 1 more time); a name listed again adds nothing"},
		},
		{
			name: "duplicate/near-miss",
			src:  "default errno(1)\nallow read if a0 == 1\nallow read if a0 == 2\nerrno(13) read if a0 == 1\n",
			code: lint.Duplicate,
		},
		{
			name: "shadowed/more-restrictive",
			src:  "default errno(1)\nkill_process ptrace\nallow ptrace if a0 == 1\n",
			code: lint.Shadowed,
			want: []string{"warning|p:3|allow ptrace if a0 == 1 never decides a verdict: p:2 holds whenever it does"},
		},
		{
			name: "shadowed/union",
			src:  "default kill_process\nerrno(1) kcmp if a0 < 3\nerrno(2) kcmp if a0 >= 3\nallow kcmp if a0 < 5\n",
			code: lint.Shadowed,
			want: []string{"warning|p:4|never decides a verdict: p:2 and p:3 holds"},
		},
		{
			name: "shadowed/redundant",
			src:  "default errno(1)\nallow read if a0 < 10\nallow read\n",
			code: lint.Shadowed,
			want: []string{"warning|p:2|allow read if a0 < 10 is redundant: p:3 gives the same action"},
		},
		{
			name: "shadowed/near-miss",
			src:  "default errno(1)\nerrno(13) ptrace if a0 == 0\nallow ptrace if a0 < 2\nallow read if a0 < 10\nerrno(2) read if a0 == 3\n",
			code: lint.Shadowed,
		},
		{
			name: "default-action/no-effect",
			src:  "default errno(1)\nallow read\nerrno(1) ptrace\n",
			code: lint.DefaultAction,
			want: []string{"warning|p:3|errno(1) ptrace: the action is the default action, so the rule has no effect"},
		},
		{
			name: "default-action/overrides",
			src:  "default errno(1)\nerrno(1) read if a0 == 0\nallow read\n",
			code: lint.DefaultAction,
			want: []string{"warning|p:2|it overrides p:3 where both hold"},
		},
		{
			name:   "default-action/tail",
			target: "x86_64",
			src:    "default errno(1)\nbaseline 5.10\narch x86_64\nallow read\nerrno(1) cachestat\n",
			code:   lint.DefaultAction,
			want:   []string{"warning|p:5|it keeps cachestat out of the ENOSYS tail on x86_64 (baseline 5.10)"},
		},
		{
			name: "default-action/near-miss",
			src:  "default errno(1)\nerrno(13) ptrace\n",
			code: lint.DefaultAction,
		},
		{
			name: "unknown-syscall/typo",
			src:  "default errno(1)\nallow opne\n",
			code: lint.UnknownSyscall,
			want: []string{`error|p:2|syscall "opne" is not defined on any architecture`},
		},
		{
			name:   "unknown-syscall/some-arches",
			target: "x86_64",
			src:    "default errno(1)\narch x86_64 aarch64\nallow open, stat, openat\n",
			code:   lint.UnknownSyscall,
			want:   []string{"warning|p:3|2 syscalls are not defined on aarch64, and their rules are skipped there: open, stat"},
		},
		{
			name:   "unknown-syscall/near-miss",
			target: "x86_64",
			src:    "default errno(1)\narch x86_64 aarch64\nallow openat, socket\n",
			code:   lint.UnknownSyscall,
		},
		{
			name:   "native-arch",
			target: "x86_64",
			src:    "default errno(1)\narch x86 x32\nallow read\n",
			code:   lint.NativeArch,
			want:   []string{"warning|p: arch|the architectures (x86, x32) do not include the target x86_64"},
		},
		{
			name:   "native-arch/near-miss",
			target: "x86_64",
			src:    "default errno(1)\narch x86_64 x86 x32\nallow read\n",
			code:   lint.NativeArch,
		},
		{
			name:   "x32",
			target: "x86_64",
			src:    "default errno(1)\narch x86_64 x86\nallow read\n",
			code:   lint.X32,
			want:   []string{"warning|p: arch|x32 syscalls (numbers with bit 0x40000000) get the bad-architecture action kill_thread"},
		},
		{
			name:   "x32/near-miss",
			target: "x86_64",
			src:    "default errno(1)\narch x86_64 x32\nallow read\n",
			code:   lint.X32,
		},
		{
			name:   "x32/near-miss-raw-rule",
			target: "x86_64",
			src:    "default errno(1)\narch x86_64\nallow read\nallow 0x40000000\n",
			code:   lint.X32,
		},
		{
			name:   "x32/near-miss-other-arch",
			target: "aarch64",
			src:    "default errno(1)\nallow read\n",
			code:   lint.X32,
		},
		{
			name:   "equivalent-gap",
			target: "x86_64",
			src:    "default errno(1)\nbaseline none\narch x86_64 x32\nallow execve\n",
			code:   lint.EquivalentGap,
			want:   []string{"warning|p:4|execve allowed unconditionally, but the equivalent execveat (on x86_64, x32) falls to the default errno(1)"},
		},
		{
			name:   "equivalent-gap/several",
			target: "aarch64",
			src:    "default kill_process\nallow openat, statx\n",
			code:   lint.EquivalentGap,
			want:   []string{"warning|p:2|statx allowed unconditionally, but the equivalent fstat (on aarch64), newfstatat (on aarch64) fall to the default kill_process"},
		},
		{
			name:   "equivalent-gap/near-miss-enosys-default",
			target: "x86_64",
			src:    "default errno(38)\nbaseline none\nallow execve\n",
			code:   lint.EquivalentGap,
		},
		{
			name:   "equivalent-gap/near-miss-tail",
			target: "x86_64",
			src:    "default errno(1)\narch x86_64\nallow execve\n", // auto baseline: execveat is newer, ENOSYS
			code:   lint.EquivalentGap,
		},
		{
			name: "badarch-allow",
			src:  "default errno(1)\nbadarch allow\nallow read\n",
			code: lint.BadArchAllow,
			want: []string{"error|p: badarch|the bad-architecture action allow lets every syscall of an architecture the filter does not cover bypass it"},
		},
		{
			name: "badarch-allow/log",
			src:  "default errno(1)\nbadarch log\nallow read\n",
			code: lint.BadArchAllow,
			want: []string{"error|p: badarch|the bad-architecture action log lets every syscall"},
		},
		{
			name: "badarch-allow/near-miss",
			src:  "default allow\nbadarch trace(1)\nerrno(1) read\n",
			code: lint.BadArchAllow,
		},
		{
			name:   "equivalent-gap/near-miss-conditional",
			target: "x86_64",
			src:    "default errno(1)\nbaseline none\nallow execve if a2 == 0\n",
			code:   lint.EquivalentGap,
		},
		{
			// 2^13 alternatives: past maxTerms, so never-matches and
			// shadowed cannot be decided; lint says so once.
			name: "undecided/never-matches",
			src:  "default errno(1)\nallow read if " + wideCond(13) + "\nallow write if " + wideCond(13) + "\nallow close\n",
			code: lint.Undecided,
			want: []string{"warning||never-matches and shadowed not decided for 2 rules (the first at p:2)"},
		},
		{
			name: "undecided/near-miss",
			src:  "default errno(1)\nallow read if " + wideCond(6) + "\n",
			code: lint.Undecided,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ir.Parse([]byte(tt.src), "p")
			if err != nil {
				t.Fatal(err)
			}
			target := tt.target
			if target == "" {
				target = "x86_64"
			}
			fs, err := lint.Policy(p, lint.Options{Target: target})
			if err != nil {
				t.Fatal(err)
			}
			var got []lint.Finding
			for _, f := range fs {
				if f.Code == tt.code {
					got = append(got, f)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d %s findings, want %d:\n%s", len(got), tt.code, len(tt.want), dump(fs))
			}
			for i, w := range tt.want {
				parts := strings.SplitN(w, "|", 3)
				f := got[i]
				if f.Severity.String() != parts[0] || f.Where != parts[1] || !strings.Contains(f.Message, parts[2]) {
					t.Errorf("finding %d = %v\nwant severity %s, where %q, message containing %q", i, f, parts[0], parts[1], parts[2])
				}
			}
		})
	}
}

// wideCond returns a conjunction of n two-way disjunctions on different
// bits of a0 and a1: its normal form has 2^n terms.
func wideCond(n int) string {
	var parts []string
	for i := 0; i < n; i++ {
		parts = append(parts, fmt.Sprintf("((a0 & %#x) == %#x || (a1 & %#x) == %#x)", 1<<i, 1<<i, 1<<i, 1<<i))
	}
	return strings.Join(parts, " && ")
}

func dump(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.String() + "\n")
	}
	return b.String()
}

func TestProfileJSON(t *testing.T) {
	for _, tt := range []struct {
		name string
		src  string
		want []string // finding strings (exact)
	}{
		{
			name: "oci/default-action",
			src: `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"], "syscalls": [
				{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
				{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO"},
				{"names": ["kcmp"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}`,
			want: []string{
				`f.json: syscalls[1] ("ptrace"): warning: the action SCMP_ACT_ERRNO (errno 1, EPERM) is the default action; runc skips such rules, so it has no effect [default-action]`,
				`f.json: syscalls[2] ("kcmp"): warning: the action SCMP_ACT_ERRNO (errno 1, EPERM) is the default action; runc skips such rules, so it has no effect [default-action]`,
			},
		},
		{
			name: "oci/near-miss",
			src: `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"], "syscalls": [
				{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
				{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}`,
		},
		{
			name: "oci/arches-as-written",
			src: `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"], "syscalls": [
				{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}`,
			want: []string{
				`f.json: architectures: warning: the architectures (x86) do not include the target x86_64; the filter covers it anyway, as libseccomp always includes the native architecture [native-arch]`,
				`f.json: architectures: warning: x86_64 filter without x32: x32 syscalls (numbers with bit 0x40000000) get the bad-architecture action kill_thread, not this policy's rules; add x32 to the architectures to apply them [x32]`,
			},
		},
		{
			name: "config",
			src: `{"ociVersion": "1.2.0", "linux": {"seccomp": {"defaultAction": "SCMP_ACT_KILL", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"],
				"syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["ptrace"], "action": "SCMP_ACT_KILL_THREAD"}]}}}`,
			want: []string{
				`f.json: linux.seccomp.syscalls[1] ("ptrace"): warning: the action SCMP_ACT_KILL_THREAD is the default action; runc skips such rules, so it has no effect [default-action]`,
			},
		},
		{
			// lint reads linux.seccomp as the compile does, whatever
			// the rest of the configuration holds.
			name: "config/other-sections",
			src: `{"ociVersion": "1.2.0", "process": 5, "linux": {"resources": "x", "seccomp": {"defaultAction": "SCMP_ACT_KILL", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"],
				"syscalls": [{"names": ["read", "read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["ptrace"], "action": "SCMP_ACT_KILL_THREAD"}]}}}`,
			want: []string{
				`f.json: linux.seccomp.syscalls[0] ("read"): warning: 1 syscall name listed again in this rule (read 1 more time); a name listed again adds nothing [duplicate]`,
				`f.json: linux.seccomp.syscalls[1] ("ptrace"): warning: the action SCMP_ACT_KILL_THREAD is the default action; runc skips such rules, so it has no effect [default-action]`,
			},
		},
		{
			name: "docker",
			src: `{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
				"syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
				{"names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_BOOT"]}},
				{"names": ["reboot"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
				{"names": ["kcmp"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}`,
			want: []string{
				`f.json: syscalls[2] ("reboot"): warning: the action SCMP_ACT_ERRNO (errno 1, EPERM) is the default action; runc skips such rules, so it has no effect [default-action]`,
			},
		},
		{
			name: "oci/repeated-after-unconditional",
			src: `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"], "syscalls": [
				{"names": ["read", "setns"], "action": "SCMP_ACT_ALLOW"},
				{"names": ["setns"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 0, "op": "SCMP_CMP_EQ"}]},
				{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
				{"names": ["setns"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "args": [{"index": 1, "value": 8, "op": "SCMP_CMP_EQ"}]}]}`,
			want: []string{
				`f.json: syscalls[1] ("setns"): warning: setns: redundant: f.json: syscalls[0] ("setns") already gives SCMP_ACT_ALLOW for all arguments, and libseccomp ignores this rule [shadowed]`,
				`f.json: syscalls[2] ("read"): warning: read: repeats f.json: syscalls[0] ("read") (SCMP_ACT_ALLOW without conditions) [duplicate]`,
				`f.json: syscalls[3] ("setns"): warning: libseccomp ignores it because the rule without conditions at f.json: syscalls[0] ("setns") decides "setns" (allow) for all arguments [shadowed]`,
			},
		},
		{
			// One finding per list that repeats names, whether the
			// decoder dropped the repeats or kept the list whole; the
			// other checks see each name once.
			name: "oci/repeated-in-list",
			src: `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"], "syscalls": [
				{"names": ["read", "write", "read", "close", "write", "read"], "action": "SCMP_ACT_ALLOW"},
				{"names": ["ptrace", "ptrace"], "action": "SCMP_ACT_ERRNO"}]}`,
			want: []string{
				`f.json: syscalls[0] ("read", "write", "close"): warning: 3 syscall names listed again in this rule (read 2 more times, write 1 more time); a name listed again adds nothing [duplicate]`,
				`f.json: syscalls[1] ("ptrace"): warning: 1 syscall name listed again in this rule (ptrace 1 more time); a name listed again adds nothing [duplicate]`,
				`f.json: syscalls[1] ("ptrace"): warning: the action SCMP_ACT_ERRNO (errno 1, EPERM) is the default action; runc skips such rules, so it has no effect [default-action]`,
			},
		},
		{
			name: "docker/repeated-in-list",
			src: `{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
				"syscalls": [{"names": ["read", "write", "read", "close", "write", "read"], "action": "SCMP_ACT_ALLOW"}]}`,
			want: []string{
				`f.json: syscalls[0] ("read", "write", "close"): warning: 3 syscall names listed again in this rule (read 2 more times, write 1 more time); a name listed again adds nothing [duplicate]`,
			},
		},
		{
			// A key given twice: every list read whole, its repeats
			// found by lint.
			name: "docker/repeated-in-list-key-twice",
			src: `{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
				"syscalls": [{"names": ["read", "write", "read", "close", "write", "read"], "action": "SCMP_ACT_ALLOW", "comment": "a", "Comment": "b"}]}`,
			want: []string{
				`f.json: syscalls[0] ("read", "write", "close"): warning: 3 syscall names listed again in this rule (read 2 more times, write 1 more time); a name listed again adds nothing [duplicate]`,
			},
		},
		{
			name: "docker/repeated-in-list-slow-decode",
			src: `{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
				"syscalls": [{"names": ["read", "write", "read", "close", "write", "read"], "action": "SCMP_ACT_ALLOW", "comment": "\u0041"}]}`,
			want: []string{
				`f.json: syscalls[0] ("read", "write", "close"): warning: 3 syscall names listed again in this rule (read 2 more times, write 1 more time); a name listed again adds nothing [duplicate]`,
			},
		},
		{
			name: "oci/conditional-near-miss",
			src: `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"], "syscalls": [
				{"names": ["setns"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 0, "op": "SCMP_CMP_EQ"}]},
				{"names": ["setns"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 8, "op": "SCMP_CMP_EQ"}]}]}`,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := lint.Profile([]byte(tt.src), profile.Options{Filename: "f.json", Target: "x86_64"})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestProfileErrors(t *testing.T) {
	for _, src := range []string{"", "{", "default nothing\n", `{"defaultAction": "SCMP_ACT_FOO"}`} {
		if _, err := lint.Profile([]byte(src), profile.Options{Filename: "bad", Target: "x86_64"}); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
}

func TestJSONAndSeverity(t *testing.T) {
	fs := []lint.Finding{
		{Severity: lint.Warning, Code: lint.Shadowed, Where: "p:3", Message: "m"},
	}
	if lint.HasErrors(fs) {
		t.Error("HasErrors with only warnings")
	}
	fs = append(fs, lint.Finding{Severity: lint.Error, Code: lint.NeverMatches, Where: "p:4", Message: "d"})
	if !lint.HasErrors(fs) {
		t.Error("HasErrors missed an error")
	}
	b, err := lint.JSON(fs)
	if err != nil {
		t.Fatal(err)
	}
	var back []map[string]string
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || back[1]["severity"] != "error" || back[1]["code"] != "never-matches" || back[0]["where"] != "p:3" || back[0]["message"] != "m" {
		t.Errorf("JSON round trip: %s", b)
	}
	if b, _ := lint.JSON(nil); string(b) != "[]" {
		t.Errorf("JSON(nil) = %s, want []", b)
	}
}
