package verify_test

import (
	"errors"
	"fmt"
	"math"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

// Prove finds the input on which the example filter and a policy that
// looks the same disagree: the filter never checks for x32 syscall
// numbers, which the policy (having no x32 section) kills.
func ExampleProve() {
	p, err := ir.Parse([]byte(`default errno(1)
badarch kill_process
baseline none
allow getpid
allow write if lo32(a0) == 1
`), "example.policy")
	if err != nil {
		panic(err)
	}
	r, _, err := ir.Resolve(p, "x86_64")
	if err != nil {
		panic(err)
	}
	_, err = verify.Prove(exampleFilter(), r)
	var cex *verify.Counterexample
	if errors.As(err, &cex) {
		fmt.Printf("arch %#x nr %#x: filter %#x, policy %v\n", cex.Data.Arch, cex.Data.Nr, cex.Program, cex.Policy)
	}
	// Output:
	// arch 0xc000003e nr 0x40000000: filter 0x50001, policy kill_process
}

// Paths lists the paths of the example filter with the inputs that take
// each one.
func ExamplePaths() {
	err := verify.Paths(exampleFilter(), nil, func(p *verify.Path) bool {
		fmt.Printf("%#x if %s\n", p.Ret, p.Cube.String())
		return true
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// 0x7fff0000 if nr == 0x27 && arch == 0xc000003e
	// 0x7fff0000 if nr == 0x1 && arch == 0xc000003e && args[0]+0 == 0x1
	// 0x50001 if nr == 0x1 && arch == 0xc000003e && args[0]+0 != 0x1
	// 0x50001 if nr != 0x27 && nr != 0x1 && arch == 0xc000003e
	// 0x80000000 if arch != 0xc000003e
}

// Word decides conjunctions of constraints on one 32-bit word exactly.
func ExampleWord() {
	all := uint32(math.MaxUint32)
	w := verify.Word{
		verify.AtomGe(all, 0x5400),    // w >= 0x5400
		verify.AtomEq(0xff00, 0x5400), // (w & 0xff00) == 0x5400
		verify.AtomNe(all, 0x5400),    // w != 0x5400
		verify.AtomNe(0x40000000, 0),  // w & 0x40000000 != 0
	}
	lo, _ := w.Min()
	hi, _ := w.Max()
	fmt.Printf("%#x %#x\n", lo, hi)
	// Output:
	// 0x40005400 0xffff54ff
}
