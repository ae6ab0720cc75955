//go:build !linux

package scalegen

// ownPeakRSS is unknown outside Linux.
func ownPeakRSS() int64 { return 0 }

// minorFaults is unknown outside Linux.
func minorFaults() int64 { return 0 }
