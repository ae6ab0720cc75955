package docker

import (
	"encoding/json"
	"errors"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/moby/profiles/seccomp"
	"github.com/opencontainers/runtime-spec/specs-go"
	"github.com/seccompc/seccompc/internal/testdiff"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/tables"
)

func readProfile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../../testdata/profiles/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// rulesFor returns the resolved rules that name syscall.
func rulesFor(s *specs.LinuxSeccomp, syscall string) []specs.LinuxSyscall {
	var out []specs.LinuxSyscall
	for _, r := range s.Syscalls {
		if slices.Contains(r.Names, syscall) {
			out = append(out, r)
		}
	}
	return out
}

func hasWarning(ws []ir.Warning, subs ...string) bool {
	for _, w := range ws {
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(w.String(), s)
		}
		if ok {
			return true
		}
	}
	return false
}

func TestDefaultIsFixture(t *testing.T) {
	if runtime.GOOS != "linux" {
		if Default() != nil {
			t.Error("Default() is not nil off Linux")
		}
		t.Skip("moby builds its default profile on Linux only")
	}
	var want seccomp.Seccomp
	if err := json.Unmarshal(readProfile(t, "moby-default.json"), &want); err != nil {
		t.Fatal(err)
	}
	if diff := testdiff.Diff(&want, Default()); diff != "" {
		t.Errorf("Default() differs from testdata/profiles/moby-default.json (-file +Default):\n%s", diff)
	}
}

