package verify

import (
	"math/rand/v2"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

// Instruction builders for tests, named after bpf_asm mnemonics.

func stmt(op uint16, k uint32) bpf.RawInstruction {
	return bpf.RawInstruction{Op: op, K: k}
}

func jump(op uint16, k uint32, jt, jf uint8) bpf.RawInstruction {
	return bpf.RawInstruction{Op: op, Jt: jt, Jf: jf, K: k}
}

func ldAbs(k uint32) bpf.RawInstruction  { return stmt(bpfop.LdAbsW, k) }
func ldImm(k uint32) bpf.RawInstruction  { return stmt(bpfop.LdImm, k) }
func ldxImm(k uint32) bpf.RawInstruction { return stmt(bpfop.LdxImm, k) }
func retK(k uint32) bpf.RawInstruction   { return stmt(bpfop.RetK, k) }
func retA() bpf.RawInstruction           { return stmt(bpfop.RetA, 0) }
func aluK(op uint16, k uint32) bpf.RawInstruction {
	return stmt(bpfop.ALU|op|bpfop.K, k)
}
func aluX(op uint16) bpf.RawInstruction { return stmt(bpfop.ALU|op|bpfop.X, 0) }

const (
	actAllow = 0x7fff0000 // SECCOMP_RET_ALLOW
	actErrno = 0x00050000 // SECCOMP_RET_ERRNO
	actKill  = 0x80000000 // SECCOMP_RET_KILL_PROCESS

	auditX8664 = 0xc000003e // AUDIT_ARCH_X86_64
	auditI386  = 0x40000003 // AUDIT_ARCH_I386
)

// argLo and argHi are the offsets of the low and high 32-bit halves of
// args[i] in seccomp_data on a machine of the given byte order.
func argLo(i int, bigEndian bool) uint32 {
	if bigEndian {
		return uint32(bpfop.OffArgs + 8*i + 4)
	}
	return uint32(bpfop.OffArgs + 8*i)
}

func argHi(i int, bigEndian bool) uint32 {
	if bigEndian {
		return uint32(bpfop.OffArgs + 8*i)
	}
	return uint32(bpfop.OffArgs + 8*i + 4)
}

// interesting32 are 32-bit values that tend to expose sign, overflow and
// boundary mistakes.
var interesting32 = []uint32{
	0, 1, 2, 3, 4, 5, 7, 31, 32, 33, 63, 64, 0xff, 0x100, 0x7fff, 0xffff, 0x10000,
	0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
}

func randWord(r *rand.Rand) uint32 {
	if r.IntN(2) == 0 {
		return interesting32[r.IntN(len(interesting32))]
	}
	return r.Uint32()
}

func randData(r *rand.Rand) *SeccompData {
	d := &SeccompData{Nr: randWord(r), Arch: randWord(r), IP: uint64(randWord(r))<<32 | uint64(randWord(r))}
	for i := range d.Args {
		d.Args[i] = uint64(randWord(r))<<32 | uint64(randWord(r))
	}
	return d
}
