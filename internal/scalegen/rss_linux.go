package scalegen

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// minorFaults returns this process's minor page faults so far.
func minorFaults() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Minflt
}

// ownPeakRSS returns the peak resident set of this process's address
// space, in bytes: VmHWM of /proc/self/status, 0 where unknown. Unlike
// getrusage's ru_maxrss it does not count the parent's pages: os/exec
// starts a child in the parent's address space (CLONE_VM) until exec,
// and ru_maxrss keeps that address space's peak.
func ownPeakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			kb, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}