func TestMobyDefault(t *testing.T) {
	data := readProfile(t, "moby-default.json")
	noChroot := slices.DeleteFunc(DefaultCaps(), func(c string) bool { return c == "CAP_SYS_CHROOT" })
	type check struct {
		name  string
		rules int // the number of rules naming it
	}
	tests := []struct {
		name    string
		opts    Options
		arches  []specs.Arch
		present []check
		absent  []string
	}{
		{
			name:   "x86_64 default caps newest kernel",
			opts:   Options{Target: "x86_64"},
			arches: []specs.Arch{specs.ArchX86_64, specs.ArchX86, specs.ArchX32},
			// ptrace: the minKernel 4.8 rule applies; clone: only the
			// argument-checked rule without CAP_SYS_ADMIN; clone3: the
			// ENOSYS rule.
			present: []check{{"ptrace", 1}, {"arch_prctl", 1}, {"modify_ldt", 1}, {"chroot", 1}, {"clone", 1}, {"clone3", 1}, {"socket", 30}, {"read", 1}},
			absent:  []string{"reboot", "bpf", "sync_file_range2", "riscv_flush_icache"},
		},
		{
			name:    "x86_64 kernel 4.7",
			opts:    Options{Target: "amd64", Kernel: tables.Version{Major: 4, Minor: 7}},
			arches:  []specs.Arch{specs.ArchX86_64, specs.ArchX86, specs.ArchX32},
			present: []check{{"read", 1}},
			absent:  []string{"ptrace"},
		},
		{
			name:    "x86_64 kernel 4.8 no chroot",
			opts:    Options{Target: "x86_64", Kernel: tables.Version{Major: 4, Minor: 8}, Caps: noChroot},
			present: []check{{"ptrace", 1}},
			arches:  []specs.Arch{specs.ArchX86_64, specs.ArchX86, specs.ArchX32},
			absent:  []string{"chroot"},
		},
		{
			name:    "x86_64 all caps",
			opts:    Options{Target: "x86_64", Caps: []string{"ALL"}},
			arches:  []specs.Arch{specs.ArchX86_64, specs.ArchX86, specs.ArchX32},
			present: []check{{"reboot", 1}, {"bpf", 2}, {"clone", 1}, {"clone3", 1}, {"ptrace", 2}},
		},
		{
			name:    "aarch64",
			opts:    Options{Target: "SCMP_ARCH_AARCH64", Caps: []string{}},
			arches:  []specs.Arch{specs.ArchAARCH64, specs.ArchARM},
			present: []check{{"arm_fadvise64_64", 1}, {"sync_file_range2", 1}},
			absent:  []string{"arch_prctl", "modify_ldt", "chroot"},
		},
		{
			name:    "ppc64le has no archMap entry",
			opts:    Options{Target: "ppc64le"},
			arches:  nil,
			present: []check{{"sync_file_range2", 1}, {"swapcontext", 1}},
			absent:  []string{"arch_prctl"},
		},
		{
			name:    "s390x with CAP_SYS_ADMIN",
			opts:    Options{Target: "s390x", Caps: []string{"sys_admin"}},
			arches:  []specs.Arch{specs.ArchS390X, specs.ArchS390},
			present: []check{{"clone", 1}, {"s390_pci_mmio_read", 1}, {"bpf", 1}},
			absent:  []string{"arch_prctl"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ws, err := Parse(data, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(ws) != 0 {
				t.Errorf("warnings: %v", ws)
			}
			if diff := testdiff.Diff(tt.arches, s.Architectures); diff != "" {
				t.Errorf("architectures (-want +got):\n%s", diff)
			}
			if s.DefaultAction != specs.ActErrno || s.DefaultErrnoRet == nil || *s.DefaultErrnoRet != 1 {
				t.Errorf("default %s %v", s.DefaultAction, s.DefaultErrnoRet)
			}
			for _, c := range tt.present {
				if got := len(rulesFor(s, c.name)); got != c.rules {
					t.Errorf("%s: %d rules, want %d", c.name, got, c.rules)
				}
			}
			for _, n := range tt.absent {
				if rs := rulesFor(s, n); len(rs) != 0 {
					t.Errorf("%s present: %+v", n, rs)
				}
			}
		})
	}

	// Without CAP_SYS_ADMIN, clone is allowed only with namespace flags
	// clear, and clone3 returns ENOSYS so that libc falls back to clone.
	s, _, err := Parse(data, Options{Target: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	clone := rulesFor(s, "clone")[0]
	if len(clone.Args) != 1 || clone.Args[0].Op != specs.OpMaskedEqual || clone.Args[0].Value != 0x7e020000 {
		t.Errorf("clone rule %+v", clone)
	}
	clone3 := rulesFor(s, "clone3")[0]
	if clone3.Action != specs.ActErrno || clone3.ErrnoRet == nil || *clone3.ErrnoRet != 38 {
		t.Errorf("clone3 rule %+v", clone3)
	}
}

// verdict evaluates a policy's rules for one syscall with ir's
// semantics (most restrictive matching rule, else the default).
func verdict(p *ir.Policy, name string, args ...uint64) ir.Action {
	var a [ir.MaxArgs]uint64
	copy(a[:], args)
	var best *ir.Action
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.Syscall == name && r.Condition().Holds(&a) && (best == nil || r.Action.MoreRestrictive(*best)) {
			best = &r.Action
		}
	}
	if best == nil {
		return p.Default
	}
	return *best
}

func TestPodman(t *testing.T) {
	data := readProfile(t, "podman-seccomp.json")
	const afNetlink, netlinkAudit = 16, 9
	// Docker's default capabilities include CAP_AUDIT_WRITE: socket is
	// allowed outright.
	p, ws, err := Load(data, Options{Filename: "podman.json", Target: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Default != ir.Errno(ir.ENOSYS) {
		t.Errorf("default %v", p.Default)
	}
	if got := verdict(p, "socket", afNetlink, 0, netlinkAudit); got != ir.Allow {
		t.Errorf("socket(AF_NETLINK, NETLINK_AUDIT) = %v, want allow", got)
	}
	if hasWarning(ws, "defaultErrno") || hasWarning(ws, `"errno"`) {
		t.Errorf("warnings for Podman's errno names: %v", ws)
	}
	// Without it, the argument-checked rules apply.
	caps := slices.DeleteFunc(DefaultCaps(), func(c string) bool { return c == "CAP_AUDIT_WRITE" })
	p, _, err = Load(data, Options{Filename: "podman.json", Target: "x86_64", Caps: caps})
	if err != nil {
		t.Fatal(err)
	}
	if got := verdict(p, "socket", afNetlink, 0, netlinkAudit); got != ir.Errno(22) {
		t.Errorf("socket(AF_NETLINK, NETLINK_AUDIT) = %v, want errno(22)", got)
	}
	if got := verdict(p, "socket", afNetlink, 0, 0); got != ir.Allow {
		t.Errorf("socket(AF_NETLINK, 0) = %v, want allow", got)
	}
}

func TestFilters(t *testing.T) {
	src := `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
		{"name": "a0", "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["x86_64"]}},
		{"names": ["a1"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["SCMP_ARCH_X86_64", "vax"]}},
		{"names": ["a2"], "action": "SCMP_ACT_ALLOW", "excludes": {"arches": ["amd64"]}},
		{"names": ["a3"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["x32"]}},
		{"names": ["c0"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN", "CAP_NET_ADMIN"]}},
		{"names": ["c1"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
		{"names": ["c2"], "action": "SCMP_ACT_ALLOW", "excludes": {"caps": ["CAP_NET_ADMIN", "CAP_SYS_ADMIN"]}},
		{"names": ["k0"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "5.10"}},
		{"names": ["k1"], "action": "SCMP_ACT_ALLOW", "excludes": {"minKernel": "5.10"}},
		{"names": ["k2"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.20"}}
	]}`
	tests := []struct {
		opts Options
		want []string
	}{
		{Options{Target: "x86_64", Caps: []string{"sys_admin"}, Kernel: tables.Version{Major: 5, Minor: 10}},
			[]string{"a0", "a1", "c1", "k0", "k2"}},
		{Options{Target: "x86_64", Caps: []string{"CAP_SYS_ADMIN", "net_admin"}, Kernel: tables.Version{Major: 5, Minor: 9}},
			[]string{"a0", "a1", "c0", "c1", "k1", "k2"}},
		{Options{Target: "aarch64", Caps: []string{}, Kernel: tables.Version{Major: 4, Minor: 19}},
			[]string{"a2", "c2", "k1"}},
		{Options{Target: "x32", Caps: []string{}, Kernel: tables.Version{Major: 6, Minor: 1}},
			[]string{"a2", "a3", "c2", "k0", "k2"}},
	}
	for _, tt := range tests {
		s, ws, err := Parse([]byte(src), tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range s.Syscalls {
			got = append(got, r.Names...)
		}
		if diff := testdiff.Diff(tt.want, got); diff != "" {
			t.Errorf("%+v: names (-want +got):\n%s", tt.opts, diff)
		}
		if !hasWarning(ws, "syscalls[1]", `unknown architecture never matches: "vax"; valid names, nearest first: x86, `) {
			t.Errorf("%+v: no warning for vax: %v", tt.opts, ws)
		}
		for _, w := range ws {
			if w.Kind != ir.WarnUnknownArch || len(w.Arches) != 1 || w.Arches[0] != "vax" {
				t.Errorf("%+v: warning %v: kind %v, arches %q, want %v, [vax]", tt.opts, w, w.Kind, w.Arches, ir.WarnUnknownArch)
			}
		}
	}
}

func TestResolveDoesNotModify(t *testing.T) {
	var p seccomp.Seccomp
	if err := json.Unmarshal([]byte(`{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
		"syscalls": [{"name": "read", "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}`), &p); err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(&p)
	s, _, err := Resolve(&p, Options{Target: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	s.Syscalls[0].Names[0] = "changed"
	s.Syscalls[0].Args[0].Value = 9
	s.Architectures[0] = "changed"
	after, _ := json.Marshal(&p)
	if string(before) != string(after) {
		t.Errorf("Resolve's result shares memory with its input:\n%s\n%s", before, after)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts Options
		want []string
		code ir.ErrorCode
	}{
		{"empty", "", Options{}, []string{"d.json", "empty input"}, ir.ErrFormat},
		{"json", "{\n\"syscalls\": [\n}", Options{}, []string{"d.json:3:1", "not valid JSON: '}' where a value should start"}, ir.ErrFormat},
		{"min kernel", `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.x"}}]}`, Options{},
			[]string{"d.json", "invalid kernel version"}, ir.ErrFormat},
		{"name and names", `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{}, {"name": "a", "names": ["b"], "action": "SCMP_ACT_ALLOW"}]}`, Options{},
			[]string{`d.json: syscalls[1] ("a")`, "both name and names"}, ir.ErrSyscall},
		{"arches and archMap", `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"], "archMap": [{"architecture": "SCMP_ARCH_X86_64"}]}`, Options{},
			[]string{"d.json: archMap", "both architectures and archMap"}, ir.ErrArch},
		{"disabled", `{"syscalls": []}`, Options{}, []string{"d.json: defaultAction", "without seccomp"}, ir.ErrAction},
		{"target", `{"defaultAction": "SCMP_ACT_ERRNO"}`, Options{Target: "z80"}, []string{"target", `"z80"`}, ir.ErrArch},
		{"null rule", `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [null]}`, Options{}, []string{"d.json: syscalls[0]", "null rule"}, ir.ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Filename = "d.json"
			if tt.opts.Target == "" {
				tt.opts.Target = "x86_64"
			}
			_, _, err := Parse([]byte(tt.in), tt.opts)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			var e *ir.Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Errorf("error %#v, want code %q", err, tt.code)
			}
		})
	}
	if _, _, err := Resolve(nil, Options{}); err == nil {
		t.Error("Resolve(nil) succeeded")
	}
}

// TestLoadPositions checks that errors and rule positions name the
// rules of the Docker profile, not of the resolved OCI profile.
func TestLoadPositions(t *testing.T) {
	src := `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
		{"names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_BOOT"]}},
		{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_BAD"}]}
	]}`
	_, _, err := Load([]byte(src), Options{Filename: "d.json", Target: "x86_64"})
	if err == nil || !strings.HasPrefix(err.Error(), `d.json: syscalls[2] ("personality") args[0]: invalid operator`) {
		t.Errorf("error %v", err)
	}
	src = strings.Replace(src, "SCMP_CMP_BAD", "SCMP_CMP_EQ", 1)
	p, _, err := Load([]byte(src), Options{Filename: "d.json", Target: "x86_64", Caps: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	var pos []string
	for _, r := range p.Rules {
		pos = append(pos, r.Pos)
	}
	want := []string{`d.json: syscalls[1] ("read")`, `d.json: syscalls[2] ("personality")`}
	if diff := testdiff.Diff(want, pos); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}

func TestUnknownFields(t *testing.T) {
	_, ws, err := Parse([]byte(`{"defaultAction": "SCMP_ACT_ERRNO", "colour": 1, "archMap": [{"architecture": "SCMP_ARCH_X86_64", "sub": []}],
		"syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW", "comment": "ok", "includes": {"kernel": "5.1"}, "args": [{"index": 0, "op": "SCMP_CMP_EQ", "value": 1, "x": 0}]}]}`),
		Options{Filename: "d.json", Target: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range [][]string{
		{"d.json:", `"colour"`},
		{"d.json: archMap[0]", `"sub"`},
		{"d.json: syscalls[0] includes", `"kernel"`},
		{"d.json: syscalls[0] args[0]", `"x"`},
	} {
		if !hasWarning(ws, w...) {
			t.Errorf("no warning %q in %v", w, ws)
		}
	}
	if hasWarning(ws, "comment") {
		t.Errorf("warning for comment: %v", ws)
	}
	for _, w := range ws {
		if w.Kind != ir.WarnUnknownField {
			t.Errorf("warning %v: kind %v, want %v", w, w.Kind, ir.WarnUnknownField)
		}
	}
}

func TestDefaultCaps(t *testing.T) {
	caps := DefaultCaps()
	if len(caps) != 14 || !slices.Contains(caps, "CAP_AUDIT_WRITE") || slices.Contains(caps, "CAP_SYS_ADMIN") {
		t.Errorf("DefaultCaps() = %v", caps)
	}
	caps[0] = "changed"
	if DefaultCaps()[0] == "changed" {
		t.Error("DefaultCaps shares its slice")
	}
	for in, want := range map[string]string{"sys_admin": "CAP_SYS_ADMIN", " CAP_KILL ": "CAP_KILL", "all": "ALL", "Cap_Chown": "CAP_CHOWN"} {
		if got := normCap(in); got != want {
			t.Errorf("normCap(%q) = %q, want %q", in, got, want)
		}
	}
}
