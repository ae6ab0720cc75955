// Package names numbers distinct strings in order of first appearance,
// with an open-addressing hash table: the front ends and the resolver
// group rules by syscall name with it, for less time and memory than a
// map[string]int takes.
package names

import "github.com/seccompc/seccompc/internal/namehash"

// Index numbers strings: the first string added is 0, the next new one
// 1, and so on. The zero Index is empty and ready to use.
type Index struct {
	slots []int32  // 1 + the number of a string, 0 for an empty slot; a power of two long
	keys  []string // the strings by number
}

// Make returns an Index with room for n strings before it grows.
func Make(n int) Index {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return Index{slots: make([]int32, size), keys: make([]string, 0, n)}
}

// Len returns the number of strings added.
func (x *Index) Len() int { return len(x.keys) }

// Add returns the number of s, adding s first when it is new (added
// true).
func (x *Index) Add(s string) (i int, added bool) {
	if 2*(len(x.keys)+1) > len(x.slots) {
		x.grow()
	}
	mask := uint32(len(x.slots) - 1)
	h := namehash.Sum(s) & mask
	for {
		v := x.slots[h]
		if v == 0 {
			break
		}
		if x.keys[v-1] == s {
			return int(v - 1), false
		}
		h = (h + 1) & mask
	}
	x.keys = append(x.keys, s)
	x.slots[h] = int32(len(x.keys))
	return len(x.keys) - 1, true
}

// grow doubles the table (or makes the first one).
func (x *Index) grow() {
	x.slots = make([]int32, max(16, 2*len(x.slots)))
	mask := uint32(len(x.slots) - 1)
	for i, s := range x.keys {
		h := namehash.Sum(s) & mask
		for x.slots[h] != 0 {
			h = (h + 1) & mask
		}
		x.slots[h] = int32(i + 1)
	}
}
