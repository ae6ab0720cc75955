package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"unicode/utf8"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
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
	strict   *bool // nil: not strict
	asRunc   *bool // nil: compile what runc refuses, with a warning
	verbose  *bool // nil: not verbose
	// badArchAllow lets a policy whose bad-arch action lets syscalls run
	// compile; nil: refused.
	badArchAllow *bool
}

// on reports whether the boolean flag b is set; nil is not.
func on(b *bool) bool { return b != nil && *b }

// addCompileFlags defines the flags of a command that compiles a
// profile for --target.
func addCompileFlags(fs *flagSet) *compileFlags {
	cf := addProfileFlags(fs)
	cf.target = addTarget(fs)
	return cf
}

// addProfileFlags defines the flags of a command that compiles a profile
// for this machine (exec): those of addCompileFlags but --target.
func addProfileFlags(fs *flagSet) *compileFlags {
	return &compileFlags{
		target:       new(string),
		baseline:     fs.String("baseline", "", baselineHelp),
		noOpt:        fs.Bool("no-optimize", false, "use the plain reference lowering (no weighted search, argument sets or passes), for debugging"),
		strict:       fs.Bool("strict", false, "refuse syscall names no architecture defines (likely typos) instead of skipping them, as crun's run.oci.seccomp_fail_unknown_syscall does"),
		asRunc:       fs.Bool("refuse-as-runc", false, "refuse the profiles runc (with libseccomp 2.5) refuses to load, such as rules libseccomp rejects with EEXIST, instead of compiling them with a runc-refuses warning"),
		verbose:      fs.Bool("v", false, "also show the syscall names that only other architectures define (skipped on the filter's, as runc does)"),
		badArchAllow: fs.Bool("allow-badarch-allow", false, "compile a policy whose bad-architecture action is allow or log, which lets every syscall of an architecture the filter does not cover bypass it"),
	}
}

// targetArch looks up --target, the host's when it is empty.
func targetArch(name string) (*arch.Info, error) { return archFlag("--target", name) }

// archFlag looks up the architecture name that flag gives, the host's
// when it is empty.
func archFlag(flag, name string) (*arch.Info, error) {
	a, err := archOrHost(name)
	if err != nil {
		var ue *arch.UnknownError
		if errors.As(err, &ue) {
			return nil, boundedUsageError(flag + ": unknown architecture " + ue.Describe())
		}
		return nil, usageError("%s: %w", flag, err)
	}
	return a, nil
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
	verbose  bool // -v: show every warning

	ruleText map[int]string // comment's text by rule, made on first use
}

// readProfile reads PROFILE (a path, or - for stdin); an empty path
// means Docker's default profile. The name, for messages and generated
// files, is the path as quote.Text shows it: quoted when it holds a line
// break, a control character or invalid UTF-8.
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
	if errors.Is(err, fs.ErrNotExist) {
		err = notFound(path)
	}
	return data, quote.Text(path), err
}

// notFound is the error for a file that does not exist: its name and,
// when the directory holds a file with a near name, that one.
func notFound(path string) error {
	msg := fmt.Sprintf("%s: no such file", quote.Text(path))
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if _, err := os.Stat(dir); err != nil {
		msg = fmt.Sprintf("%s: no such file or directory", quote.Text(path))
	} else if near, ok := nearFile(dir, base); ok {
		msg += fmt.Sprintf(" (did you mean %s?)", quote.Text(filepath.Join(filepath.Dir(path), near)))
	}
	return notExistError(msg)
}

// notExistError is a message about a missing file that wraps
// fs.ErrNotExist.
type notExistError string

func (e notExistError) Error() string { return string(e) }
func (e notExistError) Unwrap() error { return fs.ErrNotExist }

