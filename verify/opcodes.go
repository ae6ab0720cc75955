package verify

import (
	"encoding/binary"

	"github.com/seccompc/seccompc/internal/bpfop"
)

// The opcodes, the kernel's limits and the layout of struct seccomp_data
// are named in internal/bpfop, which the compiler shares: it holds facts
// about the kernel only, so the checker stays independent of the
// compiler's decisions.

func byteOrder(bigEndian bool) binary.ByteOrder {
	if bigEndian {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// isCondJump reports whether op is one of the eight conditional jumps.
func isCondJump(op uint16) bool {
	switch op {
	case bpfop.JeqK, bpfop.JeqX, bpfop.JgtK, bpfop.JgtX, bpfop.JgeK, bpfop.JgeX, bpfop.JsetK, bpfop.JsetX:
		return true
	}
	return false
}
