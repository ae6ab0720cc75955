package names

import (
	"github.com/seccompc/seccompc/internal/namehash"
	"github.com/seccompc/seccompc/internal/sysid"
	"github.com/seccompc/seccompc/tables"
)

// Dedup finds repeated strings in lists, one list at a time: a profile
// generator that repeats the names of a rule millions of times would
// otherwise cost a rule per repeat all the way down. It is reused from
// list to list without clearing. Syscall names, most strings of most
// profiles, are marked in bit sets, x86_64's by their number and those
// of the other tables by their id (package sysid), which needs no
// allocation; other strings go to a hash table whose slots carry the
// number of the list they belong to. The zero Dedup is ready to use;
// call Begin before each list.
type Dedup struct {
	bits  [512 / 64]uint64              // x86_64 syscall numbers seen in the current list
	ids   [(sysid.Len + 63) / 64]uint64 // ids of the other syscall names seen
	slots []uint64                      // list<<32 | 1 + the index of the string in the list; a power of two long
	list  uint32                        // the number of the current list
	other int                           // strings of the current list in slots
}

// x86_64 is the table whose names the bit set marks by number.
var x86_64, _ = tables.ForArch("x86_64")

// maxName is at least the length of the longest name of any table
// (TestStatic); a conversion of at most 32 bytes that does not
// escape is made on the stack.
const maxName = 32

// inX86_64 and inX86 give the place of each sysid in x86_64's and x86's
// tables (see sysid.Places).
var (
	inX86_64 = sysid.Places("x86_64")
	inX86    = sysid.Places("x86")
)

// Begin starts a new list.
func (d *Dedup) Begin() {
	d.bits = [len(d.bits)]uint64{}
	d.ids = [len(d.ids)]uint64{}
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
	id, ok := sysid.Lookup(s)
	if !ok {
		return d.seenOther(kept, s)
	}
	if at := inX86_64[id]; at != 0 {
		if nr := x86_64.At(int(at) - 1).Nr; nr < 64*uint32(len(d.bits)) {
			return mark(d.bits[:], nr)
		}
	}
	return mark(d.ids[:], uint32(id))
}

// SeenNr is Seen for s, the name of x86_64 syscall number nr (as
// [Static] returns them), without looking it up again.
func (d *Dedup) SeenNr(kept []string, s string, nr uint32) bool {
	if nr < 64*uint32(len(d.bits)) {
		return mark(d.bits[:], nr)
	}
	return d.Seen(kept, s)
}

// MarkNr is SeenNr for a number the bit set has room for, small enough
// to be inlined in the callers' loops; ok is false for a larger number,
// which SeenNr then takes.
func (d *Dedup) MarkNr(nr uint32) (seen, ok bool) {
	if nr >= 64*uint32(len(d.bits)) {
		return false, false
	}
	w, b := nr/64, uint64(1)<<(nr%64)
	seen = d.bits[w]&b != 0
	d.bits[w] |= b
	return seen, true
}

// mark sets bit i of set and reports whether it was set.
func mark(set []uint64, i uint32) bool {
	w, b := i/64, uint64(1)<<(i%64)
	seen := set[w]&b != 0
	set[w] |= b
	return seen
}

// Static returns the syscall name equal to b of x86_64's table or, for
// a name it lacks, of x86's (the 32-bit names of most profiles), a string
// that costs no allocation; x64 says that it is x86_64's, with number nr.
// ok is false when neither table has the name.
func Static(b []byte) (name string, nr uint32, x64, ok bool) {
	if len(b) > maxName {
		return "", 0, false, false // longer than any syscall name: and no string(b) made on the heap to look it up
	}
	id, ok := sysid.Lookup(b)
	switch {
	case !ok:
		return "", 0, false, false
	case inX86_64[id] != 0:
		sc := x86_64.At(int(inX86_64[id]) - 1)
		return sc.Name, sc.Nr, true, true
	case inX86[id] != 0:
		return sysid.Name(id), 0, false, true
	}
	return "", 0, false, false
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
		if _, ok := sysid.Lookup(s); ok {
			continue // in a bit set
		}
		h := namehash.Sum(s) & mask
		for uint32(d.slots[h]>>32) == d.list {
			h = (h + 1) & mask
		}
		d.slots[h] = uint64(d.list)<<32 | uint64(i+1)
	}
}
