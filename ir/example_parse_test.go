package ir_test

import (
	"fmt"
	"log"

	"github.com/seccompc/seccompc/ir"
)

func ExampleParse() {
	src := `
default errno(1)
arch x86_64
allow read, write
allow personality if a0 == 0 || a0 in {8, 0x20000}
allow clone if (a0 & 0x7e020000) == 0
kill_process 400
`
	p, err := ir.Parse([]byte(src), "example.policy")
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range p.Rules {
		fmt.Printf("%s: %s\n", r.Pos, r.String())
	}
	fmt.Println(p.Rules[2].Cond.Op, len(p.Rules[2].Cond.Sub))

	_, err = ir.Parse([]byte("default allow\nallow ioctl if a6 == 1\n"), "bad.policy")
	fmt.Println(err)
	// Output:
	// example.policy:4: allow read
	// example.policy:4: allow write
	// example.policy:5: allow personality if a0 == 0 || a0 in {8, 0x20000}
	// example.policy:6: allow clone if (a0 & 0x7e020000) == 0
	// example.policy:7: kill_process 400
	// or 2
	// bad.policy:2:16: invalid argument index: argument a6 does not exist (a0 to a5)
}

func ExampleParseExpr() {
	x, err := ir.ParseExpr("a2 in {0..7, 9} && !(lo32(a1) == 3 || a0 == 1)")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(x)
	fmt.Println(x.Holds(&[ir.MaxArgs]uint64{0, 4, 5}))
	// Output:
	// a2 in {0..7, 9} && !(lo32(a1) == 3 || a0 == 1)
	// true
}
