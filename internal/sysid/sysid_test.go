package sysid

import (
	"strings"
	"testing"

	"github.com/seccompc/seccompc/tables"
)

// TestPlaces checks the ids against every table: each name of a table
// has an id, and the table's place for it is the syscall of that name;
// every id that a table lacks names none of its syscalls.
func TestPlaces(t *testing.T) {
	if len(tableNames) != len(tables.Arches()) {
		t.Fatalf("%d tables with places, %d tables", len(tableNames), len(tables.Arches()))
	}
	for _, arch := range tables.Arches() {
		tab, err := tables.ForArch(arch)
		if err != nil {
			t.Fatal(err)
		}
		places := Places(arch)
		if len(places) != Len {
			t.Fatalf("%s: %d places for %d ids", arch, len(places), Len)
		}
		found := 0
		for id, at := range places {
			s, ok := tab.ByName(Name(id))
			switch {
			case at == 0 && ok:
				t.Errorf("%s: %s (id %d) has no place, but the table has it", arch, Name(id), id)
			case at != 0 && (!ok || tab.At(int(at)-1) != s):
				t.Errorf("%s: %s (id %d) at %d, which is %v", arch, Name(id), id, at-1, tab.At(int(at)-1))
			case at != 0:
				found++
			}
		}
		if found != tab.Len() {
			t.Errorf("%s: %d of the table's %d syscalls have an id", arch, found, tab.Len())
		}
	}
	if Places("x86_65") != nil || Places("") != nil {
		t.Error("Places of an unknown table is not nil")
	}
}

// TestLookup checks that every id's name finds it, that other strings
// find nothing, and that a lookup of a converted byte slice allocates
// nothing.
func TestLookup(t *testing.T) {
	for id := range Len {
		if id > 0 && Name(id-1) >= Name(id) {
			t.Errorf("names not sorted and distinct: %q, %q", Name(id-1), Name(id))
		}
		if got, ok := Lookup(Name(id)); !ok || got != id {
			t.Errorf("Lookup(%q) = %d, %v; want %d", Name(id), got, ok, id)
		}
		if got, ok := Lookup([]byte(Name(id))); !ok || got != id {
			t.Errorf("Lookup([]byte(%q)) = %d, %v; want %d", Name(id), got, ok, id)
		}
	}
	for _, s := range []string{"", "reed", "read ", "READ", strings.Repeat("x", 100), "socketcall\x00"} {
		if id, ok := Lookup(s); ok {
			t.Errorf("Lookup(%q) = %d (%q)", s, id, Name(id))
		}
		if id, ok := Lookup([]byte(s)); ok {
			t.Errorf("Lookup([]byte(%q)) = %d (%q)", s, id, Name(id))
		}
	}
	if Name(-1) != "" || Name(Len) != "" {
		t.Error("Name of an id out of range is not empty")
	}
	b := []byte("sched_rr_get_interval_time64")
	if n := testing.AllocsPerRun(100, func() { Lookup(string(b)) }); n != 0 {
		t.Errorf("Lookup allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { Lookup(b) }); n != 0 {
		t.Errorf("Lookup of bytes allocates %v times", n)
	}
}
