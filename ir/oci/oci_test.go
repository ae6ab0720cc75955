package oci

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/internal/testdiff"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/internal/ocihook"
)

// verdict evaluates the policy's rules for one syscall with the
// semantics of package ir: the most restrictive action among the rules
// that hold (the earliest on ties), else the default.
func verdict(p *ir.Policy, name string, args ...uint64) ir.Action {
	var a [ir.MaxArgs]uint64
	copy(a[:], args)
	var best *ir.Action
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.Syscall != name || !r.Condition().Holds(&a) {
			continue
		}
		if best == nil || r.Action.MoreRestrictive(*best) {
			best = &r.Action
		}
	}
	if best == nil {
		return p.Default
	}
	return *best
}

func mustParse(t *testing.T, src string, opts Options) (*ir.Policy, []ir.Warning) {
	t.Helper()
	if opts.Target == "" {
		opts.Target = "x86_64"
	}
	p, ws, err := Parse([]byte(src), opts)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return p, ws
}

// hasWarning reports whether a warning contains all of subs.
func hasWarning(ws []ir.Warning, subs ...string) bool {
	for _, w := range ws {
		s := w.String()
		ok := true
		for _, sub := range subs {
			ok = ok && strings.Contains(s, sub)
		}
		if ok {
			return true
		}
	}
	return false
}

