package suggest

import (
	"slices"
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"open", "open", 0},
		{"OPEN", "open", 0},
		{"opne", "open", 1}, // transposition
		{"tagret", "target", 1},
		{"amd64x", "amd64", 1}, // deletion
		{"aarch6", "aarch64", 1},
		{"read", "ready", 1},
		{"read", "write", 4},
		{"SCMP_CMP_EQUAL", "SCMP_CMP_EQ", 3},
		{"ca", "abc", 3}, // optimal string alignment: no edit of a transposed pair
		{"", "abc", 3},
		{strings.Repeat("a", MaxLen+1), "a", 1 << 30},
	} {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	syscalls := []string{"close", "open", "openat", "openat2", "read", "readv", "write", "personality", "clone", "clone3"}
	for _, tt := range []struct {
		name string
		want string // "" for no suggestion
	}{
		{"opne", "open"},
		{"Open", "open"},
		{"opnat", "openat"},
		{"personalty", "personality"},
		{"clone4", "clone"}, // first of equals: clone and clone3 are one edit away
		{"wirte", "write"},
		{"xyz", ""},  // nothing near
		{"ab", ""},   // short: an edit may not replace the whole name
		{"mmap", ""}, // "read" is 4 edits away
		{strings.Repeat("open", 100), ""},
	} {
		got, ok := Nearest(tt.name, syscalls)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Nearest(%q) = %q, %v, want %q", tt.name, got, ok, tt.want)
		}
	}
	if _, ok := Nearest("open", nil); ok {
		t.Error("Nearest with no candidates found one")
	}
}

func TestRanked(t *testing.T) {
	ops := []string{"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"}
	got := Ranked("SCMP_CMP_EQUAL", ops)
	if got[0] != "SCMP_CMP_EQ" {
		t.Errorf("Ranked: %v, want SCMP_CMP_EQ first", got)
	}
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(ops))) {
		t.Errorf("Ranked(%v) = %v: not a permutation", ops, got)
	}
	if ops[0] != "SCMP_CMP_NE" {
		t.Error("Ranked changed its argument")
	}
}

func TestSharedPrefix(t *testing.T) {
	ops := []string{"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"}
	acts := []string{"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"}
	for _, tt := range []struct {
		name       string
		candidates []string
		want       string
	}{
		{"SCMP_CMP_EQUAL", ops, "SCMP_CMP_EQ"},
		{"SCMP_CMP_FOO", ops, ""}, // the shared prefix does not make it near
		{"scmp_cmp_ne", ops, "SCMP_CMP_NE"},
		{"EQ", ops, "SCMP_CMP_EQ"}, // the prefix left out
		{"ALLOW", acts, "SCMP_ACT_ALLOW"},
		{"SCMP_ACT_ERRNOO", acts, "SCMP_ACT_ERRNO"},
		{"SCMP_ACT_KILL_PROCES", acts, "SCMP_ACT_KILL_PROCESS"},
		{"openat3", []string{"open", "openat", "openat2"}, "openat"}, // no separator: no prefix
	} {
		got, ok := Nearest(tt.name, tt.candidates)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Nearest(%q) = %q, %v, want %q", tt.name, got, ok, tt.want)
		}
	}
	if got := Ranked("EQ", ops); got[0] != "SCMP_CMP_EQ" {
		t.Errorf("Ranked(EQ) = %v, want SCMP_CMP_EQ first", got)
	}
}

func TestHint(t *testing.T) {
	for _, tt := range []struct {
		name, want string
	}{
		{"SCMP_CMP_EQUAL", ` (did you mean "SCMP_CMP_EQ"?); want one of SCMP_CMP_EQ, SCMP_CMP_NE, SCMP_CMP_LT, `},
		{"SCMP_CMP_FOO", `; want one of `},
	} {
		got := Hint(tt.name, []string{"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"})
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("Hint(%q) = %q, want it to start %q", tt.name, got, tt.want)
		}
	}
}
