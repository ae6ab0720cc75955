// Package sysid numbers the syscall names of every table of package
// tables, so that a name is looked up once and then found in each
// architecture's table by an array index: the front ends and the
// resolver see the same names on up to three tables (x86_64, x86, x32)
// per compile. The data is generated with the tables (tables/mktables.go)
// and needs no work at run time.
package sysid

import "github.com/seccompc/seccompc/internal/namehash"

// Len is the number of distinct names of all the tables; ids are below
// it.
const Len = len(names)

// Lookup returns the id of the syscall called name on some table, and
// false when no table has it. A name in bytes is looked up without
// making a string of it.
func Lookup[S string | []byte](name S) (id int, ok bool) {
	const mask = uint32(len(index) - 1)
	for h := namehash.Sum(name) & mask; index[h] != 0; h = (h + 1) & mask {
		if i := index[h] - 1; names[i] == string(name) {
			return int(i), true
		}
	}
	return 0, false
}

// Name returns the name of id, a string that shares the generated data
// (no allocation); "" for an id out of range.
func Name(id int) string {
	if id < 0 || id >= len(names) {
		return ""
	}
	return names[id]
}

// Places returns, for table arch (a name of tables.Arches), 1 + the
// index in the table (tables.Table.At) of the syscall of each id, 0
// where the table has none; nil for any other name. The caller must not
// change it.
func Places(arch string) []uint16 {
	for t, n := range tableNames {
		if n == arch {
			return places[t][:]
		}
	}
	return nil
}
