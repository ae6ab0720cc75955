package tables_test

import (
	"fmt"

	"github.com/seccompc/seccompc/tables"
)

func ExampleForArch() {
	tab, err := tables.ForArch("aarch64")
	if err != nil {
		panic(err)
	}
	s, ok := tab.ByName("clone3")
	fmt.Println(s.Name, s.Nr, s.Since, ok)

	_, err = tables.ForArch("arm64")
	fmt.Println(err)
	// Output:
	// clone3 435 5.3 true
	// tables: unknown architecture "arm64"
}

func ExampleTable_ByNr() {
	tab, _ := tables.ForArch("x32")
	s, _ := tab.ByNr(0x40000000 | 257) // x32 numbers include the x32 bit
	fmt.Println(s.Name, s.Since)
	// Output: openat 3.4
}

func ExampleTable_InBaseline() {
	tab, _ := tables.ForArch("x86_64")
	openat2, _ := tab.ByName("openat2")
	for _, k := range []string{"5.4", "5.6", "6.1"} {
		v, _ := tables.ParseVersion(k)
		fmt.Printf("openat2 in %s baseline: %v\n", k, tab.InBaseline(openat2.Nr, v))
	}
	// A syscall that was never implemented is in no baseline.
	tux, _ := tab.ByName("tuxcall")
	fmt.Printf("tuxcall since %q, in %s baseline: %v\n", tux.Since, tables.Newest(), tab.InBaseline(tux.Nr, tables.Newest()))
	// Output:
	// openat2 in 5.4 baseline: false
	// openat2 in 5.6 baseline: true
	// openat2 in 6.1 baseline: true
	// tuxcall since "", in 7.0 baseline: false
}

func ExampleTable_BaselineRanges() {
	tab, _ := tables.ForArch("riscv64")
	v, _ := tables.ParseVersion("5.3")
	r := tab.BaselineRanges(v)
	fmt.Println(len(tab.Baseline(v)), "syscalls in", len(r), "ranges; first", r[0], "last", r[len(r)-1])
	// Output: 290 syscalls in 5 ranges; first {0 37} last {424 435}
}

func ExampleParseVersion() {
	for _, s := range []string{"5.10", "6.5.3", "v6.5", "6"} {
		v, err := tables.ParseVersion(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(v, v.Less(tables.Version{Major: 6, Minor: 1}))
	}
	// Output:
	// 5.10 true
	// 6.5 false
	// invalid kernel version "v6.5": component "v6" is not a decimal number
	// invalid kernel version "6": want major.minor
}
