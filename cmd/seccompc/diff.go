package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/verify"
	"github.com/seccompc/seccompc/verify/semdiff"
)

func init() {
	register(&command{
		name:  "diff",
		usage: "[flags] A B",
		short: "show exactly where two profiles or raw filters differ: per arch, the syscalls and argument regions whose verdict changes",
		args:  diffArgs,
		more:  diffHelp,
		run:   runDiff,
	})
}

const diffArgs = `A and B are each a policy (seccompc's language), an OCI LinuxSeccomp
profile, an OCI config.json, a Docker profile or a raw filter: a path,
or - for stdin (at most one of them). A file that contains a zero byte
is a raw filter: an array of struct sock_filter in the target's byte
order, as compile --format raw and libseccomp's seccomp_export_bpf
write it. Every classic BPF opcode is below 0x100, so each 8-byte
instruction holds a zero byte, while policy text and JSON never do.
Profiles are compiled for --target (with --baseline, if given); a raw
filter is taken as it is.`

const diffHelp = `diff compares the two filters on every input, not on samples: the
regions where they return different verdicts are intersections of a
path of A with a path of B (verify.Diff, the prover's machinery), and
every region's example input has been run through both filters.

Text output: one section per architecture (seccomp_data.arch, with x32
numbers apart from x86_64's), then one line per syscall whose verdict
changes, "NAME (NR): A's verdict -> B's verdict", followed by the
argument region where it changes ("for any arguments", or "if" and a
condition on a0..a5 or ip; aN.hi and aN.lo are the 32-bit halves of a 64-bit
argument; on 32-bit ABIs, whose upper halves are always zero, aN is
the low half). Consecutive numbers that no syscall table names and that
change in the same way share one line, and so do all the numbers of a
section when they all change in the same way ("every syscall number").
Inputs whose arch value neither filter singles out come last, under
"other inputs", with their arch and nr conditions. Equivalent filters
print nothing (JSON: []) and exit 0; exit status 1 means they differ.`

