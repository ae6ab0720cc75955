package semdiff_test

import (
	"errors"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/verify"
	"github.com/seccompc/seccompc/verify/semdiff"
)

// fuzzProg builds a filter from data, three bytes an instruction: loads
// of arch, nr and argument words, ALU ANDs, conditional jumps (forward
// only, within the program) and returns, ending with a return, so
// that most inputs give a program that verify.Check accepts.
func fuzzProg(data []byte) []bpf.RawInstruction {
	const ldW, and, ret = 0x20, 0x54, 0x06
	jumps := []uint16{0x15, 0x25, 0x35, 0x45} // jeq, jgt, jge, jset
	rets := []uint32{0x7fff0000, 0x00050001, 0x00050002, 0x80000000, 0x00030000}
	consts := []uint32{0, 1, 2, 0xff, 0x1000, 0xc000003e, 0x40000003, 0x40000000, 0xffffffff}
	var prog []bpf.RawInstruction
	n := min(len(data)/3, 24)
	for i := range n {
		op, x, y := data[3*i], data[3*i+1], data[3*i+2]
		left := n - i // instructions after this one, the final return included
		switch op % 4 {
		case 0:
			prog = append(prog, bpf.RawInstruction{Op: ldW, K: uint32(x%16) * 4})
		case 1:
			prog = append(prog, bpf.RawInstruction{Op: jumps[y%4], K: consts[x%uint8(len(consts))],
				Jt: uint8(int(y>>2) % left), Jf: uint8(int(x>>4) % left)})
		case 2:
			prog = append(prog, bpf.RawInstruction{Op: ret, K: rets[x%uint8(len(rets))]})
		default:
			prog = append(prog, bpf.RawInstruction{Op: and, K: consts[x%uint8(len(consts))] | uint32(y)})
		}
	}
	return append(prog, bpf.RawInstruction{Op: ret, K: 0x7fff0000})
}

// FuzzFilters runs Filters on pairs of small filters, for either byte
// order: it must not
// panic, and on filters that verify.Check accepts it either gives up
// with ErrTooComplex or describes changes whose examples get their
// verdicts from the two filters.
func FuzzFilters(f *testing.F) {
	f.Add([]byte{0, 1, 0, 1, 5, 4, 2, 1, 0}, []byte{2, 0, 0}, false)
	f.Add([]byte{0, 0, 0, 1, 0x56, 0x08, 0, 1, 0, 3, 1, 0, 1, 1, 0x0c, 2, 1, 0, 2, 3, 0}, []byte{0, 1, 0, 1, 5, 4, 2, 1, 0}, false)
	f.Add([]byte{0, 4, 0, 1, 3, 3, 2, 2, 0}, []byte{0, 4, 0, 1, 3, 7, 2, 2, 0}, true)
	f.Fuzz(func(t *testing.T, da, db []byte, big bool) {
		a, b := fuzzProg(da), fuzzProg(db)
		cs, err := semdiff.Filters(a, b, big)
		if verify.Check(a) != nil || verify.Check(b) != nil {
			if err == nil {
				t.Fatalf("Filters accepts a program Check refuses:\n%v\n%v", a, b)
			}
			return
		}
		if err != nil {
			if !errors.Is(err, semdiff.ErrTooComplex) {
				t.Fatalf("Filters: %v\n%v\n%v", err, a, b)
			}
			return
		}
		for _, c := range cs {
			ra, errA := verify.Run(a, &c.Example, big)
			rb, errB := verify.Run(b, &c.Example, big)
			if errA != nil || errB != nil || ra != c.From || rb != c.To || c.From == c.To {
				t.Fatalf("change %+v: example gives %#x, %#x (%v, %v)", c, ra, rb, errA, errB)
			}
		}
	})
}
