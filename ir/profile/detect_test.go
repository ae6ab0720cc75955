package profile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
	"github.com/seccompc/seccompc/ir/internal/loadhook"
	"github.com/seccompc/seccompc/ir/internal/place"
	"github.com/seccompc/seccompc/ir/oci"
)

// detectInputs are JSON inputs with the kind Detect gives them and
// whether detect decides by what the decoder notes (the rest, refused
// as Docker profiles or with a key given twice, by detectKeys).
var detectInputs = []struct {
	in   string
	want Kind
	fast bool
}{
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW"}]}`, KindOCI, true},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "COMMENT": ""}]}`, KindDocker, true},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [null, {"name": "a"}]}`, KindDocker, true},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [1, {"name": "a"}]}`, KindOCI, false}, // not an array of objects: ignored
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": {"name": "a"}}`, KindOCI, false},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": null, "x": {"name": 1}}`, KindOCI, true},
	{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"args": [{"name": 1}]}]}`, KindOCI, true},
	{`{"defaultErrno": "EPERM"}`, KindDocker, true},
	{`{"ARCHMAP": 1}`, KindDocker, false},
	{`{"archMap": [], "root": {}}`, KindConfig, true},
	{`{"Process": 1}`, KindConfig, true},
	{`{"syscalls": [{"name": "a"}], "Syscalls": []}`, KindDocker, false},
	{`{"syscalls": [], "syscalls": [{"name": "a"}]}`, KindDocker, false},
	{`{"syscalls": [{"name": "a"}], "syscalls": []}`, KindOCI, false},
	{`{"sysc\u0061lls": [{"name": "a"}]}`, KindDocker, true},
	{`{"syscalls": [{"names": ["a"]}], "syscalls": [{"names": ["b"]}]}`, KindOCI, false},
	{`{"syscalls": [{"name": "a"}], "syscalls": [{"names": ["b"]}], "Syscalls": null}`, KindOCI, false},
	{`{"syscalls": [{"names": ["a"], "name": 1}]}`, KindDocker, false},
	{`{"syscalls": [{"names": ["a"], "\u212aey": 1, "n\u0061me": "b"}]}`, KindDocker, true},
	{`{"syscalls": [{"names": ["a"]}], "root\u017f": 1, "ROOT": 2}`, KindConfig, true},
	{`{"syscalls": [{"ſomething": 1, "name": 2}]}`, KindDocker, false},
	{`{"syscalls": [{"name": 1}]`, KindOCI, false},
	{`{"syscalls": [{"name": 1}]} {}`, KindOCI, false},
	{`{"syscalls": [{"name": 1}]}}`, KindOCI, false},
}

func TestDetectFast(t *testing.T) {
	for _, tt := range detectInputs {
		k, res := detect([]byte(tt.in))
		if (res != nil) != tt.fast || k != tt.want {
			t.Errorf("detect(%s) = %v, decoded %v; want %v, %v", tt.in, k, res != nil, tt.want, tt.fast)
		}
		if got := detectKeys([]byte(tt.in)); got != tt.want {
			t.Errorf("detectKeys(%s) = %v, want %v", tt.in, got, tt.want)
		}
		if got := detectJSON([]byte(tt.in)); got != tt.want {
			t.Errorf("detectJSON(%s) = %v, want %v", tt.in, got, tt.want)
		}
		if got := Detect([]byte(tt.in)); got != tt.want {
			t.Errorf("Detect(%s) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, f := range []string{"../../testdata/profiles/moby-default.json", "../../testdata/profiles/podman-seccomp.json"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if k, res := detect(data); res == nil || k != KindDocker {
			t.Errorf("detect(%s) = %v, decoded %v", f, k, res != nil)
		}
	}
}

// detectJSON is the detection by keys with encoding/json, as it was
// before detectKeys: the reference detectKeys is checked against.
func detectJSON(data []byte) Kind {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return KindOCI
	}
	has := func(m map[string]json.RawMessage, keys ...string) bool {
		for k := range m {
			for _, want := range keys {
				if strings.EqualFold(k, want) {
					return true
				}
			}
		}
		return false
	}
	if has(top, "ociVersion", "linux", "process", "root") {
		return KindConfig
	}
	if has(top, "archMap", "defaultErrno") {
		return KindDocker
	}
	for k, v := range top {
		if !strings.EqualFold(k, "syscalls") {
			continue
		}
		var rules []map[string]json.RawMessage
		if json.Unmarshal(v, &rules) != nil {
			continue
		}
		for _, r := range rules {
			if has(r, "includes", "excludes", "name", "comment") {
				return KindDocker
			}
		}
	}
	return KindOCI
}

