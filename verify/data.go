package verify

import "github.com/seccompc/seccompc/internal/bpfop"

// SeccompData mirrors struct seccomp_data, the 64-byte input of every
// seccomp filter (include/uapi/linux/seccomp.h):
//
//	struct seccomp_data {
//		int nr;
//		__u32 arch;
//		__u64 instruction_pointer;
//		__u64 args[6];
//	};
//
// Nr holds the C int's bits; a negative syscall number is its two's
// complement.
type SeccompData struct {
	Nr   uint32    // syscall number, offset 0
	Arch uint32    // AUDIT_ARCH_* value, offset 4
	IP   uint64    // instruction_pointer, offset 8
	Args [6]uint64 // args[i] at offset 16+8*i
}

// Bytes returns the kernel's in-memory image of d on a machine with the
// given byte order. Each field is stored whole in that order, so on a
// big-endian machine the high 32 bits of Args[i] are at 16+8*i and the low
// 32 bits at 16+8*i+4; on a little-endian machine it is the other way round.
//
// A nil d is all zeros.
func (d *SeccompData) Bytes(bigEndian bool) [64]byte {
	var b [bpfop.DataLen]byte
	if d == nil {
		d = &SeccompData{}
	}
	o := byteOrder(bigEndian)
	o.PutUint32(b[bpfop.OffNr:], d.Nr)
	o.PutUint32(b[bpfop.OffArch:], d.Arch)
	o.PutUint64(b[bpfop.OffIP:], d.IP)
	for i, a := range d.Args {
		o.PutUint64(b[bpfop.OffArgs+8*i:], a)
	}
	return b
}
