package seccompc

import (
	"errors"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

// verdict runs syscall name of the target through f's program.
func verdict(t *testing.T, f *Filter, name string) string {
	t.Helper()
	ap := f.resolved.Arches[0]
	sc, ok := ap.Table.ByName(name)
	if !ok {
		t.Fatalf("%s has no %s", ap.Arch.Name, name)
	}
	ret, err := verify.Run(f.Program, &verify.SeccompData{Arch: ap.Arch.Audit, Nr: sc.Nr}, ap.Arch.BigEndian)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := ir.ActionFromRet(ret)
	return a.String()
}

func errnoRet(n uint) *uint { return &n }

// TestRuncSemantics is the table of what Compile does with an OCI
// profile, each row against what runc 1.3 (libcontainer/seccomp and
// specconv) does with it; the package documentation has the same table.
// eexistBeforeUnconditional has two rules on personality that
// libseccomp 2.5 refuses (EEXIST: two leaves with different actions on
// one node) before the unconditional rule that decides personality.
var eexistBeforeUnconditional = specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{
	{Names: []string{"personality"}, Action: specs.ActTrace, Args: []specs.LinuxSeccompArg{{Index: 1, Value: 255, Op: specs.OpLessThan}}},
	{Names: []string{"personality"}, Action: specs.ActAllow, Args: []specs.LinuxSeccompArg{{Index: 1, Value: 255, Op: specs.OpLessThan}}},
	{Names: []string{"personality"}, Action: specs.ActTrap},
}}

