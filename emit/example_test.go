package emit_test

import (
	"fmt"

	"github.com/seccompc/seccompc/emit"
)

// A filter that allows write(2) to stdout and stderr only and fails every
// other syscall with EPERM, for x86_64 (the architecture check is left
// out for brevity).
func Example() {
	const (
		jeq      = 0x10
		jgt      = 0x20
		retAllow = 0x7fff0000
		retEPERM = 0x00050001
		sysWrite = 1
	)
	rule := emit.Source{Arch: "x86_64", Part: emit.PartRule, Rule: 0, Note: "write"}
	b := emit.NewBuilder()
	allow := b.Ret(retAllow, rule)
	eperm := b.Ret(retEPERM, emit.Source{Arch: "x86_64", Part: emit.PartDefault, Rule: -1})

	// fd is args[0]: its low word at offset 16, its high word at 20
	// (little-endian). Build from the leaves up: successors first.
	fdLow := b.LoadAbs(16, b.Jump(jgt, 2, eperm, allow, rule), rule)
	fd := b.LoadAbs(20, b.Jump(jeq, 0, fdLow, eperm, rule), rule)
	dispatch := b.Jump(jeq, sysWrite, fd, eperm, emit.Source{Arch: "x86_64", Part: emit.PartDispatch, Rule: -1, Note: "write"})
	root := b.LoadAbs(0, dispatch, emit.Source{Arch: "x86_64", Part: emit.PartDispatch, Rule: -1, Note: "nr"})

	// Building the same instruction again returns the same node.
	fmt.Println(b.Jump(jeq, sysWrite, fd, eperm, emit.Source{}) == dispatch)

	p, err := b.Assemble(root)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(p)
	// Output:
	// true
	// 0: ld [0]                 ; x86_64 dispatch: nr
	// 1: jneq #1,5              ; x86_64 dispatch: write
	// 2: ld [20]                ; x86_64 rule 0: write
	// 3: jneq #0,3              ; x86_64 rule 0: write
	// 4: ld [16]                ; x86_64 rule 0: write
	// 5: jgt #2,1               ; x86_64 rule 0: write
	// 6: ret #2147418112        ; x86_64 rule 0: write
	// 7: ret #327681            ; x86_64 default
}

// Assemble reports a program past the kernel's limit with its length.
func ExampleBuilder_Assemble_tooLong() {
	b := emit.NewBuilder()
	n := b.Ret(0, emit.Source{})
	for i := range 5000 {
		n = b.ALU(0x00, uint32(i), n, emit.Source{}) // A += i
	}
	_, err := b.Assemble(n)
	fmt.Println(err)
	// Output:
	// emit: program too long: 5001 instructions, max 4096
}
