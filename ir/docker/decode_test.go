package docker

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/moby/profiles/seccomp"

	"github.com/seccompc/seccompc/ir/internal/dockerjson"
)

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
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "includes": {"minKernel": "4.\u0038"}}]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "a", "Name": "b"}]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "a", "errnoRet": 4294967296000000000000}]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "a"}]}]`, false, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": {}}`, false, false},
	{`[]`, false, false},
	// A names list keeps each name once; after a repeat, a name no
	// architecture defines sends the decode to encoding/json, so that
	// errors give its index as written.
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write", "read", "close", "write", "read"], "action": "SCMP_ACT_ALLOW"}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["opne", "", "opne", ""], "action": "SCMP_ACT_ALLOW"}]}`, true, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "read", ""], "action": "SCMP_ACT_ALLOW"}]}`, false, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "read", "opne"], "action": "SCMP_ACT_ALLOW"}]}`, false, false},
}

func checkFast(t *testing.T, data []byte, got *seccomp.Seccomp, unknown bool) {
	t.Helper()
	var want seccomp.Seccomp
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("Decode reads %q, encoding/json: %v", data, err)
	}
	// Decode keeps each name of a list once.
	for _, r := range want.Syscalls {
		if r != nil && r.Names != nil {
			var kept []string
			for _, n := range r.Names {
				if !slices.Contains(kept, n) {
					kept = append(kept, n)
				}
			}
			r.Names = append([]string{}, kept...)
		}
	}
	if !reflect.DeepEqual(got, &want) {
		t.Fatalf("Decode(%q) = %#v, encoding/json %#v", data, got, &want)
	}
	if ws := fieldWarnings(data, ""); len(ws) > 0 && !unknown {
		t.Fatalf("Decode(%q) saw no unknown field, the walk %v", data, ws)
	}
}

func TestFastParse(t *testing.T) {
	for _, tt := range fastInputs {
		res, ok := dockerjson.Decode([]byte(tt.in))
		if ok != tt.ok || res.Unknown != tt.unknown {
			t.Errorf("Decode(%s): ok %v unknown %v, want %v %v", tt.in, ok, res.Unknown, tt.ok, tt.unknown)
		}
		if ok {
			checkFast(t, []byte(tt.in), res.Profile, res.Unknown)
		}
	}
	for _, f := range []string{"../../testdata/profiles/moby-default.json", "../../testdata/profiles/podman-seccomp.json"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, ok := dockerjson.Decode(data)
		if !ok {
			t.Fatalf("Decode(%s) gives up", f)
		}
		checkFast(t, data, res.Profile, res.Unknown)
	}
	if def := Default(); def != nil {
		data, err := json.Marshal(def)
		if err != nil {
			t.Fatal(err)
		}
		res, ok := dockerjson.Decode(data)
		if !ok || res.Unknown {
			t.Fatalf("Decode(Docker's default): ok %v, unknown %v", ok, res.Unknown)
		}
		checkFast(t, data, res.Profile, res.Unknown)
	}
}

func FuzzFastParse(f *testing.F) {
	for _, tt := range fastInputs {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if res, ok := dockerjson.Decode(data); ok {
			checkFast(t, data, res.Profile, res.Unknown)
		}
	})
}
