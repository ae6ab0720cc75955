package quote

import (
	"strconv"
	"testing"
)

func TestAppendMatchesStrconv(t *testing.T) {
	for _, s := range []string{"", "read", "clock_gettime64", `a"b`, `a\b`, "tab\there", "caf\u00e9", "\x00", "~ok~"} {
		if got, want := string(Append([]byte("x="), s)), "x="+strconv.Quote(s); got != want {
			t.Errorf("Append(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestAppendEveryByte checks Append against strconv.Quote for every
// byte, alone and inside a name.
func TestAppendEveryByte(t *testing.T) {
	for c := range 256 {
		for _, s := range []string{string([]byte{byte(c)}), "ab" + string([]byte{byte(c)}) + "cd"} {
			if got, want := string(Append(nil, s)), strconv.Quote(s); got != want {
				t.Errorf("Append(%q) = %s, want %s", s, got, want)
			}
		}
	}
}
