package main

import (
	"bytes"
	"context"
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
	"github.com/seccompc/seccompc/tables"
)

// The real-container tests run containers under crun, the OCI runtime
// that reads the run.oci.seccomp_bpf_data annotation, with a busybox
// root file system and a static glibc probe (testdata/crun/probe.c).
// They need root, seccomp, crun, busybox-static and gcc (with glibc's
// static libraries); .ci/run installs them and sets
// SECCOMPC_REQUIRE_CRUN=1, which turns every skip into a failure.

// crunEnv is a bundle and the binaries of the real-container tests.
type crunEnv struct {
	x      *e2e   // the seccompc binary
	crun   string // the crun binary
	bundle string // the bundle directory: rootfs/ and the configurations
	state  string // crun --root
	probe  string // the probe on the host
	spec   map[string]any
	ns     chan func() // runs functions on the thread in the mount namespace
	runs   int         // containers run, for unique names
}

// crunSkip skips the test, or fails it when SECCOMPC_REQUIRE_CRUN is
// set (in CI, where everything the test needs is installed).
func crunSkip(tb testing.TB, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("SECCOMPC_REQUIRE_CRUN") != "" {
		tb.Fatalf("%s (SECCOMPC_REQUIRE_CRUN is set)", msg)
	}
	tb.Skip(msg)
}

