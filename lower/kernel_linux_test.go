package lower_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/seccompc/seccompc"
	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

const kernelChildEnv = "SECCOMPC_KERNEL_CHILD"

// kernelCase is one raw syscall the child makes under the filter.
type kernelCase struct {
	name string
	nr   uint32
	args [6]uint64
	want string // "allow" (errno 0) or "errno N"
}

// kernelCases returns the syscalls to try on the host, with the verdict
// the Docker default profile with baseline 5.4 must give.
func kernelCases(t testing.TB) (*ir.Resolved, []kernelCase) {
	data, err := os.ReadFile("../testdata/profiles/moby-default.json")
	if err != nil {
		t.Fatal(err)
	}
	p, _, _, err := profile.Load(data, profile.Options{Filename: "moby-default.json"})
	if err != nil {
		t.Fatal(err)
	}
	p.Baseline, _ = ir.ParseBaseline("5.4")
	r, _, err := ir.Resolve(p, "")
	if err != nil {
		t.Fatal(err)
	}
	tab := r.Arches[0].Table
	nr := func(name string) uint32 {
		s, ok := tab.ByName(name)
		if !ok {
			t.Skipf("host table lacks %s", name)
		}
		return s.Nr
	}
	return r, []kernelCase{
		{"getpid", nr("getpid"), [6]uint64{}, "allow"},
		{"acct (in baseline, not allowed)", nr("acct"), [6]uint64{}, "errno 1"},
		{"file_getattr (6.17, newer than 5.4, not named)", nr("file_getattr"), [6]uint64{}, "errno 38"},
		{"unassigned number 1000", 1000, [6]uint64{}, "errno 38"},
		{"personality(0xffffffff) allowed", nr("personality"), [6]uint64{0: 0xffffffff}, "allow"},
		{"personality(1) denied", nr("personality"), [6]uint64{0: 1}, "errno 1"},
		{"personality(8|1<<32) denied: high word checked", nr("personality"), [6]uint64{0: 8 | 1<<32}, "errno 1"},
		{"clone3 is errno ENOSYS by rule", nr("clone3"), [6]uint64{}, "errno 38"},
	}
}

// TestKernelDockerDefault installs the compiled Docker default profile
// in a child process (a re-exec of this test binary) and checks the
// kernel's answers against the expected verdicts and the interpreter.
func TestKernelDockerDefault(t *testing.T) {
	if err := unix.Prctl(unix.PR_GET_SECCOMP, 0, 0, 0, 0); errors.Is(err, unix.EINVAL) {
		t.Skip("kernel without seccomp (prctl(PR_GET_SECCOMP) = EINVAL)")
	}
	host, err := arch.Native()
	if err != nil {
		t.Skipf("host architecture unknown: %v", err)
	}
	r, cases := kernelCases(t)
	prog, err := lower.Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKernelChild$", "-test.v")
	cmd.Env = append(os.Environ(), kernelChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
	got := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if name, res, ok := strings.Cut(sc.Text(), "\t"); ok && strings.HasPrefix(name, "CASE ") {
			got[strings.TrimPrefix(name, "CASE ")] = res
		}
	}
	if skip, ok := got["SKIP"]; ok {
		t.Skip(skip)
	}
	for _, c := range cases {
		res, ok := got[c.name]
		if !ok {
			t.Errorf("%s: no result from the child\n%s", c.name, out)
			continue
		}
		if res != c.want {
			t.Errorf("%s: kernel says %s, want %s", c.name, res, c.want)
		}
		d := verify.SeccompData{Nr: c.nr, Arch: host.Audit, Args: c.args}
		ret, err := verify.Run(prog.Insns, &d, host.BigEndian)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := ir.ActionFromRet(ret)
		sim := "allow"
		if a.Kind == ir.ActErrno {
			sim = fmt.Sprintf("errno %d", a.Data)
		}
		if sim != res {
			t.Errorf("%s: kernel says %s, interpreter %s", c.name, res, sim)
		}
	}
}

// TestKernelChild is the child half of TestKernelDockerDefault.
func TestKernelChild(t *testing.T) {
	if os.Getenv(kernelChildEnv) == "" {
		t.Skip("runs only as the child of TestKernelDockerDefault")
	}
	r, cases := kernelCases(t)
	prog, err := lower.Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	runtime.LockOSThread()
	if _, err := seccompc.Install(prog.Insns, 0, seccompc.InstallOptions{NoNewPrivs: true, TSYNC: true}); err != nil {
		fmt.Printf("CASE SKIP\tcannot install a filter here: %v\n", err)
		return
	}
	for _, c := range cases {
		_, _, errno := unix.RawSyscall6(uintptr(c.nr), uintptr(c.args[0]), uintptr(c.args[1]), uintptr(c.args[2]), uintptr(c.args[3]), uintptr(c.args[4]), uintptr(c.args[5]))
		res := "allow"
		if errno != 0 {
			res = "errno " + strconv.Itoa(int(errno))
		}
		fmt.Printf("CASE %s\t%s\n", c.name, res)
	}
}
