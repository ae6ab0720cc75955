package sysnames

import (
	"strings"
	"testing"
)

func TestKnown(t *testing.T) {
	for name, want := range map[string]bool{
		"read":          true,
		"chown32":       true, // 32-bit architectures only
		"riscv_hwprobe": true, // riscv64 only
		"vm86":          true, // x86 only
		"opne":          false,
		"":              false,
		"READ":          false, // names are case-sensitive
	} {
		if got := Known(name); got != want {
			t.Errorf("Known(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestNearestAndUnknown(t *testing.T) {
	for _, tt := range []struct{ name, nearest, text string }{
		{"opne", "open", `"opne" is not defined on any architecture (did you mean "open"?)`},
		{"READ", "read", `"READ" is not defined on any architecture (did you mean "read"?)`},
		{"clock_gettime46", "clock_gettime64", `"clock_gettime46" is not defined on any architecture (did you mean "clock_gettime64"?)`},
		{"personalty", "personality", `"personalty" is not defined on any architecture (did you mean "personality"?)`},
		{"frobnicate_xyz", "", `"frobnicate_xyz" is not defined on any architecture`},
		{strings.Repeat("a", 1000), "", `"` + strings.Repeat("a", 64) + `"... (1000 bytes) is not defined on any architecture`},
	} {
		if got := Nearest(tt.name); got != tt.nearest {
			t.Errorf("Nearest(%.20q) = %q, want %q", tt.name, got, tt.nearest)
		}
		if got := Unknown(tt.name); got != tt.text {
			t.Errorf("Unknown(%.20q) = %s, want %s", tt.name, got, tt.text)
		}
	}
}
