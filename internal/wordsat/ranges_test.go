package wordsat

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRanges(t *testing.T) {
	const all = math.MaxUint32
	for _, tc := range []struct {
		name string
		w    Word
		want []Range
	}{
		{"any", nil, []Range{{0, all}}},
		{"ne", Word{Ne(all, 5)}, []Range{{0, 4}, {6, all}}},
		{"interval minus point", Word{In(10, 20), Ne(all, 15)}, []Range{{10, 14}, {16, 20}}},
		{"x32 bit clear", Word{Eq(0x40000000, 0)}, []Range{{0, 0x3fffffff}, {0x80000000, 0xbfffffff}}},
		{"empty", Word{Lt(all, 3), Gt(all, 5)}, nil},
		{"top", Word{Ge(all, all)}, []Range{{all, all}}},
	} {
		got, ok := tc.w.Ranges(16)
		if !ok || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v %v, want %v", tc.name, got, ok, tc.want)
		}
	}
	// The alternating bit 0: far more ranges than the limit.
	if got, ok := (Word{Eq(1, 0)}).Ranges(16); ok {
		t.Errorf("bit 0 clear: %d ranges within the limit", len(got))
	}
}

// TestRangesExhaustive checks Ranges against Holds on words whose atoms
// constrain the top 8 bits only: the ranges are then unions of the 256
// blocks of 2^24 values, and one value of each block decides them.
func TestRangesExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 5))
	for iter := range 500 {
		var w Word
		for range 1 + rng.IntN(3) {
			w = append(w, Atom{Mask: rng.Uint32N(256) << 24, Lo: rng.Uint32N(256) << 24, Hi: rng.Uint32N(256) << 24, Out: rng.IntN(2) == 0})
		}
		rs, ok := w.Ranges(256)
		if !ok {
			t.Fatalf("#%d %v: over the limit", iter, w)
		}
		for b := uint32(0); b < 256; b++ {
			v := b << 24
			if Contains(rs, v) != w.Holds(v) || Contains(rs, v|0xabcdef) != w.Holds(v|0xabcdef) {
				t.Fatalf("#%d %v: ranges %v at %#x say %v", iter, w, rs, v, Contains(rs, v))
			}
		}
	}
}

// TestWholeRanges checks the direct computation of a word's values
// against the halving walk, on words of whole-word atoms near the ends
// of the range.
func TestWholeRanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 4))
	pick := func() uint32 { return uint32(rng.IntN(40)) + []uint32{0, 1 << 20, math.MaxUint32 - 39}[rng.IntN(3)] }
	for range 3000 {
		var w Word
		for range rng.IntN(6) {
			lo, hi := pick(), pick()
			w = append(w, Atom{Mask: math.MaxUint32, Lo: lo, Hi: hi, Out: rng.IntN(3) != 0})
		}
		limit := 1 + rng.IntN(4)
		got, gotOK, done := wholeRanges(w, limit)
		want, wantOK := walkRanges(w, limit)
		if !done || gotOK != wantOK || gotOK && !slices.Equal(got, want) {
			t.Fatalf("wholeRanges(%v, %d) = %v, %v, %v; walkRanges: %v, %v", w, limit, got, gotOK, done, want, wantOK)
		}
	}
}

func TestUnion(t *testing.T) {
	got := Union([]Range{{10, 20}, {0, 3}, {4, 5}, {15, 30}, {40, 40}})
	want := []Range{{0, 5}, {10, 30}, {40, 40}}
	if !slices.Equal(got, want) || Size(got) != 6+21+1 {
		t.Errorf("Union = %v (size %d), want %v", got, Size(got), want)
	}
}
