// Package quote appends Go-quoted strings without the cost of
// strconv.Quote for the plain ASCII names syscalls have; the front ends
// and the resolver build many rule labels with it.
package quote

import (
	"strconv"
	"unicode/utf8"
)

// Append appends s quoted as strconv.AppendQuote would, taking a fast
// path when s is printable ASCII without quotes or backslashes.
func Append(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if special[s[i]] {
			return strconv.AppendQuote(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// special holds the bytes that strconv.AppendQuote does not copy as they
// are: those outside printable ASCII, quotes and backslashes.
var special = func() (t [256]bool) {
	for c := range t {
		t[c] = c < ' ' || c > '~' || c == '"' || c == '\\'
	}
	return t
}()

// MaxShown is the number of bytes of an input string AppendShort shows.
const MaxShown = 64

// AppendShort appends s quoted as Append does, cut to its first
// MaxShown bytes (on a UTF-8 boundary) and followed by "..." when it is
// longer, so that a message echoing input stays short.
func AppendShort(b []byte, s string) []byte {
	if len(s) <= MaxShown {
		return Append(b, s)
	}
	cut := MaxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	b = Append(b, s[:cut])
	return append(b, "..."...)
}
