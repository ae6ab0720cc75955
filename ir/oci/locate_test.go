package oci

import (
	"runtime"
	"strings"
	"testing"
)

// TestLocateDeepBounded checks that wording a type error costs memory in
// proportion to the input even where it follows values nested near the
// depth limit: locate used to build the JSON path of every array and
// object it entered, so a value d levels deep cost O(d²) bytes (a 4 MB
// profile of such values took 25 s to refuse).
func TestLocateDeepBounded(t *testing.T) {
	const depth = 9000
	data := []byte(`{"zz": ` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `, "syscalls": 5}`)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	path, start, end := locate(data, int64(len(data)-1)) // just after the 5
	runtime.ReadMemStats(&after)
	if path != "syscalls" || start < 0 || string(data[start:end]) != "5" {
		t.Fatalf("locate: path %.80q, text at %d:%d; want syscalls, 5", path, start, end)
	}
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(1000*len(data)); got > limit { // json.Decoder costs some 200 bytes a token
		t.Errorf("locate on %d bytes nested %d deep allocated %d bytes, want at most %d", len(data), depth, got, limit)
	}
	// The path inside a deep value is still exact.
	inner := []byte(`{"a": [{"b": [[1, "x"]]}]}`)
	if path, _, _ := locate(inner, int64(strings.Index(string(inner), `"x"`)+1)); path != "a[0].b[0][1]" {
		t.Errorf("locate inside: path %q, want a[0].b[0][1]", path)
	}
}
