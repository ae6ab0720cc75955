package main

import (
	"fmt"
	"os"
	"strconv"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
	"github.com/seccompc/seccompc/tables"
	"github.com/seccompc/seccompc/verify"
)

// splitProfileArg takes the optional PROFILE off "[PROFILE] SYSCALL
// [ARG...]": the first argument is a profile when it is "-" or names an
// existing file.
func splitProfileArg(rest []string) (path string, out []string) {
	if len(rest) > 0 {
		if _, err := os.Stat(rest[0]); err == nil || rest[0] == "-" {
			return rest[0], rest[1:]
		}
	}
	return "", rest
}

// syscallData builds the seccomp_data of "SYSCALL [ARG...]" on a:
// SYSCALL is a name in a's table or a number, each ARG a decimal, hex
// or negative number; missing arguments are 0.
func syscallData(a *arch.Info, rest []string) (verify.SeccompData, error) {
	if len(rest) == 0 {
		return verify.SeccompData{}, usageError("missing SYSCALL")
	}
	if len(rest) > 7 {
		return verify.SeccompData{}, usageError("at most 6 arguments")
	}
	tab, err := tables.ForArch(a.Table)
	if err != nil {
		return verify.SeccompData{}, err
	}
	var nr uint32
	if s, ok := tab.ByName(rest[0]); ok {
		nr = s.Nr
	} else if n, err := strconv.ParseUint(rest[0], 0, 32); err == nil {
		nr = uint32(n)
	} else {
		var names []string
		for _, s := range tab.Syscalls() {
			names = append(names, s.Name)
		}
		hint := ""
		if near, ok := suggest.Nearest(rest[0], names); ok {
			hint = fmt.Sprintf(" (did you mean %q?)", near)
		}
		return verify.SeccompData{}, boundedUsageError(fmt.Sprintf("syscall %s unknown on %s%s", quote.Value(rest[0]), a.Name, hint))
	}
	d := verify.SeccompData{Nr: nr, Arch: a.Audit}
	for i, s := range rest[1:] {
		v, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			n, err2 := strconv.ParseInt(s, 0, 64)
			if err2 != nil {
				return verify.SeccompData{}, usageError("argument %d: %q is not a number", i, s)
			}
			v = uint64(n)
		}
		d.Args[i] = v
	}
	return d, nil
}

// rawBytes encodes insns as an array of struct sock_filter in the
// target's byte order.
func rawBytes(insns []bpf.RawInstruction, big bool) []byte { return emit.Encode(insns, big) }

// compileForSyscall compiles the profile that args may start with and
// reads the SYSCALL [ARG...] after it as the input of one syscall of the
// architecture archName (the target's when empty), which it returns:
// what sim and explain run.
func compileForSyscall(e *env, args []string, cf *compileFlags, archName string) (*compiled, *arch.Info, verify.SeccompData, error) {
	path, rest := splitProfileArg(args)
	if len(rest) == 0 {
		return nil, nil, verify.SeccompData{}, usageError("missing SYSCALL")
	}
	c, err := compileProfile(e, path, cf)
	if err != nil {
		return nil, nil, verify.SeccompData{}, err
	}
	c.printWarnings(e.stderr)
	a := c.resolved.Target
	if archName != "" {
		if a, err = archFlag("--arch", archName); err != nil {
			return nil, nil, verify.SeccompData{}, err
		}
	}
	d, err := syscallData(a, rest)
	return c, a, d, err
}

// decodeRawFilter reads an array of struct sock_filter in a's byte
// order (name is the file, for errors).
func decodeRawFilter(data []byte, name string, a *arch.Info) ([]bpf.RawInstruction, error) {
	insns, err := emit.Decode(data, a.BigEndian)
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("%s: %d bytes is not a whole number of 8-byte sock_filter instructions", name, len(data))}
	}
	return insns, nil
}
