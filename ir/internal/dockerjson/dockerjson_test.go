package dockerjson

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/moby/profiles/seccomp"
)

// TestFieldBits pins the bit constants to the field lists.
func TestFieldBits(t *testing.T) {
	for _, tt := range []struct {
		set  []string
		name string
		bit  uint32
	}{
		{TopFields, "defaultAction", topDefaultAction},
		{TopFields, "defaultErrnoRet", topDefaultErrnoRet},
		{TopFields, "architectures", topArchitectures},
		{TopFields, "flags", topFlags},
		{TopFields, "listenerPath", topListenerPath},
		{TopFields, "listenerMetadata", topListenerMetadata},
		{TopFields, "syscalls", topSyscalls},
		{TopFields, "archMap", topArchMap},
		{TopFields, "defaultErrno", topDefaultErrno},
		{RuleFields, "names", ruleNames},
		{RuleFields, "name", ruleName},
		{RuleFields, "action", ruleAction},
		{RuleFields, "errnoRet", ruleErrnoRet},
		{RuleFields, "args", ruleArgs},
		{RuleFields, "comment", ruleComment},
		{RuleFields, "includes", ruleIncludes},
		{RuleFields, "excludes", ruleExcludes},
		{RuleFields, "errno", ruleErrno},
		{ArchMapFields, "architecture", 1},
		{ArchMapFields, "subArchitectures", 2},
		{FilterFields, "caps", 1},
		{FilterFields, "arches", 2},
		{FilterFields, "minKernel", 4},
		{ArgFields, "index", 1},
		{ArgFields, "value", 2},
		{ArgFields, "valueTwo", 4},
		{ArgFields, "op", 8},
	} {
		if got := fieldBit([]byte(tt.name), tt.set); got != tt.bit {
			t.Errorf("fieldBit(%q) = %#x, want %#x", tt.name, got, tt.bit)
		}
	}
}

// TestFlags checks what Decode notes for input detection.
func TestFlags(t *testing.T) {
	tests := []struct {
		in   string
		want Result // Profile ignored
		ok   bool
	}{
		{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW"}]}`, Result{}, true},
		{`{"defaultAction": "SCMP_ACT_ERRNO", "ArchMap": null}`, Result{DockerKey: true}, true},
		{`{"defaultErrno": "EPERM"}`, Result{DockerKey: true}, true},
		{`{"syscalls": [null, {"COMMENT": null}]}`, Result{DockerRule: true}, true},
		{`{"syscalls": [{"includes": {}}]}`, Result{DockerRule: true}, true},
		{`{"syscalls": [{"names": ["a"], "errno": "EPERM"}]}`, Result{RuleErrno: true}, true},
		{`{"syscalls": [{"names": ["a"], "x": 1}]}`, Result{Unknown: true}, true},
		{`{"ociVersion": "1", "Process": {}, "x": {"name": 1}}`, Result{Unknown: true, Config: true}, true},
		{`{"linux": {"seccomp": {"archMap": []}}}`, Result{Unknown: true, Config: true}, true},
		{`{"syscalls": [1]}`, Result{}, false},
		{`{"syscalls": [], "Syscalls": []}`, Result{}, false},
		{`{"ſyscalls": []}`, Result{}, false},
		{`{"syscalls": [{"names": ["read"]}, {"names": ["read", "write", "read", "close", "read", "write"]}]}`,
			Result{Repeats: []Repeat{{Rule: 1, Names: map[string]int{"read": 2, "write": 1}, Count: 3}}}, true},
	}
	for _, tt := range tests {
		got, ok := Decode([]byte(tt.in))
		if ok && got.Profile == nil {
			t.Errorf("Decode(%s): no profile", tt.in)
		}
		got.Profile = nil
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Decode(%s) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestKernelVersion checks kernelVersion against
// seccomp.KernelVersion.UnmarshalJSON, whose rules it copies.
func TestKernelVersion(t *testing.T) {
	for _, in := range []string{
		"", "4.8", "5.10", "0.1", "1.0", "255.255", "256.1", "1.256", "0.0", "00.01",
		"4", "4.", ".8", "4.8.1", "4..8", "+4.8", "-4.8", "4.-8", " 4.8", "4.8 ", "4_0.8",
		"a.b", "0x4.8", "99999999999999999999.1", "1.99999999999999999999", "٤.8",
	} {
		want := &seccomp.KernelVersion{}
		wantErr := want.UnmarshalJSON([]byte(strconv.Quote(in)))
		got, ok := kernelVersion([]byte(in))
		if ok != (wantErr == nil) {
			t.Errorf("kernelVersion(%q) ok = %v; UnmarshalJSON error: %v", in, ok, wantErr)
			continue
		}
		if ok && *got != *want {
			t.Errorf("kernelVersion(%q) = %+v, want %+v", in, *got, *want)
		}
	}
}
