package docker_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/moby/profiles/seccomp"

	"github.com/seccompc/seccompc/ir/docker"
)

// BenchmarkFromProfile measures the front end from a decoded Docker
// profile to the policy (resolution and translation, no JSON reading):
// Docker's default profile as testdata has it, for an x86_64 target.
func BenchmarkFromProfile(b *testing.B) {
	data, err := os.ReadFile("../../testdata/profiles/moby-default.json")
	if err != nil {
		b.Fatal(err)
	}
	p := new(seccomp.Seccomp)
	if err := json.Unmarshal(data, p); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for range b.N {
		if _, _, err := docker.FromProfile(p, docker.Options{Target: "x86_64"}); err != nil {
			b.Fatal(err)
		}
	}
}
