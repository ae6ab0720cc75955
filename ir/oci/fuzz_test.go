package oci

import (
	"errors"
	"testing"

	"github.com/seccompc/seccompc/ir"
)

// FuzzParse checks that Parse never panics, that its errors are
// *ir.Error values, and that every policy it accepts validates, for a
// 64-bit and a 32-bit target. The seeds are in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"defaultAction":"SCMP_ACT_LOG","syscalls":[{"names":["read"],"action":"SCMP_ACT_KILL"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, target := range []string{"x86_64", "x86"} {
			p, _, err := Parse(data, Options{Filename: "fuzz.json", Target: target})
			if err != nil {
				var e *ir.Error
				if !errors.As(err, &e) {
					t.Fatalf("%s: error %T is not an *ir.Error: %v", target, err, err)
				}
				continue
			}
			if err := p.Validate(); err != nil {
				t.Fatalf("%s: accepted policy does not validate: %v", target, err)
			}
		}
	})
}
