package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"unsafe"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// maxFilters bounds the filters read from one process: the kernel
// limits a process's filters to 32768 instructions in all, and each
// costs at least one plus a 4-instruction penalty.
const maxFilters = 32768 / 5

// readFilters reads the seccomp filters of process pid with
// PTRACE_SECCOMP_GET_FILTER: all of them (index < 0) or the one at
// index. The kernel numbers them from 0, the first installed, to the
// most recent (kernel/seccomp.c get_nth_filter; ptrace(2) says the
// opposite, but the code and this package's end-to-end test agree). It
// attaches with PTRACE_SEIZE, stops the process with PTRACE_INTERRUPT
// for the duration and detaches.
func readFilters(pid, index int) ([][]bpf.RawInstruction, error) {
	// ptrace requests must come from the thread that attached.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := unix.PtraceSeize(pid); err != nil {
		return nil, fmt.Errorf("ptrace(PTRACE_SEIZE, %d): %w%s", pid, err, permissionHint(err))
	}
	sig, err := interrupt(pid)
	if err != nil {
		detach(pid, 0)
		return nil, err
	}
	filters, err := getFilters(pid, index)
	if derr := detach(pid, sig); derr != nil && err == nil {
		err = fmt.Errorf("ptrace(PTRACE_DETACH, %d): %w", pid, derr)
	}
	return filters, err
}

// interrupt stops the seized process and waits for the stop. It returns
// the signal to deliver at detach when the stop was a signal-delivery
// stop rather than the PTRACE_EVENT_STOP the interrupt asked for.
func interrupt(pid int) (sig int, err error) {
	if err := unix.PtraceInterrupt(pid); err != nil {
		return 0, fmt.Errorf("ptrace(PTRACE_INTERRUPT, %d): %w", pid, err)
	}
	for {
		var ws unix.WaitStatus
		_, err := unix.Wait4(pid, &ws, unix.WALL, nil)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("wait4(%d): %w", pid, err)
		}
		switch {
		case ws.Exited() || ws.Signaled():
			return 0, fmt.Errorf("process %d ended while attaching", pid)
		case !ws.Stopped():
			continue
		case uint32(ws)>>16 == unix.PTRACE_EVENT_STOP:
			return 0, nil
		}
		return int(ws.StopSignal()), nil
	}
}

func detach(pid, sig int) error {
	_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_DETACH, uintptr(pid), 0, uintptr(sig), 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

func getFilters(pid, index int) ([][]bpf.RawInstruction, error) {
	var out [][]bpf.RawInstruction
	for i := max(index, 0); i < maxFilters; i++ {
		f, err := getFilter(pid, i)
		if errors.Is(err, unix.ENOENT) {
			if index >= 0 || i == 0 {
				// ENOENT for index 0 would mean no filter; the kernel
				// says EMEDIUMTYPE for that, so this is a bad index.
				return nil, fmt.Errorf("process %d has no filter %d", pid, i)
			}
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, f)
		if index >= 0 {
			break
		}
	}
	return out, nil
}

func getFilter(pid, index int) ([]bpf.RawInstruction, error) {
	n, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_SECCOMP_GET_FILTER, uintptr(pid), uintptr(index), 0, 0, 0)
	if errno == 0 && (n == 0 || n > 4096) {
		return nil, fmt.Errorf("process %d filter %d: kernel reports %d instructions", pid, index, n)
	}
	var buf []unix.SockFilter
	if errno == 0 {
		buf = make([]unix.SockFilter, n)
		var m uintptr
		m, _, errno = unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_SECCOMP_GET_FILTER, uintptr(pid), uintptr(index), uintptr(unsafe.Pointer(&buf[0])), 0, 0)
		if errno == 0 && m != n {
			return nil, fmt.Errorf("process %d filter %d: length changed from %d to %d", pid, index, n, m)
		}
	}
	switch errno {
	case 0:
	case unix.ENOENT:
		return nil, errno
	case unix.EACCES:
		return nil, fmt.Errorf("ptrace(PTRACE_SECCOMP_GET_FILTER, %d): %w (it needs CAP_SYS_ADMIN, and seccompc must not itself run under seccomp)", pid, errno)
	case unix.EMEDIUMTYPE:
		return nil, fmt.Errorf("process %d filter %d: %w (the kernel kept no classic BPF program for it)", pid, index, errno)
	case unix.EINVAL, unix.EIO:
		// EINVAL: the process is not in filter mode, or the kernel has no
		// PTRACE_SECCOMP_GET_FILTER (CONFIG_CHECKPOINT_RESTORE is off).
		if mode := seccompMode(pid); mode == "0" || mode == "1" {
			return nil, errNoFilter
		}
		return nil, fmt.Errorf("ptrace(PTRACE_SECCOMP_GET_FILTER, %d): %w (the kernel may lack CONFIG_CHECKPOINT_RESTORE)", pid, errno)
	default:
		return nil, fmt.Errorf("ptrace(PTRACE_SECCOMP_GET_FILTER, %d, %d): %w", pid, index, errno)
	}
	insns := make([]bpf.RawInstruction, len(buf))
	for i, f := range buf {
		insns[i] = bpf.RawInstruction{Op: f.Code, Jt: f.Jt, Jf: f.Jf, K: f.K}
	}
	return insns, nil
}

// seccompMode returns the Seccomp field of /proc/PID/status: "0" none,
// "1" strict, "2" filter; "" if unknown.
func seccompMode(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "Seccomp:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// permissionHint explains a refused attach.
func permissionHint(err error) string {
	if errors.Is(err, unix.EPERM) {
		return " (attaching needs CAP_SYS_PTRACE or a ptrace-permitted process; see /proc/sys/kernel/yama/ptrace_scope)"
	}
	return ""
}
