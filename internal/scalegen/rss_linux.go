package scalegen

import (
	"os"
	"syscall"
)

// peakRSS returns the peak resident set of a finished child, in bytes
// (getrusage's ru_maxrss is in KiB on Linux).
func peakRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return 0
}
