package seccompc

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

// InstallOptions say how a filter is loaded into the kernel. Every
// choice is explicit: nothing is set that the caller did not ask for.
type InstallOptions struct {
	// NoNewPrivs sets no_new_privs (prctl PR_SET_NO_NEW_PRIVS) on the
	// calling thread before loading, as runc does when the container's
	// process.noNewPrivileges is true. It cannot be undone, and it
	// stops setuid and file capabilities from granting privileges to
	// the programs the thread executes. Without it the kernel requires
	// CAP_SYS_ADMIN in the caller's user namespace, and Install
	// returns the kernel's EACCES when the caller lacks it.
	NoNewPrivs bool

	// TSYNC loads the filter on every thread of the process
	// (SECCOMP_FILTER_FLAG_TSYNC) instead of the calling thread only. It
	// fails, and nothing is installed, when another thread has seccomp
	// filters the calling thread does not. Without TSYNC, Go callers
	// lock the goroutine to its thread (runtime.LockOSThread) until they
	// execute the container's process: the filter is the thread's, and
	// execve keeps it. runc does not use TSYNC.
	TSYNC bool

	// Log asks the kernel to log every action but ALLOW
	// (SECCOMP_FILTER_FLAG_LOG), in addition to the flags of the filter.
	Log bool
}

// Errors that Install wraps; test them with errors.Is.
var (
	// ErrFlagUnsupported: the running kernel does not know one of the
	// filter flags, or not in this combination. The message names it.
	ErrFlagUnsupported = errors.New("kernel does not support the seccomp filter flags")

	// ErrThreadSync: with TSYNC, another thread of the process has
	// seccomp filters the calling thread does not have, so the kernel
	// could not give every thread the new filter, and installed none.
	ErrThreadSync = errors.New("a thread of the process could not be synchronized")

	// ErrUnsupported: seccomp filters cannot be installed on this
	// system (not Linux, or a kernel without seccomp filters), or not
	// with flags: seccomp(2) is missing (Linux before 3.17) or a filter
	// already in place denies it.
	ErrUnsupported = errors.New("seccomp filters are not supported here")
)

// Install loads a compiled program as a seccomp filter of the calling
// thread (of every thread with opts.TSYNC), with the seccomp(2) flags
// flags plus those opts asks for. It is for programs compiled ahead of
// time (seccompc compile --format go); [Filter.Install] installs a
// filter compiled at run time.
//
// The program is checked first as the kernel checks it (see
// verify.Check), so a malformed program is refused with the place of
// the fault. Install returns the user-notification fd when the flags
// include ir.FlagNewListener, otherwise -1. It returns nil only when
// the kernel reports that the filter is in place on every thread asked
// for; on error no filter was installed, though no_new_privs, once set,
// stays set.
//
// TSYNC together with a listener needs SECCOMP_FILTER_FLAG_TSYNC_ESRCH
// (Linux 5.7), which Install adds: without it the kernel cannot tell a
// listener fd from the id of a thread it failed to synchronize.
//
// Install locks the calling goroutine to its OS thread
// (runtime.LockOSThread) and, without TSYNC, leaves it locked: the
// filter belongs to that thread, which then runs only this goroutine
// until it executes the container's process or the goroutine ends.
func Install(prog []bpf.RawInstruction, flags ir.Flags, opts InstallOptions) (notifyFD int, err error) {
	if err := checkInstall(prog, flags); err != nil {
		return -1, err
	}
	if opts.TSYNC {
		flags |= ir.FlagTSYNC
	}
	if opts.Log {
		flags |= ir.FlagLog
	}
	if flags&ir.FlagTSYNC != 0 && flags&ir.FlagNewListener != 0 {
		flags |= ir.FlagTSYNCESRCH
	}
	// no_new_privs and the filter are the calling thread's: the two
	// system calls must reach the same thread, and without TSYNC the
	// thread must stay this goroutine's, or the filter would confine
	// whatever goroutine the scheduler runs there next. So Install locks
	// the goroutine to its thread and, without TSYNC, never unlocks it:
	// the thread ends with the goroutine (or executes the container).
	runtime.LockOSThread()
	if flags&ir.FlagTSYNC != 0 {
		defer runtime.UnlockOSThread()
	}
	if flags != 0 {
		// Ask before no_new_privs, which cannot be taken back, is set.
		if err := flagsError(flags); err != nil {
			return -1, err
		}
	}
	return install(prog, flags, opts.NoNewPrivs)
}

// checkInstall refuses what the kernel would refuse with a bare EINVAL.
func checkInstall(prog []bpf.RawInstruction, flags ir.Flags) error {
	if !flags.Valid() {
		return fmt.Errorf("seccompc: install: unknown filter flags %v", flags)
	}
	if flags&ir.FlagWaitKillableRecv != 0 && flags&ir.FlagNewListener == 0 {
		return fmt.Errorf("seccompc: install: %v needs %v (a NOTIFY rule)", ir.FlagWaitKillableRecv, ir.FlagNewListener)
	}
	if err := verify.Check(prog); err != nil {
		return fmt.Errorf("seccompc: install: the kernel would refuse the program: %w", err)
	}
	return nil
}

// flagKernel gives the kernel version that introduced each flag, for
// the message that names a flag the kernel does not support.
var flagKernel = map[ir.Flags]string{
	ir.FlagTSYNC:            "3.17",
	ir.FlagLog:              "4.14",
	ir.FlagSpecAllow:        "4.17",
	ir.FlagNewListener:      "5.0",
	ir.FlagTSYNCESRCH:       "5.7",
	ir.FlagWaitKillableRecv: "5.19",
}

// unsupportedFlags formats the flags a probe found unsupported.
func unsupportedFlags(bad ir.Flags, asked ir.Flags) error {
	var names []string
	for _, n := range bad.Names() {
		f, _ := ir.ParseFlag(n)
		names = append(names, fmt.Sprintf("%s (Linux %s)", n, flagKernel[f]))
	}
	msg := fmt.Sprintf("seccompc: install: this kernel does not support %s", strings.Join(names, ", "))
	if bad&ir.FlagTSYNCESRCH != 0 && asked&ir.FlagTSYNC != 0 && asked&ir.FlagNewListener != 0 {
		msg += "; it is needed to install a filter with a listener (NOTIFY) on every thread (TSYNC): install without TSYNC, on the thread that will execute the container's process"
	}
	return fmt.Errorf("%s: %w", msg, ErrFlagUnsupported)
}
