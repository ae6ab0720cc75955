package oci_test

import (
	"fmt"
	"log"

	"github.com/seccompc/seccompc/ir/oci"
)

func ExampleParse() {
	profile := `{
	"defaultAction": "SCMP_ACT_ERRNO",
	"architectures": ["SCMP_ARCH_X86"],
	"syscalls": [
		{"names": ["read", "write", "no_such_syscall"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["personality"], "action": "SCMP_ACT_ALLOW",
		 "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
		{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO"}
	]
}`
	p, warnings, err := oci.Parse([]byte(profile), oci.Options{Filename: "profile.json", Target: "x86_64"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("arches:", p.Arches, "default:", p.Default)
	for _, r := range p.Rules {
		fmt.Println(r.String())
	}
	for _, w := range warnings {
		fmt.Println("warning:", w)
	}

	_, _, err = oci.Parse([]byte(`{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["personality"], "action": "SCMP_ACT_KILL", "args": [{"index": 1, "value": 2, "op": "SCMP_CMP_EQUAL"}]}]}`),
		oci.Options{Filename: "bad.json", Target: "x86_64"})
	fmt.Println(err)
	// Output:
	// arches: [x86_64 x86] default: errno(1)
	// allow read
	// allow write
	// allow no_such_syscall
	// allow personality if a0 == 8
	// bad.json: syscalls[0] ("personality") args[0]: invalid operator: "SCMP_CMP_EQUAL" (did you mean "SCMP_CMP_EQ"?); want one of SCMP_CMP_EQ, SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ
}
