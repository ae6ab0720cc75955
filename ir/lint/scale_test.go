package lint_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/lint"
	"github.com/seccompc/seccompc/ir/profile"
)

// allocated returns the bytes f allocates.
func allocated(t *testing.T, f func()) uint64 {
	t.Helper()
	return scalegen.Allocated(f)
}

// TestLintCostLinear lints shapes of n and 4n rules on one syscall and
// checks that the bytes allocated grow about linearly (at most 6x for
// 4x the rules), and, for the work lint does comparing rules with each
// other (lint.Work, which allocates nothing), at most 6x too. Before,
// each rule's shadowing was decided against every other rule of its
// syscall (an ioctl allowlist of 8000 values took 150 s to lint and
// 0.07 s to compile), duplicates were found by comparing each rule with
// every earlier one of its syscall and action, and each rule with the
// default action looked through all rules.
func TestLintCostLinear(t *testing.T) {
	for _, tt := range []struct {
		name string
		gen  func(n int) []byte
	}{
		{"ioctl-allowlist", scalegen.IoctlAllowlist},
		{"default-action", func(n int) []byte {
			return bytes.ReplaceAll(scalegen.IoctlAllowlist(n), []byte("allow ioctl"), []byte("errno(1) ioctl"))
		}},
		{"ne-list", func(n int) []byte {
			var b strings.Builder
			b.WriteString("default errno(1)\narch x86_64\n")
			for i := range n {
				fmt.Fprintf(&b, "allow socket if a0 != %d\n", 3*i+1)
			}
			return []byte(b.String())
		}},
		{"ne-lists", func(n int) []byte {
			// Rules on many syscalls, each syscall with up to 100
			// rules that all overlap: below the cap of rules per
			// syscall, above the budget of the whole policy.
			var b strings.Builder
			b.WriteString("default errno(1)\narch x86_64\n")
			for i := range n {
				fmt.Fprintf(&b, "allow %s if a0 != %d\n", neSyscalls[i*len(neSyscalls)/n], 3*i+1)
			}
			return []byte(b.String())
		}},
		{"six-args", func(n int) []byte {
			// Rules on one syscall testing all six arguments for
			// equality with small values: the negation of n of them
			// has a normal form of up to 6^n terms.
			var b strings.Builder
			b.WriteString("default errno(1)\narch x86_64\n")
			for i := range n {
				fmt.Fprintf(&b, "allow ioctl if a0 == %d && a1 == %d && a2 == %d && a3 == %d && a4 == %d && a5 == %d\n", i%2, i/2%2, i/4%2, i/8%2, i/16%2, i/32%4)
			}
			return []byte(b.String())
		}},
		{"masked-distinct", func(n int) []byte {
			var b strings.Builder
			b.WriteString("default errno(1)\narch x86_64\n")
			for i := range n {
				fmt.Fprintf(&b, "allow fcntl if (a1 & 0xffff) == %d && a2 > %d\n", i, i)
			}
			return []byte(b.String())
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := 200
			if tt.name == "ne-lists" {
				n = 1000
			}
			var bytesAt, workAt [2]uint64
			for k, size := range []int{n, 4 * n} {
				p, err := ir.Parse(tt.gen(size), "p")
				if err != nil {
					t.Fatal(err)
				}
				var fs []lint.Finding
				bytesAt[k] = allocated(t, func() {
					if fs, err = lint.Policy(p, lint.Options{Target: "x86_64"}); err != nil {
						t.Fatal(err)
					}
				})
				workAt[k] = uint64(lint.Work(p, lint.Options{Target: "x86_64"}))
				t.Logf("%d rules: %d findings, %d bytes, work %d", size, len(fs), bytesAt[k], workAt[k])
			}
			if r := float64(bytesAt[1]) / float64(bytesAt[0]); r > 6 {
				t.Errorf("4x the rules allocate %.1fx the bytes (%d -> %d), want about 4x", r, bytesAt[0], bytesAt[1])
			}
			// The solver's work has a budget of 2^18 atoms plus 16 per
			// entry: without it, six-args takes minutes.
			if limit := uint64(1<<19 + 64*4*n); workAt[1] > limit {
				t.Errorf("%d rules take %d work, want at most %d", 4*n, workAt[1], limit)
			}
			if r := float64(workAt[1]) / float64(max(workAt[0], 1)); r > 6 {
				t.Errorf("4x the rules take %.1fx the pairwise work (%d -> %d), want about 4x", r, workAt[0], workAt[1])
			}
		})
	}
}

