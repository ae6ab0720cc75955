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
	p, _, err := FromSpec(&specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Architectures: []specs.Arch{specs.ArchX86_64},
		Syscalls: []specs.LinuxSyscall{{Names: list, Action: specs.ActAllow}}}, Options{Target: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rules) != 3 {
		t.Errorf("%d rules for 3000 names of 3 syscalls", len(p.Rules))
	}
}
