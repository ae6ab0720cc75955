package docker

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/ir"
)

// TestKernelVersionTypeError checks the error for a minKernel that is
// not a string. moby's KernelVersion decodes its value itself and wraps
// encoding/json's type error, whose offset then counts in that value,
// not in the profile: the error must not place it there (it said
// "p.json:1:1: ... the profile: want a string, not the number {"), and
// must speak of the value as the string case does, without Go's types.
func TestKernelVersionTypeError(t *testing.T) {
	const head = `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", `
	for _, tt := range []struct{ src, want string }{
		{head + `"includes": {"minKernel": 5}}]}`,
			`p.json: malformed input: invalid kernel version: 5, expected "<kernel>.<major>"`},
		{head + `"excludes": {"minKernel": true}}]}`,
			`p.json: malformed input: invalid kernel version: true, expected "<kernel>.<major>"`},
		{"\n\n" + head + `"includes": {"minKernel": [4, 8]}}]}`,
			`p.json: malformed input: invalid kernel version: [4, 8], expected "<kernel>.<major>"`},
		// The string case, for comparison: moby's own error.
		{head + `"includes": {"minKernel": "5"}}]}`,
			`p.json: malformed input: invalid kernel version: "5", expected "<kernel>.<major>"`},
	} {
		_, _, err := Load([]byte(tt.src), Options{Filename: "p.json", Target: "x86_64"})
		var ie *ir.Error
		if !errors.As(err, &ie) || ie.Code != ir.ErrFormat {
			t.Errorf("%s: error %v, want an *ir.Error with code %q", tt.src, err, ir.ErrFormat)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.src, err, tt.want)
		}
		if strings.Contains(err.Error(), "json: cannot") || strings.Contains(err.Error(), "Go ") {
			t.Errorf("%s: error speaks Go: %s", tt.src, err)
		}
	}
	// The type error is still there for errors.As.
	_, _, err := Load([]byte(head+`"includes": {"minKernel": 5}}]}`), Options{Filename: "p.json", Target: "x86_64"})
	var typ *json.UnmarshalTypeError
	if !errors.As(err, &typ) {
		t.Errorf("error %v does not wrap the *json.UnmarshalTypeError", err)
	}
}
