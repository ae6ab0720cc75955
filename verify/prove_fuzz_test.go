package verify_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/verify"
)

// fuzzProgram builds a program the kernel accepts from fuzzer bytes,
// four per instruction: loads of any word, AND K, the four conditional
// jumps, JA and RET K with constants near those of smallPolicy, and a
// final RET.
func fuzzProgram(data []byte) []bpf.RawInstruction {
	consts := []uint32{0, 1, 2, 0xffffffff, 0x40000000, 0x3fffffff, auditX86, auditX86 + 1, 0x80000000, 0xff, 0x7fffffff}
	rets := []uint32{bpfop.RetAllow, retEPERM, 0, retKill, 0x00050026}
	n := min(len(data)/4, 64)
	total := n + 1
	prog := make([]bpf.RawInstruction, 0, total)
	for pc := range n {
		b := data[4*pc : 4*pc+4]
		maxSkip := total - pc - 2
		skip := func(x byte) uint8 { return uint8(int(x) % (min(maxSkip, 8) + 1)) }
		k := consts[int(b[1])%len(consts)]
		if b[1] >= 0xf0 {
			k = uint32(b[2])
		}
		var ins bpf.RawInstruction
		switch b[0] % 8 {
		case 0, 1:
			ins = bpf.RawInstruction{Op: bpfop.LdAbsW, K: 4 * uint32(b[1]%16)}
		case 2:
			ins = bpf.RawInstruction{Op: bpfop.ALU | bpfop.AND | bpfop.K, K: k}
		case 3, 4, 5:
			ops := []uint16{0x15, 0x25, 0x35, 0x45} // jeq, jgt, jge, jset (K)
			ins = bpf.RawInstruction{Op: ops[b[3]%4], K: k, Jt: skip(b[2]), Jf: skip(b[3] >> 2)}
		case 6:
			ins = bpf.RawInstruction{Op: bpfop.Ja, K: uint32(skip(b[2]))}
		default:
			ins = bpf.RawInstruction{Op: bpfop.RetK, K: rets[int(b[1])%len(rets)]}
		}
		prog = append(prog, ins)
	}
	return append(prog, bpf.RawInstruction{Op: bpfop.RetK, K: rets[len(data)%len(rets)]})
}

// FuzzProve checks the prover on generated programs: their paths
// partition the input space, a counterexample is always confirmed by Run
// and Eval, a proof is never contradicted by the Inputs set, and every
// program is proved equivalent to itself.
func FuzzProve(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 1, 0, 0, 3, 6, 0, 0, 7, 0, 0, 0})
	f.Add([]byte{0, 1, 0, 0, 3, 6, 1, 0, 7, 2, 0, 0, 0, 0, 0, 0, 3, 0, 9, 0, 7, 0, 0, 0, 3, 1, 1, 0, 7, 0, 0, 0})
	f.Add([]byte{0, 4, 0, 0, 2, 0xf1, 3, 0, 4, 0xf0, 1, 6, 7, 1, 0, 0, 0, 5, 0, 0, 5, 3, 2, 1, 6, 0, 1, 0})
	r := smallPolicy(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		prog := fuzzProgram(data)
		if err := verify.Check(prog); err != nil {
			t.Fatalf("generator made a bad program: %v", err)
		}
		_, err := verify.Prove(prog, r)
		var cex *verify.Counterexample
		var ve *verify.Error
		if errors.As(err, &ve) && ve.Code == verify.ErrTooComplex {
			t.Skip(err) // a program with too many paths
		}
		rng := rand.New(rand.NewPCG(uint64(len(data)), 1))
		checkPartition(t, prog, false, partitionInputs(prog, 50, rng))
		switch {
		case errors.As(err, &cex):
			confirmCounterexample(t, prog, r, cex)
		case err == nil:
			if _, err := verify.Equivalent(prog, r); err != nil {
				t.Fatalf("proved, but %v", err)
			}
		default:
			t.Fatalf("Prove: %v", err)
		}
		if _, err := verify.ProveEquivalent(prog, prog, false); err != nil {
			t.Fatalf("not equivalent to itself: %v", err)
		}
	})
}
