package emit

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/net/bpf"
)

// Encode returns insns as the kernel reads them: an array of struct
// sock_filter (u16 code, u8 jt, u8 jf, u32 k), in the byte order of the
// target architecture (bigEndian for s390x, ppc64, mips, ...). It is what
// seccomp(2) loads, what PTRACE_SECCOMP_GET_FILTER returns, and the
// payload of crun's run.oci.seccomp_bpf_data annotation (in base64).
func Encode(insns []bpf.RawInstruction, bigEndian bool) []byte {
	var order binary.ByteOrder = binary.LittleEndian
	if bigEndian {
		order = binary.BigEndian
	}
	b := make([]byte, 8*len(insns))
	for i, ins := range insns {
		order.PutUint16(b[8*i:], ins.Op)
		b[8*i+2], b[8*i+3] = ins.Jt, ins.Jf
		order.PutUint32(b[8*i+4:], ins.K)
	}
	return b
}

// Decode reads an array of struct sock_filter written by [Encode]. Its
// length must be a positive multiple of 8 bytes.
func Decode(data []byte, bigEndian bool) ([]bpf.RawInstruction, error) {
	if len(data) == 0 || len(data)%8 != 0 {
		return nil, fmt.Errorf("emit: %d bytes is not an array of struct sock_filter (8 bytes each)", len(data))
	}
	var order binary.ByteOrder = binary.LittleEndian
	if bigEndian {
		order = binary.BigEndian
	}
	insns := make([]bpf.RawInstruction, len(data)/8)
	for i := range insns {
		b := data[8*i:]
		insns[i] = bpf.RawInstruction{Op: order.Uint16(b), Jt: b[2], Jf: b[3], K: order.Uint32(b[4:])}
	}
	return insns, nil
}
