package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"syscall"

	"github.com/seccompc/seccompc"
	"github.com/seccompc/seccompc/ir"
)

// execFiltered installs c's filter on every thread of the process and
// replaces the process with path. It returns only on failure.
func execFiltered(c *compiled, flags ir.Flags, path string, argv []string) error {
	env := os.Environ()
	// Keep this goroutine on one thread from the install to the execve.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if _, err := seccompc.Install(c.prog.Insns, flags, seccompc.InstallOptions{NoNewPrivs: true}); err != nil {
		if errors.Is(err, seccompc.ErrFlagUnsupported) {
			return &exitError{code: 2, err: fmt.Errorf("%w; try --flags none", err)}
		}
		return &exitError{code: 2, err: err}
	}
	err := syscall.Exec(path, argv, env)
	// The filter is installed: whatever happens now happens under it.
	return &exitError{code: 2, err: fmt.Errorf("execve %s under the filter: %w (does %s allow execve?)", path, err, c.policy.Source)}
}
