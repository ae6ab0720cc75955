package ir_test

import (
	"os"
	"testing"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
)

// TestResolveProfilesMatchReference checks Resolve of Docker's and
// podman's default profiles, for the targets of their architecture
// sections, against the plain rule-by-rule resolution.
func TestResolveProfilesMatchReference(t *testing.T) {
	for _, f := range []string{"../testdata/profiles/moby-default.json", "../testdata/profiles/podman-seccomp.json"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range []string{"x86_64", "x86", "aarch64", "s390x", "ppc64le"} {
			p, _, err := docker.Load(data, docker.Options{Filename: f, Target: target})
			if err != nil {
				t.Fatal(err)
			}
			ir.CheckAgainstReference(t, f+" for "+target, p, target)
		}
	}
}
