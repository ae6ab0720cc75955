package main

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
)

// The help texts that several commands share, so that a flag or an
// argument means the same everywhere.
const (
	targetHelp   = "the target architecture `ARCH`, such as x86_64 or aarch64, or its SCMP_ARCH_* or GOARCH name (amd64, arm64) (default: the host's)"
	baselineHelp = "ENOSYS tail: syscalls the profile does not name and kernel `X` lacked get ERRNO(ENOSYS); X is a kernel version such as 5.10, auto (default: the newest syscall the profile names; no tail if it names none) or none"
	bpfHelp      = "take the raw filter `FILE` instead of compiling PROFILE"
	outputHelp   = "write the output to `FILE` instead of stdout"

	profileArg = `PROFILE is a policy (seccompc's language), an OCI LinuxSeccomp
profile, an OCI config.json or a Docker profile: a path, or - for
stdin; without it, Docker's default profile.`
)

// choice is a flag whose value is one of a fixed list, such as --format.
type choice struct {
	name    string
	value   *string
	choices []string
}

// addFormat defines --format with its choices, the first the default.
func addFormat(fs *flagSet, choices ...string) *choice {
	return &choice{
		name:    "format",
		value:   fs.String("format", choices[0], "output `FORMAT`: "+orList(choices)),
		choices: choices,
	}
}

// get returns the flag's value, or a usage error listing the choices.
func (c *choice) get() (string, error) {
	if slices.Contains(c.choices, *c.value) {
		return *c.value, nil
	}
	return "", boundedUsageError(dashes(c.name) + " " + notOneOf(*c.value, c.choices))
}

// notOneOf says that s is not one of choices: the quoted value, the
// nearest choice when one is near, and every choice, nearest first.
func notOneOf(s string, choices []string) string {
	return quote.Value(s) + suggest.Hint(s, choices)
}

// boundedUsageError is a usage error whose message already shows the
// words of the command line bounded (quote.Value), as usageError would.
func boundedUsageError(msg string) error {
	return &exitError{code: 2, err: errors.New(msg)}
}

// orList writes "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// addTarget defines --target.
func addTarget(fs *flagSet) *string { return fs.String("target", "", targetHelp) }

// addAlias defines name as another name of the flag target.
func addAlias(fs *flagSet, name, target string) {
	f := fs.Lookup(target)
	placeholder, _ := flag.UnquoteUsage(f)
	fs.Var(f.Value, name, fmt.Sprintf("the same as %s `%s`", dashes(target), placeholder))
}

var _ flag.Value = (*intOrAll)(nil)

// intOrAll is an integer flag whose unset value (-1) means "all".
type intOrAll int

func (v *intOrAll) String() string {
	if v == nil || *v < 0 {
		return "all"
	}
	return strconv.Itoa(int(*v))
}

func (v *intOrAll) Set(s string) error {
	if s == "all" {
		*v = -1
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return fmt.Errorf("want all or a number from 0")
	}
	*v = intOrAll(n)
	return nil
}
