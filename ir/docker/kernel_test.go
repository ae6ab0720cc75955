package docker

import (
	"testing"

	"github.com/moby/profiles/seccomp"

	"github.com/seccompc/seccompc/tables"
)

// TestHostAtLeast checks that hostAtLeast, with no Options.Kernel, gives
// what atLeast gives for the newest kernel the tables know, and with one
// what atLeast gives for it.
func TestHostAtLeast(t *testing.T) {
	n := tables.Newest()
	major, minor := uint64(n.Major), uint64(n.Minor)
	mins := []seccomp.KernelVersion{
		{Kernel: 0, Major: 0}, {Kernel: 4, Major: 8}, {Kernel: major, Major: 0},
		{Kernel: major, Major: minor}, {Kernel: major, Major: minor + 1}, {Kernel: major + 1, Major: 0},
		{Kernel: 0xffff, Major: 0}, {Kernel: 0xffff, Major: 1 << 20}, {Kernel: 1 << 20, Major: 0},
		{Kernel: major - 1, Major: 1 << 20}, {Kernel: major, Major: 1 << 20},
	}
	for _, host := range []tables.Version{{}, {Major: 5, Minor: 10}, n} {
		want := host
		if want.IsZero() {
			want = n
		}
		r := &resolver{kernel: host}
		for _, m := range mins {
			if got, exp := r.hostAtLeast(&m), atLeast(want, &m); got != exp {
				t.Errorf("kernel %v: hostAtLeast(%d.%d) = %v, want %v", host, m.Kernel, m.Major, got, exp)
			}
		}
	}
}
