// Package suggest finds, among the names a program knows, the ones
// nearest to a name it was given, for the "did you mean" hints and the
// lists of valid choices in error messages.
//
// Nearness is the optimal string alignment distance (insertions,
// deletions, substitutions and transpositions of adjacent bytes, each
// costing one) between the names with ASCII letters folded to lower
// case, so "opne" is one step from "open" and "X86_64" none from
// "x86_64".
package suggest

import (
	"sort"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
)

// MaxLen is the longest name the package compares: a longer one is
// nearer to nothing (the cost of a comparison grows with the product of
// the lengths, and no known name is that long).
const MaxLen = 64

// Distance returns the optimal string alignment distance between a and
// b, ASCII letters folded to lower case. It returns a large value when
// either is longer than MaxLen.
func Distance(a, b string) int {
	if len(a) > MaxLen || len(b) > MaxLen {
		return 1 << 30
	}
	// Three rows of the dynamic programme: d[i][j] is the distance
	// between a[:i] and b[:j].
	var buf [3][MaxLen + 1]int
	prev2, prev, cur := &buf[0], &buf[1], &buf[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if lower(a[i-1]) == lower(b[j-1]) {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && lower(a[i-1]) == lower(b[j-2]) && lower(a[i-2]) == lower(b[j-1]) {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// near reports whether distance d from name is close enough for name to
// be taken as a misspelling: one edit for names of up to four bytes, and
// one more for every four bytes after, at most three; never all of name.
// (Nearest also takes a candidate that begins name.)
func near(name string, d int) bool {
	return d < len(name) && d <= min(3, 1+(len(name)-1)/4)
}

// Nearest returns the candidate nearest to name when it is near enough
// to be the name meant, the first of equals in the order given, and
// whether there is one. A candidate equal to name counts as near.
//
// When the candidates share a prefix (SCMP_ACT_, SECCOMP_FILTER_FLAG_),
// only what follows it is compared, and name is compared without it
// whether it has the prefix or not: the prefix would make any two
// names look near, and "ALLOW" means SCMP_ACT_ALLOW.
func Nearest(name string, candidates []string) (string, bool) {
	key, keys := keyed(name, candidates)
	best, bestD := -1, 1<<30
	for i, c := range keys {
		d := Distance(key, c)
		if d < bestD && (near(key, d) || isPrefix(c, key)) {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return "", false
	}
	return candidates[best], true
}

// isPrefix reports whether c, of two bytes or more, begins name (ASCII
// case folded): "EQUAL" means EQ, "ERRNOO" ERRNO.
func isPrefix(c, name string) bool {
	return len(c) >= 2 && len(c) < len(name) && strings.EqualFold(name[:len(c)], c)
}

// Ranked returns the candidates ordered by their distance to name,
// nearest first, equals in the order given, compared as Nearest
// compares them. The slice is new.
func Ranked(name string, candidates []string) []string {
	key, keys := keyed(name, candidates)
	idx := make([]int, len(candidates))
	d := make([]int, len(candidates))
	for i := range candidates {
		idx[i] = i
		d[i] = Distance(key, keys[i])
	}
	sort.SliceStable(idx, func(i, j int) bool { return d[idx[i]] < d[idx[j]] })
	out := make([]string, len(candidates))
	for i, k := range idx {
		out[i] = candidates[k]
	}
	return out
}

// Hint returns what follows a rejected name in a message: the nearest
// candidate when one is near, and every candidate, nearest first, as in
// ` (did you mean "SCMP_CMP_EQ"?); want one of SCMP_CMP_EQ, SCMP_CMP_GE,
// ...`.
func Hint(name string, candidates []string) string {
	var b strings.Builder
	if n, ok := Nearest(name, candidates); ok {
		b.WriteString(" (did you mean " + quote.Value(n) + "?)")
	}
	b.WriteString("; want one of ")
	b.WriteString(strings.Join(Ranked(name, candidates), ", "))
	return b.String()
}

// keyed returns name and the candidates as they are compared: without
// the prefix the candidates share, if there is one.
func keyed(name string, candidates []string) (string, []string) {
	if len(candidates) < 2 {
		return name, candidates
	}
	p := candidates[0]
	for _, c := range candidates[1:] {
		n := 0
		for n < len(p) && n < len(c) && p[n] == c[n] {
			n++
		}
		p = p[:n]
	}
	// Only a prefix that ends a word (SCMP_ACT_) is one: "open" and
	// "openat" share "open", which is part of the names.
	if i := strings.LastIndexAny(p, "_-."); i >= 0 {
		p = p[:i+1]
	} else {
		p = ""
	}
	if p == "" {
		return name, candidates
	}
	keys := make([]string, len(candidates))
	for i, c := range candidates {
		keys[i] = c[len(p):]
	}
	if len(name) >= len(p) && strings.EqualFold(name[:len(p)], p) {
		name = name[len(p):]
	}
	return name, keys
}
