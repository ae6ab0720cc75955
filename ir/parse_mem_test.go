package ir_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/internal/testdiff"
	"github.com/seccompc/seccompc/ir"
)

// TestParseMemoryPerByte bounds what ir.Parse allocates per input byte
// on the generated policy shapes of issue 14 (rules written over and
// over, one large value set, an allowlist of distinct values): a few
// bytes for each, where the parser used to allocate 17 to 36.
func TestParseMemoryPerByte(t *testing.T) {
	const limit = 8.0 // bytes allocated per input byte
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"policy-rules", scalegen.PolicyRules(256 << 10)},
		{"policy-value-set", scalegen.PolicyValueSet(256 << 10)},
		{"ioctl-allowlist", scalegen.IoctlAllowlist(8 << 10)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ir.Parse(tc.data, "gen.policy"); err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			pol, err := ir.Parse(tc.data, "gen.policy")
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			runtime.KeepAlive(pol)
			perByte := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(tc.data))
			t.Logf("%d bytes: %.2f B allocated per input byte, %d rules", len(tc.data), perByte, len(pol.Rules))
			if perByte > limit {
				t.Errorf("Parse allocated %.2f B per input byte, more than %v", perByte, limit)
			}
		})
	}
}

// TestParseSharedConditions checks that rules whose conditions are
// written alike, which share one parsed expression, get the condition
// their own text gives, and that the errors of a line whose condition
// begins like an earlier one are those of the same line after a
// condition written differently.
func TestParseSharedConditions(t *testing.T) {
	conds := []string{
		"a0 == 1",
		"a0 == 1 || a1 in {2, 3..9} || # a comment\n  !(a2 & 0x10) == 0",
		"(a0 & 4) != 0 && lo32(a1) not in {\n 1,\n 2, # two\n}",
		"!(a0 < 3) && (a1 == 1 || a2 == 2)",
		"true",
		"a0 == 1 && a0 == 1",
	}
	var b strings.Builder
	b.WriteString("default errno(1)\n")
	var want, wantPos []string // the condition text and position of each rule
	line := 2
	for i := range 3 * len(conds) {
		c := conds[i%len(conds)]
		fmt.Fprintf(&b, "allow read%d, write%d if %s\n", i, i, c)
		pos := fmt.Sprintf("shared.policy:%d", line)
		want, wantPos = append(want, c, c), append(wantPos, pos, pos)
		line += 1 + strings.Count(c, "\n")
	}
	pol, err := ir.Parse([]byte(b.String()), "shared.policy")
	if err != nil {
		t.Fatal(err)
	}
	if len(pol.Rules) != len(want) {
		t.Fatalf("%d rules, want %d", len(pol.Rules), len(want))
	}
	for i, r := range pol.Rules {
		x, err := ir.ParseExpr(want[i])
		if err != nil {
			t.Fatal(err)
		}
		if !testdiff.Equal(x, r.Cond) {
			t.Errorf("rule %d (%s): condition %s, want %s", i, r.Pos, r.Cond, x)
		}
		if r.Pos != wantPos[i] {
			t.Errorf("rule %d: Pos %q, want %q", i, r.Pos, wantPos[i])
		}
	}

	// Each bad line follows a line whose condition is its start, written
	// once alike (shared) and once with other spacing (not shared): the
	// errors must be the same.
	for _, bad := range []string{
		"a0 == 1 junk",
		"a0 == 1 ||",
		"a0 == 1 \"str\"",
		"a0 == 1 @",
		"a0 == 1 |",
		"a0 == 1, read",
		"a0 == 1 ) ",
		"a0 == 1 && a9 == 2",
		"a0 == 1\n && a1 == 2",
	} {
		alike := "default errno(1)\nallow read if a0 == 1\nallow write if " + bad + "\n"
		other := "default errno(1)\nallow read if a0  ==  1\nallow write if " + bad + "\n"
		_, errAlike := ir.Parse([]byte(alike), "bad.policy")
		_, errOther := ir.Parse([]byte(other), "bad.policy")
		if fmt.Sprint(errAlike) != fmt.Sprint(errOther) {
			t.Errorf("%q: error %v after a condition written alike, %v after one written otherwise", bad, errAlike, errOther)
		}
		if errOther == nil && !strings.Contains(bad, "\n") {
			t.Errorf("%q: no error", bad)
		}
	}
}
