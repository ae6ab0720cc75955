//go:build !amd64 && !arm64

package main

import "golang.org/x/net/bpf"

// No filter is precompiled for this architecture; probe -install fails.
var filter []bpf.RawInstruction

const filterFlags = 0
