package main

import (
	"strings"
	"testing"
)

// TestBadArchAllow: a policy whose bad-architecture action lets
// syscalls run is a lint error, and every command that compiles refuses
// it unless --allow-badarch-allow asks for it.
func TestBadArchAllow(t *testing.T) {
	dir := t.TempDir()
	for _, action := range []string{"allow", "log"} {
		p := writeTemp(t, dir, action+".policy", "default errno(1)\nbadarch "+action+"\nallow read\n")
		out, _, code := runCLI(t, "", "lint", "--target", "x86_64", p)
		if code != 1 || !strings.Contains(out, ": badarch: error: the bad-architecture action "+action) || !strings.Contains(out, "[badarch-allow]") {
			t.Errorf("lint badarch %s: exit %d, want 1 with a badarch-allow error:\n%s", action, code, out)
		}
		for _, cmd := range [][]string{
			{"compile", p},
			{"verify", p},
			{"sim", p, "read"},
			{"stats", "--repeat", "1", p},
			{"explain", p, "read"},
		} {
			args := append([]string{cmd[0], "--target", "x86_64"}, cmd[1:]...)
			_, errs, code := runCLI(t, "", args...)
			if code != 2 || !strings.Contains(errs, "badarch") || !strings.Contains(errs, "--allow-badarch-allow") {
				t.Errorf("%s with badarch %s: exit %d, want 2 and a message naming --allow-badarch-allow; stderr:\n%s", cmd[0], action, code, errs)
			}
			ok := append([]string{cmd[0], "--allow-badarch-allow"}, args[1:]...)
			if _, errs, code := runCLI(t, "", ok...); code != 0 {
				t.Errorf("%s --allow-badarch-allow with badarch %s: exit %d; stderr:\n%s", cmd[0], action, code, errs)
			}
		}
	}
}
