package main

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
	"github.com/seccompc/seccompc/ir"
)

func init() {
	register(&command{
		name:  "exec",
		usage: "[flags] [PROFILE] -- CMD [ARG...]",
		short: "compile a profile for this machine, install it and run CMD under it",
		args:  profileArg + "\n\n" + execHelp,
		absent: map[string]string{
			"target": "exec compiles the profile for this machine, where it installs the filter",
		},
		run: runExec,
	})
}

const execHelp = `CMD is the program to run, found in $PATH as a shell does, and ARGs
its arguments. exec compiles PROFILE for this machine (so it has no
--target), sets no_new_privs, installs the filter on every thread
(TSYNC) and execs CMD in place of seccompc: the exit status is CMD's.`

func runExec(e *env, args []string) error {
	fs := newFlags(e, lookup("exec"))
	cf := addProfileFlags(fs)
	flagNames := fs.String("flags", "", "seccomp(2) filter flags: `NAMES`, comma-separated (log, spec_allow, ..., or SECCOMP_FILTER_FLAG_*), or none (default: the profile's); tsync and tsync_esrch are left out, as the filter goes on the thread that execs")
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
				var all ir.Flags
				for _, n := range ir.FlagNames() {
					f, _ := ir.ParseFlag(n)
					all |= f
				}
				return 0, fmt.Errorf("unknown flag %s%s", quote.Value(name), suggest.Hint(name, all.ShortNames()))
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
