package verify

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

// This file compares Run with golang.org/x/net/bpf's VM, a second,
// independent classic BPF interpreter. The VM loads big-endian words from a
// packet and returns an int, so each comparison feeds it a byte image whose
// 32-bit words it reads as the kernel would on the target, and compares the
// verdicts as uint32.
//
// The VM disagrees with the kernel on purpose in three places, which the
// comparison avoids: it has no NEG, it loads LDX W LEN into A, and it
// returns 0 for shifts by X >= 32 where eBPF masks the count to 5 bits.

// vmImage returns the bytes to give the x/net VM so that its big-endian
// 32-bit loads see the words the kernel sees on the target.
func vmImage(d *SeccompData, bigEndian bool) []byte {
	b := d.Bytes(bigEndian)
	if !bigEndian {
		for i := 0; i < len(b); i += 4 {
			binary.BigEndian.PutUint32(b[i:], binary.LittleEndian.Uint32(b[i:]))
		}
	}
	return b[:]
}

// vmComparable reports whether prog uses only instructions on which the x/net
// VM agrees with the kernel.
func vmComparable(prog []bpf.RawInstruction) bool {
	for _, ins := range prog {
		switch ins.Op {
		case bpfop.Neg, bpfop.LdxLen, bpfop.ALU | bpfop.LSH | bpfop.X, bpfop.ALU | bpfop.RSH | bpfop.X:
			return false
		}
	}
	return true
}

// runVM runs prog on the x/net VM.
func runVM(t testing.TB, prog []bpf.RawInstruction, in []byte) uint32 {
	t.Helper()
	insts := make([]bpf.Instruction, len(prog))
	for i, ins := range prog {
		insts[i] = ins.Disassemble()
	}
	vm, err := bpf.NewVM(insts)
	if err != nil {
		t.Fatalf("x/net NewVM rejects a program Check accepts: %v\n%v", err, prog)
	}
	got, err := vm.Run(in)
	if err != nil {
		t.Fatalf("x/net VM: %v\n%v", err, prog)
	}
	return uint32(got)
}

// genProg returns a random program that Check accepts, built from the
// instructions both interpreters model alike. n is the number of
// instructions before the trailing returns.
func genProg(r *rand.Rand, n int) []bpf.RawInstruction {
	for {
		p := genCandidate(r, n)
		if Check(p) == nil {
			return p
		}
	}
}

func genCandidate(r *rand.Rand, n int) []bpf.RawInstruction {
	nret := 1 + r.IntN(3)
	total := n + nret
	p := make([]bpf.RawInstruction, 0, total)
	var written uint16 // slots stored so far in program order; jumps may still skip them
	aluOps := []uint16{bpfop.ADD, bpfop.SUB, bpfop.MUL, bpfop.DIV, bpfop.AND, bpfop.OR, bpfop.XOR, bpfop.LSH, bpfop.RSH}
	xOps := []uint16{bpfop.ADD, bpfop.SUB, bpfop.MUL, bpfop.DIV, bpfop.AND, bpfop.OR, bpfop.XOR}
	jmpOps := []uint16{bpfop.JEQ, bpfop.JGT, bpfop.JGE, bpfop.JSET}
	maxSkip := func(pc int) int { return min(255, total-pc-2) }
	for pc := 0; pc < n; pc++ {
		var ins bpf.RawInstruction
		switch c := r.IntN(20); {
		case c < 4:
			ins = ldAbs(uint32(4 * r.IntN(16)))
		case c == 4:
			ins = ldImm(randWord(r))
		case c == 5:
			ins = ldxImm(randWord(r))
		case c == 6:
			ins = stmt(bpfop.LdLen, 0)
		case c == 7:
			ins = stmt([]uint16{bpfop.Tax, bpfop.Txa}[r.IntN(2)], 0)
		case c < 10:
			op := aluOps[r.IntN(len(aluOps))]
			k := randWord(r)
			switch op {
			case bpfop.DIV:
				k = max(k, 1)
			case bpfop.LSH, bpfop.RSH:
				k %= 32
			}
			ins = aluK(op, k)
		case c == 10:
			ins = aluX(xOps[r.IntN(len(xOps))])
		case c == 11:
			slot := uint32(r.IntN(bpfop.MemWords))
			written |= 1 << slot
			ins = stmt([]uint16{bpfop.St, bpfop.Stx}[r.IntN(2)], slot)
		case c == 12 && written != 0:
			slot := uint32(r.IntN(bpfop.MemWords))
			for written&(1<<slot) == 0 {
				slot = (slot + 1) % bpfop.MemWords
			}
			ins = stmt([]uint16{bpfop.LdMem, bpfop.LdxMem}[r.IntN(2)], slot)
		case c == 13:
			ins = stmt(bpfop.Ja, uint32(r.IntN(maxSkip(pc)+1)))
		case c < 18:
			op := bpfop.JMP | jmpOps[r.IntN(len(jmpOps))]
			if r.IntN(3) == 0 {
				op |= bpfop.X
			}
			ins = jump(op, randWord(r), uint8(r.IntN(maxSkip(pc)+1)), uint8(r.IntN(maxSkip(pc)+1)))
		case c == 18:
			ins = retK(randWord(r))
		default:
			ins = retA()
		}
		p = append(p, ins)
	}
	for range nret {
		if r.IntN(2) == 0 {
			p = append(p, retA())
		} else {
			p = append(p, retK(randWord(r)))
		}
	}
	return p
}

func TestAgainstXNetVM(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	executed := map[uint16]bool{}
	const programs = 3000
	for i := range programs {
		prog := genProg(r, 1+r.IntN(40))
		for range 4 {
			d := randData(r)
			for _, be := range []bool{true, false} {
				got, pcs, err := Trace(prog, d, be)
				if err != nil {
					t.Fatalf("program %d: %v", i, err)
				}
				want := runVM(t, prog, vmImage(d, be))
				if got != want {
					t.Fatalf("program %d, bigEndian=%v, data %+v: Run = %#x, x/net VM = %#x\nprogram: %v\npcs: %v",
						i, be, *d, got, want, prog, pcs)
				}
				for _, pc := range pcs {
					executed[prog[pc].Op] = true
				}
			}
		}
	}
	// The generator must keep exercising the instruction set; if it
	// degenerates (say, every program returns at once) this test would
	// prove little.
	if len(executed) < 35 {
		t.Errorf("only %d distinct opcodes executed across %d programs", len(executed), programs)
	}
}

// TestVMDisagreements pins the places where the x/net VM and the kernel
// differ, so a change on either side is noticed.
func TestVMDisagreements(t *testing.T) {
	d := &SeccompData{}
	shift := []bpf.RawInstruction{ldxImm(33), ldImm(1), aluX(bpfop.LSH), retA()}
	if got, _ := Run(shift, d, true); got != 2 {
		t.Errorf("Run(lsh x=33) = %d, want 2 (count masked to 5 bits)", got)
	}
	if got := runVM(t, shift, vmImage(d, true)); got != 0 {
		t.Errorf("x/net VM lsh x=33 = %d; it used to return 0, update the comparison rules", got)
	}
	ldxLen := []bpf.RawInstruction{ldxImm(1), stmt(bpfop.LdxLen, 0), stmt(bpfop.Txa, 0), retA()}
	if got, _ := Run(ldxLen, d, true); got != 64 {
		t.Errorf("Run(ldx len) = %d, want 64", got)
	}
	if got := runVM(t, ldxLen, vmImage(d, true)); got != 1 {
		t.Errorf("x/net VM ldx len = %d; it used to load A and leave X at 1, update the comparison rules", got)
	}
}