// newCrunEnv builds the bundle and checks that crun can run a container
// in it, or skips.
func newCrunEnv(tb testing.TB) *crunEnv {
	tb.Helper()
	if testing.Short() {
		tb.Skip("real-container test: builds binaries and runs containers")
	}
	if os.Geteuid() != 0 {
		crunSkip(tb, "real-container test: needs root to run containers with crun")
	}
	if _, err := unix.PrctlRetInt(unix.PR_GET_SECCOMP, 0, 0, 0, 0); err != nil {
		crunSkip(tb, "real-container test: the kernel has no seccomp: %v", err)
	}
	crun, err := exec.LookPath("crun")
	if err != nil {
		crunSkip(tb, "real-container test: no crun (apt-get install crun): %v", err)
	}
	busybox, err := staticBusybox()
	if err != nil {
		crunSkip(tb, "real-container test: %v (apt-get install busybox-static)", err)
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		crunSkip(tb, "real-container test: no gcc to build the static probe (apt-get install gcc libc6-dev)")
	}
	x := buildE2E(tb)
	c := &crunEnv{x: x, crun: crun, bundle: filepath.Join(x.tmp, "bundle"), state: filepath.Join(x.tmp, "crun-state")}
	rootfs := filepath.Join(c.bundle, "rootfs")
	for _, d := range []string{"bin", "proc", "dev", "sys", "tmp"} {
		if err := os.MkdirAll(filepath.Join(rootfs, d), 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	if err := copyFile(busybox, filepath.Join(rootfs, "bin", "busybox")); err != nil {
		tb.Fatal(err)
	}
	for _, l := range []string{"sh", "true"} {
		if err := os.Symlink("busybox", filepath.Join(rootfs, "bin", l)); err != nil {
			tb.Fatal(err)
		}
	}
	c.probe = filepath.Join(rootfs, "probe")
	src := filepath.Join(x.root, "testdata", "crun", "probe.c")
	if out, err := exec.Command(gcc, "-static", "-O2", "-Wall", "-pthread", "-o", c.probe, src).CombinedOutput(); err != nil {
		crunSkip(tb, "real-container test: gcc -static cannot build the probe (apt-get install libc6-dev): %v\n%s", err, out)
	}
	// The configuration crun itself generates, made to run without a
	// terminal and with Docker's default capabilities (the ones the
	// Docker profiles are resolved for).
	cmd := exec.Command(crun, "spec")
	cmd.Dir = c.bundle
	if out, err := cmd.CombinedOutput(); err != nil {
		crunSkip(tb, "real-container test: crun spec: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(c.bundle, "config.json"))
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(data, &c.spec); err != nil {
		tb.Fatal(err)
	}
	proc := c.spec["process"].(map[string]any)
	proc["terminal"] = false
	caps := docker.DefaultCaps()
	proc["capabilities"] = map[string]any{"bounding": caps, "effective": caps, "permitted": caps}
	c.startNS(tb)
	// A container without seccomp shows whether crun works here at all.
	if _, stderr, err := c.run(tb, c.config(tb, "plain", nil, nil), "/bin/true"); err != nil {
		crunSkip(tb, "real-container test: crun cannot start a container here: %v\n%s", err, stderr)
	}
	return c
}

// staticBusybox returns the path of a statically linked busybox.
func staticBusybox() (string, error) {
	for _, p := range []string{"/bin/busybox", "/usr/bin/busybox"} {
		f, err := elf.Open(p)
		if err != nil {
			continue
		}
		interp := slices.ContainsFunc(f.Progs, func(p *elf.Prog) bool { return p.Type == elf.PT_INTERP })
		f.Close()
		if !interp {
			return p, nil
		}
	}
	return "", errors.New("no statically linked busybox in /bin or /usr/bin")
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o755)
}

// startNS starts the goroutine that runs crun: its thread gets a mount
// namespace of its own with cgroup v2 at /sys/fs/cgroup, because crun
// refuses the hybrid cgroup layout some hosts have; the containers run
// with --cgroup-manager=disabled. The thread ends with the test.
func (c *crunEnv) startNS(tb testing.TB) {
	c.ns = make(chan func())
	ready := make(chan error)
	go func() {
		// Never unlocked: the thread exits with the goroutine, and its
		// namespace with it.
		runtime.LockOSThread()
		err := unix.Unshare(unix.CLONE_NEWNS)
		if err == nil {
			err = unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, "")
		}
		if err == nil {
			err = unix.Mount("none", "/sys/fs/cgroup", "cgroup2", 0, "")
		}
		ready <- err
		if err != nil {
			return
		}
		for f := range c.ns {
			f()
		}
	}()
	if err := <-ready; err != nil {
		crunSkip(tb, "real-container test: a mount namespace with cgroup v2 for crun: %v", err)
	}
	tb.Cleanup(func() { close(c.ns) })
}

// config writes a configuration for the bundle with linux.seccomp set to
// seccomp (none when nil) and the given annotations, and returns its
// path.
func (c *crunEnv) config(tb testing.TB, name string, seccomp json.RawMessage, annotations map[string]string) string {
	tb.Helper()
	spec := make(map[string]any, len(c.spec))
	for k, v := range c.spec {
		spec[k] = v
	}
	linux := make(map[string]any)
	for k, v := range c.spec["linux"].(map[string]any) {
		linux[k] = v
	}
	if seccomp != nil {
		linux["seccomp"] = seccomp
	}
	spec["linux"] = linux
	if annotations != nil {
		spec["annotations"] = annotations
	}
	data, err := json.MarshalIndent(spec, "", "\t")
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(c.bundle, name+".json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// run runs one container of the bundle with the configuration at
// config, with args as its process, and returns its output.
func (c *crunEnv) run(tb testing.TB, config string, args ...string) (stdout, stderr string, err error) {
	tb.Helper()
	return c.runCmd(tb, config, args, nil)
}

// runCmd is run; with usage not nil it stores the CPU time crun and the
// container used.
func (c *crunEnv) runCmd(tb testing.TB, config string, args []string, usage *time.Duration) (stdout, stderr string, err error) {
	tb.Helper()
	// The process of the configuration is replaced in a copy.
	data, err := os.ReadFile(config)
	if err != nil {
		tb.Fatal(err)
	}
	var spec map[string]json.RawMessage
	if err := json.Unmarshal(data, &spec); err != nil {
		tb.Fatal(err)
	}
	var proc map[string]any
	if err := json.Unmarshal(spec["process"], &proc); err != nil {
		tb.Fatal(err)
	}
	proc["args"] = args
	if spec["process"], err = json.Marshal(proc); err != nil {
		tb.Fatal(err)
	}
	if data, err = json.Marshal(spec); err != nil {
		tb.Fatal(err)
	}
	c.runs++
	id := fmt.Sprintf("seccompc-test-%d-%d", os.Getpid(), c.runs)
	run := filepath.Join(c.bundle, id+".json")
	if err := os.WriteFile(run, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	defer os.Remove(run)
	done := make(chan struct{})
	c.ns <- func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		global := []string{"--root", c.state, "--cgroup-manager=disabled"}
		if usage == nil {
			// crun 1.8 reports the syscall names libseccomp does not
			// know, which it skips, only with --debug.
			global = append(global, "--debug")
		}
		cmd := exec.CommandContext(ctx, c.crun, append(global, "run", "--bundle", c.bundle, "--config", run, id)...)
		cmd.Cancel = func() error {
			// Kill the container too, not only crun.
			exec.Command(c.crun, "--root", c.state, "delete", "--force", id).Run()
			return cmd.Process.Kill()
		}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err = cmd.Run()
		stdout, stderr = out.String(), errb.String()
		if usage != nil && cmd.ProcessState != nil {
			*usage = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
	}
	<-done
	return stdout, stderr, err
}

// probeCall is one syscall the probe makes: its name (for the report),
// the ABI (native, or i386 through int $0x80) and the arguments.
type probeCall struct {
	name string
	i386 bool
	nr   uint32
	args []uint64
}

// spec is the call as the probe takes it on its command line.
func (p probeCall) spec() string {
	var b strings.Builder
	if p.i386 {
		b.WriteString("i386:")
	}
	fmt.Fprintf(&b, "%d", p.nr)
	for i, a := range p.args {
		sep := ","
		if i == 0 {
			sep = ":"
		}
		fmt.Fprintf(&b, "%s%#x", sep, a)
	}
	return b.String()
}

func (p probeCall) String() string {
	abi := ""
	if p.i386 {
		abi = " (int $0x80)"
	}
	args := make([]string, len(p.args))
	for i, a := range p.args {
		args[i] = fmt.Sprintf("%#x", a)
	}
	return fmt.Sprintf("%s(%s)%s", p.name, strings.Join(args, ", "), abi)
}

// minus1 is -1 as a syscall argument.
const minus1 = 0xffffffffffffffff

// probeCalls returns the syscalls the probe makes on this host. The
// arguments are chosen so that a call the filter allows fails in the
// kernel in a way that tells it apart from the filter's errno (EBADF,
// EFAULT, EINVAL, ESRCH), or harmlessly succeeds; none changes anything
// outside the probe.
func probeCalls(tb testing.TB) []probeCall {
	tb.Helper()
	host, err := arch.Native()
	if err != nil {
		tb.Fatal(err)
	}
	type call struct {
		name string
		args []uint64
	}
	native := []call{
		{"read", []uint64{minus1, 0, 0}},
		{"write", []uint64{minus1, 0, 0}},
		{"close", []uint64{minus1}},
		{"getpid", nil},
		{"personality", []uint64{0xffffffff}}, // query: allowed by value
		{"personality", []uint64{0xd}},        // a persona the profiles deny
		{"clone", []uint64{0x800}},            // CLONE_SIGHAND without CLONE_VM: EINVAL
		{"clone", []uint64{0x20800}},          // and CLONE_NEWNS: denied without CAP_SYS_ADMIN
		{"socket", []uint64{1, 999, 0}},       // AF_UNIX, a bad type: EINVAL
		{"socket", []uint64{3, 999, 0}},       // AF_AX25, denied by newer profiles
		{"socket", []uint64{16, 999, 0}},      // AF_NETLINK
		{"ptrace", []uint64{2, 0x7fffffff, 0, 0}},
		{"mount", []uint64{0, 0, 0, 0, 0}},
		{"unshare", []uint64{1}},
		{"keyctl", []uint64{0, 0, 0, 0, 0}},
		{"bpf", []uint64{minus1, 0, 0}},
		{"setns", []uint64{minus1, 0}},
		{"clone3", []uint64{0, 0}},
		{"close_range", []uint64{5, 4, 0}},
		{"openat2", []uint64{minus1, 0, 0, 0}},
		{"faccessat2", []uint64{minus1, 0, 0, 0x200}},
		{"pidfd_open", []uint64{0, 0xffff}},
		{"pidfd_getfd", []uint64{minus1, 0, 0xffff}},
		{"process_madvise", []uint64{minus1, 0, 0, 0, 0xffff}},
		{"epoll_pwait2", []uint64{minus1, 0, 0, 0, 0, 0}},
		{"landlock_create_ruleset", []uint64{0, 0, 0xffff}},
		{"process_mrelease", []uint64{minus1, 0xffff}},
		{"futex_waitv", []uint64{0, 0, 0xffff, 0, 0}},
		{"set_mempolicy_home_node", []uint64{0, 0, 0, 0xffff}},
		{"cachestat", []uint64{minus1, 0, 0, 0xffff}},
		{"fchmodat2", []uint64{minus1, 0, 0, 0xffff}},
		{"futex_wake", []uint64{0, 0, 0, 0xffff}},
		{"statmount", []uint64{0, 0, 0, 0xffff}},
		{"lsm_get_self_attr", []uint64{0, 0, 0, 0xffff}},
		{"mseal", []uint64{1, 0, 0xffff}},
		{"setxattrat", []uint64{minus1, 0, 0xffff, 0, 0, 0}},
		{"open_tree_attr", []uint64{minus1, 0, 0xffffffff, 0, 0}},
	}
	var calls []probeCall
	tab, err := tables.ForArch(host.Name)
	if err != nil {
		tb.Fatal(err)
	}
	for _, c := range native {
		if s, ok := tab.ByName(c.name); ok {
			calls = append(calls, probeCall{name: c.name, nr: s.Nr, args: c.args})
		}
	}
	// A number no syscall has (yet).
	calls = append(calls, probeCall{name: "unassigned", nr: 1000})
	if host.Name != "x86_64" {
		return calls
	}
	// x32 numbers from a 64-bit task, and the 32-bit entry.
	calls = append(calls,
		probeCall{name: "read (x32)", nr: 0x40000000, args: []uint64{minus1, 0, 0}},
		probeCall{name: "clone3 (x32)", nr: 0x40000000 | 435, args: []uint64{0, 0}},
	)
	x86, err := tables.ForArch("x86")
	if err != nil {
		tb.Fatal(err)
	}
	const m1 = 0xffffffff
	for _, c := range []call{
		{"getpid", nil},
		{"read", []uint64{m1, 0, 0}},
		{"personality", []uint64{0xffffffff}},
		{"personality", []uint64{0xd}},
		{"clone", []uint64{0x800}},
		{"clone", []uint64{0x20800}},
		{"socketcall", []uint64{1, 0}}, // SYS_SOCKET with no argument array: EFAULT
		{"socket", []uint64{1, 999, 0}},
		{"socket", []uint64{3, 999, 0}},
		{"clone3", []uint64{0, 0}},
		{"faccessat2", []uint64{m1, 0, 0, 0x200}},
		{"close_range", []uint64{5, 4, 0}},
		{"lsm_get_self_attr", []uint64{0, 0, 0, 0xffff}},
	} {
		if s, ok := x86.ByName(c.name); ok {
			calls = append(calls, probeCall{name: c.name, i386: true, nr: s.Nr, args: c.args})
		}
	}
	return append(calls, probeCall{name: "unassigned", i386: true, nr: 1000})
}

// outcome is what one call returned.
type outcome struct {
	ret   int64
	errno syscall.Errno
}

func (o outcome) String() string {
	if o.errno == 0 {
		return fmt.Sprintf("ok (%d)", o.ret)
	}
	return fmt.Sprintf("%s (%d)", unix.ErrnoName(o.errno), int(o.errno))
}

// class is the outcome without the value of a success, which differs
// between a container (pid 1) and the host.
func (o outcome) class() string {
	if o.errno == 0 {
		return "ok"
	}
	return unix.ErrnoName(o.errno)
}

// probeResult is the probe's output: the outcome of each call by its
// spec, and the lines of the glibc calls.
type probeResult struct {
	calls map[string]outcome
	glibc []string
}

func parseProbe(tb testing.TB, out string) probeResult {
	tb.Helper()
	r := probeResult{calls: map[string]outcome{}}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, "glibc ") || strings.Contains(line, ": ") {
			r.glibc = append(r.glibc, line)
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			tb.Fatalf("probe output line %q", line)
		}
		ret, err1 := strconv.ParseInt(f[1], 10, 64)
		e, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil {
			tb.Fatalf("probe output line %q", line)
		}
		r.calls[f[0]] = outcome{ret: ret, errno: syscall.Errno(e)}
	}
	return r
}

// crunProfile is one profile of the fidelity test.
type crunProfile struct {
	name string
	file string // under the repository root
}

var crunProfiles = []crunProfile{
	{"docker", "testdata/profiles/moby-default.json"},
	{"podman", "testdata/profiles/podman-seccomp.json"},
	{"docker-a505763", "testdata/crun/moby-default-a505763.json"},
}

// ociSeccomp returns the linux.seccomp a container with Docker's default
// capabilities gets from a Docker-format profile on this host.
func (c *crunEnv) ociSeccomp(tb testing.TB, p crunProfile) json.RawMessage {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(c.x.root, p.file))
	if err != nil {
		tb.Fatal(err)
	}
	s, _, err := docker.Parse(data, docker.Options{Filename: p.file})
	if err != nil {
		tb.Fatal(err)
	}
	out, err := json.Marshal(s)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// annotate runs seccompc annotate on the configuration at config with
// extra flags and returns the path of the annotated copy.
func (c *crunEnv) annotate(tb testing.TB, config, name string, flags ...string) string {
	tb.Helper()
	out := filepath.Join(c.bundle, name+".json")
	args := append([]string{"annotate"}, flags...)
	r := c.x.run(tb, "", append(args, "-o", out, config)...)
	if r.code != 0 {
		tb.Fatalf("%s", r)
	}
	return out
}

var crunUnknown = regexp.MustCompile("unknown seccomp syscall `([a-z0-9_]+)` ignored")

// TestCrun runs the probe in real containers under crun, each profile
// once with crun compiling linux.seccomp with libseccomp and once with
// the filter seccompc annotate stored in the run.oci.seccomp_bpf_data
// annotation, and once on the host under seccompc exec:
//
//   - fidelity: the outcomes of every probed syscall are equal under
//     crun's filter and seccompc's, except where seccompc's ENOSYS tail
//     answers ENOSYS for a syscall no rule names and newer than the
//     baseline (crun's filter gives the default action), or where crun
//     warned that libseccomp does not know a syscall name and skipped
//     its rules; each difference is reported;
//   - every errno seccompc's policy decides is the errno the container
//     got;
//   - OCI runtime-spec #1266: under Docker's profile before clone3 and
//     faccessat2 were named in it, glibc's pthread_create and faccessat
//     fail with crun's filter (EPERM) and work with seccompc's (ENOSYS,
//     so glibc falls back);
//   - the same probe under seccompc exec on the host gives the same
//     outcomes as in the container.
func TestCrun(t *testing.T) {
	c := newCrunEnv(t)
	calls := probeCalls(t)
	args := []string{"/probe", "glibc"}
	for _, pc := range calls {
		args = append(args, pc.spec())
	}
	for _, p := range crunProfiles {
		t.Run(p.name, func(t *testing.T) {
			lib := c.config(t, p.name, c.ociSeccomp(t, p), nil)
			ann := c.annotate(t, lib, p.name+"-annotated")
			libOut, libErr, err := c.run(t, lib, args...)
			if err != nil {
				t.Fatalf("crun (linux.seccomp): %v\n%s", err, libErr)
			}
			annOut, annErr, err := c.run(t, ann, args...)
			if err != nil {
				t.Fatalf("crun (annotation): %v\n%s", err, annErr)
			}
			L, A := parseProbe(t, libOut), parseProbe(t, annOut)
			var unknown []string
			for _, m := range crunUnknown.FindAllStringSubmatch(libErr, -1) {
				unknown = append(unknown, m[1])
			}
			data, err := os.ReadFile(ann)
			if err != nil {
				t.Fatal(err)
			}
			cf := &compileFlags{target: new(string), baseline: new(string)}
			comp, err := compileBytes(data, ann, cf)
			if err != nil {
				t.Fatal(err)
			}
			c.checkFidelity(t, p, comp, calls, L, A, unknown)

			// #1266: glibc's calls under each filter.
			t.Logf("%s glibc calls, crun + libseccomp (linux.seccomp): %q", p.name, L.glibc)
			t.Logf("%s glibc calls, crun + seccompc annotation:        %q", p.name, A.glibc)
			wantOK := []string{"pthread_create: ok", "faccessat(AT_EACCESS): ok"}
			for _, w := range wantOK {
				if !slices.Contains(A.glibc, w) {
					t.Errorf("with seccompc's annotation, want %q, got %q", w, A.glibc)
				}
			}
			if p.name == "docker-a505763" {
				for _, w := range []string{"pthread_create: Operation not permitted", "faccessat(AT_EACCESS): Operation not permitted"} {
					if !slices.Contains(L.glibc, w) {
						t.Errorf("#1266 not reproduced: with crun's own filter of the a505763 profile, want %q, got %q", w, L.glibc)
					}
				}
			} else if !slices.Equal(L.glibc, A.glibc) {
				t.Errorf("glibc calls differ: crun's filter %q, seccompc's %q", L.glibc, A.glibc)
			}

			// The same probe on the host under seccompc exec.
			r := c.x.run(t, "", append([]string{"exec", ann, "--", c.probe}, args[1:]...)...)
			if r.code != 0 {
				t.Fatalf("%s", r)
			}
			E := parseProbe(t, r.stdout)
			if !slices.Equal(E.glibc, A.glibc) {
				t.Errorf("glibc calls: seccompc exec on the host %q, the container %q", E.glibc, A.glibc)
			}
			for _, pc := range calls {
				if e, a := E.calls[pc.spec()], A.calls[pc.spec()]; e.class() != a.class() {
					t.Errorf("%s: seccompc exec on the host %v, the container %v", pc, e, a)
				}
			}
		})
	}
}

// checkFidelity compares the outcomes under crun's filter (L) and
// seccompc's (A), and A with the verdicts of seccompc's policy.
func (c *crunEnv) checkFidelity(t *testing.T, p crunProfile, comp *compiled, calls []probeCall, L, A probeResult, unknown []string) {
	t.Helper()
	host, err := arch.Native()
	if err != nil {
		t.Fatal(err)
	}
	x86, err := arch.Lookup("x86")
	if err != nil {
		t.Fatal(err)
	}
	var defErrno syscall.Errno
	if comp.policy.Default.Kind == ir.ActErrno {
		defErrno = syscall.Errno(comp.policy.Default.Data)
	}
	equal := 0
	var different []string
	for _, pc := range calls {
		l, lok := L.calls[pc.spec()]
		a, aok := A.calls[pc.spec()]
		if !lok || !aok {
			t.Errorf("%s: the probe did not report it (crun's filter %v, seccompc's %v)", pc, lok, aok)
			continue
		}
		d := ir.Data{Arch: host.Audit, Nr: pc.nr}
		if pc.i386 {
			d.Arch = x86.Audit
		}
		copy(d.Args[:], pc.args)
		dec := comp.resolved.Decide(d)
		if dec.Action.Kind == ir.ActErrno && (a.ret != -1 || a.errno != syscall.Errno(dec.Action.Data)) {
			t.Errorf("%s: seccompc's policy says %v, the container got %v", pc, dec, a)
		}
		if dec.Action.Kind != ir.ActErrno && dec.Action.Kind != ir.ActAllow {
			t.Errorf("%s: the probe should only make calls the profile allows or fails with an errno, the policy says %v", pc, dec)
		}
		if l == a {
			equal++
			continue
		}
		switch {
		case dec.Reason == ir.ReasonTail && a.errno == unix.ENOSYS && l.errno == defErrno:
			since := "never on this arch"
			if t, err := tables.ForArch(dec.Arch.Arch.Name); err == nil {
				if i := t.Search(pc.nr); i < t.Len() && t.At(i).Nr == pc.nr {
					since = "Linux " + t.At(i).Since.String()
				}
			}
			different = append(different, fmt.Sprintf("%s: %v (crun) vs %v (seccompc): ENOSYS tail, %s, baseline %s on %s", pc, l, a, since, dec.Arch.Baseline, dec.Arch.Arch.Name))
		case slices.Contains(unknown, strings.TrimSuffix(pc.name, " (x32)")) && l.errno == defErrno:
			different = append(different, fmt.Sprintf("%s: %v (crun) vs %v (seccompc): libseccomp does not know %q, crun skipped its rules", pc, l, a, pc.name))
		default:
			t.Errorf("%s: crun's filter %v, seccompc's %v (policy: %v)", pc, l, a, dec)
		}
	}
	t.Logf("fidelity %s: %d syscalls probed, %d equal, %d deliberately different; libseccomp skipped %d names: %s", p.name, len(calls), equal, len(different), len(unknown), strings.Join(unknown, " "))
	for _, d := range different {
		t.Logf("  %s", d)
	}
}

// BenchmarkCrunStart measures the CPU time (user and system, crun and
// the container) of crun run of a container running /bin/true under
// Docker's default profile, with crun compiling linux.seccomp with
// libseccomp and with crun loading seccompc's filter from the
// annotation, alternating, and a container without seccomp for
// reference. It reports each per run and the ratio libseccomp /
// annotation:
//
//	go test -run '^$' -bench CrunStart -benchtime 200x ./cmd/seccompc
func BenchmarkCrunStart(b *testing.B) {
	c := newCrunEnv(b)
	p := crunProfiles[0]
	lib := c.config(b, "bench-"+p.name, c.ociSeccomp(b, p), nil)
	ann := c.annotate(b, lib, "bench-"+p.name+"-annotated")
	plain := c.config(b, "bench-plain", nil, nil)
	configs := []string{lib, ann, plain}
	var total [3]time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, cfg := range configs {
			var cpu time.Duration
			if _, stderr, err := c.runCmd(b, cfg, []string{"/bin/true"}, &cpu); err != nil {
				b.Fatalf("crun run: %v\n%s", err, stderr)
			}
			total[j] += cpu
		}
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(b.N) }
	b.ReportMetric(ms(total[0]), "cpu-ms/libseccomp")
	b.ReportMetric(ms(total[1]), "cpu-ms/annotation")
	b.ReportMetric(ms(total[2]), "cpu-ms/no-seccomp")
	b.ReportMetric(float64(total[0])/float64(total[1]), "libseccomp/annotation")
	b.ReportMetric(0, "ns/op")
}
