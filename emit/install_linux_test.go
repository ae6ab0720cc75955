package emit_test

import (
	"testing"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
)

// TestFlagsFromNames pins the OCI flag names to the kernel's bits.
func TestFlagsFromNames(t *testing.T) {
	got, err := emit.FlagsFromNames([]string{ir.FlagTSYNC, ir.FlagLog, ir.FlagSpecAllow, ir.FlagNewListener, ir.FlagTSYNCESRCH, ir.FlagWaitKillableRecv})
	if want := uint(0x3f); err != nil || got != want || want != emit.FlagTSYNC|emit.FlagLog|emit.FlagSpecAllow|emit.FlagNewListener|emit.FlagTSYNCESRCH|emit.FlagWaitKillableRecv {
		t.Errorf("FlagsFromNames(all) = %#x, %v; want 0x3f", got, err)
	}
	if _, err := emit.FlagsFromNames([]string{"SECCOMP_FILTER_FLAG_BOGUS"}); err == nil {
		t.Error("unknown flag accepted")
	}
}
