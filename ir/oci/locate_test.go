package oci

import (
	"fmt"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/internal/scalegen"
)

// TestLocateDeepBounded checks that wording a type error costs memory in
// proportion to the input even where it follows values nested near the
// depth limit: locate used to build the JSON path of every array and
// object it entered, so a value d levels deep cost O(d²) bytes (a 4 MB
// profile of such values took 25 s to refuse).
func TestLocateDeepBounded(t *testing.T) {
	const depth = 9000
	data := []byte(`{"zz": ` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `, "syscalls": 5}`)
	if got, limit := locateFinal5(t, data), uint64(1000*len(data)); got > limit { // json.Decoder costs some 200 bytes a token
		t.Errorf("locate on %d bytes nested %d deep allocated %d bytes, want at most %d", len(data), depth, got, limit)
	}
	// The path inside a deep value is still exact.
	inner := []byte(`{"a": [{"b": [[1, "x"]]}]}`)
	if path, _, _ := locate(inner, int64(strings.Index(string(inner), `"x"`)+1)); path != "a[0].b[0][1]" {
		t.Errorf("locate inside: path %q, want a[0].b[0][1]", path)
	}
}

// TestLocateAllocation: locate reads the tokens of the profile before
// the value a type error names without garbage per token. json.Decoder's
// Token, which it used, builds and drops a syntax error at every string
// and number: about 10 bytes per input byte, the most of the time and
// garbage of refusing a large profile (issue 14). A profile of 256 KB
// of rules with its syscalls given again as a number, at the end.
func TestLocateAllocation(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [`)
	for i := 0; b.Len() < 256<<10; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"names": ["read%d", "write"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": %d, "op": "SCMP_CMP_EQ"}]}`, i, i)
	}
	b.WriteString(`], "syscalls": 5}`)
	data := []byte(b.String())
	if got := float64(locateFinal5(t, data)) / float64(len(data)); got > 0.5 {
		t.Errorf("locate allocated %.2f bytes per input byte, want at most 0.5", got)
	}
}

// locateFinal5 locates the offset just after data's last value, the
// number 5 of the key syscalls, checks the answer and returns the bytes
// locate allocated.
func locateFinal5(t *testing.T, data []byte) uint64 {
	t.Helper()
	var path string
	var start, end int64
	alloc := scalegen.Allocated(func() { path, start, end = locate(data, int64(len(data)-1)) })
	if path != "syscalls" || start < 0 || string(data[start:end]) != "5" {
		t.Fatalf("locate: path %.80q, text at %d:%d; want syscalls, 5", path, start, end)
	}
	return alloc
}

// TestLocateUnbalanced checks that locate, which is meant for JSON that
// encoding/json has already read, answers without a panic on any
// bytes: unbalanced brackets, a stray closer first, text that is no JSON.
func TestLocateUnbalanced(t *testing.T) {
	for _, in := range []string{"]", "}", "}}", `{"a":1}]`, `[1]]]`, `{"a":[}`, `"x`, `{"a":"b`, "", "   ", `]{"a":1}`} {
		for off := int64(0); off <= int64(len(in))+1; off++ {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("locate(%q, %d) panics: %v", in, off, r)
					}
				}()
				locate([]byte(in), off)
			}()
		}
	}
}
