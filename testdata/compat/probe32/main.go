// Command probe32 installs a seccomp filter and reports what the kernel
// answers to raw system calls. The test in lower/compat_linux_test.go
// builds it with GOARCH=386 so that its system calls take the kernel's
// compat (ia32) entry path, where seccomp_data.arch is AUDIT_ARCH_I386.
//
// Usage:
//
//	probe32 FILTER CALL...
//
// FILTER is a file of struct sock_filter records (8 bytes each,
// little-endian: code u16, jt u8, jf u8, k u32), as "seccompc compile
// --format raw" writes it. Each CALL is "nr:a0:a1:a2:a3:a4:a5" with any
// trailing arguments left out (they are then 0); numbers are parsed as
// Go integer literals (0x prefix for hexadecimal). For each CALL the
// probe prints one line, "CALL <call>\t<errno>", errno 0 meaning that
// the call succeeded. With FILTER "-" no filter is installed.
package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "probe32:", err)
		os.Exit(2)
	}
}

// call is one system call to make: its number and six arguments, each
// one 32-bit register on a 32-bit ABI.
type call struct {
	spec string
	nr   uintptr
	args [6]uintptr
}

func run(args []string) error {
	if len(args) < 1 {
		return fmt.Errorf("usage: probe32 FILTER CALL...")
	}
	calls := make([]call, 0, len(args)-1)
	for _, s := range args[1:] {
		c, err := parseCall(s)
		if err != nil {
			return err
		}
		calls = append(calls, c)
	}
	runtime.LockOSThread()
	if args[0] != "-" {
		insns, err := readFilter(args[0])
		if err != nil {
			return err
		}
		if _, err := seccompc.Install(insns, 0, seccompc.InstallOptions{NoNewPrivs: true, TSYNC: true}); err != nil {
			return fmt.Errorf("install filter: %w", err)
		}
	}
	var out strings.Builder
	for _, c := range calls {
		_, _, errno := syscall.Syscall6(c.nr, c.args[0], c.args[1], c.args[2], c.args[3], c.args[4], c.args[5])
		fmt.Fprintf(&out, "CALL %s\t%d\n", c.spec, uintptr(errno))
	}
	_, err := os.Stdout.WriteString(out.String())
	return err
}

// parseCall parses "nr:a0:...:a5".
func parseCall(s string) (call, error) {
	c := call{spec: s}
	fields := strings.Split(s, ":")
	if len(fields) > 7 {
		return c, fmt.Errorf("call %q: more than six arguments", s)
	}
	for i, f := range fields {
		v, err := strconv.ParseUint(f, 0, 32)
		if err != nil {
			return c, fmt.Errorf("call %q: field %d: %w", s, i, err)
		}
		if i == 0 {
			c.nr = uintptr(v)
		} else {
			c.args[i-1] = uintptr(v)
		}
	}
	return c, nil
}

// readFilter reads raw sock_filter records.
func readFilter(name string) ([]bpf.RawInstruction, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read filter: %w", err)
	}
	if len(data) == 0 || len(data)%8 != 0 {
		return nil, fmt.Errorf("filter %s: %d bytes, not a whole number of 8-byte instructions", name, len(data))
	}
	insns := make([]bpf.RawInstruction, len(data)/8)
	for i := range insns {
		b := data[8*i:]
		insns[i] = bpf.RawInstruction{
			Op: binary.LittleEndian.Uint16(b),
			Jt: b[2],
			Jf: b[3],
			K:  binary.LittleEndian.Uint32(b[4:]),
		}
	}
	return insns, nil
}
