package emit

import (
	"fmt"
	"runtime"
	"unsafe"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

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