func TestErrors(t *testing.T) {
	const allow = `"defaultAction": "SCMP_ACT_ALLOW"`
	const errno = `"defaultAction": "SCMP_ACT_ERRNO"`
	rule := func(s string) string { return `{` + errno + `, "syscalls": [` + s + `]}` }
	tests := []struct {
		name   string
		in     string
		target string
		want   []string // substrings of the error text
		code   ir.ErrorCode
	}{
		{"empty", "  \n", "", []string{"p.json", "empty input"}, ir.ErrFormat},
		{"truncated", `{"defaultAction": `, "", []string{"p.json:1:19", "not valid JSON: the input ends before the '{' at 1:1 is closed"}, ir.ErrFormat},
		{"syntax line", "{\n  " + allow + ",\n  x\n}", "", []string{"p.json:3:3", "not valid JSON: an object key must be a string in double quotes (found x)"}, ir.ErrFormat},
		{"trailing", `{` + allow + `} x`, "", []string{"p.json:1:", "not valid JSON: x after the end of the top-level value"}, ir.ErrFormat},
		{"top array", `[]`, "", []string{"p.json:1:1:", "the profile: want an object, not an array"}, ir.ErrFormat},
		{"names string", rule(`{"names": "read", "action": "SCMP_ACT_ALLOW"}`), "", []string{"p.json:1:", `syscalls[0].names: want an array, each element a string, not the string "read"`}, ir.ErrFormat},
		{"negative index", rule(`{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": -1, "op": "SCMP_CMP_EQ", "value": 1}]}`), "", []string{"p.json:1:", "syscalls[0].args[0].index: want a whole number from 0 to ", "not the number -1"}, ir.ErrFormat},
		{"value too large", rule(`{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "op": "SCMP_CMP_EQ", "value": 18446744073709551616}]}`), "", []string{"p.json:1:", "syscalls[0].args[0].value: want a whole number from 0 to 18446744073709551615, not the number 18446744073709551616"}, ir.ErrFormat},
		{"negative errnoRet", rule(`{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoRet": -1}`), "", []string{"syscalls[0].errnoRet: want a whole number", "not the number -1"}, ir.ErrFormat},
		{"missing default", `{"syscalls": []}`, "", []string{"p.json: defaultAction", "missing defaultAction"}, ir.ErrAction},
		{"unknown default", `{"defaultAction": "SCMP_ACT_FOO"}`, "", []string{"p.json: defaultAction", `unknown action "SCMP_ACT_FOO"`}, ir.ErrAction},
		{"default errno on allow", `{` + allow + `, "defaultErrnoRet": 5}`, "", []string{"defaultAction", "defaultErrnoRet 5 given for SCMP_ACT_ALLOW"}, ir.ErrAction},
		{"default errno range", `{` + errno + `, "defaultErrnoRet": 4096}`, "", []string{"defaultAction", "defaultErrnoRet 4096 is above 4094"}, ir.ErrErrno},
		{"default notify", `{"defaultAction": "SCMP_ACT_NOTIFY", "listenerPath": "/x"}`, "", []string{"defaultAction", "cannot be the default action"}, ir.ErrNotify},
		{"unknown arch", `{` + allow + `, "architectures": ["SCMP_ARCH_X86", "SCMP_ARCH_FOO"]}`, "", []string{"p.json: architectures[1]", `"SCMP_ARCH_FOO"`}, ir.ErrArch},
		{"unknown target", `{` + allow + `}`, "vax", []string{"target", `"vax"`}, ir.ErrArch},
		{"unknown flag", `{` + allow + `, "flags": ["SECCOMP_FILTER_FLAG_FOO"]}`, "", []string{"p.json: flags[0]", `unknown flag "SECCOMP_FILTER_FLAG_FOO"`}, ir.ErrFlag},
		{"missing action", rule(`{"names": ["read"]}`), "", []string{`p.json: syscalls[0] ("read")`, `missing "action"`}, ir.ErrAction},
		{"unknown action", rule(`{"names": ["read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["a"], "action": "SCMP_ACT_ALLOW"}, {"names": ["open", "openat"], "action": "SCMP_ACT_DENY"}`), "", []string{`p.json: syscalls[2] ("open", "openat")`, `unknown action "SCMP_ACT_DENY"`}, ir.ErrAction},
		{"errnoRet on allow", rule(`{"names": ["read"], "action": "SCMP_ACT_ALLOW", "errnoRet": 3}`), "", []string{`syscalls[0] ("read")`, "errnoRet 3 given for SCMP_ACT_ALLOW"}, ir.ErrAction},
		{"errnoRet on kill", rule(`{"names": ["read"], "action": "SCMP_ACT_KILL", "errnoRet": 1}`), "", []string{`syscalls[0] ("read")`, "SCMP_ACT_KILL"}, ir.ErrAction},
		{"errnoRet 4095", rule(`{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoRet": 4095}`), "", []string{`syscalls[0] ("read")`, "errnoRet 4095 is above 4094 (libseccomp refuses 4095)"}, ir.ErrErrno},
		{"libseccomp loop", rule(`{"names": ["read"], "action": "SCMP_ACT_TRAP", "args": [{"index": 1, "value": 9223372036854775808, "op": "SCMP_CMP_LT"}, {"index": 0, "value": 5, "op": "SCMP_CMP_NE"}]}, {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 7, "op": "SCMP_CMP_LE"}, {"index": 0, "value": 5, "op": "SCMP_CMP_NE"}]}`), "", []string{`syscalls[1] ("read")`, "loops forever"}, ir.ErrAction},
		{"errnoRet range", rule(`{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5000}`), "", []string{`syscalls[0] ("read")`, "errnoRet 5000 is above 4094"}, ir.ErrErrno},
		{"trace range", rule(`{"names": ["read"], "action": "SCMP_ACT_TRACE", "errnoRet": 70000}`), "", []string{`syscalls[0] ("read")`, "errnoRet 70000 for SCMP_ACT_TRACE is above 65535"}, ir.ErrAction},
		{"empty name", rule(`{"names": ["read", ""], "action": "SCMP_ACT_ALLOW"}`), "", []string{"p.json: syscalls[0] names[1]", "empty syscall name"}, ir.ErrSyscall},
		{"space in name", rule(`{"names": ["read "], "action": "SCMP_ACT_ALLOW"}`), "", []string{"syscalls[0] names[0]", `"read "`}, ir.ErrSyscall},
		{"empty name after a repeat", rule(`{"names": ["read", "read", "write", ""], "action": "SCMP_ACT_ALLOW"}`), "", []string{"p.json: syscalls[0] names[3]", "empty syscall name"}, ir.ErrSyscall},
		{"name given twice", rule(`{"names": ["read", "read "], "action": "SCMP_ACT_ALLOW", "NAMES": ["read", null, "write"]}`), "", []string{"p.json: syscalls[0] names[1]", `"read "`}, ir.ErrSyscall},
		{"arg index", rule(`{"names":["a"],"action":"SCMP_ACT_ALLOW"},{"names":["a"],"action":"SCMP_ACT_ALLOW"},{"names":["a"],"action":"SCMP_ACT_ALLOW"},
			{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "op": "SCMP_CMP_EQ", "value": 1}, {"index": 6, "op": "SCMP_CMP_EQ", "value": 1}]}`), "",
			[]string{`p.json: syscalls[3] ("personality") args[1]`, "index 6 is above 5"}, ir.ErrArgIndex},
		{"operator", rule(`{"names":["a"],"action":"SCMP_ACT_ALLOW"},{"names":["a"],"action":"SCMP_ACT_ALLOW"},{"names":["a"],"action":"SCMP_ACT_ALLOW"},
			{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "op": "SCMP_CMP_EQ", "value": 1}, {"index": 1, "op": "SCMP_CMP_FOO", "value": 1}]}`), "",
			[]string{`p.json: syscalls[3] ("personality") args[1]: invalid operator: "SCMP_CMP_FOO"`}, ir.ErrOperator},
		{"missing operator", rule(`{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 1}]}`), "", []string{`syscalls[0] ("read") args[0]`, `missing "op"`}, ir.ErrOperator},
		{"listener NUL", `{` + allow + `, "listenerPath": "/run/a\u0000b"}`, "", []string{"p.json: listenerPath", `"/run/a\x00b" contains a NUL byte`}, ir.ErrNotify},
		{"notify without listener", rule(`{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}`), "", []string{`p.json: syscalls[0] ("mkdir")`, "needs a listenerPath"}, ir.ErrNotify},
		{"libseccomp EEXIST", rule(`{"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "op": "SCMP_CMP_EQ", "value": 5}]},
			{"names": ["ioctl"], "action": "SCMP_ACT_KILL", "args": [{"index": 1, "op": "SCMP_CMP_EQ", "value": 5}]}`), "",
			[]string{`p.json: syscalls[1] ("ioctl")`, "EEXIST"}, ir.ErrAction},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.target
			if target == "" {
				target = "x86_64"
			}
			p, _, err := Parse([]byte(tt.in), Options{Filename: "p.json", Target: target})
			if err == nil {
				t.Fatalf("no error; policy %v", p)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			var e *ir.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not an *ir.Error", err)
			}
			if e.Code != tt.code {
				t.Errorf("code %q, want %q", e.Code, tt.code)
			}
		})
	}
}

