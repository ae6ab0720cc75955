package lower_test

import (
	"testing"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// TestBaselineEmptyAllowlists compiles the profiles of issue 12's D1
// (an empty or one-arch allowlist with a KILL or EPERM default) and
// checks the compiled program's verdicts with the interpreter against
// the verdicts the baseline semantics give, written out here rather
// than taken from ir.Eval, whose semantics the bug shared: the tail
// must never answer ENOSYS for every syscall of an architecture.
func TestBaselineEmptyAllowlists(t *testing.T) {
	type call struct {
		arch, name string
		want       string // the verdict, as ir.Action.String writes it
	}
	tests := []struct {
		name, profile string
		calls         []call
	}{
		{"policy kill_process", "default kill_process\n", []call{
			{"x86_64", "execve", "kill_process"}, {"x86_64", "clone3", "kill_process"},
		}},
		{"OCI kill_process, no rules", `{"defaultAction":"SCMP_ACT_KILL_PROCESS"}`, []call{
			{"x86_64", "execve", "kill_process"}, {"x86_64", "lsm_get_self_attr", "kill_process"},
		}},
		{"OCI deny-all errno", `{"defaultAction":"SCMP_ACT_ERRNO"}`, []call{
			{"x86_64", "execve", "errno(1)"}, {"x86_64", "clone3", "errno(1)"},
		}},
		{"OCI names on x86_64 only", `{"defaultAction":"SCMP_ACT_KILL_PROCESS","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86"],
			"syscalls":[{"names":["newfstatat"],"action":"SCMP_ACT_ALLOW"}]}`, []call{
			{"x86", "execve", "kill_process"}, {"x86_64", "execve", "kill_process"},
			{"x86_64", "newfstatat", "allow"}, {"x86", "clone3", "errno(38)"},
		}},
		{"OCI names older than the aarch64 port", `{"defaultAction":"SCMP_ACT_KILL_PROCESS","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_AARCH64"],
			"syscalls":[{"names":["open","stat"],"action":"SCMP_ACT_ALLOW"}]}`, []call{
			{"aarch64", "execve", "kill_process"}, {"aarch64", "clone3", "errno(38)"}, {"x86_64", "execve", "kill_process"},
		}},
		{"Docker, only rule excluded by minKernel", `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
			{"names":["clone3"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"99.0"}}]}`, []call{
			{"x86_64", "execve", "errno(1)"}, {"x86_64", "clone3", "errno(1)"},
		}},
		{"OCI rule with the default action names its syscall", `{"defaultAction":"SCMP_ACT_ERRNO",
			"syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"},{"names":["clone3"],"action":"SCMP_ACT_ERRNO"}]}`, []call{
			{"x86_64", "clone3", "errno(1)"}, {"x86_64", "faccessat2", "errno(38)"}, {"x86_64", "read", "allow"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _, _, err := profile.Load([]byte(tt.profile), profile.Options{Filename: "p", Target: "x86_64"})
			if err != nil {
				t.Fatal(err)
			}
			r, _, err := ir.Resolve(p, "x86_64")
			if err != nil {
				t.Fatal(err)
			}
			prog, err := lower.Compile(r)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tt.calls {
				var ap *ir.ArchPolicy
				for _, a := range r.Arches {
					if a.Arch.Name == c.arch {
						ap = a
					}
				}
				sc, ok := ap.Table.ByName(c.name)
				if !ok {
					t.Fatalf("%s has no %s", c.arch, c.name)
				}
				d := verify.SeccompData{Arch: ap.Arch.Audit, Nr: sc.Nr}
				ret, err := verify.Run(prog.Insns, &d, false)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := ir.ActionFromRet(ret)
				if got.String() != c.want {
					t.Errorf("%s %s: the filter says %v, want %s", c.arch, c.name, got, c.want)
				}
			}
			if _, err := verify.Prove(prog.Insns, r); err != nil {
				t.Errorf("Prove: %v", err)
			}
		})
	}
}
