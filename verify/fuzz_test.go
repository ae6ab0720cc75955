package verify

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

var update = flag.Bool("update", false, "rewrite the committed fuzz seed corpus")

// encodeProg and decodeProg map programs to fuzzer bytes: 8 bytes per
// instruction, op (2, little-endian), jt, jf, k (4, little-endian).
func encodeProg(prog []bpf.RawInstruction) []byte {
	b := make([]byte, 0, 8*len(prog))
	for _, ins := range prog {
		b = binary.LittleEndian.AppendUint16(b, ins.Op)
		b = append(b, ins.Jt, ins.Jf)
		b = binary.LittleEndian.AppendUint32(b, ins.K)
	}
	return b
}

func decodeProg(b []byte) []bpf.RawInstruction {
	n := min(len(b)/8, bpfop.MaxInsns+1)
	prog := make([]bpf.RawInstruction, n)
	for i := range prog {
		c := b[8*i:]
		prog[i] = bpf.RawInstruction{
			Op: binary.LittleEndian.Uint16(c),
			Jt: c[2],
			Jf: c[3],
			K:  binary.LittleEndian.Uint32(c[4:]),
		}
	}
	return prog
}

// encodeData and decodeData map a SeccompData to its big-endian image; short
// input is zero-padded.
func encodeData(d *SeccompData) []byte {
	b := d.Bytes(true)
	return b[:]
}

func decodeData(b []byte) *SeccompData {
	var img [bpfop.DataLen]byte
	copy(img[:], b)
	d := &SeccompData{
		Nr:   binary.BigEndian.Uint32(img[bpfop.OffNr:]),
		Arch: binary.BigEndian.Uint32(img[bpfop.OffArch:]),
		IP:   binary.BigEndian.Uint64(img[bpfop.OffIP:]),
	}
	for i := range d.Args {
		d.Args[i] = binary.BigEndian.Uint64(img[bpfop.OffArgs+8*i:])
	}
	return d
}

