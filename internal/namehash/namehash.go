// Package namehash hashes syscall names for the open-addressing indexes
// of package tables and of the front ends.
package namehash

// Sum hashes a syscall name from its length and its first and
// last eight bytes (fewer for short names), a word at a time: names
// alike at both ends only make a probe sequence longer. It is the hash of
// the syscall tables' name index and of other indexes of syscall names;
// a name in bytes hashes as the same string.
func Sum[S string | []byte](name S) uint32 {
	n := len(name)
	var a, b uint64
	switch {
	case n >= 8:
		a, b = le64(name[:8]), le64(name[n-8:])
	case n >= 4:
		a = uint64(le32(name[:4])) | uint64(le32(name[n-4:]))<<32
	default:
		for i := 0; i < n; i++ {
			a |= uint64(name[i]) << (8 * i)
		}
	}
	h := (a^uint64(n))*0x9e3779b97f4a7c15 ^ b*0xc2b2ae3d27d4eb4f
	return uint32(h>>32 ^ h)
}

// le32 reads the first four bytes of s as a little-endian number.
func le32[S string | []byte](s S) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// le64 reads the first eight bytes of s as a little-endian number.
func le64[S string | []byte](s S) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
