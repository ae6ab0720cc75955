package names

import "github.com/seccompc/seccompc/internal/namehash"

// Dedup finds repeated strings in lists, one list at a time: a profile
// generator that repeats the names of a rule millions of times would
// otherwise cost a rule per repeat all the way down. It is reused from
// list to list without clearing (its slots carry the number of the list
// they belong to). The zero Dedup is ready to use.
type Dedup struct {
	slots []uint64 // list<<32 | 1 + the index of the string in the list; a power of two long
	list  uint32   // the number of the current list
}

// Begin starts a new list.
func (d *Dedup) Begin() {
	d.list++
	if d.list == 0 { // wrapped: the old stamps could be taken for new ones
		clear(d.slots)
		d.list = 1
	}
}

// Seen reports whether s is one of the strings of kept, the strings of
// the current list kept so far (as Add has recorded them), and, when it
// is not, records it as kept[len(kept)]: the caller appends it.
func (d *Dedup) Seen(kept []string, s string) bool {
	if 2*(len(kept)+1) > len(d.slots) {
		d.grow(kept)
	}
	mask := uint32(len(d.slots) - 1)
	for h := namehash.Sum(s) & mask; ; h = (h + 1) & mask {
		v := d.slots[h]
		if uint32(v>>32) != d.list {
			d.slots[h] = uint64(d.list)<<32 | uint64(len(kept)+1)
			return false
		}
		if kept[uint32(v)-1] == s {
			return true
		}
	}
}

// grow doubles the table (or makes the first one) and records kept in
// it again.
func (d *Dedup) grow(kept []string) {
	d.slots = make([]uint64, max(64, 2*len(d.slots)))
	mask := uint32(len(d.slots) - 1)
	for i, s := range kept {
		h := namehash.Sum(s) & mask
		for uint32(d.slots[h]>>32) == d.list {
			h = (h + 1) & mask
		}
		d.slots[h] = uint64(d.list)<<32 | uint64(i+1)
	}
}
