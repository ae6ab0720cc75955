package ir

import (
	"fmt"
	"math/bits"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
)

// Flags is a set of seccomp(2) filter flags (SECCOMP_FILTER_FLAG_* in
// include/uapi/linux/seccomp.h). The values are the kernel's bits, so a
// Flags value is what seccomp(2) takes.
type Flags uint32

// The seccomp filter flags.
const (
	FlagTSYNC            Flags = 1 << 0 // SECCOMP_FILTER_FLAG_TSYNC: apply to every thread
	FlagLog              Flags = 1 << 1 // SECCOMP_FILTER_FLAG_LOG: log every action but ALLOW
	FlagSpecAllow        Flags = 1 << 2 // SECCOMP_FILTER_FLAG_SPEC_ALLOW: no forced speculative store bypass mitigation
	FlagNewListener      Flags = 1 << 3 // SECCOMP_FILTER_FLAG_NEW_LISTENER: return a user-notification fd
	FlagTSYNCESRCH       Flags = 1 << 4 // SECCOMP_FILTER_FLAG_TSYNC_ESRCH: report a TSYNC failure as ESRCH (Linux 5.7)
	FlagWaitKillableRecv Flags = 1 << 5 // SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV: notified tasks wait killably (Linux 5.19)

	flagsKnown Flags = 1<<6 - 1 // every flag above
)

// flagNames are the OCI spellings of the flags (runtime-spec
// LinuxSeccompFlag), then the short names of the policy language, by bit.
var flagNames = [...][2]string{
	{"SECCOMP_FILTER_FLAG_TSYNC", "tsync"},
	{"SECCOMP_FILTER_FLAG_LOG", "log"},
	{"SECCOMP_FILTER_FLAG_SPEC_ALLOW", "spec_allow"},
	{"SECCOMP_FILTER_FLAG_NEW_LISTENER", "new_listener"},
	{"SECCOMP_FILTER_FLAG_TSYNC_ESRCH", "tsync_esrch"},
	{"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", "wait_killable_recv"},
}

// ParseFlag returns the flag named name: its OCI name
// (SECCOMP_FILTER_FLAG_LOG) or its short name in any case (log).
func ParseFlag(name string) (Flags, error) {
	for i, n := range flagNames {
		if name == n[0] || strings.EqualFold(name, n[1]) {
			return 1 << i, nil
		}
	}
	return 0, &Error{Code: ErrFlag, Detail: "unknown flag " + quote.Value(name) + suggest.Hint(name, FlagNames())}
}

// FlagNames returns the OCI names of every flag, in bit order.
func FlagNames() []string {
	names := make([]string, len(flagNames))
	for i, n := range flagNames {
		names[i] = n[0]
	}
	return names
}

// Names returns the OCI names of the flags in f, in bit order; a bit
// with no name is given as a number.
func (f Flags) Names() []string {
	var names []string
	for rest := f; rest != 0; rest &= rest - 1 {
		i := bits.TrailingZeros32(uint32(rest))
		if i < len(flagNames) {
			names = append(names, flagNames[i][0])
		} else {
			names = append(names, fmt.Sprintf("%#x", uint32(1)<<i))
		}
	}
	return names
}

// ShortNames returns the policy language's names of the flags in f.
func (f Flags) ShortNames() []string {
	var names []string
	for rest := f; rest != 0; rest &= rest - 1 {
		i := bits.TrailingZeros32(uint32(rest))
		if i < len(flagNames) {
			names = append(names, flagNames[i][1])
		} else {
			names = append(names, fmt.Sprintf("%#x", uint32(1)<<i))
		}
	}
	return names
}

// String returns the OCI names of the flags joined by "|", or "0".
func (f Flags) String() string {
	if f == 0 {
		return "0"
	}
	return strings.Join(f.Names(), "|")
}

// Valid reports whether f holds only known flags.
func (f Flags) Valid() bool { return f&^flagsKnown == 0 }
