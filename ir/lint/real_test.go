package lint_test

import (
	"encoding/json"
	"os"
	"runtime"
	"slices"
	"testing"

	"github.com/seccompc/seccompc/ir/docker"
	"github.com/seccompc/seccompc/ir/lint"
	"github.com/seccompc/seccompc/ir/profile"
)

// TestRealProfiles lints Docker's default profile and podman's. Both
// are written for many architectures, so names unknown on the target
// are expected; neither may have an error (a never-matching rule or a
// name no architecture knows). podman's profile, for a container
// without CAP_SYS_ADMIN, allows setns unconditionally and later denies
// it (libseccomp ignores the second rule: shadowed), and denies
// perf_event_open in two rules (duplicate, a warning).
func TestRealProfiles(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("docker.Default is the moby profile on Linux only")
	}
	def, err := json.Marshal(docker.Default())
	if err != nil {
		t.Fatal(err)
	}
	podman, err := os.ReadFile("../../testdata/profiles/podman-seccomp.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name       string
		data       []byte
		target     string
		shadowed   []string // where
		duplicates []string // where
	}{
		{"docker-default", def, "x86_64", nil, nil},
		{"docker-default", def, "aarch64", nil, nil},
		{"podman", podman, "x86_64", []string{`podman: syscalls[16] ("setns")`}, []string{`podman: syscalls[38] ("perf_event_open")`}},
		{"podman", podman, "aarch64", []string{`podman: syscalls[16] ("setns")`}, []string{`podman: syscalls[38] ("perf_event_open")`}},
	} {
		t.Run(tt.name+"/"+tt.target, func(t *testing.T) {
			fs, err := lint.Profile(tt.data, profile.Options{Filename: tt.name, Target: tt.target})
			if err != nil {
				t.Fatal(err)
			}
			counts := map[lint.Code]int{}
			var shadowed, dups, errs []string
			for _, f := range fs {
				t.Log(f)
				counts[f.Code]++
				if f.Code == lint.Shadowed {
					shadowed = append(shadowed, f.Where)
				}
				if f.Code == lint.Duplicate {
					dups = append(dups, f.Where)
				}
				if f.Severity == lint.Error {
					errs = append(errs, f.Where)
				}
			}
			if len(errs) > 0 {
				t.Errorf("errors at %q, want none", errs)
			}
			if !slices.Equal(dups, tt.duplicates) {
				t.Errorf("duplicates at %q, want %q", dups, tt.duplicates)
			}
			if counts[lint.UnknownSyscall] == 0 {
				t.Errorf("no unknown-syscall finding for a multi-architecture profile")
			}
			if !slices.Equal(shadowed, tt.shadowed) {
				t.Errorf("shadowed at %q, want %q", shadowed, tt.shadowed)
			}
		})
	}
}
