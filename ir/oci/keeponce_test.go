package oci

import (
	"fmt"
	"slices"
	"testing"

	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir/internal/names"
)

// TestKeepOnce checks keepOnce against a plain reference, and that a
// profile decoded by encoding/json (FromSpec) gets one rule per distinct
// name of a list, as the fast decoder's profiles do.
func TestKeepOnce(t *testing.T) {
	var dd names.Dedup
	for n := range 60 {
		var list []string
		for i := range n {
			list = append(list, fmt.Sprint("s", i*i%(1+n/3)))
		}
		var want []string
		for _, s := range list {
			if !slices.Contains(want, s) {
				want = append(want, s)
			}
		}
		if got := keepOnce(list, &dd); !slices.Equal(got, want) {
			t.Errorf("keepOnce(%q) = %q, want %q", list, got, want)
		}
	}
	var list []string
	for range 1000 {
		list = append(list, "read", "write", "close")
	}
	// With and without a condition (libseccompOrder would drop the
	// repeats of an unconditional rule, though with a warning that
	// counts them; it keeps those of a conditional one).
	for _, args := range [][]specs.LinuxSeccompArg{nil, {{Index: 0, Value: 1, Op: specs.OpEqualTo}}} {
		p, ws, err := FromSpec(&specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Architectures: []specs.Arch{specs.ArchX86_64},
			Syscalls: []specs.LinuxSyscall{{Names: list, Action: specs.ActAllow, Args: args}}}, Options{Target: "x86_64"})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Rules) != 3 || len(ws) != 0 {
			t.Errorf("args %v: %d rules for 3000 names of 3 syscalls, warnings %v", args, len(p.Rules), ws)
		}
	}
}
