package oci

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir/internal/dockerjson"
	"github.com/seccompc/seccompc/ir/internal/place"
)

// fastInputs are LinuxSeccomp objects for the fast decoder, each with
// whether it reads them (the rest go to encoding/json) and whether it
// sees a key outside the OCI format.
var fastInputs = []struct {
	in          string
	ok, unknown bool
}{
	{`{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "architectures": ["SCMP_ARCH_X86", null], "flags": ["SECCOMP_FILTER_FLAG_LOG"],
	  "listenerPath": "/run/l", "listenerMetadata": "m",
	  "syscalls": [{"names": ["read", "write", null], "action": "SCMP_ACT_ALLOW"}, null,
	    {"names": [], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "args": [{"index": 5, "value": 18446744073709551615, "valueTwo": 3, "op": "SCMP_CMP_MASKED_EQ"}, null]}]}`,
		true, false},
	{`{"DefaultAction": "SCMP_ACT_LOG", "SYSCALLS": null, "flags": null, "architectures": [], "defaultErrnoRet": null}`, true, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW", "args": null, "errnoRet": null}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "x": {"y": [1, 2.5, true]}}`, true, true},
	// Docker-only keys are outside the OCI format.
	{`{"defaultAction": "SCMP_ACT_LOG", "archMap": []}`, true, true},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ERRNO", "errno": "EPERM"}]}`, true, true},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW", "comment": "c"}]}`, true, true},
	{`{"defaultAction": "SCMP_ACT_LOG", "ociVersion": "1"}`, true, true},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW", "name": "b"}]}`, true, true},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "x": null}]}]}`, true, true},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "Index": 2}]}]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "defaultaction": "SCMP_ACT_ALLOW"}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "defaultErrnoRet": -1}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "defaultErrnoRet": 1e2}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "defaultErrnoRet": "1"}`, false, false},
	{`{"defaultAction": 1}`, false, false},
	{`{"defaultAction": "SCMP_\u0041CT_LOG"}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": "read"}]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [1]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG"} x`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG"`, false, false},
	{`null`, false, false},
	// A names list keeps each name once; after a repeat, a name no
	// architecture defines sends the decode to encoding/json, so that
	// errors give its index as written.
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["read", "write", "read", "close", "write", "read"], "action": "SCMP_ACT_ALLOW"}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["read", "read", ""], "action": "SCMP_ACT_ALLOW"}]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["read", "read", "re ad"], "action": "SCMP_ACT_ALLOW"}]}`, false, false},
}

// fastSeccomp is what Parse reads with the fast decoder: the OCI view
// of its result, and whether a key outside the OCI format was seen.
func fastSeccomp(data []byte) (s *specs.LinuxSeccomp, unknown, ok bool) {
	res, ok := dockerjson.Decode(data)
	if !ok {
		return nil, false, false
	}
	return res.OCI(), !res.OCIFields(), true
}

// fastConfig is what ParseConfig reads with the fast decoder.
func fastConfig(data []byte) (s *specs.LinuxSeccomp, unknown, ok bool) {
	res, ok := dockerjson.DecodeConfig(data)
	if !ok {
		return nil, false, false
	}
	return res.OCI(), !res.OCIFields(), true
}

func TestFastSeccomp(t *testing.T) {
	for _, tt := range fastInputs {
		s, unknown, ok := fastSeccomp([]byte(tt.in))
		if ok != tt.ok || unknown != tt.unknown {
			t.Errorf("fastSeccomp(%s): ok %v unknown %v, want %v %v", tt.in, ok, unknown, tt.ok, tt.unknown)
		}
		if ok {
			checkFastSeccomp(t, []byte(tt.in), s, unknown)
		}
		if !strings.HasPrefix(tt.in, "{") || !json.Valid([]byte(tt.in)) {
			continue
		}
		cfg := `{"ociVersion": "1.2.0", "process": {"args": ["sh"]}, "linux": {"namespaces": [], "seccomp": ` + tt.in + `}, "root": {"path": "r"}}`
		s, unknown, ok = fastConfig([]byte(cfg))
		if ok != tt.ok || unknown != tt.unknown {
			t.Errorf("fastConfig(%s): ok %v unknown %v, want %v %v", cfg, ok, unknown, tt.ok, tt.unknown)
		}
		if ok {
			checkFastConfig(t, []byte(cfg), s, unknown)
		}
	}
	for _, in := range []string{`{}`, `{"linux": {}}`, `{"linux": null}`, `{"linux": {"seccomp": null}}`, `{"linux": {"seccomp": {}}, "Linux": {}}`,
		`{"linux": {"seccomp": {}, "Seccomp": {}}}`, `{"linux": {"seccomp": {}}} {}`, `{"linux": {"seccomp": {}}, "x": [}`} {
		if _, _, ok := fastConfig([]byte(in)); ok {
			t.Errorf("fastConfig(%s) reads it, want encoding/json to", in)
		}
	}
}

func checkFastConfig(t *testing.T, data []byte, got *specs.LinuxSeccomp, unknown bool) {
	t.Helper()
	var doc struct {
		Linux *struct {
			Seccomp *specs.LinuxSeccomp `json:"seccomp"`
		} `json:"linux"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.Linux == nil || doc.Linux.Seccomp == nil {
		t.Fatalf("fastConfig reads %q, encoding/json: %v", data, err)
	}
	namesOnce(doc.Linux.Seccomp)
	if !reflect.DeepEqual(got, doc.Linux.Seccomp) {
		t.Fatalf("fastConfig(%q) = %#v, encoding/json %#v", data, got, doc.Linux.Seccomp)
	}
	if ws := configFieldWarnings(data, ""); len(ws) > 0 && !unknown {
		t.Fatalf("fastConfig(%q) saw no unknown field, the walk %v", data, ws)
	}
}

