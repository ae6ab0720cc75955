// Package sysnames answers whether any architecture's syscall table
// defines a name, and which defined name is nearest to one that none
// does: a name unknown everywhere is most likely a typo.
package sysnames

import (
	"slices"
	"sync"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
	"github.com/seccompc/seccompc/internal/sysid"
	"github.com/seccompc/seccompc/tables"
)

// tabs are the tables of every architecture.
var tabs = func() []*tables.Table {
	var out []*tables.Table
	for _, a := range tables.Arches() {
		if t, err := tables.ForArch(a); err == nil {
			out = append(out, t)
		}
	}
	return out
}()

// names is the sorted list of names some table defines, made on first
// use: only a name that may be a typo needs it.
var names = sync.OnceValue(func() []string {
	var list []string
	for _, t := range tabs {
		for s := range t.All() {
			list = append(list, s.Name)
		}
	}
	slices.Sort(list)
	return slices.Compact(list)
})

// Known reports whether the syscall table of some architecture defines
// name: one lookup in the generated index of every table's names
// (package sysid; a set of all names built on first use would cost a
// process's first compile half a millisecond).
func Known(name string) bool {
	_, ok := sysid.Lookup(name)
	return ok
}

// Nearest returns the defined syscall name nearest to name (see package
// internal/suggest), or "" when none is near enough to be the name
// meant.
func Nearest(name string) string {
	n, _ := suggest.Nearest(name, names())
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
