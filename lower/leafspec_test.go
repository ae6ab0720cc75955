package lower_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
)

// TestLeafSpecialization: the compiler specializes each syscall's code
// alone, as it builds it, instead of running the specialize pass over
// the whole DAG; on the testdata profiles and policies for several
// targets, and on random policies, the whole-DAG passes must then find
// nothing left to change.
func TestLeafSpecialization(t *testing.T) {
	files, _ := filepath.Glob("../testdata/policies/*.policy")
	profiles, _ := filepath.Glob("../testdata/profiles/*.json")
	files = append(files, profiles...)
	if len(files) < 5 {
		t.Fatalf("found only %d testdata profiles", len(files))
	}
	check := func(name string, r *ir.Resolved) {
		t.Helper()
		changed, err := lower.WholeDAGPassesChange(r)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if changed {
			t.Errorf("%s: the whole-DAG passes still change the specialized DAG", name)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range []string{"x86_64", "aarch64", "s390x", "mips"} {
			p, _, _, err := profile.Load(data, profile.Options{Filename: f, Target: target})
			if err != nil {
				t.Fatal(err)
			}
			r, _, err := ir.Resolve(p, target)
			if err != nil {
				t.Fatal(err)
			}
			check(f+" for "+target, r)
		}
	}
	n := 3000
	if testing.Short() {
		n /= 10
	}
	for i, c := range randomPolicies(rand.NewPCG(14, 3), n) {
		p, r := c.p, c.r
		check(p.String(), r)
		if t.Failed() {
			t.Fatalf("random policy %d", i)
		}
	}
}
