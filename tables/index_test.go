package tables

import (
	"slices"
	"testing"
)

// TestNewestAtLeast checks NewestAtLeast against Newest around the
// newest version and far from it.
func TestNewestAtLeast(t *testing.T) {
	n := Newest()
	for _, v := range []Version{
		{}, {2, 6}, {3, 7}, {5, 10}, {n.Major, 0}, {n.Major, n.Minor - 1}, n,
		{n.Major, n.Minor + 1}, {n.Major + 1, 0}, {0xffff, 0xffff},
	} {
		if got, want := NewestAtLeast(v), !n.Less(v); got != want {
			t.Errorf("NewestAtLeast(%v) = %v, want %v (Newest() = %v)", v, got, want, n)
		}
	}
}

// TestIndexFits checks that every table's calls can be indexed by the
// uint16 slots of the name index, and that a table of one call and an
// empty table answer lookups.
func TestIndexFits(t *testing.T) {
	for name, tab := range registry {
		if len(tab.calls) >= 0xffff {
			t.Errorf("%s: %d calls do not fit the name index", name, len(tab.calls))
		}
	}
	one := &Table{arch: "one", calls: []Syscall{{Name: "read", Nr: 0, Since: Version{2, 6}}}}
	if s, ok := one.ByName("read"); !ok || s.Nr != 0 {
		t.Errorf("ByName(read) = %+v, %v", s, ok)
	}
	if s, ok := one.ByName("write"); ok {
		t.Errorf("ByName(write) = %+v, want none", s)
	}
	empty := &Table{arch: "empty"}
	if s, ok := empty.ByName(""); ok {
		t.Errorf("empty ByName(\"\") = %+v, want none", s)
	}
}

// TestAtSearch checks Len, At and Search against Syscalls.
func TestAtSearch(t *testing.T) {
	for name, tab := range registry {
		calls := tab.Syscalls()
		if tab.Len() != len(calls) {
			t.Fatalf("%s: Len() = %d, want %d", name, tab.Len(), len(calls))
		}
		for i, s := range calls {
			if tab.At(i) != s {
				t.Errorf("%s: At(%d) = %+v, want %+v", name, i, tab.At(i), s)
			}
		}
		for _, nr := range []uint32{0, 1, calls[0].Nr, calls[0].Nr + 1, calls[len(calls)/2].Nr, calls[len(calls)-1].Nr, calls[len(calls)-1].Nr + 1, 0xffffffff} {
			want := 0
			for want < len(calls) && calls[want].Nr < nr {
				want++
			}
			if got := tab.Search(nr); got != want {
				t.Errorf("%s: Search(%#x) = %d, want %d", name, nr, got, want)
			}
		}
	}
}

// TestStaticIndex checks the generated name index and version range of
// every table against those index builds for the same calls.
func TestStaticIndex(t *testing.T) {
	for name, tab := range registry {
		if !tab.static {
			t.Errorf("%s: no generated index", name)
			continue
		}
		fresh := &Table{arch: tab.arch, calls: tab.calls}
		fresh.index()
		if !slices.Equal(tab.byName, fresh.byName) {
			t.Errorf("%s: the generated name index differs from the one index builds", name)
		}
		if tab.newest != fresh.newest || tab.oldest != fresh.oldest {
			t.Errorf("%s: generated newest %v, oldest %v; index gives %v, %v", name, tab.newest, tab.oldest, fresh.newest, fresh.oldest)
		}
		for _, s := range tab.calls {
			if got, ok := tab.ByName(s.Name); !ok || got != s {
				t.Errorf("%s: ByName(%q) = %+v, %v", name, s.Name, got, ok)
			}
		}
	}
}
