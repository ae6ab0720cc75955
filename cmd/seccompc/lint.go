package main

import (
	"fmt"

	"github.com/seccompc/seccompc/ir/lint"
	"github.com/seccompc/seccompc/ir/profile"
)

func init() {
	register(&command{
		name:  "lint",
		usage: "[flags] [PROFILE]",
		short: "report rules that never match, shadowed and duplicate rules, unknown names, arch and x32 gaps, equivalent-syscall gaps",
		args:  profileArg,
		more:  lintHelp,
		run:   runLint,
	})
}

const lintHelp = `Findings (code: severity):
  never-matches: error     the condition can never hold (decided exactly);
                           a warning when only on the 32-bit ABIs
  duplicate: warning       same syscall, action and condition as an earlier rule
  unknown-syscall: error   a name no architecture defines (a typo); a warning
                           for names only some architectures of the filter lack
  shadowed: warning        other rules decide whenever this one holds, or give
                           the same action: removing it changes nothing
  default-action: warning  the rule's action is the default action
  mask-value: warning      (a & mask) == value with value bits outside the mask
  native-arch: warning     the architecture list lacks the target
  x32: warning             an x86_64 filter without x32: x32 calls get the
                           bad-architecture action
  equivalent-gap: warning  one of a group of equivalent syscalls (execve and
                           execveat, open/openat/openat2, the stat family, ...)
                           is allowed unconditionally, another falls to a
                           denying default
  front-end: warning       what the profile reader changed or ignored

Text output is one finding a line, "where: severity: message [code]",
then a count; JSON output is a list of {severity, code, where, message}.
Exit status: 0 no errors (warnings allowed), 1 errors found, 2 input or
usage error.`

func runLint(e *env, args []string) error {
	fs := newFlags(e, lookup("lint"))
	target := addTarget(fs)
	formatFlag := addFormat(fs, "text", "json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	format, err := formatFlag.get()
	if err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageError("want at most one PROFILE")
	}
	if _, err := targetArch(*target); err != nil {
		return err
	}
	data, name, err := readProfile(e, fs.Arg(0))
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	findings, err := lint.Profile(data, profile.Options{Filename: name, Target: *target})
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if format == "json" {
		b, err := lint.JSON(findings)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\n", b)
	} else {
		errs := 0
		for _, f := range findings {
			fmt.Fprintln(e.stdout, f)
			if f.Severity == lint.Error {
				errs++
			}
		}
		fmt.Fprintf(e.stdout, "%s: %d errors, %d warnings\n", name, errs, len(findings)-errs)
	}
	if lint.HasErrors(findings) {
		return &exitError{code: 1, err: fmt.Errorf("%s: errors found", name)}
	}
	return nil
}
