package emit

import (
	"errors"
	"fmt"
	"runtime"
	"unsafe"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"

	"github.com/seccompc/seccompc/ir"
)

// Seccomp filter flags for [Install] (include/uapi/linux/seccomp.h).
const (
	FlagTSYNC            = unix.SECCOMP_FILTER_FLAG_TSYNC
	FlagLog              = unix.SECCOMP_FILTER_FLAG_LOG
	FlagSpecAllow        = unix.SECCOMP_FILTER_FLAG_SPEC_ALLOW
	FlagNewListener      = unix.SECCOMP_FILTER_FLAG_NEW_LISTENER
	FlagTSYNCESRCH       = 1 << 4 // SECCOMP_FILTER_FLAG_TSYNC_ESRCH, Linux 5.7
	FlagWaitKillableRecv = 1 << 5 // SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, Linux 5.19
)

// ErrFlagUnsupported is returned (wrapped) when the kernel refuses the
// filter flags.
var ErrFlagUnsupported = errors.New("kernel does not support the seccomp filter flags")

// Install sets no_new_privs and loads insns as a seccomp filter with
// seccomp(2) and the given flags. Without FlagTSYNC the filter applies
// to the calling OS thread only: Go callers lock the goroutine to its
// thread (runtime.LockOSThread) or pass FlagTSYNC so that every thread
// of the process gets it. With FlagNewListener it returns the
// notification fd, otherwise -1. Where seccomp(2) is missing (before
// Linux 3.17) and no flags are asked for, it falls back to
// prctl(PR_SET_SECCOMP).
func Install(insns []bpf.RawInstruction, flags uint) (notifyFD int, err error) {
	if len(insns) == 0 || len(insns) > MaxInstructions {
		return -1, fmt.Errorf("emit: install: %d instructions (must be 1 to %d)", len(insns), MaxInstructions)
	}
	filter := make([]unix.SockFilter, len(insns))
	for i, ins := range insns {
		filter[i] = unix.SockFilter{Code: ins.Op, Jt: ins.Jt, Jf: ins.Jf, K: ins.K}
	}
	prog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return -1, fmt.Errorf("emit: install: prctl(PR_SET_NO_NEW_PRIVS): %w", err)
	}
	r, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, uintptr(flags), uintptr(unsafe.Pointer(&prog)))
	runtime.KeepAlive(filter)
	switch {
	case errno == 0:
		if flags&FlagNewListener != 0 {
			return int(r), nil
		}
		return -1, nil
	case errno == unix.ENOSYS && flags == 0:
		if err := unix.Prctl(unix.PR_SET_SECCOMP, unix.SECCOMP_MODE_FILTER, uintptr(unsafe.Pointer(&prog)), 0, 0); err != nil {
			return -1, fmt.Errorf("emit: install: prctl(PR_SET_SECCOMP): %w", err)
		}
		runtime.KeepAlive(filter)
		return -1, nil
	case errno == unix.EINVAL && flags != 0:
		// Check whether the flags are the problem: SECCOMP_GET_ACTION_AVAIL
		// is harmless; an EINVAL for the flags alone means unsupported.
		return -1, fmt.Errorf("emit: install: seccomp(SET_MODE_FILTER, flags %#x): %w (%w)", flags, ErrFlagUnsupported, errno)
	}
	return -1, fmt.Errorf("emit: install: seccomp(SET_MODE_FILTER, flags %#x): %w", flags, errno)
}

// FlagsFromNames converts OCI flag names (SECCOMP_FILTER_FLAG_*, as in
// ir.Policy.Flags) to seccomp(2) flag bits.
func FlagsFromNames(names []string) (uint, error) {
	var f uint
	for _, n := range names {
		v, ok := ir.FlagValues[n]
		if !ok {
			return 0, fmt.Errorf("emit: unknown seccomp flag %q", n)
		}
		f |= uint(v)
	}
	return f, nil
}
