package arch_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/seccompc/seccompc/internal/testdiff"

	"github.com/seccompc/seccompc/arch"
)

// fact is the comparable projection of an Info that the tests pin.
type fact struct {
	OCI        string
	Audit      uint32
	BigEndian  bool
	Bits       int
	SyscallBit uint32
	NrBase     uint32
	Table      string
	GOARCH     string
	Socketcall bool
	IPC        bool
	Compat     []string
}

func project(a *arch.Info) fact {
	return fact{
		OCI:        a.OCI,
		Audit:      a.Audit,
		BigEndian:  a.BigEndian,
		Bits:       a.Bits,
		SyscallBit: a.SyscallBit,
		NrBase:     a.NrBase,
		Table:      a.Table,
		GOARCH:     a.GOARCH,
		Socketcall: a.Socketcall != nil,
		IPC:        a.IPC != nil,
		Compat:     a.Compat,
	}
}

// wantFacts pins every arch. Audit values are the hex values of
// include/uapi/linux/audit.h, written out independently of x/sys/unix.
var wantFacts = []struct {
	name string
	want fact
}{
	{"x86", fact{OCI: "SCMP_ARCH_X86", Audit: 0x40000003, Bits: 32, Table: "x86", GOARCH: "386", Socketcall: true, IPC: true}},
	{"x86_64", fact{OCI: "SCMP_ARCH_X86_64", Audit: 0xc000003e, Bits: 64, Table: "x86_64", GOARCH: "amd64", Compat: []string{"x86", "x32"}}},
	{"x32", fact{OCI: "SCMP_ARCH_X32", Audit: 0xc000003e, Bits: 32, SyscallBit: 0x40000000, Table: "x32"}},
	{"arm", fact{OCI: "SCMP_ARCH_ARM", Audit: 0x40000028, Bits: 32, Table: "arm", GOARCH: "arm"}},
	{"aarch64", fact{OCI: "SCMP_ARCH_AARCH64", Audit: 0xc00000b7, Bits: 64, Table: "aarch64", GOARCH: "arm64", Compat: []string{"arm"}}},
	{"loongarch64", fact{OCI: "SCMP_ARCH_LOONGARCH64", Audit: 0xc0000102, Bits: 64, Table: "loongarch64", GOARCH: "loong64"}},
	{"m68k", fact{OCI: "SCMP_ARCH_M68K", Audit: 0x4, BigEndian: true, Bits: 32, Table: "m68k", Socketcall: true, IPC: true}},
	{"mips", fact{OCI: "SCMP_ARCH_MIPS", Audit: 0x8, BigEndian: true, Bits: 32, NrBase: 4000, Table: "mips", GOARCH: "mips", Socketcall: true, IPC: true}},
	{"mipsel", fact{OCI: "SCMP_ARCH_MIPSEL", Audit: 0x40000008, Bits: 32, NrBase: 4000, Table: "mips", GOARCH: "mipsle", Socketcall: true, IPC: true}},
	{"mips64", fact{OCI: "SCMP_ARCH_MIPS64", Audit: 0x80000008, BigEndian: true, Bits: 64, NrBase: 5000, Table: "mips64", GOARCH: "mips64", Compat: []string{"mips", "mips64n32"}}},
	{"mipsel64", fact{OCI: "SCMP_ARCH_MIPSEL64", Audit: 0xc0000008, Bits: 64, NrBase: 5000, Table: "mips64", GOARCH: "mips64le", Compat: []string{"mipsel", "mipsel64n32"}}},
	{"mips64n32", fact{OCI: "SCMP_ARCH_MIPS64N32", Audit: 0xa0000008, BigEndian: true, Bits: 32, NrBase: 6000, Table: "mips64n32", Compat: []string{"mips", "mips64"}}},
	{"mipsel64n32", fact{OCI: "SCMP_ARCH_MIPSEL64N32", Audit: 0xe0000008, Bits: 32, NrBase: 6000, Table: "mips64n32", Compat: []string{"mipsel", "mipsel64"}}},
	{"parisc", fact{OCI: "SCMP_ARCH_PARISC", Audit: 0xf, BigEndian: true, Bits: 32, Table: "parisc"}},
	{"parisc64", fact{OCI: "SCMP_ARCH_PARISC64", Audit: 0x8000000f, BigEndian: true, Bits: 64, Table: "parisc64"}},
	{"ppc", fact{OCI: "SCMP_ARCH_PPC", Audit: 0x14, BigEndian: true, Bits: 32, Table: "ppc", Socketcall: true, IPC: true}},
	{"ppc64", fact{OCI: "SCMP_ARCH_PPC64", Audit: 0x80000015, BigEndian: true, Bits: 64, Table: "ppc64", GOARCH: "ppc64", Socketcall: true, IPC: true}},
	{"ppc64le", fact{OCI: "SCMP_ARCH_PPC64LE", Audit: 0xc0000015, Bits: 64, Table: "ppc64", GOARCH: "ppc64le", Socketcall: true, IPC: true}},
	{"riscv64", fact{OCI: "SCMP_ARCH_RISCV64", Audit: 0xc00000f3, Bits: 64, Table: "riscv64", GOARCH: "riscv64"}},
	{"s390", fact{OCI: "SCMP_ARCH_S390", Audit: 0x16, BigEndian: true, Bits: 32, Table: "s390", Socketcall: true, IPC: true}},
	{"s390x", fact{OCI: "SCMP_ARCH_S390X", Audit: 0x80000016, BigEndian: true, Bits: 64, Table: "s390x", GOARCH: "s390x", Socketcall: true, IPC: true, Compat: []string{"s390"}}},
	{"sh", fact{OCI: "SCMP_ARCH_SH", Audit: 0x4000002a, Bits: 32, Table: "sh", Socketcall: true, IPC: true}},
	{"sheb", fact{OCI: "SCMP_ARCH_SHEB", Audit: 0x2a, BigEndian: true, Bits: 32, Table: "sh", Socketcall: true, IPC: true}},
}

