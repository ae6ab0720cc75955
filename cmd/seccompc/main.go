// Command seccompc compiles seccomp policies to classic BPF and inspects
// syscall tables and filters.
//
// Usage:
//
//	seccompc <command> [flags] [arguments]
//
// Run "seccompc help" for the list of commands and "seccompc <command> -h"
// for the flags of one. Exit status: 0 success, 1 a finding (a verdict
// mismatch, a failed check), 2 a usage or input error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
)

// command is one subcommand of the CLI. Its help ("seccompc NAME -h")
// is, in this order: "Usage: seccompc NAME " and each line of usage; the
// short line; the flags, each with its placeholder (the backquoted word
// of its usage text) and its default; the arguments; more.
type command struct {
	name  string
	usage string // the arguments after the command name, "[flags] [PROFILE]"; one form a line
	short string // one line: what it does
	args  string // what the arguments are (PROFILE, FILE, SYSCALL, ...); "" if it takes none
	more  string // further help, after the arguments
	// absent maps flags other commands have and this one has not on
	// purpose to why, for the error when one is given.
	absent map[string]string
	run    func(env *env, args []string) error
}

var commands []*command

func register(c *command) { commands = append(commands, c) }

// env is what a command reads and writes, so tests can drive commands
// without a subprocess.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// exitError carries an exit status through a command's error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError reports bad command-line use (exit status 2). Its string
// and []string arguments are words of the command line, which may be of
// any length: each is shown bounded (see boundedArgs).
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, boundedArgs(args)...)}
}

// boundedArgs returns args with every string and []string made to print
// bounded: with %q as quote.Value (quoted, cut to quote.MaxValue bytes),
// with %s or %v as quote.Cut, and at most maxListed words of a list.
func boundedArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case string:
			out[i] = boundedWord(a)
		case []string:
			out[i] = boundedList(a)
		default:
			out[i] = a
		}
	}
	return out
}

// maxListed is how many words of a list a message shows.
const maxListed = 8

type boundedWord string

func (w boundedWord) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		io.WriteString(f, quote.Value(string(w)))
		return
	}
	io.WriteString(f, quote.Cut(string(w)))
}

type boundedList []string

func (l boundedList) Format(f fmt.State, verb rune) {
	io.WriteString(f, "[")
	for i, w := range l {
		if i == maxListed {
			fmt.Fprintf(f, " ... (%d in all)", len(l))
			break
		}
		if i > 0 {
			io.WriteString(f, " ")
		}
		boundedWord(w).Format(f, verb)
	}
	io.WriteString(f, "]")
}

func main() {
	os.Exit(run(&env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:]))
}

