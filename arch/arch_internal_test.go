package arch

import (
	"errors"
	"testing"

	"github.com/seccompc/seccompc/tables"
)

func TestNativeFor(t *testing.T) {
	tests := []struct {
		goarch, want string // want "" = error
	}{
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
		{"wasm", ""},
		{"sparc64", ""},
		{"", ""},
		// Aliases and canonical names are not GOARCH values.
		{"x86_64", ""},
		{"i386", ""},
		{"mips64p32", ""},
	}
	for _, tc := range tests {
		t.Run(tc.goarch, func(t *testing.T) {
			a, err := nativeFor(tc.goarch)
			if tc.want == "" {
				if err == nil || !errors.Is(err, ErrUnknown) {
					t.Errorf("nativeFor(%q) = %v, %v; want ErrUnknown", tc.goarch, a, err)
				}
				return
			}
			if err != nil || a.Name != tc.want {
				t.Errorf("nativeFor(%q) = %v, %v; want %s", tc.goarch, a, err, tc.want)
			}
		})
	}
}

// TestIndexUnique checks that no accepted name is claimed by two Infos
// (buildIndex panics on that; this makes the failure a test failure) and
// that every alias lands on a canonical entry.
func TestIndexUnique(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("buildIndex: %v", r)
		}
	}()
	idx := buildIndex()
	for alias, name := range aliases {
		if idx[alias] == nil || idx[alias].Name != name {
			t.Errorf("alias %q -> %v, want %s", alias, idx[alias], name)
		}
		if _, clash := idx[name]; !clash {
			t.Errorf("alias %q targets %q, which is not canonical", alias, name)
		}
	}
	if want := 23; len(all) != want {
		t.Errorf("%d arches, want %d", len(all), want)
	}
}

// TestMuxFilter: the hash filter of MuxCall lets every call of socketcall
// and ipc through, so MuxCall answers as the Calls maps do for them and
// for every other name of x86's table.
func TestMuxFilter(t *testing.T) {
	x86, err := Lookup("x86")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"", "read", "sockets", "ipc", "socketcall"}
	for _, m := range []*Mux{socketcall, ipc} {
		for name := range m.Calls {
			names = append(names, name)
		}
	}
	tab, err := tables.ForArch("x86")
	if err != nil {
		t.Fatal(err)
	}
	for s := range tab.All() {
		names = append(names, s.Name)
	}
	found := 0
	for _, name := range names {
		mux, code, ok := x86.MuxCall(name)
		var want *Mux
		for _, m := range []*Mux{socketcall, ipc} {
			if c, in := m.Calls[name]; in && want == nil {
				want = m
				if code != c {
					t.Errorf("MuxCall(%q) code %d, want %d", name, code, c)
				}
			}
		}
		if ok != (want != nil) || mux != want {
			t.Errorf("MuxCall(%q) = %v, %v; want %v", name, mux, ok, want)
		}
		if ok {
			found++
		}
	}
	if found < len(socketcall.Calls)+len(ipc.Calls) {
		t.Errorf("found %d calls", found)
	}
}
