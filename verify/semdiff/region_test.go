package semdiff

import (
	"errors"
	"math"
	"strings"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

// TestRegionFormat formats hand-built argument regions.
func TestRegionFormat(t *testing.T) {
	const all = math.MaxUint32
	type atom struct {
		arg  int
		hi   bool
		atom verify.Atom
	}
	cube := func(big bool, as ...atom) *verify.Cube {
		var c verify.Cube
		for _, a := range as {
			lo, hi := verify.ArgWords(a.arg, big)
			w := lo
			if a.hi {
				w = hi
			}
			if !c.And(w, a.atom) {
				t.Fatalf("empty cube %v", as)
			}
		}
		return &c
	}
	hiZero := func(arg int) atom { return atom{arg, true, verify.AtomEq(all, 0)} }
	for _, tc := range []struct {
		name    string
		c       *verify.Cube
		bits    int
		want    string
		negated string
	}{
		{"nothing", cube(false), 64, "any arguments", ""},
		{"eq", cube(false, hiZero(0), atom{0, false, verify.AtomEq(all, 40)}), 64, "a0 == 40", "a0 != 40"},
		{"eq big-endian", cube(true, hiZero(0), atom{0, false, verify.AtomEq(all, 40)}), 64, "a0 == 40", "a0 != 40"},
		{"wide eq", cube(false, atom{1, true, verify.AtomEq(all, 1)}, atom{1, false, verify.AtomEq(all, 2)}), 64, "a1 == 0x100000002", "a1 != 0x100000002"},
		{"high half set", cube(false, atom{2, true, verify.AtomNe(all, 0)}), 64, "a2 >= 0x100000000", "a2 < 0x100000000"},
		{"low half free", cube(false, hiZero(3)), 64, "a3 <= 0xffffffff", "a3 > 0xffffffff"},
		{"masked", cube(false, atom{1, false, verify.AtomEq(0xff00, 0x5400)}), 64, "(a1 & 0xff00) == 0x5400", "(a1 & 0xff00) != 0x5400"},
		{"masked high", cube(false, atom{1, true, verify.AtomNe(0x80000000, 0)}), 64, "(a1.hi & 0x80000000) != 0", "(a1.hi & 0x80000000) == 0"},
		{"set", cube(false, hiZero(0), atom{0, false, verify.AtomIn(3, 12)}, atom{0, false, verify.AtomNe(all, 7)},
			atom{0, false, verify.AtomNe(all, 8)}, atom{0, false, verify.AtomNe(all, 9)}, atom{0, false, verify.AtomNe(all, 10)}),
			64, "a0 in {3..6, 11, 12}", "a0 not in {3..6, 11, 12}"},
		{"two args", cube(false, hiZero(0), atom{0, false, verify.AtomEq(all, 1)}, hiZero(1), atom{1, false, verify.AtomGt(all, 9)}),
			64, "a0 == 1 && a1 in [10, 0xffffffff]", "!(a0 == 1 && a1 in [10, 0xffffffff])"},
		{"halves apart", cube(false, atom{0, true, verify.AtomGe(all, 2)}, atom{0, false, verify.AtomEq(all, 5)}), 64,
			"a0.hi >= 2 && a0.lo == 5", "!(a0.hi >= 2 && a0.lo == 5)"},
		{"32-bit ABI", cube(false, atom{0, false, verify.AtomNe(all, 37)}), 32, "a0 != 37", "a0 == 37"},
		{"32-bit ABI on 64", cube(false, atom{0, false, verify.AtomNe(all, 37)}), 64, "a0.lo != 37", "a0.lo == 37"},
		{"implied mask", cube(false, hiZero(1), atom{1, false, verify.AtomEq(0xff00, 0x5400)}, atom{1, false, verify.AtomEq(all, 0x5412)}), 64,
			"a1 == 0x5412", "a1 != 0x5412"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := argConds(&argCubes([]verify.Cube{*tc.c})[0], tc.name == "eq big-endian", tc.bits)
			if got := joinConds(cs); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if tc.negated != "" {
				if got := negateConds(cs); got != tc.negated {
					t.Errorf("negated: got %q, want %q", got, tc.negated)
				}
			}
		})
	}
}