// run executes the command line args and returns the exit status.
func run(e *env, args []string) int {
	if len(args) == 0 {
		printHelp(e.stderr)
		return 2
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				return run(e, []string{c.name, "-h"})
			}
		}
		printHelp(e.stdout)
		return 0
	}
	c := lookup(name)
	if c == nil {
		var names []string
		for _, c := range commands {
			names = append(names, c.name)
		}
		hint := ""
		if near, ok := suggest.Nearest(name, names); ok {
			hint = fmt.Sprintf(" (did you mean %q?)", near)
		}
		fmt.Fprintf(e.stderr, "seccompc: unknown command %s%s; see seccompc help\n", quote.Value(name), hint)
		return 2
	}
	err := c.run(e, args[1:])
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	code := 2
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	fmt.Fprintf(e.stderr, "seccompc %s: %v\n", c.name, err)
	return code
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// conventions is what every command shares, said once.
const conventions = `Flags come before the arguments. Every command but exec takes
--target ARCH, the architecture to compile for or whose syscall table
to read (default: the host's); exec compiles for this machine. PROFILE
is a policy (seccompc's language), an OCI LinuxSeccomp profile, an OCI
config.json or a Docker profile: a path, or - for stdin; where it is
optional, the default is Docker's default profile. --format json gives
structured output where there is any.
`

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "seccompc compiles seccomp policies to classic BPF.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: seccompc <command> [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	cs := append([]*command(nil), commands...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, conventions)
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "seccompc <command> -h" for the flags of a command.`)
	fmt.Fprintln(w, "Exit status: 0 ok, 1 finding, 2 usage or input error.")
}

// flagSet is the flag set of one run of a command.
type flagSet struct {
	*flag.FlagSet
	e *env
	c *command
}

// newFlags returns the flag set for command c. Parsing prints nothing:
// parseFlags turns errors into one line and -h into the help on stdout.
func newFlags(e *env, c *command) *flagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, e: e, c: c}
}

// flagSetHook, when set (by tests), sees every flag set before it
// parses.
var flagSetHook func(c *command, fs *flag.FlagSet)

// parseFlags parses args. -h prints the command's help on stdout and
// returns flag.ErrHelp; a bad flag is a usage error of one line with
// the nearest flag name and where to find the others.
func parseFlags(fs *flagSet, args []string) error {
	if flagSetHook != nil {
		flagSetHook(fs.c, fs.FlagSet)
	}
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.printHelp(fs.e.stdout)
		return err
	}
	if err != nil {
		return &exitError{code: 2, err: fs.flagError(err)}
	}
	// Flags stop at the first argument: say so for one given after it.
	for _, a := range fs.Args() {
		if a == "--" {
			break
		}
		if name, ok := flagName(a); ok && fs.Lookup(name) != nil {
			return usageError("flags go before the arguments: move %s before %q; see seccompc %s -h", a, fs.Args()[0], fs.c.name)
		}
	}
	return nil
}

// flagName returns the name of the flag that argument a sets ("-x",
// "--x" or "--x=v"), if a is one.
func flagName(a string) (string, bool) {
	if len(a) < 2 || a[0] != '-' {
		return "", false
	}
	name := strings.TrimPrefix(a[1:], "-")
	name, _, _ = strings.Cut(name, "=")
	return name, name != ""
}

// flagError rewrites an error of package flag in the command line's
// terms, with the nearest defined flag for an unknown one.
func (fs *flagSet) flagError(err error) error {
	see := fmt.Sprintf("see seccompc %s -h", fs.c.name)
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		hint := ""
		if why, ok := fs.c.absent[name]; ok {
			hint = ": " + why
		} else if near, ok := suggest.Nearest(name, names); ok {
			hint = fmt.Sprintf(" (did you mean %s?)", dashes(near))
		}
		return fmt.Errorf("unknown flag %s%s; %s", quoteFlag(name), hint, see)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		placeholder := "a value"
		if f := fs.Lookup(name); f != nil {
			if p, _ := flag.UnquoteUsage(f); p != "" {
				placeholder = p
			}
		}
		return fmt.Errorf("flag %s needs a value: %s %s; %s", dashes(name), dashes(name), placeholder, see)
	}
	// invalid value "x" for flag -repeat: parse error
	// invalid boolean value "x" for -strict: parse error
	var value, name string
	if _, err := fmt.Sscanf(msg, "invalid value %q for flag -%s", &value, &name); err == nil {
		name = strings.TrimSuffix(name, ":")
		why := fs.want(name)
		if _, rest, ok := strings.Cut(msg, " for flag -"+name+": "); ok && rest != "parse error" {
			why = rest
		}
		return fmt.Errorf("%s %q: %s; %s", dashes(name), value, why, see)
	}
	if _, err := fmt.Sscanf(msg, "invalid boolean value %q for -%s", &value, &name); err == nil {
		name = strings.TrimSuffix(name, ":")
		return fmt.Errorf("%s=%q: want true or false; %s", dashes(name), value, see)
	}
	return fmt.Errorf("%s; %s", msg, see)
}

// want says what flag name takes.
func (fs *flagSet) want(name string) string {
	f := fs.Lookup(name)
	if f == nil {
		return "invalid value"
	}
	if g, ok := f.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case int, int64, uint, uint64:
			return "want an integer"
		}
	}
	p, _ := flag.UnquoteUsage(f)
	return "want " + p
}

// dashes writes a flag name as the help does: -x for one letter, --name
// for longer ones.
func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// quoteFlag writes a flag name from the command line, cut to 64 bytes
// and quoted when it holds anything unusual.
func quoteFlag(name string) string {
	if len(name) > 64 {
		return strconv.Quote(name[:64]) + "..."
	}
	for _, r := range name {
		if !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return strconv.Quote(name)
		}
	}
	return dashes(name)
}

// printHelp writes the command's help.
func (fs *flagSet) printHelp(w io.Writer) {
	c := fs.c
	for i, u := range strings.Split(c.usage, "\n") {
		if i == 0 {
			fmt.Fprintf(w, "Usage: seccompc %s %s\n", c.name, u)
		} else {
			fmt.Fprintf(w, "       seccompc %s %s\n", c.name, u)
		}
	}
	fmt.Fprintf(w, "\n%s\n\nFlags:\n", c.short)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	if c.args != "" {
		fmt.Fprintf(w, "\n%s\n", c.args)
	}
	if c.more != "" {
		fmt.Fprintf(w, "\n%s\n", c.more)
	}
}
