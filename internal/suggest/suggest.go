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
	"slices"
	"sort"
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
func near(name string, d int) bool {
	return d < len(name) && d <= min(3, 1+(len(name)-1)/4)
}

// Nearest returns the candidate nearest to name when it is near enough
// to be the name meant, the first of equals in the order given, and
// whether there is one. A candidate equal to name counts as near.
func Nearest(name string, candidates []string) (string, bool) {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := Distance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || !near(name, bestD) {
		return "", false
	}
	return best, true
}

// Ranked returns the candidates ordered by their distance to name,
// nearest first, equals in the order given. The slice is new.
func Ranked(name string, candidates []string) []string {
	out := slices.Clone(candidates)
	d := make(map[string]int, len(out))
	for _, c := range out {
		d[c] = Distance(name, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return d[out[i]] < d[out[j]] })
	return out
}
