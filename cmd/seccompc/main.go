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

	"github.com/seccompc/seccompc/internal/quote"
)

// command is one subcommand of the CLI.
type command struct {
	name  string
	usage string // one line: the arguments after the command name
	short string // one line: what it does
	run   func(env *env, args []string) error
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
		fmt.Fprintf(e.stderr, "seccompc: unknown command %s\n", quote.Value(name))
		printHelp(e.stderr)
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
	fmt.Fprintln(w, `Run "seccompc <command> -h" for the flags of a command.`)
	fmt.Fprintln(w, "Exit status: 0 ok, 1 finding, 2 usage or input error.")
}

// newFlags returns a flag set for command c that prints its usage to
// e.stderr and reports errors instead of exiting.
func newFlags(e *env, c *command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: seccompc %s %s\n\n%s\n\nFlags:\n", c.name, c.usage, c.short)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &exitError{code: 2, err: err}
	}
	return nil
}
