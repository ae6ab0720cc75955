package lower_test

import (
	"log"
	"runtime"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/oci"
	"github.com/seccompc/seccompc/lower"
)

// A runtime compiles the OCI profile of a container for the host and
// installs it in the process that will exec the container's init, in a
// few lines and without cgo. (Not run: installing a filter would confine
// the example's own process.)
func Example_install() {
	spec := &specs.LinuxSeccomp{
		DefaultAction:   specs.ActErrno,
		DefaultErrnoRet: new(uint(1)),
		Architectures:   []specs.Arch{specs.ArchX86_64, specs.ArchX86, specs.ArchX32},
		Flags:           []specs.LinuxSeccompFlag{specs.LinuxSeccompFlagSpecAllow},
		Syscalls: []specs.LinuxSyscall{
			{Names: []string{"read", "write", "exit_group", "execve"}, Action: specs.ActAllow},
		},
	}
	policy, warnings, err := oci.FromSpec(spec, oci.Options{Filename: "config.json"})
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range warnings {
		log.Printf("seccomp: %v", w) // unknown syscall names are skipped, as runc does
	}
	r, _, err := ir.Resolve(policy, "") // "" is the host's architecture
	if err != nil {
		log.Fatal(err)
	}
	prog, err := lower.Compile(r)
	if err != nil {
		log.Fatal(err)
	}
	flags, err := emit.FlagsFromNames(policy.Flags)
	if err != nil {
		log.Fatal(err)
	}
	// The filter applies to the calling thread (and with TSYNC to all);
	// lock the goroutine to it until the exec.
	runtime.LockOSThread()
	if _, err := emit.Install(prog.Insns, flags); err != nil {
		log.Fatal(err)
	}
}
