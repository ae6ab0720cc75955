package ir

import (
	"strings"
	"testing"
)

func TestFlags(t *testing.T) {
	tests := []struct {
		name, short string
		bit         Flags
	}{
		{"SECCOMP_FILTER_FLAG_TSYNC", "tsync", 1},
		{"SECCOMP_FILTER_FLAG_LOG", "log", 2},
		{"SECCOMP_FILTER_FLAG_SPEC_ALLOW", "spec_allow", 4},
		{"SECCOMP_FILTER_FLAG_NEW_LISTENER", "new_listener", 8},
		{"SECCOMP_FILTER_FLAG_TSYNC_ESRCH", "tsync_esrch", 16},
		{"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", "wait_killable_recv", 32},
	}
	var all Flags
	for _, tt := range tests {
		for _, n := range []string{tt.name, tt.short, strings.ToUpper(tt.short)} {
			if f, err := ParseFlag(n); f != tt.bit || err != nil {
				t.Errorf("ParseFlag(%q) = %v, %v; want %#x", n, f, err, uint32(tt.bit))
			}
		}
		if got := tt.bit.String(); got != tt.name {
			t.Errorf("%#x.String() = %q, want %q", uint32(tt.bit), got, tt.name)
		}
		all |= tt.bit
	}
	if all != flagsKnown || !all.Valid() || (all | 1<<6).Valid() {
		t.Errorf("known flags %#x, want %#x", uint32(flagsKnown), uint32(all))
	}
	if got := (FlagLog | FlagTSYNC | 1<<9).String(); got != "SECCOMP_FILTER_FLAG_TSYNC|SECCOMP_FILTER_FLAG_LOG|0x200" {
		t.Errorf("String() = %q", got)
	}
	if got := Flags(0).String(); got != "0" {
		t.Errorf("Flags(0).String() = %q", got)
	}
	for _, bad := range []string{"", "TSYNC_", "SECCOMP_FILTER_FLAG_BOGUS", "seccomp_filter_flag_log"} {
		if _, err := ParseFlag(bad); err == nil || !strings.Contains(err.Error(), "SECCOMP_FILTER_FLAG_TSYNC,") {
			t.Errorf("ParseFlag(%q): %v; want an error listing the flags", bad, err)
		}
	}
}
