package docker_test

import (
	"encoding/json"
	"testing"

	"github.com/moby/profiles/seccomp"

	"github.com/seccompc/seccompc/internal/testdiff"
	"github.com/seccompc/seccompc/ir/docker"
)

// TestFromProfileLeavesProfile checks that FromProfile, which reads the
// kept rules where they are in the decoded profile, leaves the profile
// as it was (rules with name and with names, args, filters) and gives
// the same policy and warnings when called again on it.
func TestFromProfileLeavesProfile(t *testing.T) {
	const in = `{"defaultAction":"SCMP_ACT_ERRNO","archMap":[{"architecture":"SCMP_ARCH_X86_64","subArchitectures":["SCMP_ARCH_X86"]}],
	"syscalls":[
	 {"name":"personality","action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"},{"index":0,"value":0,"op":"SCMP_CMP_EQ"}]},
	 {"names":["socket","read","read","opne"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]},
	 {"name":"ptrace","action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_PTRACE"]}},
	 {"names":["socket"],"action":"SCMP_ACT_ALLOW"},
	 {"name":"socket","action":"SCMP_ACT_LOG"}]}`
	p, before := decodeProfile(t, in)
	for _, opts := range []docker.Options{{Target: "x86_64"}, {Target: "x86", KeepRepeatedArgs: true}} {
		p1, ws1, err := docker.FromProfile(p, opts)
		if err != nil {
			t.Fatal(err)
		}
		p2, ws2, err := docker.FromProfile(p, opts)
		if err != nil {
			t.Fatal(err)
		}
		if d := testdiff.Diff(p1, p2); d != "" {
			t.Errorf("%+v: second policy differs:\n%s", opts, d)
		}
		if d := testdiff.Diff(ws1, ws2); d != "" {
			t.Errorf("%+v: second warnings differ:\n%s", opts, d)
		}
		if _, _, err := docker.Resolve(p, docker.Options{Target: opts.Target}); err != nil {
			t.Fatal(err)
		}
		after, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if string(after) != string(before) {
			t.Fatalf("%+v: the profile changed:\n%s\nwas\n%s", opts, after, before)
		}
	}
}

// TestResolveCopiesLists checks that the OCI profile Resolve returns
// shares no list with the Docker profile (FromProfile's resolution
// does, reading them only): changing its architectures, flags, names
// and args leaves the profile as it was.
func TestResolveCopiesLists(t *testing.T) {
	const in = `{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86"],"flags":["SECCOMP_FILTER_FLAG_LOG"],
	"syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]}]}`
	p, before := decodeProfile(t, in)
	s, _, err := docker.Resolve(p, docker.Options{Target: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Architectures) != 2 || len(s.Flags) != 1 || len(s.Syscalls) != 1 {
		t.Fatalf("resolved %+v", s)
	}
	s.Architectures[0], s.Flags[0] = "changed", "changed"
	s.Syscalls[0].Names[0], s.Syscalls[0].Args[0].Value = "changed", 7
	after, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Fatalf("the profile changed:\n%s\nwas\n%s", after, before)
	}
}

// decodeProfile decodes the Docker profile in and returns it with its
// JSON as encoding/json writes it, to compare with after a change.
func decodeProfile(t *testing.T, in string) (*seccomp.Seccomp, []byte) {
	t.Helper()
	p := new(seccomp.Seccomp)
	if err := json.Unmarshal([]byte(in), p); err != nil {
		t.Fatal(err)
	}
	before, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, before
}
