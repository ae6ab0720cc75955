package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
)

// compileFlags are the flags shared by the commands that compile a
// profile.
type compileFlags struct {
	target   *string
	baseline *string
	noOpt    *bool // nil: optimize
}

func addCompileFlags(fs *flag.FlagSet) *compileFlags {
	return &compileFlags{
		target:   fs.String("target", "", "architecture the filter is for (default: the host's)"),
		baseline: fs.String("baseline", "", "ENOSYS tail: syscalls the profile does not name and kernel X lacked get ERRNO(ENOSYS); X is a version such as 5.10, auto (default: the newest syscall the profile names; no tail if it names none) or none"),
		noOpt:    fs.Bool("no-optimize", false, "use the plain reference lowering (no weighted search, argument sets or passes), for debugging"),
	}
}

// archOrHost looks up an architecture name, or the host's for "".
func archOrHost(name string) (*arch.Info, error) {
	if name == "" {
		return arch.Native()
	}
	return arch.Lookup(name)
}

// compiled is a profile compiled for a target.
type compiled struct {
	policy   *ir.Policy
	resolved *ir.Resolved
	prog     *emit.Program
	kind     string
	warnings []ir.Warning
}

// readProfile reads PROFILE (a path, or - for stdin); an empty path
// means Docker's default profile.
func readProfile(e *env, path string) (data []byte, name string, err error) {
	switch path {
	case "":
		def := docker.Default()
		if def == nil {
			return nil, "", errors.New("no PROFILE given, and Docker's default profile is built into seccompc on Linux only")
		}
		data, err := json.Marshal(def)
		return data, "docker-default", err
	case "-":
		data, err := io.ReadAll(e.stdin)
		return data, "<stdin>", err
	}
	data, err = os.ReadFile(path)
	return data, path, err
}

// compileProfile loads and compiles the profile at path for the flags.
func compileProfile(e *env, path string, cf *compileFlags) (*compiled, error) {
	data, name, err := readProfile(e, path)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	return compileBytes(data, name, cf)
}

// compileBytes compiles the profile data, named name in messages, for the
// flags.
func compileBytes(data []byte, name string, cf *compileFlags) (*compiled, error) {
	p, warns, kind, err := profile.Load(data, profile.Options{Filename: name, Target: *cf.target})
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	if *cf.baseline != "" {
		b, err := ir.ParseBaseline(*cf.baseline)
		if err != nil {
			return nil, usageError("--baseline: %w", err)
		}
		p.Baseline = b
	}
	r, w2, err := ir.Resolve(p, *cf.target)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	opt := lower.DefaultOptions
	if cf.noOpt != nil && *cf.noOpt {
		opt.Optimize = false
	}
	prog, err := lower.CompileOptions(r, opt)
	if err != nil {
		return nil, err
	}
	return &compiled{policy: p, resolved: r, prog: prog, kind: kind.String(), warnings: append(warns, w2...)}, nil
}

// printWarnings prints the warnings. Those for syscall names some
// architectures lack are grouped by the architectures that lack them, at
// the position of the first; a lone one, or a name no architecture of
// the filter defines (a typo, more likely), is printed as it is.
func (c *compiled) printWarnings(w io.Writer) {
	type group struct {
		arches string
		first  ir.Warning
		names  []string
	}
	var groups []*group
	for _, warn := range c.warnings {
		if warn.Syscall == "" || len(warn.Missing) == 0 || len(warn.Missing) == len(c.resolved.Arches) {
			fmt.Fprintf(w, "warning: %s\n", warn)
			continue
		}
		key := strings.Join(warn.Missing, ", ")
		i := slices.IndexFunc(groups, func(g *group) bool { return g.arches == key })
		if i < 0 {
			groups = append(groups, &group{arches: key, first: warn})
			i = len(groups) - 1
		}
		groups[i].names = append(groups[i].names, warn.Syscall)
	}
	for _, g := range groups {
		if len(g.names) == 1 {
			fmt.Fprintf(w, "warning: %s\n", g.first)
			continue
		}
		fmt.Fprintf(w, "warning: %s: %d syscalls are not defined on %s; their rules are skipped there: %s\n",
			g.first.Pos, len(g.names), g.arches, strings.Join(g.names, " "))
	}
}

// comment returns the disassembly comment for instruction pc: the rule
// that produced it, or the part of the filter.
func (c *compiled) comment(pc int) string {
	if pc >= len(c.prog.Src) {
		return ""
	}
	s := c.prog.Src[pc]
	if s.Part == emit.PartRule && s.Rule >= 0 && s.Rule < len(c.policy.Rules) {
		r := &c.policy.Rules[s.Rule]
		where := r.Pos
		if where == "" {
			where = fmt.Sprintf("rule %d", s.Rule)
		}
		return fmt.Sprintf("%s: %s", where, r.String())
	}
	return s.String()
}
