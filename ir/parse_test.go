package ir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/internal/testdiff"
)

// parseDump prints x in a compact form independent of the printer, for
// {input, dump} tables: eq(a0,1), meq(lo32 a1,255,3), and{...}, not(...).
func parseDump(x *Expr) string {
	if x == nil {
		return "nil"
	}
	switch x.Op {
	case OpTrue:
		return "true"
	case OpFalse:
		return "false"
	case OpCmp:
		names := map[Cmp]string{CmpEq: "eq", CmpNe: "ne", CmpLt: "lt", CmpLe: "le", CmpGt: "gt", CmpGe: "ge", CmpMaskedEq: "meq", CmpMaskedNe: "mne"}
		arg := fmt.Sprintf("a%d", x.Arg)
		if x.Low32 {
			arg = "lo32 " + arg
		}
		if x.Cmp.Masked() {
			return fmt.Sprintf("%s(%s,%d,%d)", names[x.Cmp], arg, x.Mask, x.Val)
		}
		return fmt.Sprintf("%s(%s,%d)", names[x.Cmp], arg, x.Val)
	case OpNot, OpAnd, OpOr:
		subs := make([]string, len(x.Sub))
		for i, s := range x.Sub {
			subs[i] = parseDump(s)
		}
		if x.Op == OpNot {
			return "not(" + strings.Join(subs, " ") + ")"
		}
		return x.Op.String() + "{" + strings.Join(subs, " ") + "}"
	}
	return fmt.Sprintf("op%d", x.Op)
}

