package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/tables"
	"github.com/seccompc/seccompc/verify"
)

func init() {
	register(&command{
		name:  "explain",
		usage: "[flags] [PROFILE] SYSCALL [ARG...]\n[flags] --bpf FILE SYSCALL [ARG...]",
		short: "explain the verdict on one syscall: the rule that decided it and which conditions held, or the default or ENOSYS tail",
		args:  profileArg + "\n\n" + syscallArg + "\n\n" + bpfArg,
		more:  explainHelp,
		run:   runExplain,
	})
}

// syscallArg describes the SYSCALL [ARG...] of sim and explain.
const syscallArg = `SYSCALL is a name or a number on the architecture of --arch (default:
the target); ARGs are its arguments a0 to a5, numbers (decimal, 0x
hex, or negative), missing ones 0.`

const explainHelp = `Without --bpf, explain prints the verdict of the policy, the action of
the compiled filter, and why: each rule that names the syscall on that
architecture with every comparison of its condition evaluated, the rule
that decided (the most restrictive one that held), or that no rule
names the syscall and the default action or the ENOSYS tail applies
(with the baseline and the kernel version that introduced the
syscall). With --bpf FILE, a raw filter (array of struct sock_filter in
the target's byte order) is run instead, and the why is the path of
instructions it executed. Exit status 1 when the filter and the policy
disagree.`

func runExplain(e *env, args []string) error {
	fs := newFlags(e, lookup("explain"))
	cf := addCompileFlags(fs)
	archName := fs.String("arch", "", archHelp)
	bpfFile := fs.String("bpf", "", bpfHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *bpfFile != "" {
		return explainBPF(e, *bpfFile, *cf.target, *archName, fs.Args())
	}
	comp, a, d, err := compileForSyscall(e, fs.Args(), cf, *archName)
	if err != nil {
		return err
	}
	ret, err := verify.Run(comp.prog.Insns, &d, comp.resolved.Target.BigEndian)
	if err != nil {
		return err
	}
	x := comp.resolved.Explain(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args})
	writeExplanation(e.stdout, comp.policy, a, &d, x)
	fmt.Fprintf(e.stdout, "filter:  %s (%#08x)\n", emit.RetString(ret), ret)
	if ret != x.Action.Ret() {
		return &exitError{code: 1, err: fmt.Errorf("filter and policy disagree: %#x vs %v", ret, x.Action)}
	}
	return nil
}

