package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/seccompc/seccompc/tables"
)

func init() {
	register(&command{
		name:  "syscalls",
		usage: "[flags]",
		short: "list an architecture's syscalls with their numbers and the kernel version that introduced each",
		args:  syscallsHelp,
		run:   runSyscalls,
	})
}

// syscallJSON is one line of "syscalls --format json". Nr is the value
// the kernel puts in seccomp_data.nr; Since is "" for a syscall that
// was never implemented.
type syscallJSON struct {
	Name       string `json:"name"`
	Nr         uint32 `json:"nr"`
	Since      string `json:"since"`
	InBaseline *bool  `json:"in_baseline,omitempty"`
}

const syscallsHelp = `The numbers are those the kernel puts in seccomp_data.nr (with the x32
bit and the MIPS ABI offsets); the text output has one syscall a line,
the json output one object a line: {"name", "nr", "since"} and, with
--baseline, "in_baseline".`

func runSyscalls(e *env, args []string) error {
	fs := newFlags(e, lookup("syscalls"))
	target := addTarget(fs)
	addAlias(fs, "arch", "target")
	baseline := fs.String("baseline", "", "also show whether each syscall existed in kernel `X`, a version such as 5.10")
	formatFlag := addFormat(fs, "text", "json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError("unexpected arguments %q", fs.Args())
	}
	format, err := formatFlag.get()
	if err != nil {
		return err
	}
	a, err := targetArch(*target)
	if err != nil {
		return err
	}
	tab, err := tables.ForArch(a.Table)
	if err != nil {
		return err
	}
	var base tables.Version
	if *baseline != "" {
		base, err = tables.ParseVersion(*baseline)
		if err != nil || base.IsZero() {
			return usageError("--baseline %q: want a kernel version such as 5.10", *baseline)
		}
	}
	switch format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		for _, s := range tab.Syscalls() {
			j := syscallJSON{Name: s.Name, Nr: s.Nr, Since: s.Since.String()}
			if *baseline != "" {
				in := tab.InBaseline(s.Nr, base)
				j.InBaseline = &in
			}
			if err := enc.Encode(j); err != nil {
				return err
			}
		}
	case "text":
		tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
		if *baseline != "" {
			fmt.Fprintf(tw, "NAME\tNR\tSINCE\tIN %s\n", base)
		} else {
			fmt.Fprintf(tw, "NAME\tNR\tSINCE\n")
		}
		for _, s := range tab.Syscalls() {
			since := s.Since.String()
			if since == "" {
				since = "-"
			}
			if *baseline != "" {
				in := "no"
				if tab.InBaseline(s.Nr, base) {
					in = "yes"
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", s.Name, s.Nr, since, in)
			} else {
				fmt.Fprintf(tw, "%s\t%d\t%s\n", s.Name, s.Nr, since)
			}
		}
		return tw.Flush()
	}
	return nil
}