func TestParseExpr(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"true", "true"},
		{"false", "false"},
		{"a0 == 1", "eq(a0,1)"},
		{"a5 != 0x10", "ne(a5,16)"},
		{"a1 < 2", "lt(a1,2)"},
		{"a1 <= 2", "le(a1,2)"},
		{"a1 > 2", "gt(a1,2)"},
		{"a1>=2", "ge(a1,2)"},
		{"a0 == 18446744073709551615", "eq(a0,18446744073709551615)"},
		{"a0 == 0xFFFFffffFFFFffff", "eq(a0,18446744073709551615)"},
		{"a0 == 0b101", "eq(a0,5)"},
		{"a0 == 0o17", "eq(a0,15)"},
		{"a0 == 017", "eq(a0,15)"},
		{"a0 == 1_000", "eq(a0,1000)"},
		{"(a0 & 0x7e020000) == 0", "meq(a0,2114060288,0)"},
		{"(lo32(a1) & 0xff) != 3", "mne(lo32 a1,255,3)"},
		{"lo32(a1) == 0x5401", "eq(lo32 a1,21505)"},
		{"lo32 ( a1 ) <= 0xffffffff", "le(lo32 a1,4294967295)"},
		{"a0 == 1 && a1 == 2 || a2 == 3", "or{and{eq(a0,1) eq(a1,2)} eq(a2,3)}"},
		{"a0 == 1 || a1 == 2 && a2 == 3", "or{eq(a0,1) and{eq(a1,2) eq(a2,3)}}"},
		{"a0 == 1 && a1 == 2 && a2 == 3", "and{eq(a0,1) eq(a1,2) eq(a2,3)}"},
		{"(a0 == 1 && a1 == 2) && a2 == 3", "and{and{eq(a0,1) eq(a1,2)} eq(a2,3)}"},
		{"a0 == 1 || (a1 == 2 || a2 == 3)", "or{eq(a0,1) or{eq(a1,2) eq(a2,3)}}"},
		{"((a0 == 1))", "eq(a0,1)"},
		{"!(a0 == 1 && a1 == 2)", "not(and{eq(a0,1) eq(a1,2)})"},
		{"!a0 == 1", "not(eq(a0,1))"},
		{"!!true", "not(not(true))"},
		{"!(a0 == 1) || false", "or{not(eq(a0,1)) false}"},
		{"a2 in {0..7, 9}", "or{and{ge(a2,0) le(a2,7)} eq(a2,9)}"},
		{"a2 in {5}", "eq(a2,5)"},
		{"a2 in {3..3}", "and{ge(a2,3) le(a2,3)}"},
		{"a0 not in {1, 2}", "not(or{eq(a0,1) eq(a0,2)})"},
		{"lo32(a3) in {1, 0x10..0x20,}", "or{eq(lo32 a3,1) and{ge(lo32 a3,16) le(lo32 a3,32)}}"},
		{"a0 == 1 ||\n  a1 == 2", "or{eq(a0,1) eq(a1,2)}"},
		{"(a0 & 1) == 1 && (a1 == 2)", "and{meq(a0,1,1) eq(a1,2)}"},
		{"a0 in {1, 2} || a1 == 3", "or{or{eq(a0,1) eq(a0,2)} eq(a1,3)}"},
		{"a0 == 0 || a0 in {8, 0x20000, 0x20008}", "or{eq(a0,0) or{eq(a0,8) eq(a0,131072) eq(a0,131080)}}"},
		{"a0 == 1 # comment", "eq(a0,1)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			x, err := ParseExpr(tt.in)
			if err != nil {
				t.Fatalf("ParseExpr(%q): %v", tt.in, err)
			}
			if got := parseDump(x); got != tt.want {
				t.Errorf("ParseExpr(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseExprErrors(t *testing.T) {
	tests := []struct {
		in   string
		code ErrorCode
		want string // substring of the message
	}{
		{"", ErrSyntax, "1:1: syntax error: expected a comparison on an argument"},
		{"a6 == 1", ErrArgIndex, "1:1: invalid argument index: argument a6 does not exist"},
		{"a0 == 1 a1", ErrSyntax, "1:9: syntax error: unexpected \"a1\" after expression"},
		{"lo32(a0) in {1, 0x100000000}", ErrValueRange, "1:17: value out of range: value 0x100000000"},
		{"(lo32(a0) & 0x1ffffffff) == 0", ErrValueRange, "mask 0x1ffffffff does not fit in 32 bits"},
		{"(a0 & 1) in {1}", ErrOperator, "only == and != take a mask"},
		{"a0 == 5.10", ErrSyntax, `invalid number "5.10"`},
		{"a0 == -1", ErrSyntax, "unexpected character '-'"},
		{"a0 | a1", ErrSyntax, "did you mean '||'"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			x, err := ParseExpr(tt.in)
			checkParseError(t, err, tt.code, tt.want)
			if x != nil {
				t.Errorf("ParseExpr(%q) returned %v with the error", tt.in, x)
			}
		})
	}
}

func checkParseError(t *testing.T, err error, code ErrorCode, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *ir.Error", err, err)
	}
	if e.Code != code {
		t.Errorf("code %q, want %q (error: %v)", e.Code, code, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
}

func TestParseErrors(t *testing.T) {
	const d = "default allow\n"
	tests := []struct {
		name, in string
		code     ErrorCode
		want     string
	}{
		{"missing default", "allow read\n", ErrSyntax, "x.policy: syntax error: missing default directive"},
		{"only comments", "# nothing\n\n", ErrSyntax, "missing default directive"},
		{"duplicate default", d + "default errno(1)\n", ErrSyntax, "x.policy:2:1: syntax error: duplicate default directive (first at x.policy:1:1)"},
		{"duplicate badarch", d + "badarch trap\nbadarch trap", ErrSyntax, "x.policy:3:1: syntax error: duplicate badarch"},
		{"duplicate baseline", d + "baseline 5.10\nbaseline none", ErrSyntax, "x.policy:3:1: syntax error: duplicate baseline"},
		{"unknown directive", d + "frobnicate read\n", ErrSyntax, `x.policy:2:1: syntax error: unknown directive or action "frobnicate"`},
		{"directive not ident", d + "{ read }\n", ErrSyntax, "x.policy:2:1: syntax error: expected a directive or an action at the start of a line, found '{'"},
		{"unknown default action", "default permit\n", ErrAction, `x.policy:1:9: invalid action: unknown action "permit"`},
		{"errno needs value", "default errno\n", ErrAction, "errno needs a value"},
		{"errno too big", "default errno(4096)\n", ErrErrno, "x.policy:1:15: invalid errno: errno 4096 is above 4095"},
		{"trace too big", "default trace(0x10000)\n", ErrValueRange, "does not fit in 16 bits"},
		{"action takes no value", "default kill_process(1)\n", ErrAction, "kill_process takes no value"},
		{"unclosed action", "default errno(1\nallow read\n", ErrSyntax, "expected ')' to close errno("},
		{"trailing garbage directive", "default allow extra\n", ErrSyntax, `x.policy:1:15: syntax error: unexpected "extra" after the default directive`},
		{"arg index", d + "allow foo if a6 == 1\n", ErrArgIndex, "x.policy:2:14: invalid argument index: argument a6 does not exist (a0 to a5)"},
		{"arg index huge", d + "allow foo if a99999999999999999999 == 1\n", ErrArgIndex, "argument a99999999999999999999"},
		{"overflow", d + "allow foo if a0 == 18446744073709551616\n", ErrValueRange, "x.policy:2:20: value out of range: value 18446744073709551616 does not fit in 64 bits"},
		{"overflow hex", d + "allow foo if a0 in {0x10000000000000000}\n", ErrValueRange, "value 0x10000000000000000 does not fit in 64 bits"},
		{"masked less", d + "allow foo if (a0 & 1) < 1\n", ErrOperator, "x.policy:2:23: invalid operator: masked comparison with '<'"},
		{"unclosed paren", d + "allow foo if (a0 == 1\nallow bar\n", ErrSyntax, "x.policy:3:1: syntax error: expected ')' to close '(' at x.policy:2:14, found \"allow\""},
		{"extra paren", d + "allow foo if a0 == 1)\n", ErrSyntax, "x.policy:2:21: syntax error: unexpected ')' after the rule"},
		{"empty set", d + "allow foo if a0 in {}\n", ErrSyntax, "x.policy:2:21: syntax error: empty set"},
		{"set without comma", d + "allow foo if a0 in {1 2}\n", ErrSyntax, "expected ',' or '}' in the set opened at x.policy:2:20, found number 2"},
		{"range reversed", d + "allow foo if a0 in {5..3}\n", ErrValueRange, "x.policy:2:24: value out of range: empty range 5..3"},
		{"lo32 value", d + "allow ioctl if lo32(a1) == 0x100000000\n", ErrValueRange, "value 0x100000000 does not fit in 32 bits"},
		{"two names", d + "allow read write\n", ErrSyntax, `x.policy:2:12: syntax error: expected ',', 'if' or end of line after the syscall read, found "write"`},
		{"no syscall", d + "allow\n", ErrSyscall, "x.policy:2:6: invalid syscall: expected a syscall name or number after the action allow, found end of line"},
		{"no syscall before if", d + "allow if a0 == 1\n", ErrSyscall, `expected a syscall name or number after the action allow, found "if"`},
		{"dangling comma", d + "allow read,\n", ErrSyscall, "expected a syscall name or number after ',', found end of input"},
		{"bad syscall name", d + "allow Read\n", ErrSyscall, `invalid syscall name "Read"`},
		{"syscall number too big", d + "kill_process 4294967296\n", ErrValueRange, "syscall number 4294967296 does not fit in 32 bits"},
		{"single equals", d + "allow foo if a0 = 1\n", ErrSyntax, "x.policy:2:17: syntax error: unexpected '=' (did you mean '=='?)"},
		{"dangling and", d + "allow foo if a0 == 1 &&\n", ErrSyntax, "found end of input"},
		{"unparenthesized mask", d + "allow foo if a0 & 1 == 1\n", ErrSyntax, "a mask needs parentheses, as in (a0 & m) == v"},
		{"bad number", d + "allow foo if a0 == 0x\n", ErrSyntax, `invalid number "0x"`},
		{"bad octal", d + "allow foo if a0 == 09\n", ErrSyntax, `invalid number "09"`},
		{"missing value", d + "allow foo if a0 ==\n", ErrSyntax, "expected value, found end of line"},
		{"if without cond", d + "allow foo if\n", ErrSyntax, "found end of line"},
		{"bad baseline", d + "baseline later\n", ErrBaseline, `x.policy:2:10: invalid baseline: "later" is not auto, none or a kernel version`},
		{"bad flag", d + "flag tsync bogus\n", ErrFlag, `x.policy:2:12: invalid flag: unknown flag "bogus"`},
		{"no flag", d + "flag\n", ErrFlag, "expected flag names after flag"},
		{"no arch", d + "arch\n", ErrArch, "expected architecture names after arch"},
		{"unquoted listener", d + "listener /run/x\n", ErrSyntax, "unexpected character '/'"},
		{"unterminated string", d + "listener \"abc\n", ErrSyntax, "x.policy:2:10: syntax error: unterminated string"},
		{"bad escape", d + `listener "a\q"` + "\n", ErrSyntax, "invalid string"},
		{"listener NUL", d + `listener "/run/a\x00b.sock"` + "\n", ErrNotify, `x.policy:2:10: invalid notify setup: listener path "/run/a\x00b.sock" contains a NUL byte: the socket path would end there, at "/run/a"`},
		{"control character", d + "allow read\x00\n", ErrSyntax, `unexpected character "\x00"`},
		{"deep parens", d + "allow foo if " + strings.Repeat("(", maxDepth+1) + "a0 == 1" + strings.Repeat(")", maxDepth+1), ErrNestingDepth, "more than 1000 levels"},
		{"deep nots", d + "allow foo if " + strings.Repeat("!", maxDepth+1) + "true", ErrNestingDepth, "expression nested too deeply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.in), "x.policy")
			checkParseError(t, err, tt.code, tt.want)
			if p != nil {
				t.Errorf("Parse returned a policy with the error")
			}
		})
	}
}

func TestParsePolicy(t *testing.T) {
	src := `# a test policy
default errno(1)   # deny
badarch kill_process
arch x86_64 x86
arch x32
baseline 5.10
flag log tsync
flag SECCOMP_FILTER_FLAG_SPEC_ALLOW
listener "/run/notify.sock" "meta\tdata"

allow read, write,
      close
errno(38) clone3
allow personality if a0 == 0 ||
    a0 in {8, 0x20000,
           0x20008}
kill_process 400, exit
trace personality if true
`
	p, err := Parse([]byte(src), "t.policy")
	if err != nil {
		t.Fatal(err)
	}
	v, err := ParseBaseline("5.10")
	if err != nil {
		t.Fatal(err)
	}
	pers := Or(Compare(0, CmpEq, 0), Or(Compare(0, CmpEq, 8), Compare(0, CmpEq, 0x20000), Compare(0, CmpEq, 0x20008)))
	want := &Policy{
		Default:          Errno(1),
		BadArch:          KillProcess,
		Arches:           []string{"x86_64", "x86", "x32"},
		Baseline:         v,
		Flags:            FlagLog | FlagTSYNC | FlagSpecAllow,
		ListenerPath:     "/run/notify.sock",
		ListenerMetadata: "meta\tdata",
		Source:           "t.policy",
		Rules: []Rule{
			{Syscall: "read", Action: Allow, Pos: "t.policy:11"},
			{Syscall: "write", Action: Allow, Pos: "t.policy:11"},
			{Syscall: "close", Action: Allow, Pos: "t.policy:11"},
			{Syscall: "clone3", Action: Errno(38), Pos: "t.policy:13"},
			{Syscall: "personality", Action: Allow, Cond: pers, Pos: "t.policy:14"},
			{Nr: 400, Action: KillProcess, Pos: "t.policy:17"},
			{Syscall: "exit", Action: KillProcess, Pos: "t.policy:17"},
			{Syscall: "personality", Action: Trace(0), Cond: True(), Pos: "t.policy:18"},
		},
	}
	if diff := testdiff.Diff(want, p); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
}

// withoutPlaces returns a copy of p without where it came from (Source
// and the rules' Pos), for comparing policies that differ only there.
// Expressions compare with Expr.Equal, which testdiff uses.
func withoutPlaces(p *Policy) *Policy {
	q := *p
	q.Source = ""
	q.Rules = append([]Rule(nil), p.Rules...)
	for i := range q.Rules {
		q.Rules[i].Pos = ""
	}
	return &q
}

func TestParseNoFilename(t *testing.T) {
	p, err := Parse([]byte("default allow\nallow read\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Rules[0].Pos; got != "line 2" {
		t.Errorf("rule Pos = %q, want %q", got, "line 2")
	}
	_, err = Parse([]byte("default allow\nallow read if a7 == 1\n"), "")
	checkParseError(t, err, ErrArgIndex, "2:15: invalid argument index")
}

// TestRoundTripPolicies checks that every example policy parses, prints,
// and parses back to an equal policy whose text is a fixpoint.
func TestRoundTripPolicies(t *testing.T) {
	files, err := filepath.Glob("../testdata/policies/*.policy")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 5 {
		t.Fatalf("found %d example policies, want at least 5", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(data, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Rules) == 0 {
				t.Fatal("no rules")
			}
			text := p.String()
			q, err := Parse([]byte(text), "printed")
			if err != nil {
				t.Fatalf("printed policy does not parse: %v\n%s", err, text)
			}
			if diff := testdiff.Diff(withoutPlaces(p), withoutPlaces(q)); diff != "" {
				t.Errorf("round trip mismatch (-parsed +reparsed):\n%s\nprinted:\n%s", diff, text)
			}
			if again := q.String(); again != text {
				t.Errorf("String is not a fixpoint:\nfirst:\n%s\nsecond:\n%s", text, again)
			}
		})
	}
}

// TestValidateListenerPath: a listener path with a NUL byte names
// another socket than it shows (the kernel reads sun_path up to the
// first NUL); Validate refuses it for a policy from any front end.
func TestValidateListenerPath(t *testing.T) {
	for _, tt := range []struct {
		path string
		ok   bool
	}{
		{"/run/agent.sock", true},
		{"", true},
		{"/run/agent.sock\x00", false},
		{"\x00abstract", false},
	} {
		p := &Policy{Default: Allow, ListenerPath: tt.path, Source: "s"}
		err := p.Validate()
		if tt.ok != (err == nil) {
			t.Errorf("listener %q: Validate = %v", tt.path, err)
		}
		if err != nil && !strings.Contains(err.Error(), "s: listener: invalid notify setup: listener path") {
			t.Errorf("listener %q: %v, want it at s: listener", tt.path, err)
		}
	}
}

// TestParseRepeats: a rule's list keeps each syscall name once, in the
// order of first appearance, and Policy.Repeats says what it repeated;
// an error after a repeat names the syscall written last.
func TestParseRepeats(t *testing.T) {
	p, err := Parse([]byte("default errno(1)\nallow read, write, read, 5, close, write, read\nallow read\n"), "r.policy")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range p.Rules {
		got = append(got, r.Target())
	}
	if want := []string{"read", "write", "#5", "close", "read"}; !slices.Equal(got, want) {
		t.Errorf("rules %q, want %q", got, want)
	}
	want := []Repeat{{Pos: "r.policy:2", Names: map[string]int{"read": 2, "write": 1}, Count: 3}}
	if !reflect.DeepEqual(p.Repeats, want) {
		t.Errorf("Repeats %+v, want %+v", p.Repeats, want)
	}
	_, err = Parse([]byte("default errno(1)\nallow read, read write\n"), "r.policy")
	if err == nil || !strings.Contains(err.Error(), `after the syscall read, found`) {
		t.Errorf("error %v", err)
	}
}
