package dockerjson

import (
	"os"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
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
		// A name no architecture defines after a repeat keeps every
		// list whole, without a Repeat.
		{`{"syscalls": [{"names": ["a", "a"]}, {"names": ["read", "read", ""]}]}`, Result{}, true},
		{`{"syscalls": [], "Syscalls": []}`, Result{Repeated: true}, true},
		{`{"ſyscalls": []}`, Result{}, true},
		{`{"syscalls": [{"names": ["a"]}], "syscalls": [{"name": "b"}]}`, Result{Repeated: true, DockerRule: true}, true},
		{`{"defaultErrno": 1, "defaultErrno": 2}`, Result{DockerKey: true}, true},
		{`{"syscalls": [{"names": ["a", "a"]}], "x": 1, "x": 2}`, Result{Unknown: true, Repeats: []Repeat{{Rule: 0, Names: map[string]int{"a": 1}, Count: 1}}}, true},
		{`{"syscalls": [{"names": ["a", "a"]}], "syscalls": []}`, Result{Repeated: true}, true},
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
		if ok && got != *want {
			t.Errorf("kernelVersion(%q) = %+v, want %+v", in, got, *want)
		}
	}
}

// TestDecodeKeepsNoInput checks that the decoded strings are neither the
// input nor a copy of all of it: a profile with a large field of no use
// (a long comment, unknown data) costs what its values need, and the
// caller may reuse its buffer.
func TestDecodeKeepsNoInput(t *testing.T) {
	filler := strings.Repeat("z", 1<<20)
	data := []byte(`{"defaultAction": "SCMP_ACT_ERRNO", "comment": "` + filler + `", "syscalls": [` +
		`{"names": ["read", "waitpid", "not_a_syscall"], "action": "SCMP_ACT_ALLOW", "comment": "` + filler + `"},` +
		`{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}], "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}`)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, ok := Decode(data)
	runtime.ReadMemStats(&after)
	if !ok {
		t.Fatal("Decode gave up")
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20+256<<10 {
		t.Errorf("Decode allocated %d bytes for a %d-byte input whose values are one 1 MiB comment and a few words", n, len(data))
	}
	for i := range data {
		data[i] = '#'
	}
	p := res.Profile
	got := []string{string(p.DefaultAction), p.Syscalls[0].Names[0], p.Syscalls[0].Names[1], p.Syscalls[0].Names[2],
		string(p.Syscalls[0].Action), string(p.Syscalls[1].Args[0].Op), p.Syscalls[1].Includes.Caps[0], p.Syscalls[0].Comment[:3]}
	want := []string{"SCMP_ACT_ERRNO", "read", "waitpid", "not_a_syscall", "SCMP_ACT_ALLOW", "SCMP_CMP_EQ", "CAP_SYS_ADMIN", "zzz"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after the input was overwritten: %q, want %q", got, want)
	}
}

// TestNamesAcrossArenas checks lists of names that do not fit in what is
// left of the decoder's string arena: each comes out whole and in order,
// and the lists handed out before are untouched.
func TestNamesAcrossArenas(t *testing.T) {
	var want [][]string
	var b strings.Builder
	b.WriteString(`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [`)
	for r, n := range []int{1500, 3000, 1, 5000, 7} {
		var list []string
		for i := range n {
			list = append(list, "n"+strconv.Itoa(r)+"_"+strconv.Itoa(i))
		}
		if r%2 == 1 {
			list[0] = "read" // a static name among copies
		}
		want = append(want, list)
		if r > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"names": ["` + strings.Join(list, `", "`) + `"], "action": "SCMP_ACT_ALLOW"}`)
	}
	b.WriteString("]}")
	res, ok := Decode([]byte(b.String()))
	if !ok {
		t.Fatal("Decode gave up")
	}
	for r, sc := range res.Profile.Syscalls {
		if !reflect.DeepEqual(sc.Names, want[r]) {
			t.Errorf("rule %d: %d names, want %d (first difference at %d)", r, len(sc.Names), len(want[r]), firstDiff(sc.Names, want[r]))
		}
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestRepeatDrop(t *testing.T) {
	for _, tt := range []struct {
		rep  Repeat
		list []string
		want []string
		ok   bool
	}{
		{Repeat{Names: map[string]int{"read": 2}, Count: 2}, []string{"read", "write", "read", "read"}, []string{"read", "write"}, true},
		{Repeat{Names: map[string]int{"read": 1, "write": 1}, Count: 2}, []string{"read", "write", "write", "read"}, []string{"read", "write"}, true},
		{Repeat{}, []string{"read", "write"}, []string{"read", "write"}, true},
		{Repeat{}, nil, []string{}, true},
		// What the Repeat says does not match the list.
		{Repeat{Names: map[string]int{"read": 1}, Count: 1}, []string{"read", "write", "read", "read"}, []string{"read", "write"}, false},
		{Repeat{Names: map[string]int{"write": 2}, Count: 2}, []string{"read", "write", "read", "read"}, []string{"read", "write"}, false},
		{Repeat{Names: map[string]int{"read": 2}, Count: 3}, []string{"read", "write", "read", "read"}, []string{"read", "write"}, false},
		{Repeat{Names: map[string]int{"read": 1}, Count: 1}, []string{"read", "write"}, []string{"read", "write"}, false},
	} {
		got, ok := tt.rep.Drop(tt.list)
		if !slices.Equal(got, tt.want) || got == nil || ok != tt.ok {
			t.Errorf("%+v.Drop(%q) = %q, %v; want %q, %v", tt.rep, tt.list, got, ok, tt.want, tt.ok)
		}
	}
}

// TestInterned checks intern's table: each string found, once, and
// none found for strings near them.
func TestInterned(t *testing.T) {
	for i, s := range interned {
		if slices.Index(interned[:], s) != i {
			t.Errorf("interned[%d] = %q repeats", i, s)
		}
		if got, ok := intern([]byte(s)); !ok || got != s {
			t.Errorf("intern(%q) = %q, %v", s, got, ok)
		}
		for _, v := range []string{s[1:], s + "_", strings.ToLower(s) + "x", s[:len(s)-1] + "~", "!" + s[1:]} {
			if got, ok := intern([]byte(v)); ok != slices.Contains(interned[:], v) || ok && got != v {
				t.Errorf("intern(%q) = %q, %v", v, got, ok)
			}
		}
	}
	for _, v := range []string{"", "x", "SCMP_ACT_ALLOW\x00"} {
		if got, ok := intern([]byte(v)); ok {
			t.Errorf("intern(%q) = %q", v, got)
		}
	}
	if len(interned) > 200 {
		t.Errorf("%d strings interned: internIndex needs room", len(interned))
	}
}

// TestDecodeAllocs bounds the allocations of a decode of Docker's and
// podman's default profiles (issue 14): the strings of the format, the
// capabilities and every table's syscall names are interned, the
// values carved from a few arenas. Each bound is the count measured
// when it was set, plus two.
func TestDecodeAllocs(t *testing.T) {
	for _, tt := range []struct {
		file     string
		dec      func([]byte) (Result, bool)
		maxAlloc float64
	}{
		{"moby-default", Decode, 15},
		{"moby-default", DecodeOCI, 9},
		{"podman-seccomp", Decode, 13},
		{"podman-seccomp", DecodeOCI, 8},
	} {
		data, err := os.ReadFile("../../../testdata/profiles/" + tt.file + ".json")
		if err != nil {
			t.Fatal(err)
		}
		n := testing.AllocsPerRun(20, func() {
			if _, ok := tt.dec(data); !ok {
				t.Fatal("refused")
			}
		})
		t.Logf("%s: %v allocations", tt.file, n)
		if n > tt.maxAlloc {
			t.Errorf("%s: %v allocations, want at most %v", tt.file, n, tt.maxAlloc)
		}
	}
}
