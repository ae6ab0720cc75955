// Package quote renders text that comes from outside the program (names
// and values read from a profile, file names) for the two places it
// goes: messages, where each piece is quoted and cut to a bounded size
// ([Value], [Append]), and generated files and line-oriented output,
// where it must not end a comment, a string or a line ([Text]).
package quote

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxValue is how many bytes of one piece of input a message shows; the
// rest is cut and replaced by "..." and the length in bytes.
const MaxValue = 64

// Value returns s quoted as strconv.Quote would (Go syntax: printable
// characters as they are, everything else escaped), cut to its first
// MaxValue bytes: `"read"`, or for a longer s `"aaaa…"... (1048576
// bytes)`. A message that embeds input uses it, so that the message
// stays one line of bounded size whatever the input.
func Value(s string) string {
	return string(Append(nil, s))
}

// Append appends Value(s) to b, taking a fast path when s is printable
// ASCII without quotes or backslashes.
func Append(b []byte, s string) []byte {
	n := len(s)
	if n > MaxValue {
		s = s[:cut(s, MaxValue)]
	}
	b = appendQuoted(b, s)
	if n > len(s) {
		b = append(b, "... ("...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " bytes)"...)
	}
	return b
}

// Cut returns s for a message when it is plain text (printable ASCII
// without quotes or backslashes, as numbers and identifiers are) of at
// most MaxValue bytes; a longer plain s is cut there and followed by
// "... (N bytes)"; anything else is Value(s). It suits tokens that a
// message shows unquoted, such as "value 18446744073709551616".
func Cut(s string) string {
	n := min(len(s), MaxValue)
	for i := 0; i < n; i++ {
		if special[s[i]] {
			return Value(s)
		}
	}
	if len(s) <= MaxValue {
		return s
	}
	return s[:MaxValue] + "... (" + strconv.Itoa(len(s)) + " bytes)"
}

func appendQuoted(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if special[s[i]] {
			return strconv.AppendQuote(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// cut returns where to cut s, longer than max bytes, to keep at most
// max: at max, or up to three bytes before when s[max] continues a UTF-8
// sequence, so that a valid character is not split.
func cut(s string, max int) int {
	for n := max; n > max-utf8.UTFMax && n > 0; n-- {
		if utf8.RuneStart(s[n]) {
			return n
		}
	}
	return max
}

// special holds the bytes that strconv.AppendQuote does not copy as they
// are: those outside printable ASCII, quotes and backslashes.
var special = func() (t [256]bool) {
	for c := range t {
		t[c] = c < ' ' || c > '~' || c == '"' || c == '\\'
	}
	return t
}()

// Text returns s fit to stand in a generated file (a C or Go comment, an
// asm comment, a Graphviz string) or in a line of output: s itself when
// it is valid UTF-8 of printable characters (spaces included, no other
// white space) holding neither "/*" nor "*/"; otherwise s quoted as
// strconv.Quote would, with every '*' written \x2a. The quoted form is
// a valid Go and C string literal for s, one line of printable ASCII
// and non-ASCII letters, and no comment delimiter can form in it, so a
// file name such as "a*/ int x; /*.policy" or one with a line break
// cannot end the comment it is put in. Text does not cut: a caller that
// embeds it in a message bounds it with [Value] instead.
func Text(s string) string {
	if plain(s) {
		return s
	}
	return strings.ReplaceAll(strconv.Quote(s), "*", `\x2a`)
}

// plain reports whether Text may show s as it is. (A literal U+FFFD
// counts as not printable, like an invalid byte: it is rare in names.)
func plain(s string) bool {
	return printable(s) && !strings.Contains(s, "*/") && !strings.Contains(s, "/*")
}

// MaxMessage is how many bytes of a message from other code (an error of
// a library, which may embed input whole) Err keeps.
const MaxMessage = 256

// Err returns err with its message bounded: the message as it is when it
// is at most MaxMessage bytes of printable UTF-8, otherwise with control
// characters and invalid bytes escaped as in Go strings and cut to
// MaxMessage bytes, followed by "... (N bytes)". The result unwraps to
// err, so errors.Is and errors.As see through it. Err(nil) is nil.
func Err(err error) error {
	if err == nil {
		return nil
	}
	var b *bounded
	if errors.As(err, &b) {
		return err
	}
	return &bounded{err: err, msg: boundMessage(err.Error())}
}

type bounded struct {
	err error
	msg string
}

func (b *bounded) Error() string { return b.msg }
func (b *bounded) Unwrap() error { return b.err }

func boundMessage(s string) string {
	if len(s) <= MaxMessage && printable(s) {
		return s
	}
	n := len(s)
	if n > MaxMessage {
		s = s[:cut(s, MaxMessage)]
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case !unicode.IsPrint(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	if n > len(s) {
		b.WriteString("... (")
		b.WriteString(strconv.Itoa(n))
		b.WriteString(" bytes)")
	}
	return b.String()
}

// printable reports whether s is valid UTF-8 of printable characters.
func printable(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
