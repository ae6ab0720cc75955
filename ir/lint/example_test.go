package lint_test

import (
	"fmt"
	"log"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/lint"
)

func ExamplePolicy() {
	src := `default errno(1)
arch x86_64 x32
allow read, write
allow read
kill_process ptrace
allow ptrace if a0 == 16
allow personality if (a0 & 0xff) == 0x100
`
	p, err := ir.Parse([]byte(src), "ex.policy")
	if err != nil {
		log.Fatal(err)
	}
	fs, err := lint.Policy(p, lint.Options{Target: "x86_64"})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range fs {
		fmt.Println(f)
	}
	fmt.Println("errors:", lint.HasErrors(fs))
	// Output:
	// ex.policy:4: warning: allow read repeats ex.policy:3 [duplicate]
	// ex.policy:6: warning: allow ptrace if a0 == 16 never decides a verdict: ex.policy:5 holds whenever it does and takes precedence [shadowed]
	// ex.policy:7: warning: (a0 & 255) == 0x100 is always false: the value 0x100 has bits outside the mask 0xff [mask-value]
	// ex.policy:7: error: allow personality if (a0 & 255) == 0x100 can never match: no arguments satisfy the condition [never-matches]
	// errors: true
}
