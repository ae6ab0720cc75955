package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

func init() {
	register(&command{
		name:  "verify",
		usage: "[flags] [PROFILE]\n[flags] --bpf FILE [--policy PROFILE]",
		short: "prove that a compiled profile, or any raw filter, returns the policy's verdict for every input",
		args:  profileArg + "\n\n" + bpfArg,
		run:   runVerify,
	})
}

// verifyJSON is the output of "verify --format json".
type verifyJSON struct {
	Result  string `json:"result"` // "proved" or "counterexample"
	Arches  int    `json:"arches"`
	Classes int    `json:"classes,omitempty"`
	Paths   int    `json:"paths,omitempty"`
	Checks  int    `json:"checks,omitempty"`

	// Counterexample only.
	Arch          string   `json:"arch,omitempty"`
	Audit         uint32   `json:"audit,omitempty"`
	Nr            *uint32  `json:"nr,omitempty"`
	Syscall       string   `json:"syscall,omitempty"`
	Args          []uint64 `json:"args,omitempty"`
	IP            *uint64  `json:"instruction_pointer,omitempty"`
	Program       *uint32  `json:"program,omitempty"`
	ProgramAction string   `json:"program_action,omitempty"`
	Policy        string   `json:"policy,omitempty"`
	PolicyRet     *uint32  `json:"policy_ret,omitempty"`
	Reason        string   `json:"reason,omitempty"`
	PCs           []int    `json:"pcs,omitempty"`
}

// bpfArg describes the FILE of --bpf.
const bpfArg = `FILE is a raw filter: an array of struct sock_filter in the target's
byte order, as compile --format raw and libseccomp's seccomp_export_bpf
write it.`

func runVerify(e *env, args []string) error {
	fs := newFlags(e, lookup("verify"))
	cf := addCompileFlags(fs)
	bpfFile := fs.String("bpf", "", bpfHelp)
	policyFile := fs.String("policy", "", "with --bpf: the `PROFILE` the filter must implement (default: Docker's)")
	formatFlag := addFormat(fs, "text", "json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	format, err := formatFlag.get()
	if err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageError("at most one PROFILE, got %q", fs.Args())
	}
	path := fs.Arg(0)
	switch {
	case *policyFile != "" && *bpfFile == "":
		return usageError("--policy needs --bpf (to prove a compiled profile, pass it as PROFILE)")
	case *bpfFile != "" && path != "":
		return usageError("--bpf takes its policy from --policy, not from PROFILE %q", path)
	case *bpfFile != "":
		path = *policyFile
	}
	c, err := compileProfile(e, path, cf)
	if err != nil {
		return err
	}
	c.printWarnings(e.stderr)
	prog := c.prog.Insns
	if *bpfFile != "" {
		data, _, err := readProfile(e, *bpfFile)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		if prog, err = decodeRawFilter(data, *bpfFile, c.resolved.Target); err != nil {
			return err
		}
		if err := verify.Check(prog); err != nil {
			return &exitError{code: 2, err: fmt.Errorf("%s: the kernel would refuse this filter: %w", *bpfFile, err)}
		}
	}
	proof, err := verify.Prove(prog, c.resolved)
	var cex *verify.Counterexample
	switch {
	case errors.As(err, &cex):
		if err := writeCounterexample(e.stdout, format, c, cex); err != nil {
			return err
		}
		return &exitError{code: 1, err: fmt.Errorf("the filter disagrees with the policy on %s", cexSummary(cex))}
	case err != nil:
		return &exitError{code: 2, err: err}
	}
	if format == "json" {
		return writeJSONLine(e.stdout, verifyJSON{Result: "proved", Arches: proof.Arches, Classes: proof.Classes, Paths: proof.Paths, Checks: proof.Checks})
	}
	_, err = fmt.Fprintf(e.stdout, "proved: %d arches, %d syscall classes, %d paths\n", proof.Arches, proof.Classes, proof.Paths)
	return err
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// cexSummary names a counterexample's syscall in one phrase.
func cexSummary(c *verify.Counterexample) string {
	arch := c.Arch
	if arch == "" {
		arch = fmt.Sprintf("arch %#x", c.Data.Arch)
	}
	name := c.Syscall
	if name == "" {
		name = fmt.Sprintf("syscall %d", c.Data.Nr)
	}
	return name + " on " + arch
}

func writeCounterexample(w io.Writer, format string, c *compiled, cex *verify.Counterexample) error {
	d := cex.Data
	dec := c.resolved.Decide(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args})
	if format == "json" {
		policyRet := cex.Policy.Ret()
		j := verifyJSON{
			Result: "counterexample", Arches: len(c.resolved.Arches),
			Arch: cex.Arch, Audit: d.Arch, Nr: &d.Nr, Syscall: cex.Syscall, Args: d.Args[:], IP: &d.IP,
			Program: &cex.Program, ProgramAction: emit.RetString(cex.Program),
			Policy: cex.Policy.String(), PolicyRet: &policyRet, Reason: dec.String(), PCs: cex.PCs,
		}
		return writeJSONLine(w, j)
	}
	arch := cex.Arch
	if arch == "" {
		arch = "not in the filter"
	}
	name := cex.Syscall
	if name == "" {
		name = "?"
	}
	args := make([]string, len(d.Args))
	for i, a := range d.Args {
		args[i] = fmt.Sprintf("%#x", a)
	}
	fmt.Fprintln(w, "counterexample:")
	fmt.Fprintf(w, "  arch:    %#x (%s)\n", d.Arch, arch)
	fmt.Fprintf(w, "  nr:      %d (%s)\n", d.Nr, name)
	fmt.Fprintf(w, "  args:    %s\n", strings.Join(args, " "))
	fmt.Fprintf(w, "  filter:  %s (%#08x)\n", emit.RetString(cex.Program), cex.Program)
	fmt.Fprintf(w, "  policy:  %s\n", dec)
	pcs := make([]string, len(cex.PCs))
	for i, pc := range cex.PCs {
		pcs[i] = fmt.Sprint(pc)
	}
	_, err := fmt.Fprintf(w, "  path:    %s\n", strings.Join(pcs, " "))
	return err
}
