//go:build !(linux && (amd64 || arm64))

package tables

// hostTable is empty where no x/sys/unix cross-check is built.
const hostTable = ""

var hostSyscalls map[string]uintptr
