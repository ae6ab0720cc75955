package seccompc

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"

	"github.com/seccompc/seccompc/ir"
)

// The install tests run each case in a child process (a re-execution of
// the test binary), because a seccomp filter cannot be taken back.

const installChildEnv = "SECCOMPC_INSTALL_CHILD"

// denyGetppid returns a program that answers getppid with ERRNO(77) and
// allows everything else, for the host: which filter is in place shows
// in what getppid returns.
func denyGetppid(t testing.TB) []bpf.RawInstruction {
	prog, err := bpf.Assemble([]bpf.Instruction{
		bpf.LoadAbsolute{Off: 0, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: unix.SYS_GETPPID, SkipFalse: 1},
		bpf.RetConstant{Val: 0x00050000 | 77},
		bpf.RetConstant{Val: 0x7fff0000},
	})
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// getppidErrno makes a raw getppid on the calling thread.
func getppidErrno() unix.Errno {
	_, _, e := unix.RawSyscall(unix.SYS_GETPPID, 0, 0, 0)
	return e
}

// statusField reads a field of /proc/thread-self/status.
func statusField(t testing.TB, name string) string {
	data, err := os.ReadFile("/proc/thread-self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("no %s in /proc/thread-self/status", name)
	return ""
}

// foreignFilter starts a thread that installs a filter of its own
// (ALLOW for everything) and waits; the returned function ends it.
func foreignFilter(t *testing.T) (stop func()) {
	ready, done := make(chan unix.Errno), make(chan struct{})
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
		unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
		prog := []unix.SockFilter{{Code: 0x06, K: 0x7fff0000}} // ret ALLOW
		fprog := unix.SockFprog{Len: 1, Filter: &prog[0]}
		_, _, e := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, uintptr(unsafePointer(&fprog)))
		ready <- e
		<-done
	}()
	if e := <-ready; e != 0 {
		t.Fatalf("second thread: seccomp: %v", e)
	}
	return func() { close(done) }
}