func TestFacts(t *testing.T) {
	for _, tc := range wantFacts {
		t.Run(tc.name, func(t *testing.T) {
			a, err := arch.Lookup(tc.name)
			if err != nil {
				t.Fatalf("Lookup(%q): %v", tc.name, err)
			}
			if a.Name != tc.name {
				t.Errorf("Name = %q, want %q", a.Name, tc.name)
			}
			if diff := testdiff.Diff(tc.want, project(a)); diff != "" {
				t.Errorf("facts mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAuditBits checks each audit value against the arch's other facts:
// __AUDIT_ARCH_LE (0x40000000) iff little-endian, __AUDIT_ARCH_64BIT
// (0x80000000) iff a 64-bit register ABI (x32 and n32 included).
func TestAuditBits(t *testing.T) {
	regs64 := map[string]bool{"x32": true, "mips64n32": true, "mipsel64n32": true}
	for _, a := range arch.All() {
		if le := a.Audit&0x40000000 != 0; le == a.BigEndian {
			t.Errorf("%s: audit %#x LE bit = %v, BigEndian = %v", a, a.Audit, le, a.BigEndian)
		}
		want64 := a.Bits == 64 || regs64[a.Name]
		if got := a.Audit&0x80000000 != 0; got != want64 {
			t.Errorf("%s: audit %#x 64BIT bit = %v, want %v", a, a.Audit, got, want64)
		}
	}
}

func TestAll(t *testing.T) {
	var want []string
	for _, tc := range wantFacts {
		want = append(want, tc.name)
	}
	all := arch.All()
	var got []string
	for _, a := range all {
		got = append(got, a.Name)
	}
	if diff := testdiff.Diff(want, got); diff != "" {
		t.Errorf("All() order (-want +got):\n%s", diff)
	}
	all[0] = nil
	if again := arch.All(); again[0] == nil {
		t.Error("All() returned a slice shared between calls")
	}
	tables := map[string]bool{}
	for _, a := range arch.All() {
		tables[a.Table] = true
	}
	if len(tables) != 18 {
		t.Errorf("got %d distinct tables, want 18: %v", len(tables), tables)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// OCI names.
		{"SCMP_ARCH_X86_64", "x86_64"},
		{"SCMP_ARCH_AARCH64", "aarch64"},
		{"SCMP_ARCH_SH", "sh"},
		{"SCMP_ARCH_SHEB", "sheb"},
		{"SCMP_ARCH_MIPSEL64N32", "mipsel64n32"},
		// GOARCH names.
		{"386", "x86"},
		{"amd64", "x86_64"},
		{"arm", "arm"},
		{"arm64", "aarch64"},
		{"loong64", "loongarch64"},
		{"mips", "mips"},
		{"mipsle", "mipsel"},
		{"mips64", "mips64"},
		{"mips64le", "mipsel64"},
		{"ppc64", "ppc64"},
		{"ppc64le", "ppc64le"},
		{"riscv64", "riscv64"},
		{"s390x", "s390x"},
		// Aliases.
		{"i386", "x86"},
		{"i486", "x86"},
		{"i586", "x86"},
		{"i686", "x86"},
		{"armv6l", "arm"},
		{"armv7l", "arm"},
		{"armv8l", "arm"},
		{"armhf", "arm"},
		{"armel", "arm"},
		{"ppc64el", "ppc64le"},
		{"mips64el", "mipsel64"},
		{"powerpc", "ppc"},
		{"powerpc64", "ppc64"},
		{"powerpc64le", "ppc64le"},
		{"mips64p32", "mips64n32"},
		{"mips64p32le", "mipsel64n32"},
		{"mips3l64n32", "mipsel64n32"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			a, err := arch.Lookup(tc.in)
			if err != nil {
				t.Fatalf("Lookup(%q): %v", tc.in, err)
			}
			if a.Name != tc.want {
				t.Errorf("Lookup(%q) = %s, want %s", tc.in, a, tc.want)
			}
		})
	}
	// Every canonical, OCI and GOARCH name resolves to its own Info.
	for _, a := range arch.All() {
		for _, key := range []string{a.Name, a.OCI, a.GOARCH} {
			if key == "" {
				continue
			}
			if got, err := arch.Lookup(key); err != nil || got != a {
				t.Errorf("Lookup(%q) = %v, %v; want %s", key, got, err, a)
			}
		}
	}
}

// TestMobyNativeNames checks that every arch name moby's profile code uses
// (goToNative values and nativeToSeccomp keys in seccomp_linux.go, plus
// "x32" from default.json includes) resolves as moby resolves it.
func TestMobyNativeNames(t *testing.T) {
	moby := map[string]string{
		"x86":         "SCMP_ARCH_X86",
		"amd64":       "SCMP_ARCH_X86_64",
		"x32":         "SCMP_ARCH_X32",
		"arm":         "SCMP_ARCH_ARM",
		"arm64":       "SCMP_ARCH_AARCH64",
		"loongarch64": "SCMP_ARCH_LOONGARCH64",
		"mips64":      "SCMP_ARCH_MIPS64",
		"mips64n32":   "SCMP_ARCH_MIPS64N32",
		"mipsel64":    "SCMP_ARCH_MIPSEL64",
		"mips3l64n32": "SCMP_ARCH_MIPSEL64N32",
		"mipsel":      "SCMP_ARCH_MIPSEL",
		"ppc":         "SCMP_ARCH_PPC",
		"ppc64":       "SCMP_ARCH_PPC64",
		"ppc64le":     "SCMP_ARCH_PPC64LE",
		"riscv64":     "SCMP_ARCH_RISCV64",
		"s390":        "SCMP_ARCH_S390",
		"s390x":       "SCMP_ARCH_S390X",
	}
	for name, oci := range moby {
		a, err := arch.Lookup(name)
		if err != nil {
			t.Errorf("Lookup(%q): %v", name, err)
			continue
		}
		if a.OCI != oci {
			t.Errorf("Lookup(%q).OCI = %s, want %s", name, a.OCI, oci)
		}
	}
}

func TestLookupErrors(t *testing.T) {
	for _, in := range []string{
		"",
		"X86_64",           // case matters
		"scmp_arch_x86_64", // OCI names are case-sensitive
		"SCMP_ARCH_x86_64",
		"AMD64",
		" amd64", // no trimming
		"amd64 ",
		"wasm",
		"sparc",
		"SCMP_ARCH_SPARC",
		"SCMP_ARCH_NATIVE",
		"amd64p32",
		"x86-64",
	} {
		t.Run(in, func(t *testing.T) {
			a, err := arch.Lookup(in)
			if err == nil {
				t.Fatalf("Lookup(%q) = %s, want error", in, a)
			}
			if a != nil {
				t.Errorf("Lookup(%q) returned %s with its error", in, a)
			}
			if !errors.Is(err, arch.ErrUnknown) {
				t.Errorf("error %v does not wrap ErrUnknown", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, fmt.Sprintf("%q", in)) {
				t.Errorf("error %q does not name the input %q", msg, in)
			}
			for _, valid := range []string{"x86_64", "aarch64", "mipsel64n32", "sheb"} {
				if !strings.Contains(msg, valid) {
					t.Errorf("error %q does not list %q", msg, valid)
				}
			}
		})
	}
}

// TestLookupSuggest checks the hint of an unknown name: the nearest
// accepted name when one is near, said once, and every canonical name,
// nearest first.
func TestLookupSuggest(t *testing.T) {
	for _, tt := range []struct {
		in, suggest, first, describe string
	}{
		{"amd64x", "amd64", "x86_64", `"amd64x" (did you mean "amd64", the GOARCH name of x86_64?); valid names, nearest first: x86_64, `},
		{"arm64e", "arm64", "aarch64", `(did you mean "arm64", the GOARCH name of aarch64?)`},
		{"X86_64", "x86_64", "x86_64", `"X86_64" (did you mean "x86_64"?); valid names, nearest first: x86_64, x86, `},
		{"x86-64", "x86_64", "x86_64", `(did you mean "x86_64"?)`},
		{"aarch46", "aarch64", "aarch64", `(did you mean "aarch64"?)`},
		{"i786", "i386", "x86", `(did you mean "i386", an alias of x86?)`}, // first of the equally near aliases
		{"SCMP_ARCH_X86_46", "SCMP_ARCH_X86_64", "x86_64", `(did you mean "SCMP_ARCH_X86_64", the OCI name of x86_64?)`},
		{"scmp_arch_aarch64", "SCMP_ARCH_AARCH64", "aarch64", `(did you mean "SCMP_ARCH_AARCH64", the OCI name of aarch64?)`},
		// The shared SCMP_ARCH_ prefix does not make a name near.
		{"SCMP_ARCH_PDP11", "", "ppc", `"SCMP_ARCH_PDP11"; valid names, nearest first: ppc, `},
		{"vax", "", "x86", `"vax"; valid names, nearest first: x86, `},
		{strings.Repeat("x", 100), "", "x86", `"` + strings.Repeat("x", 64) + `"... (100 bytes); valid names`},
	} {
		_, err := arch.Lookup(tt.in)
		var ue *arch.UnknownError
		if !errors.As(err, &ue) {
			t.Fatalf("Lookup(%q) error %v is not an *UnknownError", tt.in, err)
		}
		if !errors.Is(err, arch.ErrUnknown) {
			t.Errorf("Lookup(%q) error does not wrap ErrUnknown", tt.in)
		}
		if ue.Suggest != tt.suggest {
			t.Errorf("Lookup(%q).Suggest = %q, want %q", tt.in, ue.Suggest, tt.suggest)
		}
		if len(ue.Valid) != len(arch.All()) || ue.Valid[0] != tt.first {
			t.Errorf("Lookup(%q).Valid = %q, want all %d names, %s first", tt.in, ue.Valid, len(arch.All()), tt.first)
		}
		d := ue.Describe()
		if !strings.Contains(d, tt.describe) {
			t.Errorf("Lookup(%q): Describe() = %q, want it to contain %q", tt.in, d, tt.describe)
		}
		if strings.Count(d, "unknown") != 0 || strings.Count(err.Error(), "unknown architecture") != 1 {
			t.Errorf("Lookup(%q): message says it more than once: %q", tt.in, err)
		}
	}
}

// TestOCIMatchesRuntimeSpec checks the OCI names against the Arch
// constants of the runtime-spec module, both ways.
func TestOCIMatchesRuntimeSpec(t *testing.T) {
	spec := []specs.Arch{
		specs.ArchX86, specs.ArchX86_64, specs.ArchX32, specs.ArchARM,
		specs.ArchAARCH64, specs.ArchMIPS, specs.ArchMIPS64,
		specs.ArchMIPS64N32, specs.ArchMIPSEL, specs.ArchMIPSEL64,
		specs.ArchMIPSEL64N32, specs.ArchPPC, specs.ArchPPC64,
		specs.ArchPPC64LE, specs.ArchS390, specs.ArchS390X,
		specs.ArchPARISC, specs.ArchPARISC64, specs.ArchRISCV64,
		specs.ArchLOONGARCH64, specs.ArchM68K, specs.ArchSH, specs.ArchSHEB,
	}
	var want, got []string
	for _, s := range spec {
		want = append(want, string(s))
	}
	for _, a := range arch.All() {
		got = append(got, a.OCI)
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := testdiff.Diff(want, got); diff != "" {
		t.Errorf("OCI names vs runtime-spec (-spec +arch):\n%s", diff)
	}
}

func TestByAudit(t *testing.T) {
	tests := []struct {
		audit uint32
		want  []string
	}{
		{0xc000003e, []string{"x86_64", "x32"}},
		{0x40000003, []string{"x86"}},
		{0xc00000b7, []string{"aarch64"}},
		{0x2a, []string{"sheb"}},
		{0x4000002a, []string{"sh"}},
		{0xa0000008, []string{"mips64n32"}},
		{0, nil},
		{0x4000003e, nil}, // libseccomp's SCMP_ARCH_X32 token, not an audit value
		{0x8000002b, nil}, // sparc64: not supported
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%#x", tc.audit), func(t *testing.T) {
			var got []string
			for _, a := range arch.ByAudit(tc.audit) {
				got = append(got, a.Name)
			}
			if diff := testdiff.Diff(tc.want, got); diff != "" {
				t.Errorf("ByAudit(%#x) (-want +got):\n%s", tc.audit, diff)
			}
		})
	}
	// Every arch is found by its own audit value, and x86_64 is the only
	// shared one.
	for _, a := range arch.All() {
		matches := arch.ByAudit(a.Audit)
		if !slices.Contains(matches, a) {
			t.Errorf("ByAudit(%#x) = %v, missing %s", a.Audit, matches, a)
		}
		if len(matches) > 1 && a.Audit != 0xc000003e {
			t.Errorf("ByAudit(%#x) = %v: unexpected shared audit value", a.Audit, matches)
		}
	}
}

func TestCompat(t *testing.T) {
	for _, a := range arch.All() {
		for _, c := range a.Compat {
			sub, err := arch.Lookup(c)
			if err != nil {
				t.Errorf("%s: compat %q: %v", a, c, err)
				continue
			}
			if sub.Name != c {
				t.Errorf("%s: compat %q is not a canonical name (%s)", a, c, sub)
			}
			if sub == a {
				t.Errorf("%s lists itself as compat", a)
			}
			if sub.BigEndian != a.BigEndian {
				t.Errorf("%s: compat %s has different byte order", a, sub)
			}
		}
	}
}

// The call codes are kernel ABI constants: SYS_* in include/uapi/linux/net.h
// and the operation numbers in include/uapi/linux/ipc.h.
var (
	wantSocketcall = map[string]uint32{
		"socket": 1, "bind": 2, "connect": 3, "listen": 4, "accept": 5,
		"getsockname": 6, "getpeername": 7, "socketpair": 8, "send": 9,
		"recv": 10, "sendto": 11, "recvfrom": 12, "shutdown": 13,
		"setsockopt": 14, "getsockopt": 15, "sendmsg": 16, "recvmsg": 17,
		"accept4": 18, "recvmmsg": 19, "sendmmsg": 20,
	}
	wantIPC = map[string]uint32{
		"semop": 1, "semget": 2, "semctl": 3, "semtimedop": 4,
		"msgsnd": 11, "msgrcv": 12, "msgget": 13, "msgctl": 14,
		"shmat": 21, "shmdt": 22, "shmget": 23, "shmctl": 24,
	}
)

func TestMuxCodes(t *testing.T) {
	withMux := []string{"x86", "m68k", "mips", "mipsel", "ppc", "ppc64", "ppc64le", "s390", "s390x", "sh", "sheb"}
	for _, a := range arch.All() {
		t.Run(a.Name, func(t *testing.T) {
			if !slices.Contains(withMux, a.Name) {
				if a.Socketcall != nil || a.IPC != nil {
					t.Errorf("has multiplexers (socketcall %v, ipc %v), want none", a.Socketcall != nil, a.IPC != nil)
				}
				return
			}
			if a.Socketcall == nil || a.IPC == nil {
				t.Fatalf("socketcall %v, ipc %v; want both", a.Socketcall != nil, a.IPC != nil)
			}
			if a.Socketcall.Name != "socketcall" || a.IPC.Name != "ipc" {
				t.Errorf("mux names %q, %q", a.Socketcall.Name, a.IPC.Name)
			}
			if diff := testdiff.Diff(wantSocketcall, a.Socketcall.Calls); diff != "" {
				t.Errorf("socketcall codes (-want +got):\n%s", diff)
			}
			if diff := testdiff.Diff(wantIPC, a.IPC.Calls); diff != "" {
				t.Errorf("ipc codes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMuxCall(t *testing.T) {
	tests := []struct {
		arch, call string
		mux        string // "" = not reachable
		code       uint32
	}{
		{"x86", "socket", "socketcall", 1},
		{"x86", "sendmmsg", "socketcall", 20},
		{"x86", "send", "socketcall", 9},
		{"x86", "shmctl", "ipc", 24},
		{"x86", "semtimedop", "ipc", 4},
		{"x86", "read", "", 0},
		{"x86", "socketcall", "", 0},
		{"x86", "ipc", "", 0},
		{"x86", "", "", 0},
		{"x86", "Socket", "", 0},
		{"x86_64", "socket", "", 0},
		{"x32", "shmat", "", 0},
		{"arm", "socket", "", 0},
		{"aarch64", "msgsnd", "", 0},
		{"mips64", "socket", "", 0},
		{"parisc", "socket", "", 0},
		{"mips", "recvmmsg", "socketcall", 19},
		{"mipsel", "msgrcv", "ipc", 12},
		{"s390x", "accept4", "socketcall", 18},
		{"ppc64le", "semget", "ipc", 2},
		{"sheb", "shmdt", "ipc", 22},
		{"m68k", "getsockopt", "socketcall", 15},
	}
	for _, tc := range tests {
		t.Run(tc.arch+"/"+tc.call, func(t *testing.T) {
			a, err := arch.Lookup(tc.arch)
			if err != nil {
				t.Fatal(err)
			}
			mux, code, ok := a.MuxCall(tc.call)
			if ok != (tc.mux != "") {
				t.Fatalf("MuxCall(%q) ok = %v, want %v", tc.call, ok, tc.mux != "")
			}
			if !ok {
				if mux != nil || code != 0 {
					t.Errorf("MuxCall(%q) = %v, %d with ok=false", tc.call, mux, code)
				}
				return
			}
			if mux.Name != tc.mux || code != tc.code {
				t.Errorf("MuxCall(%q) = %s %d, want %s %d", tc.call, mux.Name, code, tc.mux, tc.code)
			}
		})
	}
	var nilInfo *arch.Info
	if _, _, ok := nilInfo.MuxCall("socket"); ok {
		t.Error("nil Info MuxCall reported ok")
	}
}

func TestString(t *testing.T) {
	for _, a := range arch.All() {
		if got := fmt.Sprint(a); got != a.Name {
			t.Errorf("fmt.Sprint = %q, want %q", got, a.Name)
		}
	}
	var nilInfo *arch.Info
	if got := nilInfo.String(); got != "<nil>" {
		t.Errorf("nil String() = %q", got)
	}
}

func TestNative(t *testing.T) {
	goPorts := []string{"386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle",
		"mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x"}
	a, err := arch.Native()
	if !slices.Contains(goPorts, runtime.GOARCH) {
		if err == nil || !errors.Is(err, arch.ErrUnknown) {
			t.Errorf("Native() on %s = %v, %v; want ErrUnknown", runtime.GOARCH, a, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Native(): %v", err)
	}
	if a.GOARCH != runtime.GOARCH {
		t.Errorf("Native() = %s (GOARCH %q), running on %q", a, a.GOARCH, runtime.GOARCH)
	}
	// Every Go Linux port maps to exactly one Info.
	for _, p := range goPorts {
		n := 0
		for _, a := range arch.All() {
			if a.GOARCH == p {
				n++
			}
		}
		if n != 1 {
			t.Errorf("GOARCH %s: %d Infos, want 1", p, n)
		}
	}
}

// csvPath locates the syscall fact file, which lives outside the module.
func csvPath() string {
	if p := os.Getenv("SECCOMPC_SYSCALLS_CSV"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "shared", "data", "syscalls.csv")
}

// TestSyscallsCSV cross-checks tables and multiplexers against the
// syscall fact file: its arch columns are exactly the 18 table names, and
// an arch has a multiplexer iff its table numbers socketcall/ipc.
func TestSyscallsCSV(t *testing.T) {
	f, err := os.Open(csvPath())
	if err != nil {
		t.Skipf("fact file not available: %v", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	var tables []string
	for i, h := range header[1:] {
		if !strings.HasSuffix(h, "_kver") {
			col[h] = i + 1
			tables = append(tables, h)
		}
	}
	rows := map[string][]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows[rec[0]] = rec
	}
	var got []string
	for _, a := range arch.All() {
		if !slices.Contains(got, a.Table) {
			got = append(got, a.Table)
		}
	}
	slices.Sort(tables)
	slices.Sort(got)
	if diff := testdiff.Diff(tables, got); diff != "" {
		t.Errorf("table names vs CSV columns (-csv +arch):\n%s", diff)
	}
	for _, a := range arch.All() {
		for _, m := range []struct {
			name string
			has  bool
		}{{"socketcall", a.Socketcall != nil}, {"ipc", a.IPC != nil}} {
			row, ok := rows[m.name]
			if !ok {
				t.Fatalf("CSV has no %s row", m.name)
			}
			inCSV := row[col[a.Table]] != "PNR"
			if inCSV != m.has {
				t.Errorf("%s: CSV has %s = %v, Info has mux = %v", a, m.name, inCSV, m.has)
			}
		}
		// Each multiplexed call exists as a name in the CSV.
		for _, mux := range []*arch.Mux{a.Socketcall, a.IPC} {
			if mux == nil {
				continue
			}
			for call := range mux.Calls {
				if _, ok := rows[call]; !ok {
					t.Errorf("%s: %s call %q not in CSV", a, mux.Name, call)
				}
			}
		}
	}
}
