package arch_test

import (
	"fmt"

	"github.com/seccompc/seccompc/arch"
)

func ExampleLookup() {
	for _, name := range []string{"SCMP_ARCH_AARCH64", "amd64", "i686", "sh"} {
		a, err := arch.Lookup(name)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-17s -> %-7s %s audit=%#x bits=%d big-endian=%v\n",
			name, a, a.OCI, a.Audit, a.Bits, a.BigEndian)
	}
	// Output:
	// SCMP_ARCH_AARCH64 -> aarch64 SCMP_ARCH_AARCH64 audit=0xc00000b7 bits=64 big-endian=false
	// amd64             -> x86_64  SCMP_ARCH_X86_64 audit=0xc000003e bits=64 big-endian=false
	// i686              -> x86     SCMP_ARCH_X86 audit=0x40000003 bits=32 big-endian=false
	// sh                -> sh      SCMP_ARCH_SH audit=0x4000002a bits=32 big-endian=false
}

func ExampleByAudit() {
	// AUDIT_ARCH_X86_64 is reported for both x86_64 and x32 tasks; the
	// syscall number's x32 bit tells them apart.
	for _, a := range arch.ByAudit(0xc000003e) {
		fmt.Printf("%s syscall bit %#x\n", a, a.SyscallBit)
	}
	// Output:
	// x86_64 syscall bit 0x0
	// x32 syscall bit 0x40000000
}

func ExampleInfo_MuxCall() {
	for _, name := range []string{"x86", "x86_64"} {
		a, _ := arch.Lookup(name)
		if mux, code, ok := a.MuxCall("connect"); ok {
			fmt.Printf("%s: connect via %s(%d, ...)\n", a, mux.Name, code)
		} else {
			fmt.Printf("%s: connect has no multiplexed form\n", a)
		}
	}
	// Output:
	// x86: connect via socketcall(3, ...)
	// x86_64: connect has no multiplexed form
}

func ExampleInfo_Compat() {
	host, _ := arch.Lookup("x86_64")
	fmt.Println(host, "adds", host.Compat)
	// Output:
	// x86_64 adds [x86 x32]
}

func ExampleAll() {
	for _, a := range arch.All() {
		if a.NrBase != 0 {
			fmt.Printf("%s: table %s, nr = table number + %d\n", a, a.Table, a.NrBase)
		}
	}
	// Output:
	// mips: table mips, nr = table number + 4000
	// mipsel: table mips, nr = table number + 4000
	// mips64: table mips64, nr = table number + 5000
	// mipsel64: table mips64, nr = table number + 5000
	// mips64n32: table mips64n32, nr = table number + 6000
	// mipsel64n32: table mips64n32, nr = table number + 6000
}
