package lower_test

import (
	"fmt"
	"log"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// Compile a policy for x86_64 and run syscalls through the filter with
// the interpreter.
func ExampleCompile() {
	p, err := ir.Parse([]byte(`
default errno(1)
baseline 5.4
allow read, write, exit_group
allow personality if a0 in {0, 8}
`), "example.policy")
	if err != nil {
		log.Fatal(err)
	}
	r, _, err := ir.Resolve(p, "x86_64")
	if err != nil {
		log.Fatal(err)
	}
	prog, err := lower.Compile(r)
	if err != nil {
		log.Fatal(err)
	}
	if err := verify.Check(prog.Insns); err != nil {
		log.Fatal(err)
	}
	for _, d := range []verify.SeccompData{
		{Arch: 0xc000003e, Nr: 0},                       // read
		{Arch: 0xc000003e, Nr: 135, Args: [6]uint64{8}}, // personality(8)
		{Arch: 0xc000003e, Nr: 135, Args: [6]uint64{1}}, // personality(1)
		{Arch: 0xc000003e, Nr: 2},                       // open: in 5.4, not allowed
		{Arch: 0xc000003e, Nr: 437},                     // openat2 (5.6): newer than 5.4
		{Arch: 0x40000003, Nr: 3},                       // i386 read: not in the filter
	} {
		ret, err := verify.Run(prog.Insns, &d, false)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(emit.RetString(ret))
	}
	// Output:
	// ALLOW
	// ALLOW
	// ERRNO(1)
	// ERRNO(1)
	// ERRNO(38)
	// KILL_THREAD
}
