package semdiff_test

import (
	"fmt"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify/semdiff"
)

// Filters describes, on every input, where a new version of a policy
// answers differently from the old one.
func Example() {
	build := func(text string) *ir.Resolved {
		p, err := ir.Parse([]byte(text), "example.policy")
		if err != nil {
			panic(err)
		}
		r, _, err := ir.Resolve(p, "x86_64")
		if err != nil {
			panic(err)
		}
		return r
	}
	old := build(`default errno(1)
baseline none
allow read, write
allow personality if a0 == 40
`)
	cur := build(`default errno(1)
baseline none
allow read
allow personality if a0 == 8 || a0 == 40
`)
	a, err := lower.Compile(old)
	if err != nil {
		panic(err)
	}
	b, err := lower.Compile(cur)
	if err != nil {
		panic(err)
	}
	changes, err := semdiff.Filters(a.Insns, b.Insns, false)
	if err != nil {
		panic(err)
	}
	for _, c := range changes {
		fmt.Printf("%s %s: %s -> %s for %s\n", c.Section.Name, c.Syscall, emit.RetString(c.From), emit.RetString(c.To), c.Region)
	}
	// Output:
	// x86_64 write: ALLOW -> ERRNO(1) for any arguments
	// x86_64 personality: ERRNO(1) -> ALLOW for a0 == 8
}
