package profile

import (
	"strings"
	"testing"
)

// TestNameHints checks that a rejected name, in every kind of profile,
// comes with the nearest valid name and the valid names nearest first.
func TestNameHints(t *testing.T) {
	for _, tt := range []struct {
		name, src, want string
	}{
		{"oci operator", `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQUAL"}]}]}`,
			`p: syscalls[0] ("personality") args[0]: invalid operator: "SCMP_CMP_EQUAL" (did you mean "SCMP_CMP_EQ"?); want one of SCMP_CMP_EQ, SCMP_CMP_NE, `},
		{"oci action", `{"defaultAction": "SCMP_ACT_ERRNOO"}`,
			`p: defaultAction: invalid action: unknown action "SCMP_ACT_ERRNOO" (did you mean "SCMP_ACT_ERRNO"?); want one of SCMP_ACT_ERRNO, `},
		{"oci action without prefix", `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "allow"}]}`,
			`(did you mean "SCMP_ACT_ALLOW"?); want one of SCMP_ACT_ALLOW, `},
		{"oci flag", `{"defaultAction": "SCMP_ACT_ERRNO", "flags": ["SECCOMP_FILTER_FLAG_TSYN"]}`,
			`p: flags[0]: invalid flag: unknown flag "SECCOMP_FILTER_FLAG_TSYN" (did you mean "SECCOMP_FILTER_FLAG_TSYNC"?); want one of SECCOMP_FILTER_FLAG_TSYNC, `},
		{"oci architecture", `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_46"]}`,
			`p: architectures[0]: invalid architecture: "SCMP_ARCH_X86_46" (did you mean "SCMP_ARCH_X86_64", the OCI name of x86_64?); valid names, nearest first: x86_64, `},
		{"docker action", `{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALOW"}]}`,
			`(did you mean "SCMP_ACT_ALLOW"?); want one of SCMP_ACT_ALLOW, `},
		{"policy directive", "default errno(1)\nallw read\n",
			`p:2:1: syntax error: unknown directive or action "allw" (did you mean "allow"?); want one of allow, `},
		{"policy action", "default erno(1)\n",
			`p:1:9: invalid action: unknown action "erno" (did you mean "errno"?); want one of errno, `},
		{"policy flag", "default errno(1)\nflag tsyn\n",
			`p:2:6: invalid flag: unknown flag "tsyn" (did you mean "tsync"?); want one of tsync, `},
	} {
		_, _, _, err := Load([]byte(tt.src), Options{Filename: "p", Target: "x86_64"})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

// TestMeantJSON checks that a file meant to be JSON but read as a
// policy (its first character is not '{') gets the JSON error, at its
// position, not a policy syntax error.
func TestMeantJSON(t *testing.T) {
	for _, tt := range []struct {
		name, file, src, want string
	}{
		{"comment first", "p.json", "// my profile\n{\"defaultAction\": \"SCMP_ACT_ERRNO\"}",
			"p.json:1:1: malformed input: not valid JSON: JSON has no comments"},
		{"yaml named .json", "p.json", "defaultAction: SCMP_ACT_ERRNO\nsyscalls: []\n",
			"p.json:1:1: malformed input: not valid JSON: a JSON profile starts with '{', not defaultAction"},
		{"text before the object", "p.txt", "GET / HTTP/1.1\n{\"defaultAction\": \"SCMP_ACT_ERRNO\"}",
			"p.txt:1:1: malformed input: not valid JSON: a JSON profile starts with '{', not GET"},
		{"array", "p", `[{"defaultAction": "SCMP_ACT_ERRNO"}]`,
			"p:1:1: malformed input: the profile: want an object, not an array"},
		{"empty .json", "p.JSON", " \n",
			"p.JSON: malformed input: empty input"},
		{"UTF-16", "p", "\xff\xfe{\x00\"\x00",
			"p: malformed input: not valid JSON: the file is UTF-16; save it as UTF-8"},
		// A policy with a set on its own line stays a policy.
		{"policy", "p.policy", "default errno(1)\nallow personality if (a0 in\n{0, 8}) && a1 ==\n",
			"p.policy:3:17: syntax error: "},
		{"policy named .txt", "p.txt", "default errno(1)\nallw read\n",
			`p.txt:2:1: syntax error: unknown directive or action "allw" (did you mean "allow"?)`},
	} {
		_, _, _, err := Load([]byte(tt.src), Options{Filename: tt.file, Target: "x86_64"})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to start %q", tt.name, err, tt.want)
		}
	}
}