// writeExplanation prints the verdict of x and why, for a human.
func writeExplanation(w io.Writer, p *ir.Policy, a *arch.Info, d *verify.SeccompData, x ir.Explanation) {
	name := fmt.Sprintf("#%d", d.Nr)
	if x.Syscall.Name != "" {
		name = x.Syscall.Name
	} else if tab, err := tables.ForArch(a.Table); err == nil {
		if sc, ok := tab.ByNr(d.Nr); ok {
			name = sc.Name
		}
	}
	fmt.Fprintf(w, "syscall: %s (nr %d) on %s, args %s\n", name, d.Nr, a.Name, formatArgs(&d.Args))
	fmt.Fprintf(w, "verdict: %s\n", x.Action)
	ap := x.Arch
	switch x.Reason {
	case ir.ReasonBadArch:
		var names []string
		for _, sec := range arch.ByAudit(d.Arch) {
			names = append(names, sec.Name)
		}
		fmt.Fprintf(w, "why:     the filter has no section for audit arch %#x (%s) with this number: the bad-architecture action\n", d.Arch, strings.Join(names, ", "))
		return
	case ir.ReasonTail:
		if x.Syscall.Name == "" {
			fmt.Fprintf(w, "why:     no rule names it and %d is not a syscall on %s: ERRNO(ENOSYS), as the kernel answers (baseline %s)\n", d.Nr, ap.Arch.Name, ap.Baseline)
		} else {
			fmt.Fprintf(w, "why:     no rule names it, and it was added in kernel %s, after the baseline %s on %s: ERRNO(ENOSYS), so callers fall back as on an older kernel\n", x.Syscall.Since, ap.Baseline, ap.Arch.Name)
		}
		return
	case ir.ReasonDefault:
		switch {
		case !ap.Tail:
			fmt.Fprintf(w, "why:     no rule names it: the default action (the policy has no ENOSYS tail)\n")
		case x.Syscall.Name == "":
			fmt.Fprintf(w, "why:     no rule names it: the default action\n")
		case !ap.Table.InBaseline(d.Nr, ap.Baseline) && !ap.InTail(d.Nr):
			// Newer than the baseline, yet not in the tail: exempt.
			fmt.Fprintf(w, "why:     the profile names it only with the default action (a rule runc skips), so it gets the default action, never the ENOSYS tail, though it was added in kernel %s, after the baseline %s on %s\n", sinceString(x.Syscall.Since), ap.Baseline, ap.Arch.Name)
		default:
			fmt.Fprintf(w, "why:     no rule names it, and it exists since kernel %s, within the baseline %s on %s: the default action\n", sinceString(x.Syscall.Since), ap.Baseline, ap.Arch.Name)
		}
		return
	case ir.ReasonNoMatch:
		fmt.Fprintf(w, "why:     rules name it, but no condition held: the default action\n")
	case ir.ReasonRule:
		e := x.Entries[x.Entry]
		held := 0
		for _, t := range x.Entries {
			if t.Cond.Holds {
				held++
			}
		}
		fmt.Fprintf(w, "why:     %s decided (%s)", rulePos(p, e.Rule), p.Rules[e.Rule].String())
		if held > 1 {
			fmt.Fprintf(w, ": the most restrictive of the %d rules that held", held)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "rules naming %s on %s:\n", name, ap.Arch.Name)
	for i, t := range x.Entries {
		mark := " "
		if x.Reason == ir.ReasonRule && i == x.Entry {
			mark = ">"
		}
		via := ""
		if t.Via != "" {
			via = " (through " + t.Via + ")"
		}
		fmt.Fprintf(w, "%s %s: %s%s: %s\n", mark, rulePos(p, t.Rule), p.Rules[t.Rule].String(), via, heldString(t.Cond.Holds))
		writeCond(w, t.Cond, &d.Args, 2)
	}
}

// sinceString prints a Since version; the tables do not tell versions
// before 3.0 apart.
func sinceString(v tables.Version) string {
	if v == (tables.Version{Major: 3}) {
		return "3.0 (or earlier)"
	}
	return v.String()
}

func rulePos(p *ir.Policy, i int) string {
	if pos := p.Rules[i].Pos; pos != "" {
		return pos
	}
	return fmt.Sprintf("rule %d", i)
}

func heldString(b bool) string {
	if b {
		return "held"
	}
	return "failed"
}

// writeCond prints a traced condition as an indented tree: a
// comparison with the argument's value, a junction with its operands.
func writeCond(w io.Writer, t ir.CondTrace, args *[ir.MaxArgs]uint64, depth int) {
	pad := strings.Repeat("  ", depth)
	x := t.Expr
	switch x.Op {
	case ir.OpTrue:
		fmt.Fprintf(w, "%s(no condition)\n", pad)
	case ir.OpFalse:
		fmt.Fprintf(w, "%sfalse: %s\n", pad, heldString(false))
	case ir.OpCmp:
		v := args[x.Arg]
		if x.Low32 {
			v &= 0xffffffff
		}
		fmt.Fprintf(w, "%s%s: %s (a%d = %#x)\n", pad, x, heldString(t.Holds), x.Arg, v)
	default:
		what := map[ir.Op]string{ir.OpAnd: "all of", ir.OpOr: "any of", ir.OpNot: "not"}[x.Op]
		fmt.Fprintf(w, "%s%s: %s\n", pad, what, heldString(t.Holds))
		for _, s := range t.Sub {
			writeCond(w, s, args, depth+1)
		}
	}
}

func formatArgs(args *[ir.MaxArgs]uint64) string {
	s := make([]string, len(args))
	for i, v := range args {
		s[i] = fmt.Sprintf("%#x", v)
	}
	return strings.Join(s, " ")
}

// explainBPF runs a raw filter on one syscall and prints the path of
// instructions it executed.
func explainBPF(e *env, file, target, archName string, rest []string) error {
	t, err := targetArch(target)
	if err != nil {
		return err
	}
	a := t
	if archName != "" {
		if a, err = archFlag("--arch", archName); err != nil {
			return err
		}
	}
	d, err := syscallData(a, rest)
	if err != nil {
		return err
	}
	data, name, err := readProfile(e, file)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	insns, err := decodeRawFilter(data, name, t)
	if err != nil {
		return err
	}
	ret, pcs, err := verify.Trace(insns, &d, t.BigEndian)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("%s: %w", name, err)}
	}
	fmt.Fprintf(e.stdout, "syscall: %s (nr %d) on %s, args %s\n", rest[0], d.Nr, a.Name, formatArgs(&d.Args))
	fmt.Fprintf(e.stdout, "action:  %s (%#08x)\n", emit.RetString(ret), ret)
	fmt.Fprintf(e.stdout, "why:     the filter executed %d of its %d instructions:\n", len(pcs), len(insns))
	lines := splitLines(emit.Disassemble(insns, emit.DisasmOptions{}))
	for _, pc := range pcs {
		fmt.Fprintln(e.stdout, lines[pc])
	}
	return nil
}
