package main

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/atomicfile"
	"github.com/seccompc/seccompc/verify"
)

func init() {
	register(&command{
		name:  "dump",
		usage: "--pid PID [flags]",
		short: "read the seccomp filters installed in a running process (needs CAP_SYS_ADMIN) and disassemble them or check one against a profile",
		args:  dumpHelp,
		run:   runDump,
	})
}

// errNoFilter is returned (wrapped) by readFilters for a process that
// has no seccomp filter.
var errNoFilter = errors.New("no seccomp filter installed")

const dumpHelp = `--format asm disassembles every filter (or the one of --index), the
first installed first; --format raw writes one filter as an array of
struct sock_filter in the host's byte order. With --profile PROFILE,
dump proves whether the most recent filter (or the one of --index) is
equivalent to PROFILE compiled for --target: exit status 1 if not.
PROFILE is a policy (seccompc's language), an OCI LinuxSeccomp
profile, an OCI config.json or a Docker profile: a path, or - for
stdin.`

func runDump(e *env, args []string) error {
	fs := newFlags(e, lookup("dump"))
	pid := fs.Int("pid", 0, "the process `PID` whose filters to read")
	indexFlag := intOrAll(-1)
	fs.Var(&indexFlag, "index", "read only filter `N`; the kernel counts from 0, the first installed")
	index := (*int)(&indexFlag)
	formatFlag := addFormat(fs, "asm", "raw")
	profilePath := fs.String("profile", "", "also check the filter against `PROFILE` compiled for --target")
	cf := addCompileFlags(fs)
	out := fs.String("o", "", outputHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError("unexpected arguments %q", fs.Args())
	}
	if *pid <= 0 {
		return usageError("--pid: want a process id, got %d", *pid)
	}
	if *index < -1 {
		return usageError("--index: want 0 or more, got %d", *index)
	}
	format, err := formatFlag.get()
	if err != nil {
		return err
	}
	if _, err := targetArch(*cf.target); err != nil {
		return err
	}
	// Compile first: a bad profile is a usage error whatever the process.
	var c *compiled
	if *profilePath != "" {
		var err error
		if c, err = compileProfile(e, *profilePath, cf); err != nil {
			return err
		}
		c.printWarnings(e.stderr)
	}
	filters, err := readFilters(*pid, *index)
	if err != nil {
		if errors.Is(err, errNoFilter) {
			return &exitError{code: 1, err: fmt.Errorf("process %d: %w", *pid, err)}
		}
		return &exitError{code: 2, err: err}
	}
	first := max(*index, 0)
	var buf bytes.Buffer
	switch format {
	case "raw":
		if len(filters) != 1 {
			return usageError("process %d has %d filters: choose one with --index for --format raw", *pid, len(filters))
		}
		// The filter comes from a process on this machine: its struct
		// sock_filter fields are in the host's byte order.
		host, err := arch.Native()
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		buf.Write(rawBytes(filters[0], host.BigEndian))
	case "asm":
		for i, f := range filters {
			n := first + i
			what := ""
			switch {
			case *index >= 0:
			case len(filters) == 1:
				what = " (the only one)"
			case i == 0:
				what = " (first installed)"
			case i == len(filters)-1:
				what = " (most recent)"
			}
			fmt.Fprintf(&buf, "; filter %d%s: %d instructions\n", n, what, len(f))
			if err := verify.Check(f); err != nil {
				fmt.Fprintf(&buf, "; the kernel's checker rejects it: %v\n", err)
			}
			buf.WriteString(emit.Disassemble(f, emit.DisasmOptions{}))
		}
	}
	var verdict error
	if c != nil {
		// Without --index, the most recent filter: the last one read.
		f, n := filters[len(filters)-1], first+len(filters)-1
		equal, detail, err := checkInstalled(f, c)
		if err != nil {
			return err
		}
		if *out != "" || format == "raw" {
			// Keep the verdict off a raw or redirected dump.
			fmt.Fprintf(e.stderr, "filter %d: %s\n", n, detail)
		} else {
			fmt.Fprintf(&buf, "; filter %d: %s\n", n, detail)
		}
		if !equal {
			verdict = &exitError{code: 1, err: fmt.Errorf("filter %d of process %d is not equivalent to %s", n, *pid, c.policy.Source)}
		}
	}
	if *out != "" {
		if err := atomicfile.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			return err
		}
	} else if _, err := e.stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	return verdict
}

// checkInstalled compares an installed filter with the profile c. It is
// the single place dump decides equivalence: verify.Prove proves the
// filter returns the policy's verdict on every input, or finds an input
// on which it does not. For a filter outside what the prover models (an
// instruction it cannot follow, or too many paths), it falls back to
// verify.Equivalent's sample of inputs and says so.
func checkInstalled(insns []bpf.RawInstruction, c *compiled) (equal bool, detail string, err error) {
	what := fmt.Sprintf("%s compiled for %s", c.policy.Source, c.resolved.Target.Name)
	if slices.Equal(insns, c.prog.Insns) {
		return true, "identical to " + what, nil
	}
	proof, err := verify.Prove(insns, c.resolved)
	var cex *verify.Counterexample
	var verr *verify.Error
	switch {
	case err == nil:
		return true, fmt.Sprintf("equivalent to %s (proved over %d paths)", what, proof.Paths), nil
	case errors.As(err, &cex):
		d := &cex.Data
		return false, fmt.Sprintf("NOT equivalent to %s: for %s with args %s the filter returns %s (%#x) and the policy %v",
			what, cexSummary(cex), formatArgs(&d.Args), emit.RetString(cex.Program), cex.Program, cex.Policy), nil
	case errors.As(err, &verr) && (verr.Code == verify.ErrUnsupported || verr.Code == verify.ErrTooComplex):
		n, err2 := verify.Equivalent(insns, c.resolved)
		var m *verify.Mismatch
		switch {
		case errors.As(err2, &m):
			return false, fmt.Sprintf("NOT equivalent to %s: %v", what, m), nil
		case err2 != nil:
			return false, fmt.Sprintf("NOT equivalent to %s: the filter does not run: %v", c.policy.Source, err2), nil
		}
		return true, fmt.Sprintf("agrees with %s on %d sampled inputs (not proved: %v)", what, n, err), nil
	}
	// The checker refused the filter: it cannot be equivalent.
	return false, fmt.Sprintf("NOT equivalent to %s: the filter does not run: %v", c.policy.Source, err), nil
}
