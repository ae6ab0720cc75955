package oci

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir/internal/dockerjson"
	"github.com/seccompc/seccompc/ir/internal/place"
)

// fastInputs are LinuxSeccomp objects, each with whether encoding/json
// reads it (and so DecodeOCI) and whether the decoder sees a key outside
// the OCI format.
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
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "Index": 2}]}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "defaultaction": "SCMP_ACT_ALLOW"}`, true, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "defaultErrnoRet": -1}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "defaultErrnoRet": 1e2}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "defaultErrnoRet": "1"}`, false, false},
	{`{"defaultAction": 1}`, false, false},
	{`{"defaultAction": "SCMP_\u0041CT_LOG"}`, true, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": "read"}]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [1]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG"} x`, false, false},
	{`{"defaultAction": "SCMP_ACT_LOG"`, false, false},
	{`null`, true, false},
	// A names list keeps each name once; after a repeat, a name no
	// architecture defines keeps the list whole, so that errors give
	// its index as written.
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["read", "write", "read", "close", "write", "read"], "action": "SCMP_ACT_ALLOW"}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["read", "read", ""], "action": "SCMP_ACT_ALLOW"}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["read", "read", "re ad"], "action": "SCMP_ACT_ALLOW"}]}`, true, false},
	// Keys given twice: an OCI rule is a struct, not a pointer, so null
	// leaves it as it is.
	{`{"syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW"}, {"names": ["b"]}], "syscalls": [null, null, null]}`, true, false},
	{`{"syscalls": [{"names": ["a", "b", "c"], "args": [{"index": 1}, {"index": 2}]}], "Syscalls": [{"names": ["x"], "args": [{"value": 3}]}], "syscalls": [{"names": [null, null, null], "args": [null, null]}]}`, true, false},
	{`{"syscalls": [{"names": ["a"], "name": 5, "includes": 1, "name": "b"}]}`, true, true},
	{`{"architectures": ["x"], "\u0041rchitectures": ["y", "z"], "fl\u0061gs": null, "listenerPath": "p", "listenerPath": null}`, true, false},
	{`{"syscalls": [{"names": ["a"]}], "syscalls": [{"names": "a"}]}`, false, false},
}

// fastSeccomp is what Parse reads: the object, whether a key outside
// the OCI format was seen, and the repeats dropped.
func fastSeccomp(data []byte) (s *specs.LinuxSeccomp, unknown, ok bool, reps []dockerjson.Repeat) {
	res, ok := dockerjson.DecodeOCI(data)
	if !ok {
		return nil, false, false, nil
	}
	return res.Seccomp, !res.OCIFields(), true, res.Repeats
}

// fastConfig is what ParseConfig reads.
func fastConfig(data []byte) (s *specs.LinuxSeccomp, unknown, ok bool, reps []dockerjson.Repeat) {
	res, ok := dockerjson.DecodeConfig(data)
	if !ok {
		return nil, false, false, nil
	}
	return res.Seccomp, !res.OCIFields(), true, res.Repeats
}

func TestFastSeccomp(t *testing.T) {
	for _, tt := range fastInputs {
		_, unknown, ok, _ := checkFastSeccomp(t, []byte(tt.in))
		if ok != tt.ok || unknown != tt.unknown {
			t.Errorf("fastSeccomp(%s): ok %v unknown %v, want %v %v", tt.in, ok, unknown, tt.ok, tt.unknown)
		}
		if !strings.HasPrefix(tt.in, "{") || !json.Valid([]byte(tt.in)) {
			continue
		}
		cfg := `{"ociVersion": "1.2.0", "process": {"args": ["sh"]}, "linux": {"namespaces": [], "seccomp": ` + tt.in + `}, "root": {"path": "r"}}`
		_, unknown, ok, _ = checkFastConfig(t, []byte(cfg))
		if ok != tt.ok || unknown != tt.unknown {
			t.Errorf("fastConfig(%s): ok %v unknown %v, want %v %v", cfg, ok, unknown, tt.ok, tt.unknown)
		}
	}
	for _, tt := range []struct {
		in       string
		ok, none bool
	}{
		{`{}`, true, true},
		{`null`, true, true},
		{`{"linux": {}}`, true, true},
		{`{"linux": null}`, true, true},
		{`{"linux": {"seccomp": null}}`, true, true},
		{`{"linux": {"seccomp": {}}, "Linux": {}}`, true, false},
		{`{"linux": {"seccomp": {}}, "Linux": null}`, true, true},
		{`{"linux": {"seccomp": {"defaultAction": "A", "syscalls": [{"names": ["a"]}]}}, "LINUX": {"seccomp": {"syscalls": [{"action": "B"}]}}}`, true, false},
		{`{"linux": {"seccomp": {"defaultAction": "A"}, "Seccomp": {"flags": []}}}`, true, false},
		{`{"linux": {"seccomp": {"defaultAction": "A"}, "\u017feccomp": null}}`, true, true},
		{`{"linux": {"seccomp": {}}} {}`, false, true},
		{`{"linux": {"seccomp": {}}, "x": [}`, false, true},
		{`{"linux": {"seccomp": {}}, "linux": 1}`, false, true},
		{`{"linux": {"seccomp": []}}`, false, true},
	} {
		s, _, ok, _ := checkFastConfig(t, []byte(tt.in))
		if ok != tt.ok || ok && (s == nil) != tt.none {
			t.Errorf("fastConfig(%s): ok %v, linux.seccomp %v; want %v, none %v", tt.in, ok, s, tt.ok, tt.none)
		}
	}
}

