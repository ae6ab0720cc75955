package verify

import (
	"math/rand/v2"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

// A typical allowlist: check the arch, then dispatch on nr. read (0) and
// close (3) are allowed outright, write (1) only for fd 1, mmap (9) is
// refused with an errno, and everything else is killed.
var allowlist = []bpf.RawInstruction{
	/* 0 */ ldAbs(bpfop.OffArch),
	/* 1 */ jump(bpfop.JeqK, auditX8664, 1, 0),
	/* 2 */ retK(actKill),
	/* 3 */ ldAbs(bpfop.OffNr),
	/* 4 */ jump(bpfop.JeqK, 0, 8, 0),
	/* 5 */ jump(bpfop.JeqK, 3, 7, 0),
	/* 6 */ jump(bpfop.JeqK, 9, 3, 0),
	/* 7 */ jump(bpfop.JeqK, 1, 0, 1),
	/* 8 */ stmt(bpfop.Ja, 2), // to the arg check
	/* 9 */ retK(actKill),
	/* 10 */ retK(actErrno | 1),
	/* 11 */ ldAbs(bpfop.OffArgs), // args[0] low word on little-endian
	/* 12 */ jump(bpfop.JeqK, 1, 0, 1),
	/* 13 */ retK(actAllow),
	/* 14 */ retK(actErrno | 9),
}

func TestConstAllow(t *testing.T) {
	tests := []struct {
		name  string
		prog  []bpf.RawInstruction
		audit uint32
		nr    uint32
		want  bool
	}{
		{"allowlist read", allowlist, auditX8664, 0, true},
		{"allowlist close", allowlist, auditX8664, 3, true},
		{"allowlist write loads an arg", allowlist, auditX8664, 1, false},
		{"allowlist mmap errno", allowlist, auditX8664, 9, false},
		{"allowlist default kill", allowlist, auditX8664, 2, false},
		{"allowlist other arch", allowlist, auditI386, 0, false},

		{"ret allow", []bpf.RawInstruction{retK(actAllow)}, auditX8664, 0, true},
		{"ret allow with data is not cached", []bpf.RawInstruction{retK(actAllow | 1)}, auditX8664, 0, false},
		{"ret a is not emulated", []bpf.RawInstruction{ldImm(actAllow), retA()}, auditX8664, 0, false},
		{"ld imm is not emulated", []bpf.RawInstruction{ldImm(0), retK(actAllow)}, auditX8664, 0, false},
		{"ld len is not emulated", []bpf.RawInstruction{stmt(bpfop.LdLen, 0), retK(actAllow)}, auditX8664, 0, false},
		{"tax is not emulated", []bpf.RawInstruction{stmt(bpfop.Tax, 0), retK(actAllow)}, auditX8664, 0, false},
		{"scratch is not emulated", []bpf.RawInstruction{stmt(bpfop.St, 0), retK(actAllow)}, auditX8664, 0, false},

		// ALU AND K, e.g. masking off the x32 bit.
		{"and k match", andProg, auditX8664, 5, true},
		{"and k match after mask", andProg, auditX8664, 0x40000005, true},
		{"and k no match", andProg, auditX8664, 6, false},
		{"or k is not emulated", []bpf.RawInstruction{ldAbs(bpfop.OffNr), aluK(bpfop.OR, 0), jump(bpfop.JeqK, 5, 0, 1), retK(actAllow), retK(0)}, auditX8664, 5, false},

		// Loads of other fields give up even if every path allows.
		{"ip load", []bpf.RawInstruction{ldAbs(bpfop.OffIP), jump(bpfop.JeqK, 0, 0, 0), retK(actAllow)}, auditX8664, 0, false},
		{"ip high word load", []bpf.RawInstruction{ldAbs(bpfop.OffIP + 4), retK(actAllow)}, auditX8664, 0, false},
		{"arg load after the decision point", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JeqK, 7, 0, 1), retK(actAllow), ldAbs(bpfop.OffArgs + 8), retK(actAllow)}, auditX8664, 7, true},
		{"arg load on the path", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JeqK, 7, 0, 1), retK(actAllow), ldAbs(bpfop.OffArgs + 8), retK(actAllow)}, auditX8664, 8, false},

		// Jumps with K only.
		{"jgt k", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JgtK, 100, 0, 1), retK(0), retK(actAllow)}, auditX8664, 100, true},
		{"jgt k above", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JgtK, 100, 0, 1), retK(0), retK(actAllow)}, auditX8664, 101, false},
		{"jge k", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JgeK, 0x40000000, 0, 1), retK(0), retK(actAllow)}, auditX8664, 0x3fffffff, true},
		{"jset k", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JsetK, 0x40000000, 0, 1), retK(0), retK(actAllow)}, auditX8664, 12, true},
		{"jset k set", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JsetK, 0x40000000, 0, 1), retK(0), retK(actAllow)}, auditX8664, 0x4000000c, false},
		{"jeq x is not emulated", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JeqX, 0, 0, 0), retK(actAllow)}, auditX8664, 0, false},
		{"ja", []bpf.RawInstruction{stmt(bpfop.Ja, 1), retK(0), retK(actAllow)}, auditX8664, 0, true},
		{"register starts at zero", []bpf.RawInstruction{jump(bpfop.JeqK, 0, 0, 1), retK(actAllow), retK(0)}, auditX8664, 1, true},

		// Programs the kernel would not load.
		{"rejected program", []bpf.RawInstruction{ldAbs(bpfop.OffNr), jump(bpfop.JeqK, 0, 5, 0), retK(actAllow)}, auditX8664, 1, false},
		{"empty", nil, auditX8664, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, be := range []bool{false, true} {
				if got := ConstAllow(tt.prog, tt.audit, tt.nr, be); got != tt.want {
					t.Errorf("ConstAllow(audit %#x, nr %#x, bigEndian=%v) = %v, want %v", tt.audit, tt.nr, be, got, tt.want)
				}
			}
		})
	}
}

