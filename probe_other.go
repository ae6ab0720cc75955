//go:build !linux

package seccompc

import "github.com/seccompc/seccompc/ir"

// probeFlags cannot ask a kernel here; install fails anyway.
func probeFlags(flags ir.Flags) ir.Flags { return 0 }

func flagsError(flags ir.Flags) error { return nil }
