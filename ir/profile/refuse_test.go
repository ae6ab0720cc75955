package profile

import (
	"strings"
	"testing"

	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/ir/internal/dockerjson"
)

// TestRefusedDockerReadOnce: a Docker profile the reader refuses is read
// by it once, by the detection, not again by the Docker reader to find
// that it refuses it; encoding/json then words the error (issue 14).
// Bytes Load allocates refusing 256 KB of rules given their syscalls
// again as a number, at the end, against one dockerjson.Decode of it:
// 1.5 times; 2.5 times with the second read.
func TestRefusedDockerReadOnce(t *testing.T) {
	data := scalegen.InvalidAtEnd(256 << 10)
	decode := scalegen.Allocated(func() {
		if _, ok := dockerjson.Decode(data); ok {
			t.Fatal("Decode read the invalid profile")
		}
	})
	var err error
	load := scalegen.Allocated(func() { _, _, _, err = Load(data, Options{Filename: "p.json", Target: "x86_64"}) })
	if err == nil || !strings.HasPrefix(err.Error(), "p.json:") {
		t.Fatalf("Load: %v, want an error at p.json", err)
	}
	if r := float64(load) / float64(decode); r > 2 {
		t.Errorf("Load allocated %.2f times what one Decode does refusing the profile, want at most 2", r)
	}
}
