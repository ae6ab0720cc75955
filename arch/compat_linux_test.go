package arch_test

import (
	"testing"

	"github.com/moby/profiles/seccomp"
	"github.com/seccompc/seccompc/internal/testdiff"

	"github.com/seccompc/seccompc/arch"
)

// TestCompatMatchesMoby checks Compat against the archMap of moby's default
// profile (the module's DefaultProfile is Linux-only).
func TestCompatMatchesMoby(t *testing.T) {
	want := map[string][]string{}
	for _, m := range seccomp.DefaultProfile().ArchMap {
		a, err := arch.Lookup(string(m.Arch))
		if err != nil {
			t.Fatalf("moby archMap arch %q: %v", m.Arch, err)
		}
		var subs []string
		for _, s := range m.SubArches {
			sub, err := arch.Lookup(string(s))
			if err != nil {
				t.Fatalf("moby archMap subarch %q: %v", s, err)
			}
			subs = append(subs, sub.Name)
		}
		want[a.Name] = subs
	}
	if len(want) == 0 {
		t.Fatal("moby default profile has no archMap")
	}
	for _, a := range arch.All() {
		if diff := testdiff.Diff(want[a.Name], a.Compat); diff != "" {
			t.Errorf("%s: Compat vs moby archMap (-moby +arch):\n%s", a, diff)
		}
	}
}
