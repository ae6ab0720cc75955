package main

import (
	"fmt"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

func init() {
	register(&command{
		name:  "sim",
		usage: "[flags] [PROFILE] SYSCALL [ARG...]",
		short: "run a compiled profile on one syscall and print the action and the instructions executed",
		args:  profileArg + "\n\n" + syscallArg,
		run:   runSim,
	})
	register(&command{
		name:  "disasm",
		usage: "[flags] FILE",
		short: "disassemble a raw filter",
		args:  bpfArg + " --target gives the byte order.",
		run:   runDisasm,
	})
}

// archHelp is the help of the --arch of sim and explain.
const archHelp = "the architecture `ARCH` of the syscall, when not the target's, such as x86 or x32 on an x86_64 filter (default: the target)"

func runSim(e *env, args []string) error {
	fs := newFlags(e, lookup("sim"))
	cf := addCompileFlags(fs)
	archName := fs.String("arch", "", archHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c, _, d, err := compileForSyscall(e, fs.Args(), cf, *archName)
	if err != nil {
		return err
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
	target := addTarget(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("want exactly one FILE")
	}
	a, err := targetArch(*target)
	if err != nil {
		return err
	}
	data, _, err := readProfile(e, fs.Arg(0))
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	insns, err := decodeRawFilter(data, fs.Arg(0), a)
	if err != nil {
		return err
	}
	if err := verify.Check(insns); err != nil {
		fmt.Fprintf(e.stderr, "warning: the kernel would refuse this filter: %v\n", err)
	}
	_, err = fmt.Fprint(e.stdout, emit.Disassemble(insns, emit.DisasmOptions{}))
	return err
}
