package names

import (
	"math/rand"
	"testing"

	"github.com/seccompc/seccompc/tables"
)

// TestDedupEveryTable checks Dedup against a map on random lists of the
// names of all the tables, variants of them and other strings (Seen and,
// for x86_64 names, SeenNr), one Dedup reused for 20000 lists; and Static
// against the x86_64 and x86 tables for every name of every table.
func TestDedupEveryTable(t *testing.T) {
	var all []string
	for _, a := range tables.Arches() {
		tab, _ := tables.ForArch(a)
		for s := range tab.All() {
			all = append(all, s.Name)
		}
	}
	all = append(all, "", "reed", "READ", "read ", "x", "socketcall\x00", "é")
	rnd := rand.New(rand.NewSource(1))
	var d Dedup
	for l := 0; l < 20000; l++ {
		n := rnd.Intn(40)
		if rnd.Intn(50) == 0 {
			n = rnd.Intn(3000)
		}
		pool := all
		if rnd.Intn(2) == 0 {
			k := rnd.Intn(len(all) - 30)
			pool = all[k : k+1+rnd.Intn(30)]
		}
		d.Begin()
		var kept []string
		seen := map[string]bool{}
		for range n {
			s := pool[rnd.Intn(len(pool))]
			if rnd.Intn(5) == 0 {
				s = s + "_" + string(rune('a'+rnd.Intn(26)))
			}
			var got bool
			if _, nr, x64, ok := Static([]byte(s)); ok && x64 && rnd.Intn(2) == 0 {
				got = d.SeenNr(kept, s, nr)
			} else {
				got = d.Seen(kept, s)
			}
			if got != seen[s] {
				t.Fatalf("list %d: Seen(%q) = %v, want %v", l, s, got, seen[s])
			}
			if !seen[s] {
				kept = append(kept, s)
				seen[s] = true
			}
		}
	}
	x64, _ := tables.ForArch("x86_64")
	x86, _ := tables.ForArch("x86")
	for _, s := range all {
		name, nr, is64, ok := Static([]byte(s))
		a, inA := x64.ByName(s)
		b, inB := x86.ByName(s)
		switch {
		case inA:
			if !ok || !is64 || nr != a.Nr || name != s {
				t.Errorf("Static(%q) = %q %d %v %v", s, name, nr, is64, ok)
			}
		case inB:
			if !ok || is64 || nr != 0 || name != b.Name {
				t.Errorf("Static(%q) = %q %d %v %v", s, name, nr, is64, ok)
			}
		default:
			if ok {
				t.Errorf("Static(%q) = %q %d %v %v", s, name, nr, is64, ok)
			}
		}
	}
}