// installCases are run one per child. Each runs on a locked OS thread
// and reports failures with t.Error, which the parent sees.
var installCases = map[string]func(t *testing.T){
	// Defect 1: another thread with a filter of its own makes TSYNC
	// fail; the kernel says so by returning that thread's id, with no
	// errno. Install must not report success.
	"tsync-foreign-filter": func(t *testing.T) {
		defer foreignFilter(t)()
		fd, err := Install(denyGetppid(t), 0, InstallOptions{NoNewPrivs: true, TSYNC: true})
		if err == nil {
			t.Errorf("Install with TSYNC returned (%d, nil) although another thread has its own filter", fd)
		} else if !errors.Is(err, ErrThreadSync) || !strings.Contains(err.Error(), "thread ") {
			t.Errorf("Install error %q does not name the thread or wrap ErrThreadSync", err)
		}
		// Nothing may be installed, and the state must say so.
		if e := getppidErrno(); e != 0 {
			t.Errorf("getppid fails with %v: a filter was installed after all", e)
		}
		if n := statusField(t, "Seccomp_filters"); n != "0" {
			t.Errorf("Seccomp_filters: %s, want 0", n)
		}
	},
	// The same with a listener: TSYNC_ESRCH turns the failure into ESRCH.
	"tsync-listener-foreign-filter": func(t *testing.T) {
		defer foreignFilter(t)()
		fd, err := Install(denyGetppid(t), ir.FlagNewListener, InstallOptions{NoNewPrivs: true, TSYNC: true})
		if err == nil || !errors.Is(err, ErrThreadSync) {
			t.Errorf("Install = (%d, %v), want an ErrThreadSync error", fd, err)
		}
		if n := statusField(t, "Seccomp_filters"); n != "0" {
			t.Errorf("Seccomp_filters: %s, want 0", n)
		}
	},
	// Defect 2: TSYNC with a listener works (TSYNC_ESRCH is added) and
	// gives a notification fd.
	"tsync-listener": func(t *testing.T) {
		fd, err := Install(denyGetppid(t), ir.FlagNewListener, InstallOptions{NoNewPrivs: true, TSYNC: true})
		if err != nil {
			t.Fatalf("Install(NEW_LISTENER, TSYNC): %v", err)
		}
		link, err := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd))
		if err != nil || !strings.Contains(link, "seccomp") {
			t.Errorf("fd %d is %q (%v), want a seccomp notify fd", fd, link, err)
		}
		if e := getppidErrno(); e != 77 {
			t.Errorf("getppid: errno %d, want 77 from the filter", e)
		}
	},
	// Defect 3: without NoNewPrivs, Install leaves no_new_privs alone
	// (root has CAP_SYS_ADMIN, so the kernel accepts the filter).
	"no-nnp": func(t *testing.T) {
		if _, err := Install(denyGetppid(t), 0, InstallOptions{}); err != nil {
			t.Fatalf("Install without no_new_privs as root: %v", err)
		}
		if v := statusField(t, "NoNewPrivs"); v != "0" {
			t.Errorf("NoNewPrivs: %s after Install without the option, want 0", v)
		}
		if e := getppidErrno(); e != 77 {
			t.Errorf("getppid: errno %d, want 77 from the filter", e)
		}
	},
	// Without CAP_SYS_ADMIN and without no_new_privs the kernel refuses
	// with EACCES, and the error says what to do; with the option it
	// works.
	"no-nnp-no-cap": func(t *testing.T) {
		dropCapSysAdmin(t)
		_, err := Install(denyGetppid(t), 0, InstallOptions{})
		if !errors.Is(err, unix.EACCES) || !strings.Contains(err.Error(), "CAP_SYS_ADMIN") || !strings.Contains(err.Error(), "NoNewPrivs") {
			t.Errorf("Install without the capability and no_new_privs: %v; want EACCES naming CAP_SYS_ADMIN and NoNewPrivs", err)
		}
		if v := statusField(t, "NoNewPrivs"); v != "0" {
			t.Errorf("NoNewPrivs: %s, want 0", v)
		}
		if _, err := Install(denyGetppid(t), 0, InstallOptions{NoNewPrivs: true}); err != nil {
			t.Fatalf("Install with no_new_privs: %v", err)
		}
		if v := statusField(t, "NoNewPrivs"); v != "1" {
			t.Errorf("NoNewPrivs: %s, want 1", v)
		}
		if e := getppidErrno(); e != 77 {
			t.Errorf("getppid: errno %d, want 77 from the filter", e)
		}
	},
	// Under a filter that answers seccomp(2) with ENOSYS (as on Linux
	// before 3.17), a filter whose only flag is the SPEC_ALLOW runc adds
	// implicitly loads through prctl, as runc's would; a flag the
	// profile asks for is refused with a message that says why, before
	// no_new_privs is set.
	"seccomp-enosys": func(t *testing.T) {
		outer, err := bpf.Assemble([]bpf.Instruction{
			bpf.LoadAbsolute{Off: 0, Size: 4},
			bpf.JumpIf{Cond: bpf.JumpEqual, Val: unix.SYS_SECCOMP, SkipFalse: 1},
			bpf.RetConstant{Val: 0x00050000 | 38},
			bpf.RetConstant{Val: 0x7fff0000},
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Install(outer, 0, InstallOptions{NoNewPrivs: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := Install(denyGetppid(t), ir.FlagLog, InstallOptions{}); err == nil || !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "seccomp(2) is not available") {
			t.Errorf("Install(LOG) without seccomp(2): %v", err)
		}
		f, err := CompileProfile([]byte(`{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["getppid"],"action":"SCMP_ACT_ERRNO","errnoRet":77}]}`), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if f.Flags != ir.FlagSpecAllow {
			t.Fatalf("flags %v, want the implicit SPEC_ALLOW", f.Flags)
		}
		if _, err := f.Install(InstallOptions{NoNewPrivs: true}); err != nil {
			t.Fatalf("Filter.Install without seccomp(2): %v", err)
		}
		if e := getppidErrno(); e != 77 {
			t.Errorf("getppid: errno %d, want 77 from the filter", e)
		}
	},
	// Install keeps the goroutine on its thread: a goroutine that never
	// locked itself, installing again and again with yields in between,
	// leaves every filter on one thread, its own.
	"pins-thread": func(t *testing.T) {
		allow := []bpf.RawInstruction{{Op: 0x06, K: 0x7fff0000}}
		// Busy goroutines and blocking calls make the scheduler move
		// goroutines between threads.
		stop := make(chan struct{})
		defer close(stop)
		for i := 0; i < 4; i++ {
			go func() {
				for {
					select {
					case <-stop:
						return
					default:
						unix.Getpid()
						runtime.Gosched()
					}
				}
			}()
		}
		tid := make(chan int)
		go func() {
			for i := 0; i < 200; i++ {
				time.Sleep(10 * time.Microsecond)
				if _, err := Install(allow, 0, InstallOptions{NoNewPrivs: true}); err != nil {
					t.Error(err)
					break
				}
				runtime.Gosched()
			}
			tid <- unix.Gettid()
			select {} // keep the thread alive for the count
		}()
		want := <-tid
		tasks, err := os.ReadDir("/proc/self/task")
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range tasks {
			data, err := os.ReadFile("/proc/self/task/" + task.Name() + "/status")
			if err != nil {
				continue
			}
			n := ""
			for _, line := range strings.Split(string(data), "\n") {
				if v, ok := strings.CutPrefix(line, "Seccomp_filters:"); ok {
					n = strings.TrimSpace(v)
				}
			}
			switch {
			case task.Name() == fmt.Sprint(want) && n != "200":
				t.Errorf("the installing thread %s has %s filters, want 200", task.Name(), n)
			case task.Name() != fmt.Sprint(want) && n != "0":
				t.Errorf("thread %s has %s filters: Install moved between threads", task.Name(), n)
			}
		}
	},
	// A flag that needs another is refused before the kernel sees it.
	"bad-flag-combination": func(t *testing.T) {
		_, err := Install(denyGetppid(t), ir.FlagWaitKillableRecv, InstallOptions{NoNewPrivs: true})
		if err == nil || !strings.Contains(err.Error(), "SECCOMP_FILTER_FLAG_NEW_LISTENER") {
			t.Errorf("WAIT_KILLABLE_RECV without a listener: %v", err)
		}
		if n := statusField(t, "Seccomp_filters"); n != "0" {
			t.Errorf("Seccomp_filters: %s, want 0", n)
		}
	},
	// A program the kernel would refuse is refused with its place.
	"bad-program": func(t *testing.T) {
		prog := []bpf.RawInstruction{{Op: 0x20, K: 64}, {Op: 0x06, K: 0x7fff0000}}
		_, err := Install(prog, 0, InstallOptions{NoNewPrivs: true})
		if err == nil || !strings.Contains(err.Error(), "kernel would refuse") {
			t.Errorf("out-of-range load: %v", err)
		}
	},
}

// dropCapSysAdmin removes CAP_SYS_ADMIN from the calling thread's
// effective set.
func dropCapSysAdmin(t *testing.T) {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		t.Fatal(err)
	}
	data[unix.CAP_SYS_ADMIN/32].Effective &^= 1 << (unix.CAP_SYS_ADMIN % 32)
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		t.Fatal(err)
	}
}

// TestInstall runs each case of installCases in a child process and
// reports what the child found.
func TestInstall(t *testing.T) {
	if err := unix.Prctl(unix.PR_GET_SECCOMP, 0, 0, 0, 0); errors.Is(err, unix.EINVAL) {
		t.Skip("kernel without seccomp (prctl(PR_GET_SECCOMP) = EINVAL)")
	}
	for name := range installCases {
		t.Run(name, func(t *testing.T) {
			needRoot := name == "no-nnp"
			if needRoot && os.Geteuid() != 0 {
				t.Skip("needs CAP_SYS_ADMIN (run as root)")
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperInstall$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), installChildEnv+"="+name)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--- PASS: TestHelperInstall") {
				t.Errorf("child %s failed (%v):\n%s", name, err, out)
			}
		})
	}
}

