package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/tables"
	"github.com/seccompc/seccompc/verify"
)

func init() {
	register(&command{
		name:  "sim",
		usage: "[--target ARCH] [--arch ARCH] [--baseline X] [PROFILE] SYSCALL [ARG...]",
		short: "run a compiled profile on one syscall and print the action and the instructions executed",
		run:   runSim,
	})
	register(&command{
		name:  "disasm",
		usage: "[--target ARCH] FILE",
		short: "disassemble a raw filter (an array of struct sock_filter, e.g. from compile --format raw or libseccomp)",
		run:   runDisasm,
	})
}

func runSim(e *env, args []string) error {
	fs := newFlags(e, lookup("sim"))
	cf := addCompileFlags(fs)
	archName := fs.String("arch", "", "architecture of the simulated syscall (default: the target)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return usageError("missing SYSCALL")
	}
	// PROFILE is optional: the first argument is a profile when more than
	// a syscall and numbers follow or it names an existing file.
	path := ""
	if _, err := os.Stat(rest[0]); err == nil || rest[0] == "-" {
		path, rest = rest[0], rest[1:]
	}
	if len(rest) == 0 {
		return usageError("missing SYSCALL")
	}
	if len(rest) > 7 {
		return usageError("at most 6 arguments")
	}
	c, err := compileProfile(e, path, cf)
	if err != nil {
		return err
	}
	c.printWarnings(e.stderr)
	a := c.resolved.Target
	if *archName != "" {
		if a, err = arch.Lookup(*archName); err != nil {
			return usageError("--arch: %w", err)
		}
	}
	tab, err := tables.ForArch(a.Table)
	if err != nil {
		return err
	}
	var nr uint32
	if s, ok := tab.ByName(rest[0]); ok {
		nr = s.Nr
	} else if n, err := strconv.ParseUint(rest[0], 0, 32); err == nil {
		nr = uint32(n)
	} else {
		return usageError("syscall %q unknown on %s", rest[0], a.Name)
	}
	d := verify.SeccompData{Nr: nr, Arch: a.Audit}
	for i, s := range rest[1:] {
		v, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			n, err2 := strconv.ParseInt(s, 0, 64)
			if err2 != nil {
				return usageError("argument %d: %q is not a number", i, s)
			}
			v = uint64(n)
		}
		d.Args[i] = v
	}
	ret, pcs, err := verify.Trace(c.prog.Insns, &d, c.resolved.Target.BigEndian)
	if err != nil {
		return err
	}
	want := c.resolved.Decide(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args})
	fmt.Fprintf(e.stdout, "action: %s (%#08x)\n", emit.RetString(ret), ret)
	fmt.Fprintf(e.stdout, "policy: %s\n", want)
	fmt.Fprintf(e.stdout, "executed %d instructions:\n", len(pcs))
	lines := splitLines(emit.Disassemble(c.prog.Insns, emit.DisasmOptions{Comment: c.comment}))
	for _, pc := range pcs {
		fmt.Fprintln(e.stdout, lines[pc])
	}
	if ret != want.Action.Ret() {
		return &exitError{code: 1, err: fmt.Errorf("filter and policy disagree: %#x vs %v", ret, want.Action)}
	}
	return nil
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func runDisasm(e *env, args []string) error {
	fs := newFlags(e, lookup("disasm"))
	target := fs.String("target", "", "architecture the filter is for, for its byte order (default: the host's)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("want exactly one FILE")
	}
	a, err := archOrHost(*target)
	if err != nil {
		return usageError("--target: %w", err)
	}
	data, _, err := readProfile(e, fs.Arg(0))
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if len(data) == 0 || len(data)%8 != 0 {
		return &exitError{code: 2, err: fmt.Errorf("%s: %d bytes is not a whole number of 8-byte sock_filter instructions", fs.Arg(0), len(data))}
	}
	var order binary.ByteOrder = binary.LittleEndian
	if a.BigEndian {
		order = binary.BigEndian
	}
	insns := make([]bpf.RawInstruction, len(data)/8)
	for i := range insns {
		b := data[8*i:]
		insns[i] = bpf.RawInstruction{Op: order.Uint16(b), Jt: b[2], Jf: b[3], K: order.Uint32(b[4:])}
	}
	if err := verify.Check(insns); err != nil {
		fmt.Fprintf(e.stderr, "warning: the kernel would refuse this filter: %v\n", err)
	}
	_, err = fmt.Fprint(e.stdout, emit.Disassemble(insns, emit.DisasmOptions{}))
	return err
}
