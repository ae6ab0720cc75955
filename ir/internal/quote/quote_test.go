package quote

import (
	"strconv"
	"strings"
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

func TestAppendShort(t *testing.T) {
	long := strings.Repeat("x", MaxShown-1) + "é" + "tail"
	for _, tt := range []struct{ in, want string }{
		{"open", `"open"`},
		{strings.Repeat("a", MaxShown), strconv.Quote(strings.Repeat("a", MaxShown))},
		{strings.Repeat("a", MaxShown+1), strconv.Quote(strings.Repeat("a", MaxShown)) + "..."},
		// The cut does not split the two bytes of é.
		{long, strconv.Quote(strings.Repeat("x", MaxShown-1)) + "..."},
	} {
		if got := string(AppendShort(nil, tt.in)); got != tt.want {
			t.Errorf("AppendShort(%.20q...) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