// checkFastSeccomp checks what fastSeccomp read against encoding/json
// and the field walk.
func checkFastSeccomp(t *testing.T, data []byte, got *specs.LinuxSeccomp, unknown bool) {
	t.Helper()
	var want specs.LinuxSeccomp
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("fastSeccomp reads %q, encoding/json: %v", data, err)
	}
	namesOnce(&want)
	if !reflect.DeepEqual(got, &want) {
		t.Fatalf("fastSeccomp(%q) = %#v, encoding/json %#v", data, got, &want)
	}
	if ws := seccompFieldWarnings(data, "", ""); len(ws) > 0 && !unknown {
		t.Fatalf("fastSeccomp(%q) saw no unknown field, the walk %v", data, ws)
	}
}

// namesOnce keeps each name of a rule's list once, as the fast decoder
// does.
func namesOnce(s *specs.LinuxSeccomp) {
	for i := range s.Syscalls {
		r := &s.Syscalls[i]
		if r.Names == nil {
			continue
		}
		kept := []string{}
		for _, n := range r.Names {
			if !slices.Contains(kept, n) {
				kept = append(kept, n)
			}
		}
		r.Names = kept
	}
}

func FuzzFastSeccomp(f *testing.F) {
	for _, tt := range fastInputs {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if s, unknown, ok := fastSeccomp(data); ok {
			checkFastSeccomp(t, data, s, unknown)
		}
		if s, unknown, ok := fastConfig(data); ok {
			checkFastConfig(t, data, s, unknown)
		}
	})
}

// TestRuleLabel checks RuleLabel against the fmt-built form it replaces.
func TestRuleLabel(t *testing.T) {
	reference := func(i int, names []string) string {
		s := fmt.Sprintf("syscalls[%d]", i)
		if len(names) == 0 {
			return s
		}
		var q []string
		for k, n := range names {
			if k == 3 {
				q = append(q, "...")
				break
			}
			q = append(q, fmt.Sprintf("%q", n))
		}
		return s + " (" + strings.Join(q, ", ") + ")"
	}
	tests := []struct {
		i     int
		names []string
		want  string
	}{
		{0, nil, `syscalls[0]`},
		{3, []string{"personality"}, `syscalls[3] ("personality")`},
		{12, []string{"a", "b", "c"}, `syscalls[12] ("a", "b", "c")`},
		{-1, []string{"a", "b", "c", "d", "e"}, `syscalls[-1] ("a", "b", "c", ...)`},
		{7, []string{"x\"y", "tab\t", "é", "\xff", "~", " ", ""}, `syscalls[7] ("x\"y", "tab\t", "é", ...)`},
		{8, []string{"\\", "\x7f", "\u00a0"}, `syscalls[8] ("\\", "\x7f", "\u00a0")`},
	}
	for _, tt := range tests {
		got := place.RuleLabel(tt.i, tt.names)
		if got != tt.want {
			t.Errorf("RuleLabel(%d, %q) = %s, want %s", tt.i, tt.names, got, tt.want)
		}
		if ref := reference(tt.i, tt.names); got != ref {
			t.Errorf("RuleLabel(%d, %q) = %s, fmt gives %s", tt.i, tt.names, got, ref)
		}
	}
}
