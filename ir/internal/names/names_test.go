package names

import (
	"fmt"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/tables"
)

// TestAdd checks Add against a map, from an empty and a pre-sized
// Index, with growth, repeats and strings that differ only in the
// middle.
func TestAdd(t *testing.T) {
	var in []string
	for i := range 3000 {
		in = append(in, fmt.Sprintf("sys_%d_call", i%1100), fmt.Sprint(i%7), "")
		in = append(in, "abcdefgh"+fmt.Sprint(i%50)+"stuvwxyz")
	}
	for _, x := range []Index{{}, Make(10), Make(2000)} {
		want := map[string]int{}
		for _, s := range in {
			n, ok := want[s]
			if !ok {
				n = len(want)
				want[s] = n
			}
			got, added := x.Add(s)
			if got != n || added == ok {
				t.Fatalf("Add(%q) = %d, %v; want %d, %v", s, got, added, n, !ok)
			}
		}
		if x.Len() != len(want) {
			t.Errorf("Len() = %d, want %d", x.Len(), len(want))
		}
	}
}

// TestDedup checks Dedup against a map over many lists of one reused
// Dedup: lists with and without repeats, long ones that make it grow,
// syscall names and other strings, and empty strings.
func TestDedup(t *testing.T) {
	var d Dedup
	for l := range 300 {
		var in []string
		// Names of x86_64 syscalls (the bit set), others and the empty
		// string (the hash table), mixed.
		x86 := []string{"read", "write", "openat", "rseq_slice_yield", "uretprobe", "arm_fadvise64_64", "clone3", "socket"}
		for i := range l * 7 % 1500 {
			in = append(in, fmt.Sprintf("n%d", (i*l)%(1+l%40)), "", x86[(i*l)%len(x86)])
		}
		d.Begin()
		var kept []string
		seen := map[string]bool{}
		for _, s := range in {
			if got := d.Seen(kept, s); got != seen[s] {
				t.Fatalf("list %d: Seen(%q) = %v, want %v", l, s, got, seen[s])
			}
			if !seen[s] {
				kept = append(kept, s)
				seen[s] = true
			}
		}
	}
	// The stamps wrap around.
	d.list = ^uint32(0)
	d.Begin()
	if d.Seen(nil, "a") {
		t.Error("Seen after the stamps wrapped")
	}
}

// TestStatic checks that Static finds the names of x86_64 and x86 as
// the tables spell them, and that maxName covers every table's names.
func TestStatic(t *testing.T) {
	for _, a := range tables.Arches() {
		tab, err := tables.ForArch(a)
		if err != nil {
			t.Fatal(err)
		}
		for s := range tab.All() {
			if len(s.Name) > maxName {
				t.Errorf("%s: %s is longer than maxName %d", a, s.Name, maxName)
			}
		}
	}
	for _, tt := range []struct {
		in      string
		nr      uint32
		x64, ok bool
	}{
		{"read", 0, true, true},
		{"waitpid", 0, false, true},
		{"riscv_flush_icache", 0, false, false},
		{"", 0, false, false},
		{strings.Repeat("read", 20), 0, false, false},
	} {
		name, nr, x64, ok := Static([]byte(tt.in))
		if ok != tt.ok || x64 != tt.x64 || nr != tt.nr || (ok && name != tt.in) {
			t.Errorf("Static(%q) = %q, %d, %v, %v; want %d, %v, %v", tt.in, name, nr, x64, ok, tt.nr, tt.x64, tt.ok)
		}
	}
	if n := testing.AllocsPerRun(100, func() { Static([]byte("sched_rr_get_interval_time64")) }); n != 0 {
		t.Errorf("Static allocates %v times", n)
	}
}
