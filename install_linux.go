package seccompc

import (
	"errors"
	"fmt"
	"runtime"
	"unsafe"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"

	"github.com/seccompc/seccompc/ir"
)

func install(prog []bpf.RawInstruction, flags ir.Flags, noNewPrivs bool) (int, error) {
	filter := make([]unix.SockFilter, len(prog))
	for i, ins := range prog {
		filter[i] = unix.SockFilter{Code: ins.Op, Jt: ins.Jt, Jf: ins.Jf, K: ins.K}
	}
	fprog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	if noNewPrivs {
		if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
			return -1, fmt.Errorf("seccompc: install: prctl(PR_SET_NO_NEW_PRIVS): %w", err)
		}
	}
	r, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, uintptr(flags), uintptr(unsafe.Pointer(&fprog)))
	runtime.KeepAlive(filter)
	if errno == unix.ENOSYS && flags == 0 {
		// Before Linux 3.17 there is only prctl(PR_SET_SECCOMP).
		_, _, errno = unix.Syscall6(unix.SYS_PRCTL, unix.PR_SET_SECCOMP, unix.SECCOMP_MODE_FILTER, uintptr(unsafe.Pointer(&fprog)), 0, 0, 0)
		runtime.KeepAlive(filter)
		r = 0
	}
	if errno != 0 {
		return -1, installErrno(errno, flags, noNewPrivs)
	}
	switch {
	case flags&ir.FlagNewListener != 0:
		// The listener fd. A TSYNC failure comes back as ESRCH (the
		// TSYNC_ESRCH flag is always added with TSYNC), never as a tid.
		return int(r), nil
	case r != 0 && flags&ir.FlagTSYNC != 0:
		// The kernel reports a TSYNC failure by returning the id of the
		// thread it could not synchronize, with no errno, and installs
		// nothing.
		return -1, fmt.Errorf("seccompc: install: thread %d has seccomp filters that the calling thread does not (TSYNC needs every thread's filters to be the caller's or its ancestors'); no filter was installed: %w", r, ErrThreadSync)
	case r != 0:
		return -1, fmt.Errorf("seccompc: install: seccomp(SECCOMP_SET_MODE_FILTER, %v) returned %d without an error; no filter may have been installed", flags, r)
	}
	return -1, nil
}

// installErrno explains an errno of seccomp(SECCOMP_SET_MODE_FILTER).
func installErrno(errno unix.Errno, flags ir.Flags, noNewPrivs bool) error {
	call := fmt.Sprintf("seccomp(SECCOMP_SET_MODE_FILTER, %v)", flags)
	switch errno {
	case unix.EACCES:
		if !noNewPrivs {
			return fmt.Errorf("seccompc: install: %s: %w: without no_new_privs the caller needs CAP_SYS_ADMIN; set InstallOptions.NoNewPrivs (runc sets it when process.noNewPrivileges is true) or install while holding the capability", call, errno)
		}
	case unix.ESRCH:
		if flags&ir.FlagTSYNCESRCH != 0 {
			return fmt.Errorf("seccompc: install: %s: another thread has seccomp filters that the calling thread does not; no filter was installed: %w (%w)", call, ErrThreadSync, errno)
		}
	case unix.EBUSY:
		if flags&ir.FlagNewListener != 0 {
			return fmt.Errorf("seccompc: install: %s: %w: a filter with a listener is already installed on this thread (one listener per filter chain)", call, errno)
		}
	case unix.ENOSYS:
		return fmt.Errorf("seccompc: install: %s: seccomp(2) is not available (Linux before 3.17, or denied by a filter already in place), and the flags need it: %w (%w)", call, ErrUnsupported, errno)
	case unix.ENOMEM:
		return fmt.Errorf("seccompc: install: %s: %w: the kernel's memory for filters ran out, or this thread's filters would exceed its total of 32768 instructions (each filter counts its converted length plus 4)", call, errno)
	case unix.EINVAL:
		if flags != 0 {
			if err := flagsError(flags); err != nil {
				return errors.Join(err, errno)
			}
		}
		if err := unix.Prctl(unix.PR_GET_SECCOMP, 0, 0, 0, 0); errors.Is(err, unix.EINVAL) {
			return fmt.Errorf("seccompc: install: %s: %w: the kernel was built without seccomp (%w)", call, ErrUnsupported, errno)
		}
	}
	return fmt.Errorf("seccompc: install: %s: %w", call, errno)
}

// flagsError returns an error that names the flags of flags the kernel
// cannot use, or nil.
func flagsError(flags ir.Flags) error {
	bad := probeFlags(flags)
	if bad == 0 {
		return nil
	}
	_, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, 0)
	if errno == unix.ENOSYS {
		return fmt.Errorf("seccompc: install: seccomp(2) is not available (Linux before 3.17, or denied by a filter already in place), and the flags %v need it: %w", flags, ErrUnsupported)
	}
	return unsupportedFlags(bad, flags)
}

// probeFlags returns the flags of flags that cannot be used here.
// seccomp(SECCOMP_SET_MODE_FILTER) checks the flags before it reads the
// program, so a probe with no program fails with EFAULT for a known flag
// (and EINVAL for an unknown one, ENOSYS without seccomp(2)), and never
// installs anything.
func probeFlags(flags ir.Flags) ir.Flags {
	var bad ir.Flags
	for rest := flags; rest != 0; rest &= rest - 1 {
		f := rest & -rest
		probe := f
		switch f {
		case ir.FlagWaitKillableRecv:
			probe |= ir.FlagNewListener // refused alone
		case ir.FlagTSYNCESRCH:
			probe |= ir.FlagTSYNC
		}
		_, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, uintptr(probe), 0)
		if errno != unix.EFAULT {
			// EFAULT: the flags passed and the missing program was the
			// fault. EINVAL: an unknown flag. ENOSYS: no seccomp(2) at
			// all (or a filter denies it), so no flag can be used.
			bad |= f
		}
	}
	return bad
}
