package tables

import (
	"slices"
	"testing"
)

// TestHostNumbers cross-checks the host's table against the SYS_*
// constants of golang.org/x/sys/unix (see host_linux_*_test.go): every
// constant whose name is in the table must have the table's number.
func TestHostNumbers(t *testing.T) {
	if hostTable == "" {
		t.Skip("no golang.org/x/sys/unix cross-check for this platform (linux/amd64 and linux/arm64 only)")
	}
	tab := mustTable(t, hostTable)
	names := make([]string, 0, len(hostSyscalls))
	for name := range hostSyscalls {
		names = append(names, name)
	}
	slices.Sort(names)
	compared := 0
	var missing []string
	for _, name := range names {
		nr := hostSyscalls[name]
		s, ok := tab.ByName(name)
		if !ok {
			missing = append(missing, name)
			continue
		}
		compared++
		if uintptr(s.Nr) != nr {
			t.Errorf("%s: table has %d, unix.SYS_%s is %d", name, s.Nr, name, nr)
		}
	}
	t.Logf("%s: compared %d of %d unix.SYS_* constants with the table; not in the table: %q", hostTable, compared, len(hostSyscalls), missing)
	if compared <= 300 {
		t.Errorf("compared only %d constants, want more than 300", compared)
	}
}