func TestRuncSemantics(t *testing.T) {
	allowRead := specs.LinuxSyscall{Names: []string{"read", "write", "exit_group"}, Action: specs.ActAllow}
	tests := []struct {
		name    string
		s       specs.LinuxSeccomp
		opts    Options
		flags   ir.Flags
		err     string            // a part of the error; "" for none
		kinds   []ir.WarningKind  // warnings expected
		verdict map[string]string // syscall -> verdict on the target
		check   func(t *testing.T, f *Filter)
	}{
		{name: "no flags field: SPEC_ALLOW",
			s:     specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{allowRead}},
			flags: ir.FlagSpecAllow},
		{name: "empty flags list: no flags",
			s:     specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Flags: []specs.LinuxSeccompFlag{}, Syscalls: []specs.LinuxSyscall{allowRead}},
			flags: 0},
		{name: "flags as given",
			s:     specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Flags: []specs.LinuxSeccompFlag{specs.LinuxSeccompFlagLog}, Syscalls: []specs.LinuxSyscall{allowRead}},
			flags: ir.FlagLog},
		{name: "TSYNC ignored, as runc ignores it",
			s:     specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Flags: []specs.LinuxSeccompFlag{"SECCOMP_FILTER_FLAG_TSYNC"}, Syscalls: []specs.LinuxSyscall{allowRead}},
			flags: 0, kinds: []ir.WarningKind{ir.WarnFlagIgnored}},
		{name: "NEW_LISTENER is not a profile flag",
			s:   specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Flags: []specs.LinuxSeccompFlag{"SECCOMP_FILTER_FLAG_NEW_LISTENER"}},
			err: "not a profile flag"},
		{name: "a NOTIFY rule asks for a listener",
			s: specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Flags: []specs.LinuxSeccompFlag{}, ListenerPath: "/run/agent.sock", ListenerMetadata: "meta",
				Syscalls: []specs.LinuxSyscall{allowRead, {Names: []string{"mount"}, Action: specs.ActNotify}}},
			flags:   ir.FlagNewListener,
			verdict: map[string]string{"mount": "notify", "read": "allow"},
			check: func(t *testing.T, f *Filter) {
				if f.ListenerPath != "/run/agent.sock" || f.ListenerMetadata != "meta" {
					t.Errorf("listener %q %q not carried", f.ListenerPath, f.ListenerMetadata)
				}
			}},
		{name: "difference: WAIT_KILLABLE_RECV (runc 1.3 refuses it) kept with a listener",
			s: specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Flags: []specs.LinuxSeccompFlag{specs.LinuxSeccompFlagWaitKillableRecv}, ListenerPath: "/a",
				Syscalls: []specs.LinuxSyscall{{Names: []string{"mount"}, Action: specs.ActNotify}}},
			flags: ir.FlagWaitKillableRecv | ir.FlagNewListener},
		{name: "difference: WAIT_KILLABLE_RECV dropped without a listener",
			s:     specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Flags: []specs.LinuxSeccompFlag{specs.LinuxSeccompFlagWaitKillableRecv}, Syscalls: []specs.LinuxSyscall{allowRead}},
			flags: 0, kinds: []ir.WarningKind{ir.WarnFlagIgnored}},
		{name: "NOTIFY on write refused",
			s:   specs.LinuxSeccomp{DefaultAction: specs.ActErrno, ListenerPath: "/a", Syscalls: []specs.LinuxSyscall{{Names: []string{"write"}, Action: specs.ActNotify}}},
			err: "cannot be used for write"},
		{name: "NOTIFY as the default refused",
			s:   specs.LinuxSeccomp{DefaultAction: specs.ActNotify, ListenerPath: "/a"},
			err: "cannot be the default action"},
		{name: "NOTIFY without listenerPath refused",
			s:   specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{{Names: []string{"mount"}, Action: specs.ActNotify}}},
			err: "needs a listenerPath"},
		{name: "defaultErrnoRet",
			s:       specs.LinuxSeccomp{DefaultAction: specs.ActErrno, DefaultErrnoRet: errnoRet(13), Syscalls: []specs.LinuxSyscall{allowRead}},
			flags:   ir.FlagSpecAllow,
			verdict: map[string]string{"mount": "errno(13)", "read": "allow"}},
		{name: "ERRNO without errnoRet is EPERM",
			s:       specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Syscalls: []specs.LinuxSyscall{{Names: []string{"mount"}, Action: specs.ActErrno}}},
			flags:   ir.FlagSpecAllow,
			verdict: map[string]string{"mount": "errno(1)", "read": "allow"}},
		{name: "a rule with the default action is skipped",
			s: specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{allowRead,
				{Names: []string{"mount"}, Action: specs.ActErrno}, {Names: []string{"mount"}, Action: specs.ActAllow, Args: []specs.LinuxSeccompArg{{Index: 0, Value: 7, Op: specs.OpEqualTo}}}}},
			flags:   ir.FlagSpecAllow,
			verdict: map[string]string{"mount": "errno(1)"}, // no arguments: a0 == 0
			check: func(t *testing.T, f *Filter) {
				ap := f.resolved.Arches[0]
				sc, _ := ap.Table.ByName("mount")
				ret, _ := verify.Run(f.Program, &verify.SeccompData{Arch: ap.Arch.Audit, Nr: sc.Nr, Args: [6]uint64{7}}, ap.Arch.BigEndian)
				if a, _ := ir.ActionFromRet(ret); a != ir.Allow {
					t.Errorf("mount(7) = %v: the skipped errno rule must not override the allow rule", a)
				}
			}},
		{name: "unknown names skipped and reported",
			s:       specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{{Names: []string{"read", "opne"}, Action: specs.ActAllow}}},
			flags:   ir.FlagSpecAllow,
			kinds:   []ir.WarningKind{ir.WarnUnknownSyscall},
			verdict: map[string]string{"read": "allow"}},
		{name: "unknown names with Strict: an error",
			s:    specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{{Names: []string{"read", "opne"}, Action: specs.ActAllow}}},
			opts: Options{Strict: true},
			err:  `"opne" is not defined on any architecture (did you mean "open"?)`},
		{name: "rules libseccomp refuses (EEXIST) before an unconditional one: compiled, with a warning",
			s:       eexistBeforeUnconditional,
			flags:   ir.FlagSpecAllow,
			kinds:   []ir.WarningKind{ir.WarnRuncRefuses, ir.WarnRuleDropped, ir.WarnRuleDropped},
			verdict: map[string]string{"personality": "trap"}},
		{name: "the same with RefuseAsRunc: an error, as runc fails",
			s:    eexistBeforeUnconditional,
			opts: Options{RefuseAsRunc: true},
			err:  `syscalls[1] ("personality"): invalid action: libseccomp refuses this rule (EEXIST)`},
		{name: "socket rules libseccomp refuses through x86's socketcall, with RefuseAsRunc",
			s: specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Architectures: []specs.Arch{specs.ArchX86}, Syscalls: []specs.LinuxSyscall{
				{Names: []string{"socket"}, Action: specs.ActAllow},
				{Names: []string{"socket"}, Action: specs.ActTrap, Args: []specs.LinuxSeccompArg{{Index: 0, Value: 2, Op: specs.OpEqualTo}}}}},
			opts: Options{RefuseAsRunc: true},
			err:  `on x86, where libseccomp adds the rules of "socket" to socketcall's tree with a0 == 1`},
		{name: "bad-arch ALLOW refused",
			s:    specs.LinuxSeccomp{DefaultAction: specs.ActErrno},
			opts: Options{BadArch: ir.Allow},
			err:  "bypass"},
		{name: "bad-arch LOG refused",
			s:    specs.LinuxSeccomp{DefaultAction: specs.ActErrno},
			opts: Options{BadArch: ir.Log},
			err:  "log would let every syscall"},
		{name: "deliberate difference: the ENOSYS tail",
			s:       specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{allowRead}},
			opts:    Options{Baseline: "5.10"},
			flags:   ir.FlagSpecAllow,
			verdict: map[string]string{"clone3": "errno(1)", "cachestat": "errno(38)"}}, // 5.3, 6.5
		{name: "baseline none: the default for everything",
			s:       specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{allowRead}},
			opts:    Options{Baseline: "none"},
			flags:   ir.FlagSpecAllow,
			verdict: map[string]string{"cachestat": "errno(1)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Target = "x86_64"
			f, err := Compile(&tt.s, opts)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Compile error %v, want one with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.Flags != tt.flags {
				t.Errorf("flags %v, want %v", f.Flags, tt.flags)
			}
			var kinds []ir.WarningKind
			for _, w := range f.Warnings {
				if w.Kind != ir.WarnMissingSyscall {
					kinds = append(kinds, w.Kind)
				}
			}
			if len(kinds) != len(tt.kinds) || (len(kinds) > 0 && kinds[0] != tt.kinds[0]) {
				t.Errorf("warnings %v, want kinds %v", f.Warnings, tt.kinds)
			}
			for name, want := range tt.verdict {
				if got := verdict(t, f, name); got != want {
					t.Errorf("%s: %s, want %s", name, got, want)
				}
			}
			if tt.check != nil {
				tt.check(t, f)
			}
			if err := f.Prove(); err != nil {
				t.Errorf("Prove: %v", err)
			}
		})
	}
}