// TestHelperInstall is the child half of TestInstall.
func TestHelperInstall(t *testing.T) {
	name := os.Getenv(installChildEnv)
	if name == "" {
		t.Skip("runs only as a child of TestInstall")
	}
	runtime.LockOSThread()
	installCases[name](t)
}

// TestProbeFlags checks the probe that names an unsupported flag: every
// flag this kernel knows probes as supported (the probe never installs
// anything: it passes no program), and a bit the kernel does not define
// is found.
func TestProbeFlags(t *testing.T) {
	if err := unix.Prctl(unix.PR_GET_SECCOMP, 0, 0, 0, 0); errors.Is(err, unix.EINVAL) {
		t.Skip("kernel without seccomp")
	}
	var uts unix.Utsname
	unix.Uname(&uts)
	all := ir.FlagTSYNC | ir.FlagLog | ir.FlagSpecAllow | ir.FlagNewListener | ir.FlagTSYNCESRCH | ir.FlagWaitKillableRecv
	if bad := probeFlags(all); bad != 0 && kernelAtLeast(uts, 5, 19) {
		t.Errorf("probeFlags(all) = %v on a kernel that knows them all", bad)
	}
	if bad := probeFlags(all | 1<<20); bad&(1<<20) == 0 {
		t.Errorf("probeFlags did not find the undefined bit 1<<20: %v", bad)
	}
	err := unsupportedFlags(ir.FlagTSYNCESRCH, ir.FlagTSYNC|ir.FlagNewListener|ir.FlagTSYNCESRCH)
	if !errors.Is(err, ErrFlagUnsupported) || !strings.Contains(err.Error(), "SECCOMP_FILTER_FLAG_TSYNC_ESRCH (Linux 5.7)") || !strings.Contains(err.Error(), "without TSYNC") {
		t.Errorf("message for TSYNC_ESRCH: %v", err)
	}
	if n := statusField(t, "Seccomp_filters"); n != "0" {
		t.Errorf("the probes installed a filter: Seccomp_filters %s", n)
	}
}

func kernelAtLeast(uts unix.Utsname, major, minor int) bool {
	var a, b int
	fmt.Sscanf(unix.ByteSliceToString(uts.Release[:]), "%d.%d", &a, &b)
	return a > major || a == major && b >= minor
}

// TestFlagBits pins ir's flag values to the kernel's.
func TestFlagBits(t *testing.T) {
	for f, want := range map[ir.Flags]uint32{
		ir.FlagTSYNC:            unix.SECCOMP_FILTER_FLAG_TSYNC,
		ir.FlagLog:              unix.SECCOMP_FILTER_FLAG_LOG,
		ir.FlagSpecAllow:        unix.SECCOMP_FILTER_FLAG_SPEC_ALLOW,
		ir.FlagNewListener:      unix.SECCOMP_FILTER_FLAG_NEW_LISTENER,
		ir.FlagTSYNCESRCH:       unix.SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
		ir.FlagWaitKillableRecv: unix.SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
	} {
		if uint32(f) != want {
			t.Errorf("%v = %#x, kernel %#x", f, uint32(f), want)
		}
	}
}