// FuzzInterpreter runs arbitrary programs. Whatever Check says, Run and
// Trace must not panic and must agree with it; for accepted programs they
// must agree with each other, with x/net/bpf's VM where it models the
// kernel, and with ConstAllow's promise.
func FuzzInterpreter(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(encodeProg(s.prog), encodeData(s.data))
	}
	f.Fuzz(func(t *testing.T, progBytes, dataBytes []byte) {
		prog := decodeProg(progBytes)
		d := decodeData(dataBytes)
		checkErr := Check(prog)
		for _, be := range []bool{true, false} {
			got, pcs, err := Trace(prog, d, be)
			if checkErr != nil {
				var e *Error
				if err == nil || !errors.As(err, &e) || err.Error() != checkErr.Error() || pcs != nil {
					t.Fatalf("Check = %v but Trace = %#x, %v, %v", checkErr, got, pcs, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("Check accepts but Trace fails: %v\n%v", err, prog)
			}
			if ran, err := Run(prog, d, be); err != nil || ran != got {
				t.Fatalf("Run = %#x, %v; Trace = %#x", ran, err, got)
			}
			checkTrace(t, prog, pcs)
			if vmComparable(prog) {
				if want := runVM(t, prog, vmImage(d, be)); got != want {
					t.Fatalf("bigEndian=%v: Run = %#x, x/net VM = %#x\nprogram %v\ndata %+v", be, got, want, prog, *d)
				}
			}
			if ConstAllow(prog, d.Arch, d.Nr, be) && got != actAllow {
				t.Fatalf("ConstAllow(arch %#x, nr %d) = true but Run = %#x\nprogram %v", d.Arch, d.Nr, got, prog)
			}
		}
	})
}

// checkTrace checks the shape of a trace: it starts at 0, only moves
// forward, and ends on a return or on a division by X.
func checkTrace(t *testing.T, prog []bpf.RawInstruction, pcs []int) {
	t.Helper()
	if len(pcs) == 0 || pcs[0] != 0 {
		t.Fatalf("trace %v does not start at pc 0", pcs)
	}
	for i := 1; i < len(pcs); i++ {
		if pcs[i] <= pcs[i-1] {
			t.Fatalf("trace %v goes backwards at %d", pcs, i)
		}
	}
	switch last := prog[pcs[len(pcs)-1]].Op; last {
	case bpfop.RetK, bpfop.RetA, bpfop.ALU | bpfop.DIV | bpfop.X:
	default:
		t.Fatalf("trace %v ends on opcode %#04x", pcs, last)
	}
}

type fuzzSeed struct {
	name string
	prog []bpf.RawInstruction
	data *SeccompData
}

// fuzzSeeds are the starting points of FuzzInterpreter, also committed under
// testdata/fuzz/FuzzInterpreter (rewrite with go test -run TestFuzzSeeds
// -update).
func fuzzSeeds() []fuzzSeed {
	d := &SeccompData{Nr: 1, Arch: auditX8664, IP: 0x7f00_1234_5678, Args: [6]uint64{1, 0x1_00000002, 3, 0xffffffff_ffffffff, 0, 0x80000000}}
	seeds := []fuzzSeed{
		{"allowlist", allowlist, d},
		{"and", andProg, &SeccompData{Nr: 0x40000005, Arch: auditX8664}},
		{"div-x-zero", []bpf.RawInstruction{ldAbs(16), stmt(bpfop.Tax, 0), ldImm(10), aluX(bpfop.DIV), retA()}, &SeccompData{}},
		{"shift-x", []bpf.RawInstruction{ldAbs(20), stmt(bpfop.Tax, 0), ldImm(1), aluX(bpfop.LSH), aluX(bpfop.RSH), retA()}, &SeccompData{Args: [6]uint64{33}}},
		{"neg", []bpf.RawInstruction{ldAbs(16), stmt(bpfop.Neg, 0), retA()}, d},
		{"scratch", []bpf.RawInstruction{ldAbs(0), stmt(bpfop.St, 3), stmt(bpfop.LdxMem, 3), stmt(bpfop.Txa, 0), retA()}, d},
		{"len", []bpf.RawInstruction{stmt(bpfop.LdLen, 0), stmt(bpfop.LdxLen, 0), aluX(bpfop.ADD), retA()}, d},
		{"reject-jump", []bpf.RawInstruction{jump(bpfop.JeqK, 0, 2, 0), retK(0)}, d},
		{"reject-ldh", []bpf.RawInstruction{stmt(bpfop.LdAbsH, 0), retA()}, d},
		{"reject-scratch", []bpf.RawInstruction{ldAbs(0), jump(bpfop.JeqK, 1, 0, 1), stmt(bpfop.St, 0), stmt(bpfop.LdMem, 0), retA()}, d},
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 6 {
		seeds = append(seeds, fuzzSeed{fmt.Sprintf("random-%d", i), genProg(r, 4+4*i), randData(r)})
	}
	return seeds
}

// TestFuzzSeeds checks that the committed corpus matches fuzzSeeds, so the
// corpus keeps covering accepted and rejected programs.
func TestFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzInterpreter")
	seeds := fuzzSeeds()
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, s := range seeds {
			text := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n[]byte(%q)\n", encodeProg(s.prog), encodeData(s.data))
			if err := os.WriteFile(filepath.Join(dir, s.name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	accepted, rejected := 0, 0
	for _, s := range seeds {
		b, err := os.ReadFile(filepath.Join(dir, s.name))
		if err != nil {
			t.Fatalf("%v (run go test -run TestFuzzSeeds -update)", err)
		}
		prog, data, err := parseCorpusFile(string(b))
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := decodeProg(prog); fmt.Sprint(got) != fmt.Sprint(s.prog) {
			t.Errorf("%s: corpus program %v, want %v (run with -update)", s.name, got, s.prog)
		}
		if got := decodeData(data); *got != *s.data {
			t.Errorf("%s: corpus data %+v, want %+v (run with -update)", s.name, *got, *s.data)
		}
		if Check(s.prog) == nil {
			accepted++
		} else {
			rejected++
		}
	}
	if accepted < 10 || rejected < 3 {
		t.Errorf("corpus has %d accepted and %d rejected programs, want at least 10 and 3", accepted, rejected)
	}
}

// parseCorpusFile reads a two-[]byte file in the "go test fuzz v1" format.
func parseCorpusFile(text string) (a, b []byte, err error) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) != 3 || lines[0] != "go test fuzz v1" {
		return nil, nil, fmt.Errorf("not a two-value fuzz corpus file")
	}
	var vals [2][]byte
	for i, l := range lines[1:] {
		q, ok := strings.CutPrefix(l, "[]byte(")
		q, ok2 := strings.CutSuffix(q, ")")
		if !ok || !ok2 {
			return nil, nil, fmt.Errorf("line %d: %q", i+2, l)
		}
		s, err := strconv.Unquote(q)
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", i+2, err)
		}
		vals[i] = []byte(s)
	}
	return vals[0], vals[1], nil
}