func TestCompileStats(t *testing.T) {
	f, err := CompileProfile([]byte("default errno(1)\narch x86_64 x86 x32\nallow read, write\n"), Options{Target: "x86_64", Filename: "p.policy"})
	if err != nil {
		t.Fatal(err)
	}
	st := f.Stats
	if st.Instructions != len(f.Program) || st.Instructions == 0 || st.CompileTime <= 0 {
		t.Errorf("stats %+v for %d instructions", st, len(f.Program))
	}
	// The x32 ABI came with Linux 3.4: its read and write set the auto baseline.
	want := []ArchStats{{"x86_64", 2, "3.4"}, {"x86", 2, "3.4"}, {"x32", 2, "3.4"}}
	if len(st.Arches) != len(want) {
		t.Fatalf("arches %+v, want %+v", st.Arches, want)
	}
	for i := range want {
		if st.Arches[i] != want[i] {
			t.Errorf("arch %d: %+v, want %+v", i, st.Arches[i], want[i])
		}
	}
	if got := len(f.Bytes()); got != 8*len(f.Program) {
		t.Errorf("Bytes: %d bytes for %d instructions", got, len(f.Program))
	}
}

func TestCompileErrors(t *testing.T) {
	if _, err := Compile(nil, Options{}); err == nil {
		t.Error("nil profile accepted")
	}
	if _, err := CompileProfile([]byte("{"), Options{Filename: "p.json"}); err == nil || !strings.Contains(err.Error(), "p.json") {
		t.Errorf("broken JSON: %v", err)
	}
	if _, err := CompileProfile([]byte("default allow\n"), Options{Baseline: "yesterday"}); err == nil || !strings.Contains(err.Error(), "yesterday") {
		t.Errorf("bad baseline: %v", err)
	}
	if _, err := CompileProfile([]byte("default allow\n"), Options{Target: "amd65"}); err == nil || !strings.Contains(err.Error(), "amd65") {
		t.Errorf("bad target: %v", err)
	}
	var f *Filter
	if _, err := f.Install(InstallOptions{}); err == nil {
		t.Error("nil filter installed")
	}
	if f.Prove() == nil || f.Bytes() != nil {
		t.Error("nil filter proved or encoded")
	}
	var ie *ir.Error
	_, err := CompileProfile([]byte("default allow\nallow read if a9 == 1\n"), Options{})
	if !errors.As(err, &ie) {
		t.Errorf("policy error %v does not unwrap to *ir.Error", err)
	}
}

// TestRuntimeChecksEveryKind checks that what Compile refuses for an OCI
// profile is refused for every input kind (here the policy language,
// which can say more), whatever the input spells.
func TestRuntimeChecksEveryKind(t *testing.T) {
	for _, tt := range []struct{ src, err string }{
		{"default notify\nlistener \"/a\"\n", "NOTIFY cannot be the default action"},
		{"default errno(1)\nbadarch notify\nlistener \"/a\"\n", "NOTIFY cannot be the bad-architecture action"},
		{"default errno(1)\nbadarch allow\nallow read\n", "bypass"},
		{"default errno(1)\nbadarch log\nallow read\n", "bypass"},
		{"default errno(1)\nnotify mount\n", "need a listener path"},
		{"default errno(1)\nlistener \"/a\"\nnotify write\n", "cannot be used for write"},
		{"default errno(1)\nlistener \"/a\"\nnotify 1\n", "cannot be used for write"},                  // write's number on x86_64
		{"default errno(1)\narch x86_64 x86\nlistener \"/a\"\nnotify 4\n", "cannot be used for write"}, // write on x86
	} {
		_, err := CompileProfile([]byte(tt.src), Options{Target: "x86_64", Filename: "p.policy"})
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%q: %v, want an error with %q", tt.src, err, tt.err)
		}
	}
	if _, err := CompileProfile([]byte("default errno(1)\nlistener \"/a\"\nnotify mount\nallow write\n"), Options{Target: "x86_64"}); err != nil {
		t.Errorf("a NOTIFY rule on mount: %v", err)
	}
}
