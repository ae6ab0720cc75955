//go:build !linux

package seccompc

import (
	"fmt"
	"runtime"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/ir"
)

func install(prog []bpf.RawInstruction, flags ir.Flags, noNewPrivs bool) (int, error) {
	return -1, fmt.Errorf("seccompc: install on %s: %w", runtime.GOOS, ErrUnsupported)
}
