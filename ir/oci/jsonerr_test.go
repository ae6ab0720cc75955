package oci

import (
	"errors"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/ir"
)

// TestJSONFaults checks that a JSON error points at the fault and says
// it in JSON's and the profile's terms.
func TestJSONFaults(t *testing.T) {
	const actions = "SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY"
	for _, tt := range []struct {
		name, src, want string
	}{
		{"trailing comma in an array",
			"{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": [\n    {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"},\n  ]\n}",
			"p.json:4:52: malformed input: not valid JSON: a comma before ']' (JSON allows no trailing comma)"},
		{"trailing comma in an object", `{"defaultAction": "SCMP_ACT_ERRNO",}`,
			"p.json:1:35: malformed input: not valid JSON: a comma before '}' (JSON allows no trailing comma)"},
		{"missing comma", `{"defaultAction": "SCMP_ACT_ERRNO" "syscalls": []}`,
			`p.json:1:35: malformed input: not valid JSON: a comma is missing before "syscalls"`},
		{"missing comma in an array", `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86" "SCMP_ARCH_X32"]}`,
			`p.json:1:70: malformed input: not valid JSON: a comma is missing before "SCMP_ARCH_X32"`},
		{"missing colon", `{"defaultAction" "SCMP_ACT_ERRNO"}`,
			`p.json:1:18: malformed input: not valid JSON: a colon is missing after the key, before "SCMP_ACT_ERRNO"`},
		{"comment", "{\"defaultAction\": \"SCMP_ACT_ERRNO\", // deny\n\"syscalls\": []}",
			"p.json:1:37: malformed input: not valid JSON: JSON has no comments"},
		{"single quotes", `{'defaultAction': 'SCMP_ACT_ERRNO'}`,
			"p.json:1:2: malformed input: not valid JSON: JSON strings take double quotes, not '"},
		{"unquoted key", `{defaultAction: "SCMP_ACT_ERRNO"}`,
			"p.json:1:2: malformed input: not valid JSON: an object key must be a string in double quotes (found defaultAction)"},
		{"unclosed bracket", "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": [\n    {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}\n",
			"p.json:5:1: malformed input: not valid JSON: the input ends before the '[' at 3:15 is closed"},
		{"unclosed string", `{"defaultAction": "SCMP_ACT_ERR`,
			"p.json:1:32: malformed input: not valid JSON: the input ends inside the string that starts at 1:19"},
		{"one brace too many", `{"defaultAction": "SCMP_ACT_ERRNO"}}`,
			"p.json:1:36: malformed input: not valid JSON: '}' after the end of the top-level value: one '}' too many"},
		{"bare word value", `{"defaultAction": SCMP_ACT_ERRNO}`,
			"p.json:1:19: malformed input: not valid JSON: SCMP_ACT_ERRNO where a value should start"},
		{"numeric action", `{"defaultAction": 2147418112}`,
			"p.json:1:19: malformed input: defaultAction: want an action name (" + actions + "), not the number 2147418112"},
		{"numeric rule action", `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": 0}]}`,
			"p.json:1:80: malformed input: syscalls[0].action: want an action name (" + actions + "), not the number 0"},
		{"operator as a number", `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": 4}]}]}`,
			"p.json:1:138: malformed input: syscalls[0].args[0].op: want an operator name (SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ), not the number 4"},
		{"string for a number", `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": "0", "value": 1, "op": "SCMP_CMP_EQ"}]}]}`,
			`p.json:1:117: malformed input: syscalls[0].args[0].index: want a whole number from 0 to 18446744073709551615, not the string "0"`},
		{"bool for a string", `{"defaultAction": true}`,
			"p.json:1:19: malformed input: defaultAction: want an action name (" + actions + "), not true"},
		{"object for an array", `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": {"x": 1}}`,
			"p.json:1:54: malformed input: architectures: want an array, each element an architecture name such as SCMP_ARCH_X86_64, not an object"},
		{"string for an array", `{"defaultAction": "SCMP_ACT_ERRNO", "flags": "SECCOMP_FILTER_FLAG_LOG"}`,
			`p.json:1:46: malformed input: flags: want an array, each element a flag name (SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, SECCOMP_FILTER_FLAG_NEW_LISTENER, SECCOMP_FILTER_FLAG_TSYNC_ESRCH, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV), not the string "SECCOMP_FILTER_FLAG_LOG"`},
		{"array at the top", `[{"defaultAction": "SCMP_ACT_ERRNO"}]`,
			"p.json:1:1: malformed input: the profile: want an object, not an array"},
	} {
		_, _, err := Parse([]byte(tt.src), Options{Filename: "p.json", Target: "x86_64"})
		var ie *ir.Error
		if !errors.As(err, &ie) || ie.Code != ir.ErrFormat {
			t.Errorf("%s: error %v, want an *ir.Error with code %q", tt.name, err, ir.ErrFormat)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, err, tt.want)
		}
	}
}

// TestJSONConfigPath checks the path of a bad value in a config.json.
func TestJSONConfigPath(t *testing.T) {
	_, _, err := ParseConfig([]byte(`{"ociVersion": "1.0.2", "linux": {"seccomp": {"defaultAction": 5}}}`), Options{Filename: "config.json", Target: "x86_64"})
	want := "config.json:1:64: malformed input: linux.seccomp.defaultAction: want an action name ("
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want it to start %q", err, want)
	}
}

// TestJSONErrorsSpeakJSON corrupts a profile at every byte in several
// ways and checks that no error names a Go type or function and that
// every position is inside the input.
func TestJSONErrorsSpeakJSON(t *testing.T) {
	src := `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "flags": ["SECCOMP_FILTER_FLAG_LOG"],
"syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "errnoRet": 1},
  {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]}]}`
	edits := []func(s string, i int) string{
		func(s string, i int) string { return s[:i] + s[i+1:] },
		func(s string, i int) string { return s[:i] + "," + s[i:] },
		func(s string, i int) string { return s[:i] + "}" + s[i:] },
		func(s string, i int) string { return s[:i] + `"` + s[i:] },
		func(s string, i int) string { return s[:i] + "1" + s[i:] },
		func(s string, i int) string { return s[:i] + "[" + s[i:] },
	}
	n := 0
	for i := range src {
		for _, edit := range edits {
			bad := edit(src, i)
			_, _, err := Parse([]byte(bad), Options{Filename: "p.json", Target: "x86_64"})
			if err == nil {
				continue
			}
			n++
			msg := err.Error()
			for _, leak := range []string{"Go ", "struct", "unmarshal", "specs.", "uint64", "[]string", "json: cannot"} {
				if strings.Contains(msg, leak) {
					t.Fatalf("error for %q mentions %q:\n%s", bad, leak, msg)
				}
			}
		}
	}
	if n < len(src) {
		t.Errorf("only %d of the %d corruptions were errors", n, 6*len(src))
	}
}
