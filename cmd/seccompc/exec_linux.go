package main

// How exec installs the filter
//
// The filter goes on one thread: the one that calls execve, which keeps
// its filters while execve ends every other thread of the process. It is
// installed as late as possible, immediately before a raw execve, so
// that nothing of the Go runtime runs under it: until then a filter that
// denies mmap, futex, rt_sigreturn or the signals the runtime uses for
// preemption would make the runtime itself crash (issue 12 D4; with
// TSYNC, on every thread, it did).
//
// Nothing may run between the seccomp(2) call and execve(2) that makes
// a syscall of its own:
//
//   - the goroutine is locked to its thread, and the two syscalls are made
//     from one //go:nosplit function (installAndExec) through
//     syscall.RawSyscall, which is nosplit too: no stack check, so no
//     cooperative preemption and no call into the scheduler, and no
//     allocation;
//   - a signal delivered to the thread would run the Go handler and end
//     in rt_sigreturn, both under the filter. Blocking signals is no
//     answer, as the blocked mask is inherited across execve. Instead,
//     every signal the runtime handles is set to its default action
//     first, as execve would do anyway: a signal in the window then runs
//     no code in the process (the runtime's preemption signal, SIGURG, is
//     ignored by default). The signal mask is left alone, so the program
//     starts with the mask and the ignored signals it would have had.
//
// Before any of this, the compiled filter is run on the very execve that
// will be made (the same pointers as arguments): if it would not let the
// program start, exec refuses with a message instead. If execve fails
// anyway (the file went away, or is no executable: ENOEXEC), the nosplit
// function writes a message prepared in advance and calls exit_group
// (status 2); should the filter deny those too, nothing can report the
// failure, and the process ends by the default action of SIGSEGV (a
// fault) or by the filter's kill.

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/seccompc/seccompc"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

// execPlan is everything installAndExec needs, prepared before it runs.
type execPlan struct {
	prog   unix.SockFprog
	filter []unix.SockFilter
	flags  uintptr
	path   *byte
	argv   []*byte // NUL-terminated strings, then nil
	envv   []*byte

	// failure[e] is written to stderr if execve fails with errno e;
	// failureOther for any other errno.
	failure      [][]byte
	failureOther []byte

	// The signal dispositions replaced by SIG_DFL, to restore if the
	// filter cannot be installed.
	saved [maxSignal]sigactionBuf
	reset [maxSignal]bool
}

// maxSignal bounds the signal numbers (1 to 64, or 127 on MIPS).
const maxSignal = 128

// sigactionBuf holds a kernel struct sigaction, whose layout differs
// between architectures; it is only saved and restored as it is.
type sigactionBuf [64]byte

// sigsetSize is the kernel's sizeof(sigset_t), which rt_sigaction
// checks: 128 signals on MIPS, 64 elsewhere.
func sigsetSize() (size uintptr, nsig int) {
	if strings.HasPrefix(runtime.GOARCH, "mips") {
		return 16, 128
	}
	return 8, 65
}

// execFiltered replaces the process with path under c's filter, flags
// as given (no TSYNC: see the comment at the top). It returns only when
// the program cannot be started.
func execFiltered(c *compiled, flags ir.Flags, path string, argv []string) error {
	p, err := planExec(c, flags, path, argv)
	if err != nil {
		return err
	}
	// The thread stays locked: past the install it belongs to the
	// filter, and is unlocked only when the install failed.
	runtime.LockOSThread()
	if err := p.run(); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	panic("unreachable")
}

// planExec prepares the execve and checks that the filter lets it
// through.
func planExec(c *compiled, flags ir.Flags, path string, argv []string) (*execPlan, error) {
	p := &execPlan{flags: uintptr(flags)}
	var err error
	if p.path, err = syscall.BytePtrFromString(path); err != nil {
		return nil, usageError("command %q: %w", path, err)
	}
	if p.argv, err = syscall.SlicePtrFromStrings(argv); err != nil {
		return nil, usageError("arguments: %w", err)
	}
	if p.envv, err = syscall.SlicePtrFromStrings(os.Environ()); err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("environment: %w", err)}
	}
	insns := c.prog.Insns
	if len(insns) == 0 || len(insns) > emit.MaxInstructions {
		return nil, fmt.Errorf("exec: %d instructions (must be 1 to %d)", len(insns), emit.MaxInstructions)
	}
	p.filter = make([]unix.SockFilter, len(insns))
	for i, ins := range insns {
		p.filter[i] = unix.SockFilter{Code: ins.Op, Jt: ins.Jt, Jf: ins.Jf, K: ins.K}
	}
	p.prog = unix.SockFprog{Len: uint16(len(p.filter)), Filter: &p.filter[0]}

	if err := p.checkExecve(c, path); err != nil {
		return nil, err
	}

	prefix := fmt.Sprintf("seccompc exec: execve %s under the filter: ", quote.Text(path))
	p.failure = make([][]byte, 256)
	for e := range p.failure {
		p.failure[e] = []byte(prefix + syscall.Errno(e).Error() + "\n")
	}
	p.failureOther = []byte(prefix + "failed\n")
	return p, nil
}