// nearFile returns the name in dir nearest to base, if one is near
// enough to be the name meant. It reads at most 1000 names.
func nearFile(dir, base string) (string, bool) {
	f, err := os.Open(dir)
	if err != nil {
		return "", false
	}
	defer f.Close()
	names, _ := f.Readdirnames(1000)
	sort.Strings(names)
	return suggest.Nearest(base, names)
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
	if _, err := targetArch(*cf.target); err != nil {
		return nil, err
	}
	p, warns, kind, err := profile.Load(data, profile.Options{Filename: name, Target: *cf.target, Strict: on(cf.strict), RefuseAsRunc: on(cf.asRunc)})
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
	if on(cf.noOpt) {
		opt.Optimize = false
	}
	opt.BadArchAllow = on(cf.badArchAllow)
	prog, err := lower.CompileOptions(r, opt)
	if err != nil {
		return nil, err
	}
	return &compiled{policy: p, resolved: r, prog: prog, kind: kind.String(), warnings: append(warns, w2...), verbose: on(cf.verbose)}, nil
}

// printWarnings prints the warnings worth a user's attention, one a
// line: all but those about syscall names only other architectures
// define, which a profile written for several architectures always has
// (runc logs them at debug level), unless -v asks for them.
func (c *compiled) printWarnings(w io.Writer) {
	c.printKinds(w, func(k ir.WarningKind) bool { return k != ir.WarnMissingSyscall })
}

// printTypos prints the warnings about syscall names no architecture
// defines, and with -v every warning.
func (c *compiled) printTypos(w io.Writer) {
	c.printKinds(w, func(k ir.WarningKind) bool { return k == ir.WarnUnknownSyscall })
}

func (c *compiled) printKinds(w io.Writer, show func(ir.WarningKind) bool) {
	for _, warn := range c.warnings {
		if c.verbose || show(warn.Kind) {
			fmt.Fprintf(w, "warning: %s\n", warn)
		}
	}
}

// warningJSON is a warning in JSON output.
type warningJSON struct {
	Kind     string   `json:"kind"`
	Pos      string   `json:"pos,omitempty"`
	Message  string   `json:"message"`
	Syscalls []string `json:"syscalls,omitempty"`
	Arches   []string `json:"arches,omitempty"`
	Suggest  string   `json:"suggest,omitempty"`
}

func warningsJSON(ws []ir.Warning) []warningJSON {
	out := make([]warningJSON, len(ws))
	for i, w := range ws {
		out[i] = warningJSON{Kind: w.Kind.String(), Pos: w.Pos, Message: w.Msg, Syscalls: w.Syscalls, Arches: w.Arches, Suggest: w.Suggest}
	}
	return out
}

// comment returns the disassembly comment for instruction pc: the rule
// that produced it, or the part of the filter.
func (c *compiled) comment(pc int) string {
	if pc >= len(c.prog.Src) {
		return ""
	}
	s := c.prog.Src[pc]
	if s.Part == emit.PartRule && s.Rule >= 0 && s.Rule < len(c.policy.Rules) {
		if text, ok := c.ruleText[s.Rule]; ok {
			return text
		}
		r := &c.policy.Rules[s.Rule]
		where := r.Pos
		if where == "" {
			where = fmt.Sprintf("rule %d", s.Rule)
		}
		text := fmt.Sprintf("%s: %s", where, cutRule(r.String()))
		if c.ruleText == nil {
			c.ruleText = map[int]string{}
		}
		c.ruleText[s.Rule] = text
		return text
	}
	return s.String()
}

// maxRuleText is how many bytes of a rule a comment shows: every
// instruction of a rule's code carries it, so a rule with a set of
// thousands of values would otherwise make the output quadratic in the
// policy's size.
const maxRuleText = 160

// cutRule returns the text of a rule for a comment, cut to maxRuleText
// bytes (at a character boundary) and followed by its length when it is
// longer.
func cutRule(s string) string {
	if len(s) <= maxRuleText {
		return s
	}
	n := maxRuleText
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return fmt.Sprintf("%s... (%d bytes)", s[:n], len(s))
}
