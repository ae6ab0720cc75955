package main

import (
	"go/parser"
	"go/token"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/ir"
)

func TestParseFilterFlags(t *testing.T) {
	tests := []struct {
		in      string
		want    ir.Flags
		wantErr bool
	}{
		{"none", 0, false},
		{"log", ir.FlagLog, false},
		{"spec_allow, SECCOMP_FILTER_FLAG_TSYNC_ESRCH", ir.FlagSpecAllow | ir.FlagTSYNCESRCH, false},
		{"LOG,new_listener", ir.FlagLog | ir.FlagNewListener, false},
		{"bogus", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		got, err := parseFilterFlags(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseFilterFlags(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestExecFlags(t *testing.T) {
	tests := []struct {
		asked   ir.Flags
		want    ir.Flags
		dropped []ir.Flags
	}{
		{0, 0, nil},
		{ir.FlagLog | ir.FlagSpecAllow, ir.FlagLog | ir.FlagSpecAllow, nil},
		// TSYNC and TSYNC_ESRCH are left out quietly: the filter goes on
		// the thread that execs.
		{ir.FlagTSYNC | ir.FlagLog, ir.FlagLog, nil},
		{ir.FlagNewListener | ir.FlagTSYNCESRCH | ir.FlagWaitKillableRecv, 0, []ir.Flags{ir.FlagNewListener, ir.FlagWaitKillableRecv}},
	}
	for _, tt := range tests {
		got, dropped := execFlags(tt.asked)
		if got != tt.want || !slices.Equal(dropped, tt.dropped) {
			t.Errorf("execFlags(%v) = %v, %v; want %v, %v", tt.asked, got, dropped, tt.want, tt.dropped)
		}
	}
}

// Bad command lines fail before anything is installed or attached: the
// test process would otherwise be replaced or traced.
func TestDumpExecUsage(t *testing.T) {
	_, lookErr := exec.LookPath("true")
	tests := []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"dump"}, "--pid"},
		{[]string{"dump", "--pid", "1", "--format", "elf"}, "--format"},
		{[]string{"dump", "--pid", "1", "--index", "-2"}, "--index"},
		{[]string{"dump", "--pid", "1", "extra"}, "unexpected"},
		{[]string{"dump", "--pid", "1", "--profile", "/no/such/profile"}, "no such file"},
		{[]string{"exec", "true"}, "missing --"},
		{[]string{"exec", "--"}, "missing the command"},
		{[]string{"exec", "a", "b", "--", "true"}, "at most one PROFILE"},
		{[]string{"exec", "--target", "vax", "--", "true"}, "--target"},
		{[]string{"exec", "--", "/no/such/command"}, "no such file"},
		{[]string{"exec", "../../testdata/policies/raw-numbers.policy", "--", "true"}, "NOTIFY"},
		{[]string{"exec", "--flags", "bogus", "../../testdata/e2e/probe.policy", "--", "true"}, "unknown flag"},
	}
	for _, tt := range tests {
		if lookErr != nil && slices.Contains(tt.args, "true") {
			continue
		}
		_, errs, code := runCLI(t, "", tt.args...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tt.args, code, errs, tt.want)
		}
	}
}

func TestCompileGoOptions(t *testing.T) {
	const policy = "default errno(1)\nflag log spec_allow\nallow read\n"
	tests := []struct {
		args []string
		code int
		want []string
		not  []string
	}{
		{
			args: []string{"--target", "aarch64"},
			want: []string{"//go:build arm64\n", "package seccompfilter\n", "const FilterFlags = 0x6\n", "var Filter = []bpf.RawInstruction{", "// SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW."},
		},
		{
			args: []string{"--target", "x86_64", "--package", "filters", "--var", "webFilter", "--build", "none"},
			want: []string{"package filters\n", "const webFilterFlags = 0x6\n", "var webFilter = "},
			not:  []string{"//go:build"},
		},
		{
			args: []string{"--target", "x86_64", "--build", "linux && amd64"},
			want: []string{"//go:build linux && amd64\n"},
		},
		{args: []string{"--package", "no-dash"}, code: 2},
		{args: []string{"--var", "9lives"}, code: 2},
		{args: []string{"--build", "amd64 &&"}, code: 2},
	}
	for _, tt := range tests {
		out, errs, code := runCLI(t, policy, append(append([]string{"compile", "--format", "go"}, tt.args...), "-")...)
		if code != tt.code {
			t.Errorf("%q: exit %d, want %d: %s", tt.args, code, tt.code, errs)
			continue
		}
		if code != 0 {
			continue
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "gen.go", out, parser.ParseComments); err != nil {
			t.Errorf("%q: output does not parse: %v\n%s", tt.args, err, out)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q: output lacks %q:\n%s", tt.args, w, out)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(out, w) {
				t.Errorf("%q: output has %q", tt.args, w)
			}
		}
	}
}

func TestSeccompcVersion(t *testing.T) {
	defer func(v string) { version = v }(version)
	version = ""
	if v := seccompcVersion(); v != "devel" && !strings.HasPrefix(v, "v") {
		t.Errorf("version %q", v)
	}
	version = "v1.2.3"
	if v := seccompcVersion(); v != "v1.2.3" {
		t.Errorf("version %q, want the -X value", v)
	}
	if !pseudoVersion.MatchString("v0.0.0-20250101123456-abcdefabcdef") || pseudoVersion.MatchString("v1.2.3") {
		t.Errorf("pseudo-version pattern wrong")
	}
}
