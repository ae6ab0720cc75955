package verify

import (
	"testing"

	"github.com/seccompc/seccompc/internal/testdiff"
	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/ir"
)

// TestMeasure measures a hand-written filter for a small policy whose
// figures can be counted by hand.
func TestMeasure(t *testing.T) {
	p, err := ir.Parse([]byte("default errno(1)\narch x86_64\nbaseline none\nallow read\nallow write if a0 == 1\n"), "small.policy")
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := ir.Resolve(p, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	prog := []bpf.RawInstruction{
		/* 0 */ ldAbs(bpfop.OffArch),
		/* 1 */ jump(bpfop.JeqK, auditX8664, 0, 11),
		/* 2 */ ldAbs(bpfop.OffNr),
		/* 3 */ jump(bpfop.JgeK, 0x40000000, 0, 1), // x32 numbers
		/* 4 */ jump(bpfop.JeqK, 0xffffffff, 6, 8),
		/* 5 */ jump(bpfop.JeqK, 0, 6, 0), // read
		/* 6 */ jump(bpfop.JeqK, 1, 0, 4), // write
		/* 7 */ ldAbs(argHi(0, false)),
		/* 8 */ jump(bpfop.JeqK, 0, 0, 2),
		/* 9 */ ldAbs(argLo(0, false)),
		/* 10 */ jump(bpfop.JeqK, 1, 1, 0),
		/* 11 */ retK(actErrno | 1),
		/* 12 */ retK(actAllow),
		/* 13 */ retK(0), // KILL_THREAD, the bad-arch default
	}
	if n, err := Equivalent(prog, r); err != nil {
		t.Fatalf("the hand-written filter is wrong after %d inputs: %v", n, err)
	}
	st, err := Measure(prog, r)
	if err != nil {
		t.Fatal(err)
	}
	n := len(r.Arches[0].Table.Syscalls())
	// read runs 6 instructions, write 11 (a0 == 0 fails), every other
	// syscall 7.
	want := &Stats{
		Instructions: 14,
		Arches: []ArchStats{{
			Arch:        "x86_64",
			Syscalls:    n,
			Mean:        float64(6+11+7*(n-2)) / float64(n),
			Median:      7,
			Max:         11,
			MaxBoundary: 11,
			// read, write, the rest of the x86_64 numbers, and -1 after
			// the x32 numbers that are not this section's.
			Ranges:      4,
			Floor:       2,
			AlwaysAllow: 1,
			Cacheable:   1,
			Cached:      []string{"read"},
		}},
	}
	if diff := testdiff.Diff(want, st); diff != "" {
		t.Errorf("Measure (-want +got):\n%s", diff)
	}

	// The same policy with write allowed for every argument: a filter
	// that still loads a0 for write leaves write uncacheable.
	p.Rules[1].Cond = ir.True()
	if r, _, err = ir.Resolve(p, "x86_64"); err != nil {
		t.Fatal(err)
	}
	prog[8] = jump(bpfop.JeqK, 0, 0, 3)
	prog[10] = jump(bpfop.JeqK, 1, 1, 1)
	st, err = Measure(prog, r)
	if err != nil {
		t.Fatal(err)
	}
	a := st.Arches[0]
	if a.AlwaysAllow != 2 || a.Cacheable != 1 || !testdiff.Equal(a.Uncached, []string{"write"}) {
		t.Errorf("always-allow %d, cacheable %d, uncached %v; want 2, 1, [write]", a.AlwaysAllow, a.Cacheable, a.Uncached)
	}
}
