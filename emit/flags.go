package emit

import (
	"errors"
	"fmt"

	"github.com/seccompc/seccompc/ir"
)

// Seccomp filter flags for [Install] (SECCOMP_FILTER_FLAG_* in
// include/uapi/linux/seccomp.h). They are plain numbers, so that
// programs built for other systems can name them too.
const (
	FlagTSYNC            = 1 << 0 // SECCOMP_FILTER_FLAG_TSYNC
	FlagLog              = 1 << 1 // SECCOMP_FILTER_FLAG_LOG
	FlagSpecAllow        = 1 << 2 // SECCOMP_FILTER_FLAG_SPEC_ALLOW
	FlagNewListener      = 1 << 3 // SECCOMP_FILTER_FLAG_NEW_LISTENER
	FlagTSYNCESRCH       = 1 << 4 // SECCOMP_FILTER_FLAG_TSYNC_ESRCH, Linux 5.7
	FlagWaitKillableRecv = 1 << 5 // SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, Linux 5.19
)

// ErrFlagUnsupported is returned (wrapped) when the kernel refuses the
// filter flags.
var ErrFlagUnsupported = errors.New("kernel does not support the seccomp filter flags")

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
