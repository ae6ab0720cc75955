package sysnames

import (
	"testing"

	"github.com/seccompc/seccompc/tables"
)

// TestKnown: every name of every table is known, names of no table are
// not, and the nearest name to a typo is a known one.
func TestKnown(t *testing.T) {
	n := 0
	for _, a := range tables.Arches() {
		tab, _ := tables.ForArch(a)
		for s := range tab.All() {
			if !Known(s.Name) {
				t.Fatalf("%s: %q not known", a, s.Name)
			}
			n++
		}
	}
	if n < 5000 || len(names()) < 500 || len(names()) >= n {
		t.Errorf("%d names in the tables, %d distinct", n, len(names()))
	}
	for _, typo := range []string{"", "opne", "READ", "read ", "riscv_hwprob"} {
		if Known(typo) {
			t.Errorf("Known(%q)", typo)
		}
	}
	if got := Nearest("riscv_hwprob"); got != "riscv_hwprobe" {
		t.Errorf("Nearest(riscv_hwprob) = %q", got)
	}
	if got := Unknown("opne"); got != `"opne" is not defined on any architecture (did you mean "open"?)` {
		t.Errorf("Unknown(opne) = %s", got)
	}
}
