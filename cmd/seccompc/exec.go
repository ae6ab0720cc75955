package main

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/ir"
)

func init() {
	register(&command{
		name:  "exec",
		usage: "[--target ARCH] [--baseline X] [--flags NAMES] [PROFILE] -- CMD [ARG...]",
		short: "compile a profile for this machine, install it and run CMD under it (default profile: Docker's)",
		run:   runExec,
	})
}

func runExec(e *env, args []string) error {
	fs := newFlags(e, lookup("exec"))
	cf := addCompileFlags(fs)
	flagNames := fs.String("flags", "", "seccomp(2) filter flags, comma-separated (log, spec_allow, …, or SECCOMP_FILTER_FLAG_*); none for none (default: the profile's); tsync and tsync_esrch are left out, as the filter goes on the thread that execs")
	sep := slices.Index(args, "--")
	if sep < 0 {
		if err := parseFlags(fs, args); err != nil {
			return err // -h
		}
		return usageError("missing -- before the command")
	}
	if err := parseFlags(fs, args[:sep]); err != nil {
		return err
	}
	argv := args[sep+1:]
	if len(argv) == 0 {
		return usageError("missing the command after --")
	}
	if fs.NArg() > 1 {
		return usageError("at most one PROFILE before --, got %q", fs.Args())
	}
	host, err := arch.Native()
	if err != nil {
		return err
	}
	if *cf.target != "" {
		a, err := arch.Lookup(*cf.target)
		if err != nil {
			return usageError("--target: %w", err)
		}
		if a.Name != host.Name {
			return usageError("--target %s: exec installs the filter on this machine, which is %s", a.Name, host.Name)
		}
	}
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	c, err := compileProfile(e, fs.Arg(0), cf)
	if err != nil {
		return err
	}
	c.printWarnings(e.stderr)
	if c.policy.UsesNotify() {
		return usageError("%s uses the NOTIFY action, but nothing would receive the listener fd and answer the notifications; use a profile without notify", c.policy.Source)
	}
	asked := c.policy.Flags
	if fs.Lookup("flags").Value.String() != "" {
		if asked, err = parseFilterFlags(*flagNames); err != nil {
			return usageError("--flags: %w", err)
		}
	}
	flags, dropped := execFlags(asked)
	for _, d := range dropped {
		fmt.Fprintf(e.stderr, "warning: ignoring %v: %s\n", d, droppedWhy[d])
	}
	return execFiltered(c, flags, path, argv)
}

// droppedWhy says why exec leaves a flag out.
var droppedWhy = map[ir.Flags]string{
	ir.FlagNewListener:      "nothing would receive the listener fd",
	ir.FlagWaitKillableRecv: "it only applies to a listener",
}

// parseFilterFlags reads a comma-separated list of filter flags, short
// (tsync_esrch) or full (SECCOMP_FILTER_FLAG_TSYNC_ESRCH); "none" is the
// empty list.
func parseFilterFlags(s string) (ir.Flags, error) {
	if s == "none" {
		return 0, nil
	}
	var flags ir.Flags
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		f, err := ir.ParseFlag(name)
		if err != nil {
			if f, err = ir.ParseFlag(strings.ToUpper(name)); err != nil {
				return 0, fmt.Errorf("unknown flag %s (known: %s)", quote.Value(name), strings.Join(ir.FlagNames(), ", "))
			}
		}
		flags |= f
	}
	return flags, nil
}

// execFlags returns the seccomp(2) flags exec installs with: the asked
// ones less NEW_LISTENER and WAIT_KILLABLE_RECV, which it reports as
// dropped, and less TSYNC and TSYNC_ESRCH, which it leaves out quietly:
// the filter goes on the one thread that calls execve, which keeps it
// while execve ends the others, so synchronizing threads changes nothing
// for the program (and would put the Go runtime's own threads under the
// filter before execve).
func execFlags(asked ir.Flags) (flags ir.Flags, dropped []ir.Flags) {
	flags = asked &^ (ir.FlagTSYNC | ir.FlagTSYNCESRCH)
	for _, f := range []ir.Flags{ir.FlagNewListener, ir.FlagWaitKillableRecv} {
		if flags&f != 0 {
			flags &^= f
			dropped = append(dropped, f)
		}
	}
	return flags, dropped
}