// checkExecve runs the compiled filter on the execve that exec will make
// and refuses when its verdict would not let the program start.
func (p *execPlan) checkExecve(c *compiled, path string) error {
	target := c.resolved.Target
	var ap *ir.ArchPolicy
	for _, a := range c.resolved.Arches {
		if a.Arch == target {
			ap = a
		}
	}
	if ap == nil {
		return fmt.Errorf("exec: no section for %s in the filter", target.Name)
	}
	sc, ok := ap.Table.ByName("execve")
	if !ok {
		return fmt.Errorf("exec: no execve on %s", target.Name)
	}
	d := verify.SeccompData{Nr: sc.Nr, Arch: target.Audit}
	d.Args[0] = uint64(uintptr(unsafe.Pointer(p.path)))
	d.Args[1] = uint64(uintptr(unsafe.Pointer(&p.argv[0])))
	d.Args[2] = uint64(uintptr(unsafe.Pointer(&p.envv[0])))
	ret, err := verify.Run(c.prog.Insns, &d, target.BigEndian)
	if err != nil {
		return fmt.Errorf("exec: running the filter on execve: %w", err)
	}
	switch ret & bpfop.RetActionFull {
	case bpfop.RetAllow, bpfop.RetLog:
		return nil
	}
	why := c.resolved.Decide(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args})
	reason := why.String()
	if why.Reason == ir.ReasonRule {
		entries, _ := why.Arch.Entries(d.Nr)
		r := &c.policy.Rules[entries[why.Entry].Rule]
		reason = fmt.Sprintf("%s: %s", r.Pos, r)
	}
	return &exitError{code: 2, err: fmt.Errorf("%s could never start under %s: its execve gets %s (%s); allow execve in the profile",
		quote.Text(path), c.policy.Source, emit.RetString(ret), reason)}
}

// run sets no_new_privs, resets the signal handlers and calls
// installAndExec. It returns only when the filter could not be
// installed, with the handlers restored.
func (p *execPlan) run() error {
	if _, _, e := syscall.RawSyscall6(unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0); e != 0 {
		return &exitError{code: 2, err: fmt.Errorf("exec: prctl(PR_SET_NO_NEW_PRIVS): %w", e)}
	}
	size, nsig := sigsetSize()
	var dfl sigactionBuf // all zero: SIG_DFL, no flags, empty mask, on every layout
	for sig := 1; sig < nsig; sig++ {
		s := syscall.Signal(sig)
		if s == syscall.SIGKILL || s == syscall.SIGSTOP || signal.Ignored(s) {
			continue
		}
		_, _, e := syscall.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&dfl)), uintptr(unsafe.Pointer(&p.saved[sig])), size, 0, 0)
		p.reset[sig] = e == 0
	}
	e := installAndExec(p)
	// The filter is not installed: give the runtime its handlers back.
	for sig := 1; sig < nsig; sig++ {
		if p.reset[sig] {
			syscall.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&p.saved[sig])), 0, size, 0, 0)
		}
	}
	err := fmt.Errorf("exec: seccomp(SET_MODE_FILTER, flags %#x): %w", p.flags, e)
	if errors.Is(e, syscall.EINVAL) && p.flags != 0 {
		err = fmt.Errorf("%w (%w); try --flags none", err, seccompc.ErrFlagUnsupported)
	}
	return &exitError{code: 2, err: err}
}

// installAndExec installs the filter on the calling thread and calls
// execve. It returns the errno of seccomp(2) when the install fails;
// once the filter is installed it never returns: execve replaces the
// process, or its failure is reported with the prepared message and the
// process exits. It is nosplit and makes raw syscalls only, so that no
// Go code that could make a syscall of its own (the scheduler, the
// allocator, the stack growth) runs under the filter.
//
//go:nosplit
//go:norace
func installAndExec(p *execPlan) syscall.Errno {
	_, _, e := syscall.RawSyscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, p.flags, uintptr(unsafe.Pointer(&p.prog)))
	if e != 0 {
		return e
	}
	_, _, e = syscall.RawSyscall6(unix.SYS_EXECVE, uintptr(unsafe.Pointer(p.path)), uintptr(unsafe.Pointer(&p.argv[0])), uintptr(unsafe.Pointer(&p.envv[0])), 0, 0, 0)
	msg := p.failureOther
	if uint(e) < uint(len(p.failure)) {
		msg = p.failure[e]
	}
	syscall.RawSyscall(unix.SYS_WRITE, 2, uintptr(unsafe.Pointer(&msg[0])), uintptr(len(msg)))
	syscall.RawSyscall(unix.SYS_EXIT_GROUP, 2, 0, 0)
	// The filter denies exit_group: fault. SIGSEGV has its default
	// action now, which ends the process.
	for {
		*faultAddr = 0
	}
}

// faultAddr is nil: storing through it faults.
var faultAddr *byte
