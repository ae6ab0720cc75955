package ir

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that Parse never panics, returns only *Error, and
// that whatever it accepts prints to text that parses back to an equal
// policy, rule by rule, with String a fixpoint.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../testdata/policies/*.policy")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data, "fuzz")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is a %T, not an *Error", err, err)
			}
			if p != nil {
				t.Fatal("policy returned with an error")
			}
			return
		}
		// Each rule prints its whole condition, so a line naming many
		// syscalls under a big condition prints quadratically large
		// text; keep executions fast by skipping those.
		nodes := 0
		for i := range p.Rules {
			nodes += condSize(p.Rules[i].Cond)
		}
		if nodes > 20000 {
			return
		}
		text := p.String()
		q, err := Parse([]byte(text), "printed")
		if err != nil {
			t.Fatalf("printed policy does not parse: %v\ninput: %q\nprinted:\n%s", err, data, text)
		}
		if p.Default != q.Default || p.BadArch != q.BadArch || p.Baseline != q.Baseline ||
			p.ListenerPath != q.ListenerPath || p.ListenerMetadata != q.ListenerMetadata ||
			!sameStrings(p.Arches, q.Arches) || p.Flags != q.Flags {
			t.Fatalf("directives differ after round trip\ninput: %q\nprinted:\n%s", data, text)
		}
		if len(p.Rules) != len(q.Rules) {
			t.Fatalf("%d rules, %d after round trip\nprinted:\n%s", len(p.Rules), len(q.Rules), text)
		}
		for i := range p.Rules {
			a, b := &p.Rules[i], &q.Rules[i]
			if a.Syscall != b.Syscall || a.Nr != b.Nr || a.Action != b.Action ||
				(a.Cond == nil) != (b.Cond == nil) || a.Cond != nil && !a.Cond.Equal(b.Cond) {
				t.Fatalf("rule %d differs after round trip:\n%s\n%s", i, a, b)
			}
		}
		if again := q.String(); again != text {
			t.Fatalf("String is not a fixpoint:\n%s\nthen:\n%s", text, again)
		}
	})
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func condSize(x *Expr) int {
	if x == nil {
		return 0
	}
	n := 1
	for _, s := range x.Sub {
		n += condSize(s)
	}
	return n
}
