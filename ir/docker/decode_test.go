package docker

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/moby/profiles/seccomp"

	"github.com/seccompc/seccompc/ir/internal/dockerjson"
)

// fastInputs are Docker profiles, each with whether encoding/json reads
// it (and so Decode) and whether Decode sees a key outside the format.
var fastInputs = []struct {
	in          string
	ok, unknown bool
}{
	{`{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "defaultErrno": "EPERM", "architectures": ["SCMP_ARCH_X86", null], "flags": ["SECCOMP_FILTER_FLAG_LOG", null],
	  "listenerPath": "/l", "listenerMetadata": "m",
	  "syscalls": [{"names": ["read", null], "action": "SCMP_ACT_ALLOW", "comment": "c", "errno": "EPERM", "errnoRet": 1,
	    "includes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["amd64"], "minKernel": "4.8"}, "excludes": {"minKernel": ""}}, null,
	    {"name": "write", "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 2, "valueTwo": 3, "op": "SCMP_CMP_EQ"}, null], "includes": {}, "excludes": null}]}`,
		true, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}, null, {}], "syscalls": []}`, true, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "ArchMap": null, "SYSCALLS": null, "flags": null, "defaultErrnoRet": null}`, true, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "zz": [1, {"a": null}]}`, true, true},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "x", "zz": 1}]}`, true, true},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "zz": null}]}`, true, true},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "includes": {"zz": 1}}]}`, true, true},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "args": [{"index": 0, "zz": 1}]}]}`, true, true},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "includes": {"minKernel": "4"}}]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "includes": {"minKernel": 4}}]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "includes": {"minKernel": "4.\u0038"}}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "a", "Name": "b"}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "a", "errnoRet": 4294967296000000000000}]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "a"}]}]`, false, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": {}}`, false, false},
	{`[]`, false, false},
	// A names list keeps each name once; after a repeat, a name no
	// architecture defines keeps the list whole, so that errors give
	// its index as written.
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write", "read", "close", "write", "read"], "action": "SCMP_ACT_ALLOW"}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["opne", "", "opne", ""], "action": "SCMP_ACT_ALLOW"}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "read", ""], "action": "SCMP_ACT_ALLOW"}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "read", "opne"], "action": "SCMP_ACT_ALLOW"}]}`, true, false},
	{`{"syscalls": [{"names": ["a", "a"]}, {"names": ["b", "b"]}], "syscalls": [{"names": ["c", "c"]}]}`, true, false},
	// Keys given twice, as encoding/json reads them (see mergeInputs).
	{`{"defaultAction": "SCMP_ACT_LOG", "DEFAULTACTION": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "defaultErrnoRet": null}`, true, false},
	{`{"defaultAction": "SCMP_ACT_LOG", "defaultAction": null, "listenerPath": "p", "listenerPath": null, "listenerMetadata": "m", "listenerMetadata": null}`, true, false},
	{`{"syscalls": [{"names": ["a", "b", "c"]}], "syscalls": [{"names": ["p", "q", "r", "s"]}], "syscalls": [{"names": ["x"]}], "syscalls": [{"names": [null, null, null, null, null, null]}]}`, true, false},
	{`{"syscalls": [{"names": ["a", "b", "c"], "action": "SCMP_ACT_ALLOW"}], "syscalls": [{"names": ["d"]}], "SYSCALLS": [{"names": [null, null, null]}, {}]}`, true, false},
	{`{"syscalls": [{"names": ["a"], "args": [{"index": 1, "value": 2, "op": "SCMP_CMP_EQ"}, {"index": 3}]}], "syscalls": [{"args": [{"value": 5}], "args": [null, null, {"index": 4}]}]}`, true, false},
	{`{"syscalls": [{"names": ["a"], "includes": {"caps": ["X"], "minKernel": "4.8"}, "includes": {"minKernel": "", "arches": ["amd64"]}, "excludes": {"caps": ["Y"]}, "excludes": null}]}`, true, false},
	{`{"syscalls": [{"names": ["a"], "action": "A", "action": null, "errnoRet": 1, "errnoRet": null, "comment": "c", "comment": null, "name": "n", "NAME": "m"}, {"names": ["b"]}], "syscalls": [null, {}]}`, true, false},
	{`{"archMap": [{"architecture": "A", "subArchitectures": ["B", "C"]}, {"architecture": "D"}], "ARCHMAP": [{"subArchitectures": [null]}, null, {}]}`, true, false},
	{`{"flags": ["a", "b", "c", "d", "e"], "flags": [], "flags": ["x", null], "architectures": ["a"], "architectures": null}`, true, false},
	{`{"syscalls": [{"names": ["a", "b", "c", "d", "e"]}], "syscalls": [{"names": ["x"]}], "syscalls": [{"names": [null, null, null, null, null, null]}]}`, true, false},
	{`{"syscalls": [{"names": ["a"], "includes": {"minKernel": "4.8"}}], "syscalls": [{"includes": {"minKernel": ""}}]}`, true, false},
	{`{"syscalls": [{"names": ["a"], "includes": {"minKernel": "4.8"}}], "syscalls": [{"includes": {"minKernel": "4"}}]}`, false, false},
	{`{"syscalls": [{"names": ["a"]}], "syscalls": 5}`, false, false},
	{`{"defaultErrno": 1, "syscalls": [{"names": ["a"], "errno": "x", "ERRNO": []}], "defaultErrno": {}}`, true, false},
	{`{"errno": 1, "errno": 2}`, true, true},
	// Keys with escapes or non-ASCII letters match as in encoding/json.
	{`{"def\u0061ultAction": "SCMP_ACT_ERRNO", "\u017fyscalls": [{"n\u0061mes": ["r\u0065ad", "\ud800x"], "a\u0063tion": "SCMP_ACT_\u0041LLOW"}]}`, true, false},
	{`{"syscalls": [{"names": ["a"], "includes": {"min\u212aernel": "4.8", "CAP\u017f": ["x"]}}]}`, true, false},
	{`{"syscalls": [{"names": ["a"], "\u212aey": 1}]}`, true, true},
	{`{"syscalls": [{"names": ["a"], "nam\u00e9": 1, "\u0131ncludes": 2}]}`, true, true},
	// Numbers: integers that fit, nothing else.
	{`{"defaultErrnoRet": 18446744073709551615}`, true, false},
	{`{"defaultErrnoRet": 18446744073709551616}`, false, false},
	{`{"defaultErrnoRet": 1.0}`, false, false},
	{`{"defaultErrnoRet": 1e2}`, false, false},
	{`{"defaultErrnoRet": -0}`, false, false},
	{`{"syscalls": [{"args": [{"value": 18446744073709551615, "valueTwo": 0, "index": 0}]}]}`, true, false},
	{`{"syscalls": [{"args": [{"value": 18446744073709551616}]}]}`, false, false},
	{`null`, true, false},
	{` null `, true, false},
	{`{"x": ` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`, true, true},
	{`{"x": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`, false, false},
}

// checkFast checks Decode against encoding/json on data: the same
// verdict, and on valid input the same value but for the names each
// Repeat says a list dropped; and that Decode sees an unknown key
// wherever the field walk warns of one.
func checkFast(t *testing.T, data []byte) (res dockerjson.Result, ok bool) {
	t.Helper()
	res, ok = dockerjson.Decode(data)
	var want seccomp.Seccomp
	err := json.Unmarshal(data, &want)
	if ok != (err == nil) {
		t.Fatalf("Decode(%q) ok %v, encoding/json: %v", data, ok, err)
	}
	if !ok {
		return res, ok
	}
	dropRepeats(t, data, res.Repeats, func(i int) *[]string {
		if i >= len(want.Syscalls) || want.Syscalls[i] == nil {
			return nil
		}
		return &want.Syscalls[i].Names
	})
	if !reflect.DeepEqual(res.Profile, &want) {
		t.Fatalf("Decode(%q) = %#v, encoding/json %#v", data, res.Profile, &want)
	}
	if ws := fieldWarnings(data, ""); len(ws) > 0 && !res.Unknown {
		t.Fatalf("Decode(%q) saw no unknown field, the walk %v", data, ws)
	}
	return res, ok
}

// dropRepeats removes from encoding/json's names lists the repeats that
// the decoder's Repeats say it dropped, checking what they say.
func dropRepeats(t *testing.T, data []byte, reps []dockerjson.Repeat, list func(i int) *[]string) {
	t.Helper()
	for _, rep := range reps {
		l := list(rep.Rule)
		if l == nil {
			t.Fatalf("Decode(%q): a Repeat for rule %d, which has no names", data, rep.Rule)
		}
		kept, ok := rep.Drop(*l)
		if !ok {
			t.Fatalf("Decode(%q): rule %d repeats %v (%d), the list is %v", data, rep.Rule, rep.Names, rep.Count, *l)
		}
		*l = kept
	}
}

func TestFastParse(t *testing.T) {
	for _, tt := range fastInputs {
		res, ok := checkFast(t, []byte(tt.in))
		if ok != tt.ok || res.Unknown != tt.unknown {
			t.Errorf("Decode(%.200s): ok %v unknown %v, want %v %v", tt.in, ok, res.Unknown, tt.ok, tt.unknown)
		}
	}
	for _, f := range []string{"../../testdata/profiles/moby-default.json", "../../testdata/profiles/podman-seccomp.json"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := checkFast(t, data); !ok {
			t.Fatalf("Decode(%s) refuses it", f)
		}
	}
	if def := Default(); def != nil {
		data, err := json.Marshal(def)
		if err != nil {
			t.Fatal(err)
		}
		if res, ok := checkFast(t, data); !ok || res.Unknown {
			t.Fatalf("Decode(Docker's default): ok %v, unknown %v", ok, res.Unknown)
		}
	}
}

func FuzzFastParse(f *testing.F) {
	for _, tt := range fastInputs {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFast(t, data)
	})
}
