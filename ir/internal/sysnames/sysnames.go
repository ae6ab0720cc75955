// Package sysnames answers whether any architecture's syscall table
// defines a name, and which defined name is nearest to one that none
// does: a name unknown everywhere is most likely a typo.
package sysnames

import (
	"slices"
	"sync"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
	"github.com/seccompc/seccompc/tables"
)

// known is the set of names some table defines, and the same names
// sorted.
var known = sync.OnceValues(func() (map[string]struct{}, []string) {
	set := make(map[string]struct{}, 1024)
	for _, a := range tables.Arches() {
		t, err := tables.ForArch(a)
		if err != nil {
			continue
		}
		for s := range t.All() {
			set[s.Name] = struct{}{}
		}
	}
	list := make([]string, 0, len(set))
	for n := range set {
		list = append(list, n)
	}
	slices.Sort(list)
	return set, list
})

// Known reports whether the syscall table of some architecture defines
// name.
func Known(name string) bool {
	set, _ := known()
	_, ok := set[name]
	return ok
}

// Nearest returns the defined syscall name nearest to name (see package
// internal/suggest), or "" when none is near enough to be the name
// meant.
func Nearest(name string) string {
	_, list := known()
	n, _ := suggest.Nearest(name, list)
	return n
}

// Unknown returns the text of an error about a name no table defines,
// with the nearest defined name when one is near:
// `"opne" is not defined on any architecture (did you mean "open"?)`.
func Unknown(name string) string {
	b := quote.Append(nil, name)
	b = append(b, " is not defined on any architecture"...)
	if n := Nearest(name); n != "" {
		b = append(b, " (did you mean "...)
		b = quote.Append(b, n)
		b = append(b, "?)"...)
	}
	return string(b)
}
