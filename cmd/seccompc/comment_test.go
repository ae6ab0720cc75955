package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestCommentsBounded: the rule an instruction comes from is shown in
// the asm, sim and dot output cut to a bounded length, so that the
// output of a rule with a set of thousands of values (one comment per
// instruction of its search) grows linearly with the policy, not with
// the square of it; the cut says how long the rule is.
func TestCommentsBounded(t *testing.T) {
	var vals []string
	for i := range 3000 {
		vals = append(vals, fmt.Sprint(7*i))
	}
	policy := "default errno(1)\narch x86_64\nallow socket if a0 in {" + strings.Join(vals, ", ") + "}\n"
	for _, args := range [][]string{
		{"compile", "--target", "x86_64", "-"},
		{"compile", "--target", "x86_64", "--format", "dot", "-"},
	} {
		out, errs, code := runCLI(t, policy, args...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, errs)
		}
		// At most 4096 instructions (or nodes) of a bounded line each.
		if len(out) > 300*4096 {
			t.Errorf("%q: %d bytes of output for a %d-byte policy", args, len(out), len(policy))
		}
		if !strings.Contains(out, "allow socket if a0 in {0, 7, 14") || !regexp.MustCompile(`, 2\d\d,\.\.\. \(\d{5} bytes\)`).MatchString(out) {
			t.Errorf("%q: the comments do not show the start of the rule and its length", args)
		}
	}
}
