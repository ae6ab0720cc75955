// Command probe makes a few harmless syscalls and prints each one's
// result ("getpid: ok", "unshare(0): EPERM"), for the end-to-end tests of
// seccompc exec, seccompc dump and precompiled filters.
//
// With -install it first installs the filter precompiled from
// ../probe.policy (filter_*.go, written by go generate); with -wait it
// then prints "ready" and waits for its standard input to close, so that
// a test can read its filters with seccompc dump --pid.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/seccompc/seccompc"
)

//go:generate go run ../../../cmd/seccompc compile --target x86_64 --format go --package main --var filter -o filter_amd64.go ../probe.policy
//go:generate go run ../../../cmd/seccompc compile --target aarch64 --format go --package main --var filter -o filter_arm64.go ../probe.policy

// probes are the syscalls made, in order. None changes anything when it
// succeeds: unshare(0) is a no-op, setns(-1, 0) fails with EBADF, and
// lsm_get_self_attr with a NULL buffer only reports a size.
var probes = []struct {
	name string
	nr   uintptr
	args [3]uintptr
}{
	{"getpid", unix.SYS_GETPID, [3]uintptr{}},
	{"unshare(0)", unix.SYS_UNSHARE, [3]uintptr{0}},
	{"setns(-1, 0)", unix.SYS_SETNS, [3]uintptr{^uintptr(0), 0}},
	{"lsm_get_self_attr", unix.SYS_LSM_GET_SELF_ATTR, [3]uintptr{0, 0, 0}},
}

func main() {
	install := flag.Bool("install", false, "install the precompiled filter first")
	wait := flag.Bool("wait", false, `print "ready" and wait for stdin to close before exiting`)
	flag.Parse()
	if *install {
		if filter == nil {
			fmt.Fprintln(os.Stderr, "probe: no precompiled filter for this architecture")
			os.Exit(3)
		}
		if _, err := seccompc.Install(filter, filterFlags, seccompc.InstallOptions{NoNewPrivs: true, TSYNC: true}); err != nil {
			fmt.Fprintln(os.Stderr, "probe:", err)
			os.Exit(3)
		}
	}
	status, _ := os.ReadFile("/proc/self/status")
	fmt.Printf("seccomp: %s, %s filters\n", field(string(status), "Seccomp"), field(string(status), "Seccomp_filters"))
	for _, p := range probes {
		_, _, errno := unix.Syscall6(p.nr, p.args[0], p.args[1], p.args[2], 0, 0, 0)
		result := "ok"
		if errno != 0 {
			result = unix.ErrnoName(errno)
		}
		fmt.Printf("%s: %s\n", p.name, result)
	}
	if *wait {
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin)
	}
}

// field returns the value of the "name:" line of /proc/self/status.
func field(status, name string) string {
	for _, line := range strings.Split(status, "\n") {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