func TestParseConfig(t *testing.T) {
	cfg := `{"ociVersion": "1.2.0", "process": {"args": ["sh"]},
  "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "bogus": 1,
    "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}}}`
	p, ws, err := ParseConfig([]byte(cfg), Options{Filename: "config.json", Target: "aarch64"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := testdiff.Diff([]string{"aarch64"}, p.Arches); diff != "" {
		t.Errorf("arches (-want +got):\n%s", diff)
	}
	if len(p.Rules) != 1 || p.Rules[0].Pos != `config.json: linux.seccomp.syscalls[0] ("read")` {
		t.Errorf("rules %+v", p.Rules)
	}
	if !hasWarning(ws, "config.json: linux.seccomp", `"bogus"`) {
		t.Errorf("no warning for the unknown field: %v", ws)
	}

	for _, in := range []string{`{"ociVersion": "1.2.0"}`, `{"linux": {}}`, `{"linux": {"seccomp": null}}`} {
		if _, _, err := ParseConfig([]byte(in), Options{Filename: "c.json"}); err == nil || !strings.Contains(err.Error(), "no linux.seccomp") {
			t.Errorf("%s: error %v, want missing linux.seccomp", in, err)
		}
	}
	bad := `{"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_NOPE"}]}}}`
	_, _, err = ParseConfig([]byte(bad), Options{Filename: "c.json", Target: "x86_64"})
	if err == nil || !strings.Contains(err.Error(), `c.json: linux.seccomp.syscalls[0] ("read"): invalid action`) {
		t.Errorf("error %v", err)
	}
}

func TestActions(t *testing.T) {
	tests := []struct {
		in   string
		want ir.Action
	}{
		{`"action": "SCMP_ACT_KILL"`, ir.KillThread},
		{`"action": "SCMP_ACT_KILL_THREAD"`, ir.KillThread},
		{`"action": "SCMP_ACT_KILL_PROCESS"`, ir.KillProcess},
		{`"action": "SCMP_ACT_TRAP"`, ir.Trap},
		{`"action": "SCMP_ACT_ALLOW"`, ir.Allow},
		{`"action": "SCMP_ACT_LOG"`, ir.Log},
		{`"action": "SCMP_ACT_ERRNO"`, ir.Errno(ir.EPERM)},
		{`"action": "SCMP_ACT_ERRNO", "errnoRet": 38`, ir.Errno(38)},
		{`"action": "SCMP_ACT_ERRNO", "errnoRet": 0`, ir.Errno(0)},
		{`"action": "SCMP_ACT_TRACE"`, ir.Trace(ir.EPERM)}, // runc's default
		{`"action": "SCMP_ACT_TRACE", "errnoRet": 4242`, ir.Trace(4242)},
	}
	for _, tt := range tests {
		in := `{"defaultAction": "SCMP_ACT_NOTIFY", "syscalls": [{"names": ["read"], ` + tt.in + `}]}`
		in = strings.Replace(in, "SCMP_ACT_NOTIFY", "SCMP_ACT_KILL_PROCESS", 1)
		if tt.want == ir.KillProcess {
			in = strings.Replace(in, `"defaultAction": "SCMP_ACT_KILL_PROCESS"`, `"defaultAction": "SCMP_ACT_ALLOW"`, 1)
		}
		p, _ := mustParse(t, in, Options{})
		if len(p.Rules) != 1 || p.Rules[0].Action != tt.want {
			t.Errorf("%s: rules %v, want one with %v", tt.in, p.Rules, tt.want)
		}
	}
}

func TestDefaultAction(t *testing.T) {
	tests := []struct {
		in   string
		want ir.Action
	}{
		{`"defaultAction": "SCMP_ACT_ERRNO"`, ir.Errno(ir.EPERM)},
		{`"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38`, ir.Errno(ir.ENOSYS)},
		{`"defaultAction": "SCMP_ACT_TRACE", "defaultErrnoRet": 9`, ir.Trace(9)},
		{`"defaultAction": "SCMP_ACT_TRACE"`, ir.Trace(ir.EPERM)},
		{`"defaultAction": "SCMP_ACT_KILL"`, ir.KillThread},
		{`"defaultAction": "SCMP_ACT_LOG"`, ir.Log},
	}
	for _, tt := range tests {
		p, _ := mustParse(t, `{`+tt.in+`}`, Options{})
		if p.Default != tt.want {
			t.Errorf("%s: default %v, want %v", tt.in, p.Default, tt.want)
		}
	}
}

// TestDropDefault checks runc's rule: a rule with the default action
// (errno included) is dropped, and only such a rule.
func TestDropDefault(t *testing.T) {
	p, ws := mustParse(t, `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
		{"names": ["read"], "action": "SCMP_ACT_ERRNO"},
		{"names": ["write"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
		{"names": ["open"], "action": "SCMP_ACT_ERRNO", "errnoRet": 2},
		{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "op": "SCMP_CMP_EQ", "value": 8}]},
		{"names": ["personality"], "action": "SCMP_ACT_ERRNO"}]}`, Options{})
	var got []string
	for _, r := range p.Rules {
		got = append(got, r.Syscall+" "+r.Action.String())
	}
	want := []string{"open errno(2)", "personality allow"}
	if diff := testdiff.Diff(want, got); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	// The dropped unconditional errno rule would otherwise decide
	// personality: libseccomp never sees it.
	if v := verdict(p, "personality", 8); v != ir.Allow {
		t.Errorf("personality(8) = %v, want allow", v)
	}
	if len(ws) != 0 {
		t.Errorf("warnings %v, want none", ws)
	}
}

func TestArches(t *testing.T) {
	tests := []struct {
		target string
		arches string
		want   []string
		err    string
	}{
		{"x86_64", `[]`, []string{"x86_64"}, ""},
		{"x86_64", `["SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_X86"]`, []string{"x86_64", "x86", "x32"}, ""},
		{"amd64", `["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"]`, []string{"x86_64", "x86"}, ""},
		{"SCMP_ARCH_AARCH64", `["SCMP_ARCH_ARM"]`, []string{"aarch64", "arm"}, ""},
		{"s390x", `["SCMP_ARCH_MIPS64N32"]`, []string{"s390x", "mips64n32"}, ""},
		{"x86_64", `["SCMP_ARCH_PDP11"]`, nil, `architectures[0]: invalid architecture: "SCMP_ARCH_PDP11"; valid names, nearest first: `},
		{"x86_64", `["SCMP_ARCH_X86_46"]`, nil, `architectures[0]: invalid architecture: "SCMP_ARCH_X86_46" (did you mean "SCMP_ARCH_X86_64", the OCI name of x86_64?); valid names, nearest first: x86_64, x86, `},
		{"amd64x", `[]`, nil, `target: invalid architecture: "amd64x" (did you mean "amd64", the GOARCH name of x86_64?); valid names, nearest first: x86_64, `},
	}
	for _, tt := range tests {
		p, _, err := Parse([]byte(`{"defaultAction": "SCMP_ACT_ALLOW", "architectures": `+tt.arches+`}`), Options{Target: tt.target})
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.arches, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if diff := testdiff.Diff(tt.want, p.Arches); diff != "" {
			t.Errorf("%s %s: arches (-want +got):\n%s", tt.target, tt.arches, diff)
		}
	}
}

// TestUnknownNames checks the warnings for names some architecture lacks:
// ir.Resolve reports each once, at its first rule, with the
// architectures that lack it, and the rule labels the front end gives
// name the JSON rule.
func TestUnknownNames(t *testing.T) {
	p, ws0 := mustParse(t, `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"], "syscalls": [
		{"names": ["read", "chown32", "no_such_call", "newfstatat"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["no_such_call"], "action": "SCMP_ACT_LOG"}]}`, Options{Filename: "p.json"})
	if hasWarning(ws0, "no_such_call", "defines it") {
		t.Errorf("the front end reports unknown names too: %v", ws0)
	}
	_, ws, err := ir.Resolve(p, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	if !hasWarning(ws, `p.json: syscalls[0] ("no_such_call")`, `unknown syscall "no_such_call"`, "no architecture defines it") {
		t.Errorf("no unknown-syscall warning: %v", ws)
	}
	if !hasWarning(ws, `syscalls[0] ("chown32")`, `"chown32" is not defined on x86_64;`) {
		t.Errorf("no warning for chown32 on x86_64: %v", ws)
	}
	if !hasWarning(ws, `"newfstatat" is not defined on x86;`) {
		t.Errorf("no warning for newfstatat on x86: %v", ws)
	}
	if hasWarning(ws, `"read"`) {
		t.Errorf("warning for read: %v", ws)
	}
	n := 0
	for _, w := range ws {
		if strings.Contains(w.Msg, `unknown syscall "no_such_call"`) {
			n++
			if w.Kind != ir.WarnUnknownSyscall {
				t.Errorf("kind %v, want %v", w.Kind, ir.WarnUnknownSyscall)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d warnings for no_such_call, want 1", n)
	}
}

// TestStrict checks that Options.Strict refuses a name no architecture
// defines, naming the place and the nearest defined name, and accepts
// names only other architectures define.
func TestStrict(t *testing.T) {
	src := `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
		{"names": ["read", "chown32"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["write", "opne"], "action": "SCMP_ACT_ALLOW"}]}`
	if _, _, err := Parse([]byte(src), Options{Filename: "p.json", Target: "x86_64"}); err != nil {
		t.Fatalf("without Strict: %v", err)
	}
	_, _, err := Parse([]byte(src), Options{Filename: "p.json", Target: "x86_64", Strict: true})
	want := `p.json: syscalls[1] names[1]: invalid syscall: "opne" is not defined on any architecture (did you mean "open"?)`
	if err == nil || err.Error() != want {
		t.Fatalf("Strict: error %v, want %s", err, want)
	}
	var ie *ir.Error
	if !errors.As(err, &ie) || ie.Code != ir.ErrSyscall {
		t.Errorf("Strict: error %#v, want an *ir.Error with code %q", err, ir.ErrSyscall)
	}
	// A name only other architectures define is skipped, strict or not.
	if _, _, err := Parse([]byte(`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["chown32", "vm86"], "action": "SCMP_ACT_ALLOW"}]}`),
		Options{Target: "aarch64", Strict: true}); err != nil {
		t.Errorf("Strict refuses names other architectures define: %v", err)
	}
}

func TestRuleWithoutNames(t *testing.T) {
	p, ws := mustParse(t, `{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"name": "ptrace", "action": "SCMP_ACT_ERRNO"}]}`, Options{Filename: "p.json"})
	if len(p.Rules) != 0 {
		t.Errorf("rules %v", p.Rules)
	}
	if !hasWarning(ws, "p.json: syscalls[0]", `"name" ignored`, "Docker") || !hasWarning(ws, "names no syscall") {
		t.Errorf("warnings %v", ws)
	}
}

// TestRepeatedArgs checks runc's splitting of rules that test one
// argument twice: every condition becomes a rule, so they are ORed.
func TestRepeatedArgs(t *testing.T) {
	src := `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [
		{"index": 0, "op": "SCMP_CMP_EQ", "value": 1},
		{"index": 0, "op": "SCMP_CMP_EQ", "value": 2},
		{"index": 1, "op": "SCMP_CMP_EQ", "value": 3}]}]}`
	split, ws := mustParse(t, src, Options{})
	if len(split.Rules) != 3 || !hasWarning(ws, "argument 0 is compared more than once") {
		t.Fatalf("rules %v, warnings %v", split.Rules, ws)
	}
	if split.Rules[1].Pos != `syscalls[0] ("socket") args[1]` {
		t.Errorf("pos %q", split.Rules[1].Pos)
	}
	kept, _ := mustParse(t, src, Options{KeepRepeatedArgs: true})
	if len(kept.Rules) != 1 {
		t.Fatalf("KeepRepeatedArgs: rules %v", kept.Rules)
	}
	tests := []struct {
		args        []uint64
		split, kept ir.Action
	}{
		{[]uint64{1, 0}, ir.Allow, ir.Errno(1)},
		{[]uint64{2, 9}, ir.Allow, ir.Errno(1)},
		{[]uint64{7, 3}, ir.Allow, ir.Errno(1)},
		{[]uint64{7, 4}, ir.Errno(1), ir.Errno(1)},
	}
	for _, tt := range tests {
		if got := verdict(split, "socket", tt.args...); got != tt.split {
			t.Errorf("split: socket%v = %v, want %v", tt.args, got, tt.split)
		}
		if got := verdict(kept, "socket", tt.args...); got != tt.kept {
			t.Errorf("kept: socket%v = %v, want %v", tt.args, got, tt.kept)
		}
	}
	// Conditions on different arguments stay ANDed in one rule.
	and, _ := mustParse(t, `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [
		{"index": 0, "op": "SCMP_CMP_EQ", "value": 1}, {"index": 1, "op": "SCMP_CMP_LT", "value": 3}]}]}`, Options{})
	if len(and.Rules) != 1 || verdict(and, "socket", 1, 2) != ir.Allow || verdict(and, "socket", 1, 3) != ir.Errno(1) {
		t.Errorf("ANDed rule: %v", and.Rules)
	}
}

func TestConditions(t *testing.T) {
	src := `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"], "syscalls": [
		{"names": ["a"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "op": "SCMP_CMP_NE", "value": 5}]},
		{"names": ["b"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "op": "SCMP_CMP_LT", "value": 5}]},
		{"names": ["c"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "op": "SCMP_CMP_LE", "value": 5}]},
		{"names": ["d"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 3, "op": "SCMP_CMP_GE", "value": 5, "valueTwo": 9}]},
		{"names": ["e"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 4, "op": "SCMP_CMP_GT", "value": 5}]},
		{"names": ["f"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 5, "op": "SCMP_CMP_MASKED_EQ", "value": 240, "valueTwo": 4368}]},
		{"names": ["g"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "op": "SCMP_CMP_MASKED_EQ", "value": 0, "valueTwo": 0}]},
		{"names": ["h"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "op": "SCMP_CMP_MASKED_EQ", "value": 18446744069414584320, "valueTwo": 0}]}]}`
	p, ws := mustParse(t, src, Options{Filename: "p.json"})
	var got []string
	for _, r := range p.Rules {
		got = append(got, r.String())
	}
	want := []string{
		"allow a if a0 != 5",
		"allow b if a1 < 5",
		"allow c if a2 <= 5",
		"allow d if a3 >= 5",
		"allow e if a4 > 5",
		// valueTwo 0x1110 has bits outside the mask 0xf0: libseccomp
		// compares with 0x1110 & 0xf0.
		"allow f if (a5 & 240) == 16",
		// mask 0: libseccomp drops the comparison.
		"allow g",
		"allow h if (a0 & 0xffffffff00000000) == 0",
	}
	if diff := testdiff.Diff(want, got); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	for _, w := range [][]string{
		{`p.json: syscalls[3] ("d") args[0]`, "valueTwo 0x9 ignored"},
		{`p.json: syscalls[5] ("f") args[0]`, "0x1110 has bits outside the mask (value) 0xf0", "compares with 0x10"},
		{`p.json: syscalls[6] ("g") args[0]`, "mask 0 always holds"},
		{`p.json: syscalls[7] ("h") args[0]`, "no bits in the low 32", "x86"},
	} {
		if !hasWarning(ws, w...) {
			t.Errorf("no warning %q in %v", w, ws)
		}
	}
}

func TestFlagsAndListener(t *testing.T) {
	p, _ := mustParse(t, `{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/agent.sock", "listenerMetadata": "meta",
		"flags": ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"],
		"syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}`, Options{})
	if want := ir.FlagLog | ir.FlagSpecAllow | ir.FlagWaitKillableRecv; p.Flags != want || p.FlagsAbsent {
		t.Errorf("flags %v (absent %v), want %v", p.Flags, p.FlagsAbsent, want)
	}
	for _, tt := range []struct {
		flags  string
		absent bool
	}{{``, true}, {`"flags": null,`, true}, {`"flags": [],`, false}} {
		p, _ := mustParse(t, `{"defaultAction": "SCMP_ACT_ALLOW", `+tt.flags+` "syscalls": []}`, Options{})
		if p.Flags != 0 || p.FlagsAbsent != tt.absent {
			t.Errorf("%s: flags %v, absent %v; want 0, absent %v", tt.flags, p.Flags, p.FlagsAbsent, tt.absent)
		}
	}
	if p.ListenerPath != "/run/agent.sock" || p.ListenerMetadata != "meta" || !p.UsesNotify() {
		t.Errorf("listener %q %q, notify %v", p.ListenerPath, p.ListenerMetadata, p.UsesNotify())
	}
	_, ws := mustParse(t, `{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/x", "syscalls": [{"names": ["write", "read"], "action": "SCMP_ACT_NOTIFY"}]}`, Options{})
	if !hasWarning(ws, "SCMP_ACT_NOTIFY on write") {
		t.Errorf("no warning for notify on write: %v", ws)
	}
}

func TestUnknownFields(t *testing.T) {
	_, ws := mustParse(t, `{"defaultAction": "SCMP_ACT_ALLOW", "archMap": [], "extra": 1, "syscalls": [
		{"names": ["read"], "action": "SCMP_ACT_ERRNO", "includes": {}, "Args": [{"index": 0, "op": "SCMP_CMP_EQ", "value": 1, "valueThree": 2}]}]}`,
		Options{Filename: "p.json"})
	for _, w := range [][]string{
		{"p.json:", `"archMap" ignored`, "Docker"},
		{"p.json:", `unknown field "extra"`},
		{"p.json: syscalls[0]", `"includes" ignored`},
		{"p.json: syscalls[0] args[0]", `unknown field "valueThree"`},
	} {
		if !hasWarning(ws, w...) {
			t.Errorf("no warning %q in %v", w, ws)
		}
	}
	if hasWarning(ws, `"Args"`) {
		t.Errorf("Args matches args case-insensitively, as encoding/json does: %v", ws)
	}
}

func TestRuleIndex(t *testing.T) {
	s := `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["write"], "action": "SCMP_ACT_BAD"}]}`
	var spec specs.LinuxSeccomp
	if err := json.Unmarshal([]byte(s), &spec); err != nil {
		t.Fatal(err)
	}
	_, _, err := ocihook.FromSpec(&spec, ocihook.Options{Target: "x86_64", RuleIndex: []int32{4, 7}})
	if err == nil || !strings.HasPrefix(err.Error(), `syscalls[7] ("write")`) {
		t.Errorf("error %v, want it at syscalls[7]", err)
	}
}

func TestJSONErrorPositions(t *testing.T) {
	data := []byte("{\n\t\"a\": 1,\n\t\"b\" 2\n}")
	err := invalid(data, "f.json", &map[string]int{})
	if err == nil || !strings.HasPrefix(err.Error(), "f.json:3:6: malformed input: not valid JSON: a colon is missing after the key, before 2") {
		t.Errorf("error %v", err)
	}
	if got := offsetPos([]byte("ab\ncd"), "", 4); got != "2:2" {
		t.Errorf("offsetPos = %q, want 2:2", got)
	}
	if got := offsetPos(nil, "x", 99); got != "x:1:1" {
		t.Errorf("offsetPos past the end = %q", got)
	}
}

// TestWarningKinds checks the kind of each warning the front end gives,
// one input per place that warns, so that a caller can switch on it.
func TestWarningKinds(t *testing.T) {
	rule := func(action, args string) string {
		return `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "listenerPath": "/l", "syscalls": [` +
			`{"names": ["personality"], "action": "` + action + `", "args": [` + args + `]}]}`
	}
	tests := []struct {
		name string
		in   string
		want ir.WarningKind
		sys  string // the syscall named in Syscalls, if any
	}{
		{"unknown field", `{"defaultAction": "SCMP_ACT_ERRNO", "bogus": 1}`, ir.WarnUnknownField, ""},
		{"empty rule", `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [], "action": "SCMP_ACT_ALLOW"}]}`, ir.WarnEmptyRule, ""},
		{"notify write", `{"defaultAction": "SCMP_ACT_ERRNO", "listenerPath": "/l", "syscalls": [{"names": ["write"], "action": "SCMP_ACT_NOTIFY"}]}`, ir.WarnNotifyWrite, ""},
		{"split", rule("SCMP_ACT_ALLOW", `{"index": 0, "op": "SCMP_CMP_EQ", "value": 1}, {"index": 0, "op": "SCMP_CMP_EQ", "value": 2}`), ir.WarnSplitRule, ""},
		{"valueTwo", rule("SCMP_ACT_ALLOW", `{"index": 0, "op": "SCMP_CMP_EQ", "value": 1, "valueTwo": 2}`), ir.WarnIgnoredCondition, ""},
		{"mask 0", rule("SCMP_ACT_ALLOW", `{"index": 0, "op": "SCMP_CMP_MASKED_EQ", "value": 0, "valueTwo": 0}`), ir.WarnIgnoredCondition, ""},
		{"mask high", rule("SCMP_ACT_ALLOW", `{"index": 0, "op": "SCMP_CMP_MASKED_EQ", "value": 18446744069414584320, "valueTwo": 0}`), ir.WarnIgnoredCondition, ""},
		{"mask value", rule("SCMP_ACT_ALLOW", `{"index": 0, "op": "SCMP_CMP_MASKED_EQ", "value": 240, "valueTwo": 4368}`), ir.WarnMaskValue, ""},
		{"dropped", `{"defaultAction": "SCMP_ACT_KILL", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "op": "SCMP_CMP_EQ", "value": 8}]},
			{"names": ["personality"], "action": "SCMP_ACT_ERRNO"}]}`, ir.WarnRuleDropped, "personality"},
		{"merged", `{"defaultAction": "SCMP_ACT_KILL", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "op": "SCMP_CMP_EQ", "value": 1}]},
			{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "op": "SCMP_CMP_EQ", "value": 2}]}]}`, ir.WarnMerged, "personality"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ws := mustParse(t, tt.in, Options{Filename: "p.json"})
			found := false
			for _, w := range ws {
				if w.Kind == 0 || strings.HasPrefix(w.Kind.String(), "WarningKind(") {
					t.Errorf("warning without a kind: %v", w)
				}
				if w.Kind == tt.want {
					found = true
					if tt.sys != "" && (len(w.Syscalls) != 1 || w.Syscalls[0] != tt.sys) {
						t.Errorf("%v: Syscalls %q, want [%s]", w, w.Syscalls, tt.sys)
					}
				}
			}
			if !found {
				t.Errorf("no %v warning in %v", tt.want, ws)
			}
		})
	}
}
