package oci

import (
	"strings"
	"testing"
)

// TestRepeatLabelIgnoresEscapes checks that a rule's names, as errors
// show them, do not depend on an escape elsewhere in the input. Before
// the one reader, an escape anywhere made the profile fall back to
// encoding/json, which kept repeated names that the hand reader kept
// once: `syscalls[0] ("read", "read", "write")` against
// `syscalls[0] ("read", "write")` for the same rule.
func TestRepeatLabelIgnoresEscapes(t *testing.T) {
	rule := `"syscalls": [{"names": ["read", "read", "write"]}]`
	plain := `{"defaultAction": "SCMP_ACT_ALLOW", "listenerMetadata": "A", ` + rule + `}`
	escaped := `{"defaultAction": "SCMP_ACT_ALLOW", "listenerMetadata": "\u0041", ` + rule + `}`
	var msgs []string
	for _, in := range []string{plain, escaped} {
		_, _, err := Parse([]byte(in), Options{Filename: "p.json", Target: "x86_64"})
		if err == nil {
			t.Fatalf("Parse(%s): no error, want a missing action", in)
		}
		msgs = append(msgs, err.Error())
	}
	if msgs[0] != msgs[1] {
		t.Errorf("the same rule is named differently:\n%s\n%s", msgs[0], msgs[1])
	}
	if !strings.Contains(msgs[0], `syscalls[0] ("read", "write")`) {
		t.Errorf("error %q does not name the rule by its names, each once", msgs[0])
	}
}