// checkFastConfig checks DecodeConfig against encoding/json and the
// field walk, as checkFastSeccomp checks DecodeOCI.
func checkFastConfig(t *testing.T, data []byte) (s *specs.LinuxSeccomp, unknown, ok bool, reps []dockerjson.Repeat) {
	t.Helper()
	s, unknown, ok, reps = fastConfig(data)
	var doc struct {
		Linux *struct {
			Seccomp *specs.LinuxSeccomp `json:"seccomp"`
		} `json:"linux"`
	}
	err := json.Unmarshal(data, &doc)
	if ok != (err == nil) {
		t.Fatalf("fastConfig(%q) ok %v, encoding/json: %v", data, ok, err)
	}
	if !ok {
		return
	}
	var want *specs.LinuxSeccomp
	if doc.Linux != nil {
		want = doc.Linux.Seccomp
	}
	if want != nil {
		dropRepeats(t, data, want, reps)
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("fastConfig(%q) = %#v, encoding/json %#v", data, s, want)
	}
	if ws := configFieldWarnings(data, ""); len(ws) > 0 && !unknown {
		t.Fatalf("fastConfig(%q) saw no unknown field, the walk %v", data, ws)
	}
	return
}

// checkFastSeccomp checks what fastSeccomp read against encoding/json
// (the same verdict; the same value but for the names each Repeat says
// a list dropped) and the field walk.
func checkFastSeccomp(t *testing.T, data []byte) (s *specs.LinuxSeccomp, unknown, ok bool, reps []dockerjson.Repeat) {
	t.Helper()
	s, unknown, ok, reps = fastSeccomp(data)
	var want specs.LinuxSeccomp
	err := json.Unmarshal(data, &want)
	if ok != (err == nil) {
		t.Fatalf("fastSeccomp(%q) ok %v, encoding/json: %v", data, ok, err)
	}
	if !ok {
		return
	}
	dropRepeats(t, data, &want, reps)
	if !reflect.DeepEqual(s, &want) {
		t.Fatalf("fastSeccomp(%q) = %#v, encoding/json %#v", data, s, &want)
	}
	if ws := seccompFieldWarnings(data, "", ""); len(ws) > 0 && !unknown {
		t.Fatalf("fastSeccomp(%q) saw no unknown field, the walk %v", data, ws)
	}
	return
}

// dropRepeats removes from encoding/json's names lists the repeats that
// the decoder's Repeats say it dropped, checking what they say.
func dropRepeats(t *testing.T, data []byte, s *specs.LinuxSeccomp, reps []dockerjson.Repeat) {
	t.Helper()
	for _, rep := range reps {
		if rep.Rule >= len(s.Syscalls) {
			t.Fatalf("%q: a Repeat for rule %d of %d", data, rep.Rule, len(s.Syscalls))
		}
		l := &s.Syscalls[rep.Rule].Names
		kept, ok := rep.Drop(*l)
		if !ok {
			t.Fatalf("%q: rule %d repeats %v (%d), the list is %v", data, rep.Rule, rep.Names, rep.Count, *l)
		}
		*l = kept
	}
}

func FuzzFastSeccomp(f *testing.F) {
	for _, tt := range fastInputs {
		f.Add([]byte(tt.in))
	}
	f.Add([]byte(`{"linux": {"seccomp": {"syscalls": [{"names": ["a", "a"]}]}}, "Linux": {"\u017feccomp": {"syscalls": [{"names": [null, null]}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFastSeccomp(t, data)
		checkFastConfig(t, data)
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
