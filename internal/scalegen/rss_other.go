//go:build !linux

package scalegen

import "os"

// peakRSS is unknown outside Linux.
func peakRSS(*os.ProcessState) int64 { return 0 }
