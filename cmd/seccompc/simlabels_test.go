package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSimLabels runs the cases where sim's labels were false claims
// (see lower's TestLabelsAreTrue for the general test): each instruction
// that tests a constant names a rule that has it, and the return names
// the architecture of the path and what decided it.
func TestSimLabels(t *testing.T) {
	dir := t.TempDir()
	k2 := writeTemp(t, dir, "k2.json", `{"defaultAction":"SCMP_ACT_KILL_PROCESS","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86"],"syscalls":[{"names":["newfstatat"],"action":"SCMP_ACT_ALLOW"}]}`)
	last := func(out string) string {
		lines := strings.Split(strings.TrimSpace(out), "\n")
		return lines[len(lines)-1]
	}

	out, errs, code := runCLI(t, "", "sim", "--target", "x86_64", "personality", "1")
	if code != 0 {
		t.Fatalf("sim personality 1: exit %d: %s", code, errs)
	}
	for _, l := range strings.Split(out, "\n") {
		m := regexp.MustCompile(`j(?:eq|ge|gt|set)\s+#(0x[0-9a-f]+|\d+)\s.*personality if a0 == (0x[0-9a-f]+|\d+)$`).FindStringSubmatch(l)
		if m == nil {
			continue
		}
		tested, _ := strconv.ParseUint(m[1], 0, 64)
		named, _ := strconv.ParseUint(m[2], 0, 64)
		if tested != named && tested != named>>32 { // a 64-bit constant is tested a word at a time
			t.Errorf("sim personality 1: %q tests %s but names the rule for %s", l, m[1], m[2])
		}
	}
	if l := last(out); !strings.Contains(l, "x86_64") || !strings.Contains(l, "default") {
		t.Errorf("sim personality 1: the return is %q, want the x86_64 default", l)
	}

	for _, tt := range []struct {
		arch string
		want []string
	}{
		{"x86", []string{"x86", "tail: baseline"}},
		{"x86_64", []string{"x86_64", "tail: baseline"}},
	} {
		out, errs, code := runCLI(t, "", "sim", "--target", "x86_64", "--arch", tt.arch, k2, "clone3")
		if code != 0 {
			t.Fatalf("sim --arch %s k2.json clone3: exit %d: %s", tt.arch, code, errs)
		}
		l := last(out)
		for _, w := range tt.want {
			if !strings.Contains(l, w) {
				t.Errorf("sim --arch %s k2.json clone3: the return is %q, want it to say %q", tt.arch, l, w)
			}
		}
		if strings.HasSuffix(l, "tail: unassigned") {
			t.Errorf("sim --arch %s k2.json clone3: the return is %q, but clone3 is assigned", tt.arch, l)
		}
	}
}
