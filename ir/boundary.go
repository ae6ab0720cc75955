package ir

import "slices"

// BoundaryValues returns, for each argument, the values at which the
// comparisons of the expressions can change outcome: for every constant
// c (values and masks) c-1, c, c+1, the same three for each 32-bit half
// of c with the other half kept, zero and all-ones, and the 32-bit
// boundaries. Tests and the equivalence checker build argument vectors
// from them.
func BoundaryValues(xs ...*Expr) [MaxArgs][]uint64 {
	var out [MaxArgs][]uint64
	for i := range out {
		out[i] = []uint64{0, 1, 0xffffffff, 0x100000000, 0x7fffffff, 0x80000000, ^uint64(0), 0xffffffff00000000}
	}
	for _, x := range xs {
		consts := x.constants()
		for arg, cs := range consts {
			for _, c := range cs {
				hi, lo := c&0xffffffff00000000, c&0xffffffff
				out[arg] = append(out[arg],
					c-1, c, c+1,
					hi|(lo-1)&0xffffffff, hi|(lo+1)&0xffffffff, // low half moves, high kept
					(hi+1<<32)|lo, (hi-1<<32)|lo, // high half moves, low kept
					lo, hi|0xffffffff, c^0x80000000, c|0xffffffff00000000)
			}
		}
	}
	for i := range out {
		slices.Sort(out[i])
		out[i] = slices.Compact(out[i])
	}
	return out
}
