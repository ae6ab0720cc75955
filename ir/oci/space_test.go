package oci

import (
	"strings"
	"testing"
	"unicode"
)

// TestHasSpace checks hasSpace against unicode.IsSpace for every byte
// and for the non-ASCII white space runes.
func TestHasSpace(t *testing.T) {
	var in []string
	for c := range 256 {
		in = append(in, "ab"+string([]byte{byte(c)})+"cd")
	}
	for _, r := range []rune{0x85, 0xa0, 0x1680, 0x2000, 0x2028, 0x3000, 'é', 0xfeff} {
		in = append(in, "a"+string(r)+"b")
	}
	for _, s := range in {
		if got, want := hasSpace(s), strings.ContainsFunc(s, unicode.IsSpace); got != want {
			t.Errorf("hasSpace(%q) = %v, want %v", s, got, want)
		}
	}
}