// diffJSON is one element of "diff --format json": one output line.
type diffJSON struct {
	Arch    string    `json:"arch"`  // section: an arch name, "audit 0x…" or "other"
	Audit   *uint32   `json:"audit"` // nil for "other"
	Nr      uint32    `json:"nr"`
	NrLast  *uint32   `json:"nr_last,omitempty"` // the last number of a run of unnamed numbers
	Syscall string    `json:"syscall,omitempty"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	FromRet uint32    `json:"from_ret"`
	ToRet   uint32    `json:"to_ret"`
	Region  string    `json:"region"`
	Example [6]uint64 `json:"example"` // arguments of an input in the region (nr is Nr)
	// For "other" only: the seccomp_data.arch value of the example.
	ExampleArch *uint32 `json:"example_arch,omitempty"`
}

func runDiff(e *env, args []string) error {
	fs := newFlags(e, lookup("diff"))
	cf := addCompileFlags(fs)
	formatFlag := addFormat(fs, "text", "json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	format, err := formatFlag.get()
	if err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageError("want two profiles or filters A and B, got %d arguments", fs.NArg())
	}
	if fs.Arg(0) == "-" && fs.Arg(1) == "-" {
		return usageError("only one of A and B can be - (stdin)")
	}
	target, err := targetArch(*cf.target)
	if err != nil {
		return err
	}
	progs, profiles, err := loadFilters(e, fs.Args(), target, cf)
	if err != nil {
		return err
	}
	if profiles == 0 && *cf.baseline != "" {
		return usageError("--baseline applies to profiles, and A and B are both raw filters")
	}
	changes, err := semdiff.Filters(progs[0], progs[1], target.BigEndian)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if format == "json" {
		err = writeDiffJSON(e.stdout, changes)
	} else {
		err = writeDiffText(e.stdout, changes)
	}
	if err != nil {
		return err
	}
	if len(changes) > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%s and %s differ: %s", fs.Arg(0), fs.Arg(1), diffSummary(changes))}
	}
	return nil
}

// loadFilters loads A and B (loadFilter) and says how many of them are
// profiles. Only their programs stay: what loading each left is
// collected before the next step, so that the next load and the
// comparison do not pile onto its garbage (the heap may grow to twice
// a load's live peak before the collector runs on its own).
func loadFilters(e *env, paths []string, target *arch.Info, cf *compileFlags) (progs [2][]bpf.RawInstruction, profiles int, err error) {
	for i, path := range paths {
		p, isProfile, err := loadFilter(e, path, target, cf)
		if err != nil {
			return progs, 0, err
		}
		progs[i] = p
		if isProfile {
			profiles++
		}
		runtime.GC()
	}
	return progs, profiles, nil
}

// isRawFilter reports whether data is a raw filter rather than profile
// text: every sock_filter instruction has a zero byte (the high byte of
// its 16-bit opcode), and policy text and JSON have none.
func isRawFilter(data []byte) bool { return bytes.IndexByte(data, 0) >= 0 }

// loadFilter reads A or B: a raw filter as it is, a profile compiled for
// the flags, its warnings about typos written to stderr (diff's output
// says what the profiles mean; -v shows every warning).
func loadFilter(e *env, path string, target *arch.Info, cf *compileFlags) (prog []bpf.RawInstruction, isProfile bool, err error) {
	data, name, err := readProfile(e, path)
	if err != nil {
		return nil, false, &exitError{code: 2, err: err}
	}
	if isRawFilter(data) {
		prog, err := decodeRawFilter(data, name, target)
		if err != nil {
			return nil, false, err
		}
		if err := verify.Check(prog); err != nil {
			return nil, false, &exitError{code: 2, err: fmt.Errorf("%s: the kernel would refuse this filter: %w", name, err)}
		}
		return prog, false, nil
	}
	c, err := compileBytes(data, name, cf)
	if err != nil {
		return nil, true, err
	}
	c.printTypos(e.stderr)
	return c.prog.Insns, true, nil
}

// nrString names a syscall number: decimal when small, else hex.
func nrString(v uint32) string {
	if v < 0x10000 {
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("%#x", v)
}

// subject is the start of a text line: the syscall or numbers.
func subject(c *semdiff.Change) string {
	switch {
	case c.Whole:
		return "every syscall number"
	case c.Syscall != "":
		return fmt.Sprintf("%s (%s)", c.Syscall, nrString(c.Lo))
	}
	nrs := "nr " + nrString(c.Lo)
	if c.Hi != c.Lo {
		nrs += ".." + nrString(c.Hi)
	}
	if c.Section.Arch != nil {
		nrs += " (unassigned)"
	}
	return nrs
}

func writeDiffText(w io.Writer, changes []semdiff.Change) error {
	var b strings.Builder
	for i := range changes {
		c := &changes[i]
		if i == 0 || changes[i-1].Section != c.Section {
			if c.Section.Other {
				b.WriteString("other inputs:\n")
			} else {
				fmt.Fprintf(&b, "%s (audit %#x):\n", c.Section.Name, c.Section.Audit)
			}
		}
		region := "for any arguments"
		if c.Region != "any arguments" {
			region = "if " + c.Region
		}
		if c.Section.Other {
			fmt.Fprintf(&b, "  %s -> %s %s\n", emit.RetString(c.From), emit.RetString(c.To), region)
			continue
		}
		fmt.Fprintf(&b, "  %s: %s -> %s %s\n", subject(c), emit.RetString(c.From), emit.RetString(c.To), region)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeDiffJSON(w io.Writer, changes []semdiff.Change) error {
	out := make([]diffJSON, 0, len(changes))
	for i := range changes {
		c := &changes[i]
		j := diffJSON{Arch: c.Section.Name, Nr: c.Lo, Syscall: c.Syscall,
			From: emit.RetString(c.From), To: emit.RetString(c.To), FromRet: c.From, ToRet: c.To,
			Region: c.Region, Example: c.Example.Args}
		if !c.Section.Other {
			audit := c.Section.Audit
			j.Audit = &audit
		} else {
			ea := c.Example.Arch
			j.Nr, j.ExampleArch = c.Example.Nr, &ea
		}
		if c.Hi != c.Lo {
			last := c.Hi
			j.NrLast = &last
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // regions have < and >
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// diffSummary counts the changes for the error message.
func diffSummary(changes []semdiff.Change) string {
	secs := map[semdiff.Section]bool{}
	for _, c := range changes {
		secs[c.Section] = true
	}
	return fmt.Sprintf("%s in %s", plural(len(changes), "change"), plural(len(secs), "section"))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