var andProg = []bpf.RawInstruction{
	ldAbs(bpfop.OffNr),
	aluK(bpfop.AND, 0xffff),
	jump(bpfop.JeqK, 5, 0, 1),
	retK(actAllow),
	retK(actErrno | 1),
}

// TestConstAllowSound checks the cache's promise against the interpreter:
// whenever ConstAllow says yes, Run returns SECCOMP_RET_ALLOW for that arch
// and nr with any arguments and instruction pointer. It also checks the
// converse for programs that only use instructions the emulator handles and
// never load anything but nr and arch: there the emulator is exact.
func TestConstAllowSound(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	yes, no := 0, 0
	for i := range 3000 {
		exact := i%2 == 0
		prog := genEmulatorProg(r, 1+r.IntN(20), exact)
		for range 4 {
			d := randData(r)
			if r.IntN(2) == 0 {
				d.Nr = uint32(r.IntN(8))
			}
			be := r.IntN(2) == 0
			ca := ConstAllow(prog, d.Arch, d.Nr, be)
			if ca {
				yes++
			} else {
				no++
			}
			for range 4 {
				d2 := randData(r)
				d2.Nr, d2.Arch = d.Nr, d.Arch
				got, err := Run(prog, d2, be)
				if err != nil {
					t.Fatal(err)
				}
				if ca && got != actAllow {
					t.Fatalf("ConstAllow(nr %d, arch %#x) = true but Run = %#x for %+v\nprogram %v", d.Nr, d.Arch, got, *d2, prog)
				}
				if exact && !ca && got == actAllow {
					t.Fatalf("exact program: ConstAllow(nr %d, arch %#x) = false but Run = ALLOW\nprogram %v", d.Nr, d.Arch, prog)
				}
			}
		}
	}
	if yes < 100 || no < 100 {
		t.Errorf("generator is lopsided: %d const-allow, %d not", yes, no)
	}
}

// genEmulatorProg returns a random accepted program. With exact set it uses
// only instructions the kernel's emulator handles, loads only nr and arch
// and returns only constants; otherwise it may also load other fields and
// use RET A and LD IMM.
func genEmulatorProg(r *rand.Rand, n int, exact bool) []bpf.RawInstruction {
	for {
		total := n + 2
		p := make([]bpf.RawInstruction, 0, total)
		skip := func(pc int) uint8 { return uint8(r.IntN(min(255, total-pc-2) + 1)) }
		retVal := func() uint32 {
			return []uint32{actAllow, actAllow, actErrno | 1, actKill, actAllow | 1}[r.IntN(5)]
		}
		for pc := 0; pc < n; pc++ {
			switch c := r.IntN(10); {
			case c < 3:
				k := uint32(4 * r.IntN(2))
				if !exact && r.IntN(4) == 0 {
					k = uint32(8 + 4*r.IntN(14))
				}
				p = append(p, ldAbs(k))
			case c < 7:
				op := bpfop.JMP | []uint16{bpfop.JEQ, bpfop.JGT, bpfop.JGE, bpfop.JSET}[r.IntN(4)]
				k := uint32(r.IntN(8))
				if r.IntN(4) == 0 {
					k = randWord(r)
				}
				p = append(p, jump(op, k, skip(pc), skip(pc)))
			case c == 7:
				p = append(p, stmt(bpfop.Ja, uint32(skip(pc))))
			case c == 8:
				p = append(p, aluK(bpfop.AND, []uint32{0xffff, 0x3, 0xbfffffff, randWord(r)}[r.IntN(4)]))
			default:
				if !exact && r.IntN(2) == 0 {
					p = append(p, ldImm(actAllow), retA())
					pc++
				} else {
					p = append(p, retK(retVal()))
				}
			}
		}
		p = append(p, retK(retVal()), retK(retVal()))
		if Check(p) == nil {
			return p
		}
	}
}