func TestDetectKeys(t *testing.T) {
	for _, tt := range detectInputs {
		if got, want := detectKeys([]byte(tt.in)), detectJSON([]byte(tt.in)); got != want || got != tt.want {
			t.Errorf("detectKeys(%s) = %v, with encoding/json %v, want %v", tt.in, got, want, tt.want)
		}
	}
}

func FuzzDetect(f *testing.F) {
	for _, tt := range detectInputs {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		k, res := detect(data)
		if res != nil {
			if want := detectKeys(data); k != want {
				t.Fatalf("detect(%q) = %v, detectKeys %v", data, k, want)
			}
		}
		if k != KindPolicy && !place.HasBOM(data) {
			if want := detectJSON(data); k != want {
				t.Fatalf("detect(%q) = %v, with encoding/json %v", data, k, want)
			}
		}
	})
}

// loadOnce is the part of Load that translates what detect decoded;
// its Kind is 0 when Load leaves the input to the reader of its kind.
func loadOnce(data []byte, opts Options) (*ir.Policy, []ir.Warning, Kind, error) {
	k, res := detect(data)
	p, ws, done, err := loadDecoded(k, res, opts, &loadhook.Decoded{})
	if !done {
		return nil, nil, 0, nil
	}
	return p, ws, k, err
}

// loadByKind is Load without loadDecoded: Detect, then the reader of
// the kind.
func loadByKind(data []byte, opts Options) (*ir.Policy, []ir.Warning, Kind, error) {
	k := Detect(data)
	var (
		p   *ir.Policy
		ws  []ir.Warning
		err error
	)
	switch k {
	case KindPolicy:
		p, err = ir.Parse(data, opts.Filename)
	case KindConfig:
		p, ws, err = oci.ParseConfig(data, opts.oci())
	case KindDocker:
		p, ws, err = docker.Load(data, opts.docker())
	default:
		p, ws, err = oci.Parse(data, opts.oci())
	}
	return p, ws, k, err
}

// checkLoadOnce checks that loadOnce, when it decides, decides as
// loadByKind.
func checkLoadOnce(t *testing.T, data []byte, opts Options) (decided bool) {
	t.Helper()
	p, ws, k, err := loadOnce(data, opts)
	if k == 0 {
		return false
	}
	p2, ws2, k2, err2 := loadByKind(data, opts)
	if k != k2 {
		t.Fatalf("loadOnce(%q): kind %v, Detect %v", data, k, k2)
	}
	if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
		t.Fatalf("loadOnce(%q): error %v, want %v", data, err, err2)
	}
	if err != nil {
		return true
	}
	if p.String() != p2.String() || !reflect.DeepEqual(ws, ws2) {
		t.Fatalf("loadOnce(%q):\n%s%v\nwant\n%s%v", data, p, ws, p2, ws2)
	}
	for i := range p.Rules {
		if p.Rules[i].Pos != p2.Rules[i].Pos {
			t.Fatalf("loadOnce(%q): rule %d at %q, want %q", data, i, p.Rules[i].Pos, p2.Rules[i].Pos)
		}
	}
	return true
}

func TestLoadOnce(t *testing.T) {
	opts := Options{Filename: "f", Target: "x86_64"}
	for _, tt := range detectInputs {
		checkLoadOnce(t, []byte(tt.in), opts)
	}
	for _, tt := range []struct {
		in      string
		decided bool
	}{
		{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}, null]}`, true},
		{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "read", "action": "SCMP_ACT_ALLOW"}]}`, true},
		{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "errno": "EPERM"}]}`, false},
		{`{"defaultAction": "SCMP_ACT_ERRNO", "x": 1}`, false},
		{`{"ociVersion": "1", "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ERRNO"}}}`, false},
		{`{"defaultAction": "SCMP_ACT_BOGUS"}`, true},
		{`default allow`, false},
	} {
		if got := checkLoadOnce(t, []byte(tt.in), opts); got != tt.decided {
			t.Errorf("loadOnce(%s) decides %v, want %v", tt.in, got, tt.decided)
		}
	}
	files, err := filepath.Glob("../../testdata/profiles/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no profiles under ../../testdata/profiles (%v): the loop below would check nothing", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range []string{"x86_64", "aarch64", "s390x"} {
			if !checkLoadOnce(t, data, Options{Filename: f, Target: target}) {
				t.Errorf("loadOnce(%s) leaves it to Load", f)
			}
		}
	}
}

func FuzzLoadOnce(f *testing.F) {
	for _, tt := range detectInputs {
		f.Add([]byte(tt.in))
	}
	f.Add([]byte(`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "op": "SCMP_CMP_EQ", "value": 1}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLoadOnce(t, data, Options{Filename: "f", Target: "x86_64"})
	})
}