// neSyscalls are the syscalls of TestLintCostLinear's ne-lists.
var neSyscalls = []string{"read", "write", "close", "fstat", "lseek", "mmap", "mprotect", "munmap", "brk", "ioctl",
	"pread64", "pwrite64", "readv", "writev", "access", "pipe", "select", "sched_yield", "mremap", "msync",
	"mincore", "madvise", "shmget", "shmat", "shmctl", "dup", "dup2", "pause", "nanosleep", "getitimer",
	"alarm", "setitimer", "getpid", "sendfile", "socket", "connect", "accept", "sendto", "recvfrom", "sendmsg"}

// TestRepeatedEntriesGrouped lints a Docker and an OCI profile of
// 1 MB of one-name rules that cycle through eight names (about 20000
// rules, each one after the first of its name repeating it): one
// finding per name, not one per repeated rule, with the count; the
// findings stay small whatever the input's size.
func TestRepeatedEntriesGrouped(t *testing.T) {
	docker := scalegen.OneNameRules(1 << 20)
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"docker", docker},
		{"oci", scalegen.OneNameRulesOCI(1 << 20)},
		{"policy", scalegen.PolicyRules(1 << 20)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := lint.Profile(tt.data, profile.Options{Filename: "p", Target: "x86_64"})
			if err != nil {
				t.Fatal(err)
			}
			text := 0
			dups := 0
			for _, f := range fs {
				text += len(f.Where) + len(f.Message)
				if f.Code == lint.Duplicate {
					dups++
					if dups == 1 {
						t.Log(f)
					}
				}
			}
			// The policy has 512 distinct rules, each copied.
			want, most := 8, 64
			if tt.name == "policy" {
				want, most = 512, 600
			}
			if dups != want {
				t.Errorf("%d duplicate findings, want %d (one per name or rule)", dups, want)
			}
			if len(fs) > most || text > most<<8 {
				t.Errorf("%d findings, %d bytes of text for a 1 MB profile, want at most %d and %d", len(fs), text, most, most<<8)
			}
		})
	}
}

// TestRepeatedEntriesMessage checks the grouped findings' texts: the
// first repeat of a name keeps the finding of a single repeat, and
// says how many more there are and where.
func TestRepeatedEntriesMessage(t *testing.T) {
	src := `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [
{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
{"names": ["write"], "action": "SCMP_ACT_ALLOW"},
{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]},
{"names": ["write"], "action": "SCMP_ACT_ALLOW"},
{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]},
{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}`
	fs, err := lint.Profile([]byte(src), profile.Options{Filename: "p", Target: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		if f.Code == lint.Duplicate || f.Code == lint.Shadowed {
			got = append(got, f.String())
		}
	}
	want := []string{
		`p: syscalls[1] ("read"): warning: read: repeats p: syscalls[0] ("read") (SCMP_ACT_ALLOW without conditions); so do 4 more rules of read after it: syscalls[3], syscalls[7], syscalls[8] and 1 more [duplicate]`,
		`p: syscalls[4] ("read"): warning: read: redundant: p: syscalls[0] ("read") already gives SCMP_ACT_ALLOW for all arguments, and libseccomp ignores this rule; so it ignores 1 more rule of read with conditions after it: syscalls[6] [shadowed]`,
		`p: syscalls[5] ("write"): warning: write: repeats p: syscalls[2] ("write") (SCMP_ACT_ALLOW without conditions) [duplicate]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
