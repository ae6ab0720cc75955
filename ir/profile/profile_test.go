package profile

import (
	"os"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/tables"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		in   string
		want Kind
	}{
		{"default allow\n", KindPolicy},
		{"", KindPolicy},
		{"# {json?}\ndefault allow", KindPolicy},
		{"\xef\xbb\xbf  {\"defaultAction\": \"SCMP_ACT_ALLOW\"}", KindOCI},
		{`{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ERRNO"}]}`, KindOCI},
		{`{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ERRNO"}]`, KindOCI}, // broken: the OCI reader reports it
		{`{"ociVersion": "1.0.2", "linux": {}}`, KindConfig},
		{`{"Linux": {"seccomp": {}}}`, KindConfig},
		{`{"process": {"args": ["sh"]}}`, KindConfig},
		{`{"defaultAction": "SCMP_ACT_ERRNO", "archMap": []}`, KindDocker},
		{`{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrno": "ENOSYS"}`, KindDocker},
		{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "read", "action": "SCMP_ACT_ALLOW"}]}`, KindDocker},
		{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["b"], "Excludes": {}}]}`, KindDocker},
		{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "comment": "", "action": "SCMP_ACT_ALLOW"}]}`, KindDocker},
		{`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": {"names": "not an array"}}`, KindOCI},
	}
	for _, tt := range tests {
		if got := Detect([]byte(tt.in)); got != tt.want {
			t.Errorf("Detect(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindPolicy: "policy", KindOCI: "oci", KindConfig: "config", KindDocker: "docker", 0: "Kind(0)", 9: "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

func TestLoad(t *testing.T) {
	moby, err := os.ReadFile("../../testdata/profiles/moby-default.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		in      string
		opts    Options
		kind    Kind
		arches  string
		rule0   string // first rule, printed
		nrules  int
		errText string
	}{
		{name: "policy", in: "default errno(1)\narch x86\nallow read, write\n", kind: KindPolicy,
			arches: "x86", rule0: "allow read", nrules: 2},
		{name: "policy error", in: "default errno(1)\nallow read if a9 == 1\n", kind: KindPolicy,
			errText: "p.in:2:"},
		{name: "oci", in: `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}`,
			opts: Options{Target: "x86_64"}, kind: KindOCI, arches: "x86_64 x86", rule0: "allow read", nrules: 1},
		{name: "oci repeated args kept", in: `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW",
			"args": [{"index": 0, "op": "SCMP_CMP_GT", "value": 1}, {"index": 0, "op": "SCMP_CMP_LT", "value": 5}]}]}`,
			opts: Options{Target: "x86_64", KeepRepeatedArgs: true}, kind: KindOCI, arches: "x86_64", rule0: "allow a if a0 > 1 && a0 < 5", nrules: 1},
		{name: "oci error", in: `{"defaultAction": "SCMP_ACT_NONE"}`, opts: Options{Target: "x86_64"}, kind: KindOCI,
			errText: `p.in: defaultAction: invalid action: unknown action "SCMP_ACT_NONE"`},
		{name: "config", in: `{"ociVersion": "1.0.0", "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_KILL"}]}}}`,
			opts: Options{Target: "riscv64"}, kind: KindConfig, arches: "riscv64", rule0: "kill_thread ptrace", nrules: 1},
		{name: "config without seccomp", in: `{"ociVersion": "1.0.0"}`, kind: KindConfig, errText: "no linux.seccomp"},
		{name: "docker", in: `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
			{"names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_BOOT"]}},
			{"name": "read", "action": "SCMP_ACT_ALLOW"}]}`,
			opts: Options{Target: "aarch64"}, kind: KindDocker, arches: "aarch64", rule0: "allow read", nrules: 1},
		{name: "docker caps", in: `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
			{"names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_BOOT"]}},
			{"name": "read", "action": "SCMP_ACT_ALLOW"}]}`,
			opts: Options{Target: "aarch64", Caps: []string{"CAP_SYS_BOOT"}}, kind: KindDocker, arches: "aarch64", rule0: "allow reboot", nrules: 2},
		{name: "moby default old kernel", in: string(moby), opts: Options{Target: "x86_64", Kernel: tables.Version{Major: 4, Minor: 0}},
			kind: KindDocker, arches: "x86_64 x86 x32", rule0: "allow accept", nrules: -1},
		{name: "docker error", in: `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "a", "names": ["b"], "action": "SCMP_ACT_ALLOW"}]}`,
			kind: KindDocker, errText: `p.in: syscalls[0] ("a"): invalid syscall: both name and names`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Filename = "p.in"
			p, _, kind, err := Load([]byte(tt.in), tt.opts)
			if kind != tt.kind {
				t.Errorf("kind %v, want %v", kind, tt.kind)
			}
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("error %v, want %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(p.Arches, " "); got != tt.arches {
				t.Errorf("arches %q, want %q", got, tt.arches)
			}
			if len(p.Rules) == 0 || p.Rules[0].String() != tt.rule0 {
				t.Errorf("rules %v, want the first to be %q", p.Rules, tt.rule0)
			}
			if tt.nrules >= 0 && len(p.Rules) != tt.nrules {
				t.Errorf("%d rules, want %d", len(p.Rules), tt.nrules)
			}
			if p.Source != "p.in" {
				t.Errorf("source %q", p.Source)
			}
		})
	}
}

// TestOCIAndDockerAgree checks the premise of the detection rule: a
// profile without Docker-only fields means the same read either way.
func TestOCIAndDockerAgree(t *testing.T) {
	in := []byte(`{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "architectures": ["SCMP_ARCH_X86"], "flags": ["SECCOMP_FILTER_FLAG_LOG"],
		"syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
		{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}`)
	opts := Options{Filename: "x.json", Target: "x86_64"}
	a, _, k, err := Load(in, opts)
	if err != nil || k != KindOCI {
		t.Fatalf("Load: %v, %v", k, err)
	}
	// Force the Docker reader with a harmless Docker-only field.
	b, _, k, err := Load([]byte(strings.Replace(string(in), `"defaultAction"`, `"archMap": [], "defaultAction"`, 1)), opts)
	if err != nil || k != KindDocker {
		t.Fatalf("Load: %v, %v", k, err)
	}
	if a.String() != b.String() {
		t.Errorf("OCI and Docker readings differ:\n%s\n%s", a, b)
	}
}

// FuzzLoad checks that Load never panics, whatever the kind, and that
// what it accepts validates.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"default allow\nerrno(1) ptrace\n",
		`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}`,
		`{"ociVersion": "1", "linux": {"seccomp": {"defaultAction": "SCMP_ACT_LOG"}}}`,
		`{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
		  "syscalls": [{"name": "ptrace", "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8", "caps": ["CAP_SYS_PTRACE"], "arches": ["amd64"]}}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, _, _, err := Load(data, Options{Target: "x86_64"})
		if err != nil {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("accepted policy does not validate: %v", err)
		}
	})
}

// TestStrict checks that Options.Strict refuses a syscall name no
// architecture defines in every kind of input, by either path of Load
// (loadOnce and the readers of each kind), with the place and the
// nearest defined name; and that without it the name loads.
func TestStrict(t *testing.T) {
	for _, tt := range []struct {
		name, in, pos string
	}{
		{"policy", "default errno(1)\nallow read\nallow opne, write\n", "p:3"},
		{"oci", `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "opne"], "action": "SCMP_ACT_ALLOW"}]}`, `p: syscalls[0] names[1]`},
		{"oci-slow", `{"defaultAction": "SCMP_ACT_ERRNO", "bogus": 1, "syscalls": [{"names": ["read", "opne"], "action": "SCMP_ACT_ALLOW"}]}`, `p: syscalls[0] names[1]`},
		{"config", `{"ociVersion": "1.0.2", "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["opne"], "action": "SCMP_ACT_ALLOW"}]}}}`, `p: linux.seccomp.syscalls[0] names[0]`},
		{"docker", `{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["opne"], "action": "SCMP_ACT_ALLOW"}]}`, `p: syscalls[1] names[0]`},
		{"docker-slow", `{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [], "bogus": 1, "syscalls": [{"names": ["opne"], "action": "SCMP_ACT_ALLOW"}]}`, `p: syscalls[0] names[0]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Filename: "p", Target: "x86_64"}
			if _, _, _, err := Load([]byte(tt.in), opts); err != nil {
				t.Fatalf("without Strict: %v", err)
			}
			opts.Strict = true
			_, _, _, err := Load([]byte(tt.in), opts)
			want := tt.pos + `: invalid syscall: "opne" is not defined on any architecture (did you mean "open"?)`
			if err == nil || err.Error() != want {
				t.Errorf("Strict: error %v, want %s", err, want)
			}
		})
	}
}
