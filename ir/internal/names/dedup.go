package names

import (
	"github.com/seccompc/seccompc/internal/namehash"
	"github.com/seccompc/seccompc/tables"
)

// Dedup finds repeated strings in lists, one list at a time: a profile
// generator that repeats the names of a rule millions of times would
// otherwise cost a rule per repeat all the way down. It is reused from
// list to list without clearing. Names of x86_64 syscalls, most names of
// most profiles, are marked in a bit set by their number, which needs
// no allocation; other strings go to a hash table whose slots carry the
// number of the list they belong to. The zero Dedup is ready to use;
// call Begin before each list.
type Dedup struct {
	bits  [512 / 64]uint64 // x86_64 syscall numbers seen in the current list
	slots []uint64         // list<<32 | 1 + the index of the string in the list; a power of two long
	list  uint32           // the number of the current list
	other int              // strings of the current list in slots
}

// x86_64 is the table whose names the bit set marks.
var x86_64, _ = tables.ForArch("x86_64")

// maxName is at least the length of the longest name of any table
// (TestStatic); a conversion of at most 32 bytes that does not
// escape is made on the stack.
const maxName = 32

// x86 is the table Static looks a name up in when x86_64's lacks it.
var x86, _ = tables.ForArch("x86")

// Begin starts a new list.
func (d *Dedup) Begin() {
	d.bits = [len(d.bits)]uint64{}
	d.other = 0
	d.list++
	if d.list == 0 { // wrapped: the old stamps could be taken for new ones
		clear(d.slots)
		d.list = 1
	}
}

// Seen reports whether s is one of the strings of kept, the strings of
// the current list kept so far (each once, in the order Seen saw them),
// and, when it is not, records it as kept[len(kept)]: the caller
// appends it.
func (d *Dedup) Seen(kept []string, s string) bool {
	if sc, ok := x86_64.ByName(s); ok {
		return d.SeenNr(kept, s, sc.Nr)
	}
	return d.seenOther(kept, s)
}

// SeenNr is Seen for s, the name of x86_64 syscall number nr (as
// [Static] returns them), without looking it up again.
func (d *Dedup) SeenNr(kept []string, s string, nr uint32) bool {
	if nr < 64*uint32(len(d.bits)) {
		w, b := nr/64, uint64(1)<<(nr%64)
		seen := d.bits[w]&b != 0
		d.bits[w] |= b
		return seen
	}
	return d.seenOther(kept, s)
}

// Static returns the syscall name equal to b of x86_64's table or, for
// a name it lacks, of x86's (the 32-bit names of most profiles), a string
// that costs no allocation; x64 says that it is x86_64's, with number nr.
// ok is false when neither table has the name.
func Static(b []byte) (name string, nr uint32, x64, ok bool) {
	if len(b) > maxName {
		return "", 0, false, false // longer than any syscall name: and no string(b) made on the heap to look it up
	}
	if sc, ok := x86_64.ByName(string(b)); ok {
		return sc.Name, sc.Nr, true, true
	}
	sc, ok := x86.ByName(string(b))
	return sc.Name, 0, false, ok
}

// seenOther is Seen for a string the bit set does not mark.
func (d *Dedup) seenOther(kept []string, s string) bool {
	if 2*(d.other+1) > len(d.slots) {
		d.grow(kept)
	}
	mask := uint32(len(d.slots) - 1)
	for h := namehash.Sum(s) & mask; ; h = (h + 1) & mask {
		v := d.slots[h]
		if uint32(v>>32) != d.list {
			d.slots[h] = uint64(d.list)<<32 | uint64(len(kept)+1)
			d.other++
			return false
		}
		if kept[uint32(v)-1] == s {
			return true
		}
	}
}

// grow doubles the table (or makes the first one) and records in it
// again the strings of kept it holds.
func (d *Dedup) grow(kept []string) {
	d.slots = make([]uint64, max(64, 2*len(d.slots)))
	if d.other == 0 {
		return // the current list has no string in the table yet
	}
	mask := uint32(len(d.slots) - 1)
	for i, s := range kept {
		if sc, ok := x86_64.ByName(s); ok && sc.Nr < 64*uint32(len(d.bits)) {
			continue
		}
		h := namehash.Sum(s) & mask
		for uint32(d.slots[h]>>32) == d.list {
			h = (h + 1) & mask
		}
		d.slots[h] = uint64(d.list)<<32 | uint64(i+1)
	}
}
