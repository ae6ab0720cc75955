package profile_test

import (
	"fmt"
	"log"

	"github.com/seccompc/seccompc/ir/profile"
)

func ExampleLoad() {
	inputs := []string{
		"default errno(1)\nallow read, write\n",
		`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}`,
		`{"ociVersion": "1.2.0", "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ERRNO",
			"syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}}}`,
		`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
			{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
			{"names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_BOOT"]}}]}`,
	}
	for _, in := range inputs {
		p, _, kind, err := profile.Load([]byte(in), profile.Options{Target: "x86_64"})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-7s default %v, %d rules\n", kind, p.Default, len(p.Rules))
	}
	// Output:
	// policy  default errno(1), 2 rules
	// oci     default errno(1), 2 rules
	// config  default errno(1), 2 rules
	// docker  default errno(1), 2 rules
}
