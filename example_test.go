package seccompc_test

import (
	"fmt"
	"log"
	"runtime"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/seccompc/seccompc"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
)

// A runtime compiles the linux.seccomp object of a container's
// configuration and installs it on the thread that will execute the
// container's process, as runc does: with no_new_privs when
// process.noNewPrivileges is set, otherwise while the runtime still
// holds CAP_SYS_ADMIN (so this example runs as root). A NOTIFY rule
// gives it a listener fd to send to the seccomp agent at listenerPath.
func Example() {
	// The profile: Docker's default, as Docker writes it into
	// config.json, plus a rule that hands mount to a seccomp agent.
	profile, _, err := docker.Resolve(docker.Default(), docker.Options{})
	if err != nil {
		log.Fatal(err)
	}
	profile.ListenerPath = "/run/seccomp-agent.sock"
	profile.Syscalls = append(profile.Syscalls, specs.LinuxSyscall{Names: []string{"mount"}, Action: specs.ActNotify})

	filter, err := seccompc.Compile(profile, seccompc.Options{Baseline: "5.10"})
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range filter.Warnings {
		if w.Kind != ir.WarnMissingSyscall { // names other architectures define: runc logs them at debug level
			log.Printf("seccomp: %v", w)
		}
	}
	fmt.Printf("baseline %s, flags %v\n", filter.Stats.Arches[0].Baseline, filter.Flags)

	for _, noNewPrivileges := range []bool{true, false} {
		done := make(chan struct{})
		go func() {
			defer close(done)
			// The filter belongs to this thread, which ends with the
			// goroutine: it is never unlocked.
			runtime.LockOSThread()
			fd, err := filter.Install(seccompc.InstallOptions{NoNewPrivs: noNewPrivileges})
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Printf("noNewPrivileges %v: installed, listener fd %v\n", noNewPrivileges, fd >= 0)
			unix.Close(fd) // a runtime sends it to filter.ListenerPath instead
		}()
		<-done
	}
	// Output:
	// baseline 5.10, flags SECCOMP_FILTER_FLAG_SPEC_ALLOW|SECCOMP_FILTER_FLAG_NEW_LISTENER
	// noNewPrivileges true: installed, listener fd true
	// noNewPrivileges false: installed, listener fd true
}
