package ir

import (
	"testing"

	"github.com/seccompc/seccompc/tables"
)

// TestBaselineNeverOverridesEmptyAllowlist pins the auto baseline's
// semantics (issue 12, D1): an architecture on which the policy names
// nothing, or a policy that names nothing at all, must never have its
// KILL or EPERM default turned into ENOSYS for every syscall.
func TestBaselineNeverOverridesEmptyAllowlist(t *testing.T) {
	v50, _ := tables.ParseVersion("5.0")
	type call struct {
		arch, name string
		want       Action
		reason     Reason
	}
	tests := []struct {
		name   string
		p      *Policy
		target string
		tail   string // the baseline every section must have, "" for no tail, "per-arch" for arches
		calls  []call
		arches map[string]string // the baseline of each section, for tail "per-arch"
	}{
		{
			name: "kill_process, no rules",
			p:    &Policy{Default: KillProcess},
			calls: []call{
				{"x86_64", "execve", KillProcess, ReasonDefault},
				{"x86_64", "clone3", KillProcess, ReasonDefault},
				{"x86_64", "lsm_get_self_attr", KillProcess, ReasonDefault},
			},
		},
		{
			name: "deny-all errno, no rules",
			p:    &Policy{Default: Errno(EPERM), Arches: []string{"x86"}},
			calls: []call{
				{"x86_64", "execve", Errno(EPERM), ReasonDefault},
				{"x86", "execve", Errno(EPERM), ReasonDefault},
				{"x86", "clone3", Errno(EPERM), ReasonDefault},
			},
		},
		{
			// newfstatat exists on x86_64 only: x86 names nothing, and
			// takes the policy's baseline, that of newfstatat (3.0, the oldest
			// version the tables know).
			name: "names on one arch only",
			p:    &Policy{Default: KillProcess, Arches: []string{"x86_64", "x86"}, Rules: []Rule{{Syscall: "newfstatat", Action: Allow}}},
			tail: "3.0",
			calls: []call{
				{"x86", "execve", KillProcess, ReasonDefault},
				{"x86", "openat", KillProcess, ReasonDefault}, // 3.0
				{"x86", "clone3", Errno(ENOSYS), ReasonTail},  // 5.3, newer than the policy
				{"x86_64", "execve", KillProcess, ReasonDefault},
				{"x86_64", "newfstatat", Allow, ReasonRule},
			},
		},
		{
			// A name with the default action counts as named: it sets the
			// auto baseline and never gets ENOSYS.
			name:  "default-action name sets the baseline",
			p:     &Policy{Default: Errno(EPERM), Rules: []Rule{{Syscall: "read", Action: Allow}}, DefaultNamed: []string{"clone3"}},
			tail:  "5.3",
			calls: []call{{"x86_64", "clone3", Errno(EPERM), ReasonDefault}, {"x86_64", "faccessat2", Errno(ENOSYS), ReasonTail}},
		},
		{
			name:  "default-action name is exempt from an older explicit baseline",
			p:     &Policy{Default: Errno(EPERM), Rules: []Rule{{Syscall: "read", Action: Allow}}, DefaultNamed: []string{"clone3"}, Baseline: Baseline{Mode: BaselineVersion, Version: v50}},
			tail:  "5.0",
			calls: []call{{"x86_64", "clone3", Errno(EPERM), ReasonDefault}, {"x86_64", "openat2", Errno(ENOSYS), ReasonTail}},
		},
		{
			// The profile names only syscalls older than aarch64's port
			// (3.7): its baseline must not fall below the port's first
			// kernel, or every aarch64 syscall would get ENOSYS.
			name:   "names older than a port",
			p:      &Policy{Default: KillProcess, Arches: []string{"x86_64", "aarch64"}, Rules: []Rule{{Syscall: "open", Action: Allow}, {Syscall: "stat", Action: Allow}}},
			tail:   "per-arch",
			calls:  []call{{"aarch64", "execve", KillProcess, ReasonDefault}, {"aarch64", "clone3", Errno(ENOSYS), ReasonTail}, {"x86_64", "execve", KillProcess, ReasonDefault}},
			arches: map[string]string{"x86_64": "3.0", "aarch64": "3.7"},
		},
		{
			// An explicit version applies even when nothing is named.
			name:  "explicit version, no rules",
			p:     &Policy{Default: KillProcess, Baseline: Baseline{Mode: BaselineVersion, Version: v50}},
			tail:  "5.0",
			calls: []call{{"x86_64", "execve", KillProcess, ReasonDefault}, {"x86_64", "clone3", Errno(ENOSYS), ReasonTail}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.target
			if target == "" {
				target = "x86_64"
			}
			r := mustResolve(t, tt.p, target)
			for _, ap := range r.Arches {
				got := ""
				if ap.Tail {
					got = ap.Baseline.String()
				}
				want := tt.tail
				if want == "per-arch" {
					want = tt.arches[ap.Arch.Name]
				}
				if got != want {
					t.Errorf("%s: tail %q, want %q", ap.Arch.Name, got, want)
				}
			}
			for _, c := range tt.calls {
				var audit uint32
				for _, ap := range r.Arches {
					if ap.Arch.Name == c.arch {
						audit = ap.Arch.Audit
					}
				}
				d := Data{Arch: audit, Nr: nrOf(t, c.arch, c.name)}
				got := r.Decide(d)
				if got.Action != c.want || got.Reason != c.reason {
					t.Errorf("%s %s: %v (%v), want %v (%v)", c.arch, c.name, got.Action, got.Reason, c.want, c.reason)
				}
				if e := r.Eval(d); e != got.Action {
					t.Errorf("%s %s: Eval %v, Decide %v", c.arch, c.name, e, got.Action)
				}
			}
		})
	}
}
