package docker_test

import (
	"encoding/json"
	"fmt"
	"log"

	"github.com/moby/profiles/seccomp"
	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir/docker"
	"github.com/seccompc/seccompc/tables"
)

func ExampleResolve() {
	var p seccomp.Seccomp
	err := json.Unmarshal([]byte(`{
	"defaultAction": "SCMP_ACT_ERRNO",
	"archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
	            {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
	"syscalls": [
		{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
		{"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32"]}},
		{"names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_BOOT"]}}
	]
}`), &p)
	if err != nil {
		log.Fatal(err)
	}
	for _, opts := range []docker.Options{
		{Target: "x86_64"}, // Docker's default capabilities, newest kernel
		{Target: "aarch64", Caps: []string{"CAP_SYS_BOOT"}, Kernel: tables.Version{Major: 4, Minor: 4}},
	} {
		s, _, err := docker.Resolve(&p, opts)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(opts.Target, s.Architectures)
		for _, r := range s.Syscalls {
			fmt.Println("  ", r.Names, r.Action)
		}
	}
	// Output:
	// x86_64 [SCMP_ARCH_X86_64 SCMP_ARCH_X86 SCMP_ARCH_X32]
	//    [read write] SCMP_ACT_ALLOW
	//    [ptrace] SCMP_ACT_ALLOW
	//    [arch_prctl] SCMP_ACT_ALLOW
	// aarch64 [SCMP_ARCH_AARCH64 SCMP_ARCH_ARM]
	//    [read write] SCMP_ACT_ALLOW
	//    [reboot] SCMP_ACT_ALLOW
}

func ExampleFromProfile() {
	p := &seccomp.Seccomp{
		LinuxSeccomp: specs.LinuxSeccomp{DefaultAction: specs.ActErrno},
		Syscalls: []*seccomp.Syscall{
			{LinuxSyscall: specs.LinuxSyscall{Names: []string{"read", "write"}, Action: specs.ActAllow}},
			{LinuxSyscall: specs.LinuxSyscall{Names: []string{"reboot"}, Action: specs.ActAllow},
				Includes: &seccomp.Filter{Caps: []string{"CAP_SYS_BOOT"}}},
			{Name: "personality", LinuxSyscall: specs.LinuxSyscall{Action: specs.ActAllow,
				Args: []specs.LinuxSeccompArg{{Index: 0, Value: 8, Op: specs.OpEqualTo}}}},
		},
	}
	pol, _, err := docker.FromProfile(p, docker.Options{Filename: "in-memory", Target: "aarch64"})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range pol.Rules {
		fmt.Printf("%-26s at %s\n", r.String(), r.Pos)
	}
	// Output:
	// allow read                 at in-memory: syscalls[0] ("read")
	// allow write                at in-memory: syscalls[0] ("write")
	// allow personality if a0 == 8 at in-memory: syscalls[2] ("personality")
}
