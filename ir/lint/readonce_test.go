package lint_test

import (
	"strings"
	"testing"

	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/ir/lint"
	"github.com/seccompc/seccompc/ir/profile"
)

// TestProfileReadsOnce checks that linting a JSON profile of many
// one-name rules allocates little more than loading it: lint checks
// the rules as written from what profile.Load decoded, and a Docker
// profile's resolved rules where they are. Before, lint decoded the
// input a second time and copied the resolved Docker rules: 2.2x
// Load's bytes.
func TestProfileReadsOnce(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"docker", scalegen.OneNameRules(1 << 20)},
		{"oci", scalegen.OneNameRulesOCI(1 << 20)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opts := profile.Options{Filename: "p", Target: "x86_64"}
			load := allocated(t, func() {
				if _, _, _, err := profile.Load(tt.data, opts); err != nil {
					t.Fatal(err)
				}
			})
			lnt := allocated(t, func() {
				if _, err := lint.Profile(tt.data, opts); err != nil {
					t.Fatal(err)
				}
			})
			t.Logf("%d bytes of input: Load allocates %d, lint %d (%.2fx)", len(tt.data), load, lnt, float64(lnt)/float64(load))
			if float64(lnt) > 1.4*float64(load) {
				t.Errorf("lint allocates %d bytes, %.2fx Load's %d; want at most 1.4x", lnt, float64(lnt)/float64(load), load)
			}
		})
	}
}

// TestDockerPositionsOfKeptRules checks that a Docker profile's
// findings name the rule Docker keeps, not an earlier one it filters
// out that reads the same. Before, lint matched the resolved rules to
// the profile's by their contents.
func TestDockerPositionsOfKeptRules(t *testing.T) {
	src := `{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}], "syscalls": [
	{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
	{"names": ["personality"], "action": "SCMP_ACT_ERRNO"}]}`
	fs, err := lint.Profile([]byte(src), profile.Options{Filename: "p", Target: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		if f.Code == lint.DefaultAction {
			got = append(got, f.Where)
		}
	}
	if want := `p: syscalls[1] ("personality")`; strings.Join(got, "|") != want {
		t.Errorf("default-action findings at %q, want one at %q", got, want)
	}
}
