//go:build !linux

package main

import (
	"errors"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/ir"
)

var errNotLinux = errors.New("seccomp filters exist only on Linux")

func readFilters(pid, index int) ([][]bpf.RawInstruction, error) { return nil, errNotLinux }

func execFiltered(c *compiled, flags ir.Flags, path string, argv []string) error { return errNotLinux }
