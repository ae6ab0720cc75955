package lower_test

import (
	"strings"
	"testing"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// TestBadArchAllowRefused: a bad-architecture action that lets the
// syscall run (ALLOW, LOG) would let every syscall of an architecture the
// filter does not cover bypass it. The compiler refuses it unless
// Options.BadArchAllow asks for it; then the program is what the policy
// says.
func TestBadArchAllowRefused(t *testing.T) {
	for _, tt := range []struct {
		badarch string
		refused bool
	}{
		{"allow", true},
		{"log", true},
		{"kill_process", false},
		{"errno(1)", false},
		{"trace(1)", false},
	} {
		src := "default errno(1)\nbadarch " + tt.badarch + "\nallow read\n"
		p, err := ir.Parse([]byte(src), "b.policy")
		if err != nil {
			t.Fatal(err)
		}
		r, _, err := ir.Resolve(p, "x86_64")
		if err != nil {
			t.Fatal(err)
		}
		for _, compile := range []struct {
			name string
			f    func() error
		}{
			{"Compile", func() error { _, err := lower.Compile(r); return err }},
			{"CompileOptions", func() error { _, err := lower.CompileOptions(r, lower.Options{Optimize: true}); return err }},
		} {
			err := compile.f()
			switch {
			case tt.refused && err == nil:
				t.Errorf("badarch %s: %s accepted it", tt.badarch, compile.name)
			case tt.refused && !(strings.Contains(err.Error(), "b.policy: badarch") && strings.Contains(err.Error(), "bypass") && strings.Contains(err.Error(), "BadArchAllow")):
				t.Errorf("badarch %s: %s: %v, want an error at b.policy: badarch saying it bypasses the filter and naming BadArchAllow", tt.badarch, compile.name, err)
			case !tt.refused && err != nil:
				t.Errorf("badarch %s: %s: %v", tt.badarch, compile.name, err)
			}
		}
		prog, err := lower.CompileOptions(r, lower.Options{Optimize: true, BadArchAllow: true})
		if err != nil {
			t.Errorf("badarch %s with BadArchAllow: %v", tt.badarch, err)
			continue
		}
		if _, err := verify.Prove(prog.Insns, r); err != nil {
			t.Errorf("badarch %s with BadArchAllow: %v", tt.badarch, err)
		}
	}
}
