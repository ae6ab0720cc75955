// Package place builds the positions that errors and warnings name:
// "file: place", and a profile rule's label, `syscalls[3] ("personality")`.
package place

import (
	"strconv"

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
	b = append(b, "syscalls["...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, ']')
	if len(names) == 0 {
		return b
	}
	const shown = 3
	b = append(b, " ("...)
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
