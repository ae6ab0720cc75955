// Package quote appends Go-quoted strings without the cost of
// strconv.Quote for the plain ASCII names syscalls have; the front ends
// and the resolver build many rule labels with it.
package quote

import "strconv"

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