// TestMergeCubes merges the pieces a filter's paths cut a region into.
func TestMergeCubes(t *testing.T) {
	const all = math.MaxUint32
	lo, hi := verify.ArgWords(0, false)
	mk := func(ws map[int]verify.Word) verify.Cube {
		var c verify.Cube
		for i, w := range ws {
			c[i] = w
		}
		return c
	}
	for _, tc := range []struct {
		name string
		in   []verify.Cube
		want string
	}{
		{"values", []verify.Cube{
			mk(map[int]verify.Word{hi: {verify.AtomEq(all, 0)}, lo: {verify.AtomEq(all, 1)}}),
			mk(map[int]verify.Word{hi: {verify.AtomEq(all, 0)}, lo: {verify.AtomEq(all, 2)}}),
			mk(map[int]verify.Word{hi: {verify.AtomEq(all, 0)}, lo: {verify.AtomEq(all, 9)}}),
		}, "a0 in {1, 2, 9}"},
		{"atom and negation", []verify.Cube{
			mk(map[int]verify.Word{lo: {verify.AtomEq(0xff, 1)}, 6: {verify.AtomEq(all, 3)}}),
			mk(map[int]verify.Word{lo: {verify.AtomNe(0xff, 1)}, 6: {verify.AtomEq(all, 3)}}),
		}, "a1.lo == 3"},
		{"two words apart", []verify.Cube{
			mk(map[int]verify.Word{hi: {verify.AtomNe(all, 0)}}),
			mk(map[int]verify.Word{hi: {verify.AtomEq(all, 0)}, lo: {verify.AtomNe(all, 40)}}),
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mergeCubes(argCubes(tc.in))
			if tc.want == "" {
				if len(got) != len(tc.in) {
					t.Errorf("merged %d cubes into %d", len(tc.in), len(got))
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("%d cubes after merging, want 1", len(got))
			}
			if s := joinConds(argConds(&got[0], false, 64)); s != tc.want {
				t.Errorf("got %q, want %q", s, tc.want)
			}
		})
	}
}

// bitTests returns a filter for x86_64 that, for read (nr 0), tests n
// bits of a0 one after the other, each test's branches meeting again,
// and then returns ERRNO(1): it cuts read's arguments into 2^n regions.
// Every other input is allowed.
func bitTests(n int) []bpf.RawInstruction {
	const ret, ldW, jeq, jset, ja = 0x06, 0x20, 0x15, 0x45, 0x05
	prog := []bpf.RawInstruction{
		{Op: ldW, K: 4},
		{Op: jeq, K: 0xc000003e, Jt: 1},
		{Op: ret, K: ir.RetAllow},
		{Op: ldW, K: 0},
		{Op: jeq, K: 0, Jf: uint8(2*n + 2)},
		{Op: ldW, K: 16},
	}
	for i := range n {
		prog = append(prog, bpf.RawInstruction{Op: jset, K: 1 << i, Jt: 1}, bpf.RawInstruction{Op: ja, K: 0})
	}
	return append(prog, bpf.RawInstruction{Op: ret, K: ir.Errno(1).Ret()}, bpf.RawInstruction{Op: ret, K: ir.RetAllow})
}

// TestFiltersTooComplex checks the bound on a difference's fragments:
// with the bound lowered to 8 regions, 2^4 regions of read are more
// than Filters describes, and it says so with ErrTooComplex; 2^3 are
// described, as one line (the regions' union is every argument).
func TestFiltersTooComplex(t *testing.T) {
	defer func(n int) { maxPairs = n }(maxPairs)
	maxPairs = 8
	allow := []bpf.RawInstruction{{Op: 0x06, K: ir.RetAllow}}
	for _, n := range []int{3, 4} {
		prog := bitTests(n)
		if err := verify.Check(prog); err != nil {
			t.Fatal(err)
		}
		cs, err := Filters(prog, allow, false)
		switch {
		case n > 3 && (!errors.Is(err, ErrTooComplex) || strings.Contains(err.Error(), "diff: diff:")):
			t.Errorf("%d bit tests: %d changes, %v; want ErrTooComplex, said once", n, len(cs), err)
		case n == 3 && (err != nil || len(cs) != 1 || cs[0].Syscall != "read" || cs[0].Region != "any arguments"):
			t.Errorf("%d bit tests: %+v, %v; want one change of read", n, cs, err)
		}
	}
}

// maskedNrTests returns a filter for x86_64 that tests n masks of the
// syscall number one after the other, each returning its own ERRNO when
// one of its bits is set. Each region's number set is a masked word of
// more than maxRanges intervals, which only a walk of the word's values
// finds out.
func maskedNrTests(n int) []bpf.RawInstruction {
	const ret, ldW, jeq, jset = 0x06, 0x20, 0x15, 0x45
	prog := []bpf.RawInstruction{
		{Op: ldW, K: 4},
		{Op: jeq, K: 0xc000003e, Jf: uint8(2*n + 1)},
		{Op: ldW, K: 0},
	}
	for i := range n {
		prog = append(prog, bpf.RawInstruction{Op: jset, K: 0x1ff0 << i, Jf: 1}, bpf.RawInstruction{Op: ret, K: ir.Errno(uint16(i + 1)).Ret()})
	}
	return append(prog, bpf.RawInstruction{Op: ret, K: ir.RetAllow})
}

// TestFiltersMaskedNumbersBounded checks that the work of splitting
// regions by syscall number is bounded over a whole call, not per
// region: every region of maskedNrTests costs a walk to maxRanges
// intervals, and 8 of them are more than Filters spends. (Without the
// budget, Filters spent 38 s on this 20-instruction filter, about 4 s a
// region, and listed 28,677 changes.) The budget is lowered to one
// failed split, to keep the test short.
func TestFiltersMaskedNumbersBounded(t *testing.T) {
	defer func(n int) { rangeBudget = n }(rangeBudget)
	rangeBudget = maxRanges
	allow := []bpf.RawInstruction{{Op: 0x06, K: ir.RetAllow}}
	prog := maskedNrTests(8)
	if err := verify.Check(prog); err != nil {
		t.Fatal(err)
	}
	cs, err := Filters(prog, allow, false)
	if !errors.Is(err, ErrTooComplex) || strings.Contains(err.Error(), "diff: diff:") {
		t.Errorf("%d changes, %v; want ErrTooComplex, said once", len(cs), err)
	}
}
