// Package place builds the positions that errors and warnings name:
// "file: place", and a profile rule's label, `syscalls[3] ("personality")`.
package place

import (
	"strconv"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
)

// Pos joins a file name and a place in it: "file: place", or whichever
// of the two is not empty.
func Pos(file, place string) string {
	switch {
	case file == "":
		return place
	case place == "":
		return file
	}
	return file + ": " + place
}

// RuleLabel names rule i of a profile by its index and its first
// syscall names: `syscalls[3] ("personality")`.
func RuleLabel(i int, names []string) string {
	return string(AppendRuleLabel(nil, i, names))
}

// AppendRuleLabel appends RuleLabel(i, names) to b.
func AppendRuleLabel(b []byte, i int, names []string) []byte {
	if len(names) == 0 {
		b = append(b, "syscalls["...)
		b = strconv.AppendInt(b, int64(i), 10)
		return append(b, ']')
	}
	b = AppendRuleHead(b, i)
	const shown = 3
	for k, n := range names {
		if k > 0 {
			b = append(b, ", "...)
		}
		if k == shown {
			b = append(b, "..."...)
			break
		}
		b = quote.Append(b, n)
	}
	return append(b, ')')
}

// AppendRuleHead appends the part of RuleLabel(i, names) before the
// names, for names not empty: `syscalls[3] (`. AppendRuleHead(b, i)
// then AppendOneName(b, name) is AppendRuleLabel(b, i, []string{name}).
func AppendRuleHead(b []byte, i int) []byte {
	b = append(b, "syscalls["...)
	b = strconv.AppendInt(b, int64(i), 10)
	return append(b, "] ("...)
}

// AppendOneName appends the rest of the label of a rule with the one
// syscall name: `"personality")`; see AppendRuleHead.
func AppendOneName(b []byte, name string) []byte {
	return append(quote.Append(b, name), ')')
}

// BOM is the UTF-8 encoding of U+FEFF, the byte order mark.
const BOM = "\xef\xbb\xbf"

// BOMDetail is the message for an input that starts with BOM: every
// reader refuses it there, as runc and Docker do (encoding/json, which
// both decode profiles with, treats it as an invalid character).
const BOMDetail = "the input starts with a UTF-8 byte order mark (EF BB BF), which runc and Docker refuse: save it without one"

// HasBOM reports whether data starts with BOM.
func HasBOM(data []byte) bool {
	return len(data) >= len(BOM) && string(data[:len(BOM)]) == BOM
}

// Start is the position of the first byte of a file: "file:1:1".
func Start(file string) string {
	if file == "" {
		return "1:1"
	}
	return file + ":1:1"
}

// ListenerPathProblem says what is wrong with a listener path (a
// profile's listenerPath), or returns "". A NUL byte is: the kernel reads
// a socket path up to its first NUL, so the listener fd would go to the
// socket named by the part before it, not to the one the profile shows.
func ListenerPathProblem(path string) string {
	i := strings.IndexByte(path, 0)
	if i < 0 {
		return ""
	}
	return "listener path " + quote.Value(path) + " contains a NUL byte: the socket path would end there, at " + quote.Value(path[:i])
}
