package verify

import (
	"encoding/hex"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

func TestBytesLayout(t *testing.T) {
	d := &SeccompData{
		Nr:   0x01020304,
		Arch: 0xc000003e,
		IP:   0x1112131415161718,
		Args: [6]uint64{0x2122232425262728, 0x3132333435363738, 0x4142434445464748,
			0x5152535455565758, 0x6162636465666768, 0x7172737475767778},
	}
	tests := []struct {
		bigEndian bool
		want      string
	}{
		{false, "04030201" + "3e0000c0" + "1817161514131211" +
			"2827262524232221" + "3837363534333231" + "4847464544434241" +
			"5857565554535251" + "6867666564636261" + "7877767574737271"},
		{true, "01020304" + "c000003e" + "1112131415161718" +
			"2122232425262728" + "3132333435363738" + "4142434445464748" +
			"5152535455565758" + "6162636465666768" + "7172737475767778"},
	}
	for _, tt := range tests {
		b := d.Bytes(tt.bigEndian)
		if got := hex.EncodeToString(b[:]); got != tt.want {
			t.Errorf("Bytes(%v) =\n%s\nwant\n%s", tt.bigEndian, got, tt.want)
		}
	}
}

// TestByteOrder runs the same programs on big- and little-endian targets.
// A load at 16 reads args[0]'s low word on little-endian and its high word
// on big-endian.
func TestByteOrder(t *testing.T) {
	d := &SeccompData{
		Nr:   1,
		Arch: auditX8664,
		IP:   0xaaaaaaaa_bbbbbbbb,
		Args: [6]uint64{0x11111111_22222222, 0x33333333_44444444, 0, 0, 0, 0x55555555_66666666},
	}
	tests := []struct {
		name   string
		k      uint32
		le, be uint32
	}{
		{"ip first word", bpfop.OffIP, 0xbbbbbbbb, 0xaaaaaaaa},
		{"ip second word", bpfop.OffIP + 4, 0xaaaaaaaa, 0xbbbbbbbb},
		{"arg0 first word", 16, 0x22222222, 0x11111111},
		{"arg0 second word", 20, 0x11111111, 0x22222222},
		{"arg1 first word", 24, 0x44444444, 0x33333333},
		{"arg5 second word", 60, 0x55555555, 0x66666666},
		{"nr", bpfop.OffNr, 1, 1},
		{"arch", bpfop.OffArch, auditX8664, auditX8664},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := []bpf.RawInstruction{ldAbs(tt.k), retA()}
			for _, be := range []bool{false, true} {
				want := tt.le
				if be {
					want = tt.be
				}
				got, err := Run(prog, d, be)
				if err != nil || got != want {
					t.Errorf("Run(ld [%d], bigEndian=%v) = %#x, %v; want %#x", tt.k, be, got, err, want)
				}
			}
		})
	}
}

// TestArgHalves checks a 64-bit comparison written the way a compiler emits
// it (high word, then low word) with the offsets chosen per byte order: it
// must give the same answer on both targets.
func TestArgHalves(t *testing.T) {
	// if args[1] == 0x1_00000002 { return 1 } else { return 2 }
	build := func(be bool) []bpf.RawInstruction {
		return []bpf.RawInstruction{
			ldAbs(argHi(1, be)),
			jump(bpfop.JeqK, 1, 0, 2),
			ldAbs(argLo(1, be)),
			jump(bpfop.JeqK, 2, 1, 0),
			retK(2),
			retK(1),
		}
	}
	for _, v := range []struct {
		arg  uint64
		want uint32
	}{
		{0x1_00000002, 1},
		{0x2_00000001, 2},
		{0x0_00000002, 2},
		{0x1_00000003, 2},
	} {
		d := &SeccompData{Args: [6]uint64{0, v.arg}}
		for _, be := range []bool{false, true} {
			got, err := Run(build(be), d, be)
			if err != nil || got != v.want {
				t.Errorf("arg %#x bigEndian=%v: got %d, %v; want %d", v.arg, be, got, err, v.want)
			}
			// The program built for the other byte order swaps the
			// halves and must get it wrong for asymmetric values.
			swapped, _ := Run(build(!be), d, be)
			if v.arg == 0x1_00000002 && swapped == v.want {
				t.Errorf("arg %#x bigEndian=%v: program for the other order also matched", v.arg, be)
			}
		}
	}
}
