//go:build linux

package verify

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/bpfop"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// TestKernelRandom is TestKernel with random programs: it generates bodies
// that pass Check, puts kernelPrologue in front of each, and has a child
// process (this test binary, re-executed into TestKernelRandomHelper) load
// every filter into the running kernel and make one raw syscall per argument
// vector. The parent compares each outcome with Run on the host's byte
// order, audit arch and the child's instruction pointer.
//
// Every syscall runs on a thread of its own that loads the filter first
// (filters are per thread), so a SECCOMP_RET_KILL_THREAD verdict, from RET
// #0 or from a division by an X of zero, costs only that input. Bodies
// return only what the child can observe: SECCOMP_RET_ERRNO with any data
// (the kernel caps it at MAX_ERRNO), SECCOMP_RET_ALLOW (ENOSYS, as
// kernelTestNr does not exist) and SECCOMP_RET_KILL_THREAD; RET A is always
// the end of an "and #m; or #ERRNO; ret a" tail that no jump enters in the
// middle.
//
// The test also loads mutants of the bodies, which Check may accept or
// refuse, and requires the kernel to agree with Check about every one.
//
// The generator is deterministic; -kernel.seed and -kernel.programs change
// the seed and the number of programs (go test ./verify -run
// TestKernelRandom -args -kernel.seed=7).
func TestKernelRandom(t *testing.T) {
	be, audit, ok := hostTarget()
	if !ok {
		t.Skipf("no audit arch known for GOARCH=%s", runtime.GOARCH)
	}
	if _, err := unix.PrctlRetInt(unix.PR_GET_SECCOMP, 0, 0, 0, 0); errors.Is(err, unix.EINVAL) {
		t.Skip("kernel built without seccomp (prctl(PR_GET_SECCOMP) = EINVAL)")
	}
	seed, n := *kernelSeed, *kernelPrograms
	if n < 1 {
		t.Fatalf("-kernel.programs=%d, want at least 1", n)
	}
	r := rand.New(rand.NewPCG(seed, randomStream))
	cases := make([]randomCase, 0, 2*n)
	bodies := make([][]bpf.RawInstruction, n)
	for i := range n {
		bodies[i] = genKernelBody(r, 5+r.IntN(56))
		prog := cat(kernelPrologue(), bodies[i])
		if err := Check(prog); err != nil {
			t.Fatalf("program %d: the generator made a filter Check refuses: %v\n%s", i, err, disasm(prog))
		}
		cases = append(cases, randomCase{Prog: prog, Args: genKernelArgs(r, prog, randomInputs)})
	}
	for range n {
		cases = append(cases, randomCase{Prog: cat(kernelPrologue(), mutateBody(r, bodies[r.IntN(n)]))})
	}

	start := time.Now()
	rep, skip := runRandomChild(t, cases)
	if skip != "" {
		t.Skip(skip)
	}
	elapsed := time.Since(start)
	if len(rep.Load) != len(cases) || len(rep.Outcomes) != len(cases) {
		t.Fatalf("child reported %d loads and %d outcome lists for %d cases", len(rep.Load), len(rep.Outcomes), len(cases))
	}

	var st randomStats
	failures := 0
	fail := func(format string, args ...any) {
		if failures++; failures <= 10 {
			t.Errorf(format, args...)
		}
	}
	where := fmt.Sprintf("(reproduce with -kernel.seed=%d -kernel.programs=%d)", seed, n)
	for i, c := range cases[:n] {
		if e := unix.Errno(rep.Load[i]); e != 0 {
			fail("program %d: Check accepts it but the kernel refuses to load it: %v %s\n%s", i, e, where, disasm(c.Prog))
			continue
		}
		verdicts := make([]uint32, len(c.Args))
		for j, a := range c.Args {
			d := SeccompData{Nr: kernelTestNr, Arch: audit, IP: rep.IP, Args: a}
			v, pcs, err := Trace(c.Prog, &d, be)
			if err != nil {
				t.Fatalf("program %d: %v", i, err)
			}
			verdicts[j] = v
			st.count(c.Prog, pcs, v)
			d.IP ^= 0x1_0000_0101 // a different IP in both words
			if w, _ := Run(c.Prog, &d, be); w != v {
				st.ipSensitive++
			}
		}
		bad, err := kernelMismatches(verdicts, rep.Outcomes[i])
		if err != nil {
			t.Fatalf("program %d: %v %s\n%s", i, err, where, disasm(c.Prog))
		}
		for _, j := range bad {
			want, _ := kernelOutcome(verdicts[j])
			fail("program %d, args %#x, ip %#x: Run = %#x (%s), kernel: %s %s\n%s",
				i, c.Args[j], rep.IP, verdicts[j], want, rep.Outcomes[i][j], where, disasm(c.Prog))
		}
	}
	st.coverage(cases[:n])
	for i, c := range cases[n:] {
		checkErr := Check(c.Prog)
		switch e := unix.Errno(rep.Load[n+i]); {
		case e != 0 && e != unix.EINVAL:
			fail("mutant %d: seccomp() fails with %v, not EINVAL %s\n%s", i, e, where, disasm(c.Prog))
		case checkErr == nil && e != 0:
			fail("mutant %d: Check accepts it, the kernel refuses it %s\n%s", i, where, disasm(c.Prog))
		case checkErr != nil && e == 0:
			fail("mutant %d: Check refuses it (%v), the kernel accepts it %s\n%s", i, checkErr, where, disasm(c.Prog))
		case checkErr == nil:
			st.mutantsAccepted++
		default:
			st.mutantsRefused++
		}
	}
	if failures > 10 {
		t.Errorf("... and %d more failures", failures-10)
	}

	t.Logf("seed %d: %d programs (%d-%d instructions with the prologue), %d syscalls compared with Run in %v (bpf_jit_enable %s)",
		seed, n, st.minLen, st.maxLen, st.syscalls, elapsed.Round(time.Millisecond), jitSetting())
	t.Logf("outcomes: %d errno from ret #k, %d errno from ret a, %d allow, %d killed; %d depend on the instruction pointer %#x",
		st.retK, st.retA, st.allow, st.killed, st.ipSensitive, rep.IP)
	t.Logf("executed %d of %d body instructions (%.0f%%), %d distinct opcodes; mutants: %d accepted and %d refused by both Check and the kernel",
		st.covered, st.bodyInsns, 100*float64(st.covered)/float64(max(st.bodyInsns, 1)), len(st.ops), st.mutantsAccepted, st.mutantsRefused)
	if n >= 100 {
		// With this many programs every kind of instruction the generator
		// makes must have run in the kernel, and mutants must have gone
		// both ways; otherwise the generator has lost its reach.
		for _, op := range generatedOps {
			if st.ops[op] == 0 {
				t.Errorf("no program executed opcode %#04x", op)
			}
		}
		if st.killed == 0 || st.allow == 0 || st.retA == 0 || st.ipSensitive == 0 {
			t.Errorf("an outcome never occurs: %d killed, %d allow, %d from ret a, %d depending on the IP",
				st.killed, st.allow, st.retA, st.ipSensitive)
		}
		if st.mutantsAccepted == 0 || st.mutantsRefused == 0 {
			t.Errorf("mutants: %d accepted, %d refused; want both", st.mutantsAccepted, st.mutantsRefused)
		}
	}

	t.Run("comparison reports a wrong verdict", func(t *testing.T) {
		// Find an input whose verdict is SECCOMP_RET_ERRNO with data below
		// MAX_ERRNO in a program the kernel agrees with, expect data^1
		// for it instead, and require kernelMismatches to name exactly
		// that input.
		for i, c := range cases[:n] {
			if rep.Load[i] != 0 {
				continue
			}
			verdicts := make([]uint32, len(c.Args))
			for j, a := range c.Args {
				verdicts[j], _ = Run(c.Prog, &SeccompData{Nr: kernelTestNr, Arch: audit, IP: rep.IP, Args: a}, be)
			}
			if bad, err := kernelMismatches(verdicts, rep.Outcomes[i]); err != nil || len(bad) != 0 {
				continue
			}
			for j, v := range verdicts {
				if v&0xffff0000 != actErrno || v&0xffff >= maxErrno {
					continue
				}
				wrong := slices.Clone(verdicts)
				wrong[j] ^= 1
				bad, err := kernelMismatches(wrong, rep.Outcomes[i])
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(bad, []int{j}) {
					t.Fatalf("program %d: expecting %#x instead of %#x for input %d, kernelMismatches reports inputs %v, want [%d]",
						i, wrong[j], v, j, bad, j)
				}
				return
			}
		}
		t.Fatal("no program returned SECCOMP_RET_ERRNO with data below MAX_ERRNO")
	})
}

var (
	kernelSeed     = flag.Uint64("kernel.seed", 1, "seed of TestKernelRandom's program generator")
	kernelPrograms = flag.Int("kernel.programs", 300, "number of random programs (and of mutants) TestKernelRandom runs in the kernel")
)

const (
	randomHelperEnv = "SECCOMPC_VERIFY_KERNEL_RANDOM_HELPER" // the cases file
	randomInputs    = 8                                      // syscalls per program
	randomStream    = 0x5ecc0                                // second PCG seed word
	randomWorkers   = 4                                      // threads the child runs at once
)

// randomCase is one filter for the child. With Args the child makes one
// syscall per vector, each on a fresh thread that loads Prog first; without,
// it only loads Prog.
type randomCase struct {
	Prog []bpf.RawInstruction
	Args [][6]uint64 `json:",omitempty"`
}

// randomReport is the child's answer.
type randomReport struct {
	Skip     string     // why the kernel cannot run filters; nothing else is set
	Fail     string     // a problem in the child; nothing else is set
	IP       uint64     // seccomp_data.instruction_pointer of every test syscall
	Load     []int      // per case: the errno of seccomp(), 0 when it loaded
	Outcomes [][]string // per case and argument vector, as kernelOutcome spells them
}

// kernelMismatches returns the indexes of the inputs whose verdict, as the
// kernel would show it, differs from the outcome the child saw.
func kernelMismatches(verdicts []uint32, got []string) ([]int, error) {
	if len(got) != len(verdicts) {
		return nil, fmt.Errorf("kernelMismatches: %d outcomes for %d verdicts", len(got), len(verdicts))
	}
	var bad []int
	for j, v := range verdicts {
		want, err := kernelOutcome(v)
		if err != nil {
			return nil, fmt.Errorf("kernelMismatches: input %d: %w", j, err)
		}
		if got[j] != want {
			bad = append(bad, j)
		}
	}
	return bad, nil
}

func disasm(prog []bpf.RawInstruction) string {
	return emit.Disassemble(prog, emit.DisasmOptions{})
}

// jitSetting reports /proc/sys/net/core/bpf_jit_enable: whether the filters
// ran in the eBPF interpreter (0) or as JIT-compiled code.
func jitSetting() string {
	b, err := os.ReadFile("/proc/sys/net/core/bpf_jit_enable")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}

// generatedOps are the opcodes genKernelBody makes.
var generatedOps = []uint16{
	bpfop.LdAbsW, bpfop.LdImm, bpfop.LdxImm, bpfop.LdLen, bpfop.LdxLen, bpfop.LdMem, bpfop.LdxMem, bpfop.St, bpfop.Stx, bpfop.Tax, bpfop.Txa,
	bpfop.ALU | bpfop.ADD | bpfop.K, bpfop.ALU | bpfop.SUB | bpfop.K, bpfop.ALU | bpfop.MUL | bpfop.K, bpfop.ALU | bpfop.DIV | bpfop.K,
	bpfop.ALU | bpfop.OR | bpfop.K, bpfop.ALU | bpfop.AND | bpfop.K, bpfop.ALU | bpfop.LSH | bpfop.K, bpfop.ALU | bpfop.RSH | bpfop.K,
	bpfop.ALU | bpfop.XOR | bpfop.K, bpfop.ALU | bpfop.ADD | bpfop.X, bpfop.ALU | bpfop.SUB | bpfop.X, bpfop.ALU | bpfop.MUL | bpfop.X,
	bpfop.ALU | bpfop.DIV | bpfop.X, bpfop.ALU | bpfop.OR | bpfop.X, bpfop.ALU | bpfop.AND | bpfop.X, bpfop.ALU | bpfop.LSH | bpfop.X,
	bpfop.ALU | bpfop.RSH | bpfop.X, bpfop.ALU | bpfop.XOR | bpfop.X, bpfop.Neg,
	bpfop.Ja, bpfop.JeqK, bpfop.JeqX, bpfop.JgtK, bpfop.JgtX, bpfop.JgeK, bpfop.JgeX, bpfop.JsetK, bpfop.JsetX, bpfop.RetK, bpfop.RetA,
}

// randomStats gathers the figures TestKernelRandom logs.
type randomStats struct {
	syscalls, retK, retA, allow, killed, ipSensitive int
	bodyInsns, covered, minLen, maxLen               int
	mutantsAccepted, mutantsRefused                  int
	ops                                              map[uint16]int // executions per opcode
	seen                                             map[*bpf.RawInstruction]bool
}

// count records one run of prog that went through pcs to verdict v.
func (s *randomStats) count(prog []bpf.RawInstruction, pcs []int, v uint32) {
	if s.ops == nil {
		s.ops = make(map[uint16]int)
		s.seen = make(map[*bpf.RawInstruction]bool)
	}
	s.syscalls++
	last := prog[pcs[len(pcs)-1]].Op
	switch {
	case v == 0:
		s.killed++
	case v&0xffff0000 == actAllow:
		s.allow++
	case last == bpfop.RetA:
		s.retA++
	default:
		s.retK++
	}
	for _, pc := range pcs {
		s.ops[prog[pc].Op]++
		s.seen[&prog[pc]] = true
	}
}

// coverage works out the length and coverage figures of the programs.
func (s *randomStats) coverage(cases []randomCase) {
	s.minLen = bpfop.MaxInsns
	for _, c := range cases {
		s.minLen = min(s.minLen, len(c.Prog))
		s.maxLen = max(s.maxLen, len(c.Prog))
		body := c.Prog[len(kernelPrologue()):]
		s.bodyInsns += len(body)
		for i := range body {
			if s.seen[&body[i]] {
				s.covered++
			}
		}
	}
}

// genKernelBody returns a random body of n >= 1 instructions for
// kernelPrologue that passes Check and returns only verdicts kernelOutcome
// can observe. Each RET A ends an "and #m; or #ERRNO; ret a" tail; jumps
// go to random later instructions but never into the middle of a tail.
// Scratch loads read only slots that check_load_and_stores, run alongside,
// finds written on the way in.
func genKernelBody(r *rand.Rand, n int) []bpf.RawInstruction {
	const (
		single = iota
		tailAnd
		tailOr
		tailRet
	)
	kind := make([]uint8, n)
	for pc := 0; pc < n; {
		if rem := n - pc; rem >= 3 && r.IntN(24) == 0 || rem == 3 && r.IntN(2) == 0 {
			kind[pc], kind[pc+1], kind[pc+2] = tailAnd, tailOr, tailRet
			pc += 3
			continue
		}
		pc++
	}
	// target picks the skip of a jump at pc (not the last instruction):
	// a random unit start after pc, mostly a near one so that paths stay
	// long, or else pc+1, which always is one.
	target := func(pc int) uint8 {
		limit := min(255, n-pc-2)
		if r.IntN(4) != 0 {
			limit = min(limit, 4)
		}
		for range 4 {
			o := r.IntN(limit + 1)
			if k := kind[pc+1+o]; k == single || k == tailAnd {
				return uint8(o)
			}
		}
		return 0
	}
	const all = 1<<bpfop.MemWords - 1
	masks := make([]uint16, n)
	for i := range masks {
		masks[i] = all
	}
	var valid uint16 // as in checkScratch
	aluOps := []uint16{bpfop.ADD, bpfop.SUB, bpfop.MUL, bpfop.DIV, bpfop.OR, bpfop.AND, bpfop.LSH, bpfop.RSH, bpfop.XOR}
	jmpOps := []uint16{bpfop.JEQ, bpfop.JGT, bpfop.JGE, bpfop.JSET}
	body := make([]bpf.RawInstruction, n)
	for pc := range body {
		valid &= masks[pc]
		switch kind[pc] {
		case tailAnd:
			body[pc] = aluK(bpfop.AND, []uint32{0xfff, 0xfff, 0xfff, 0xffff, 0x1f}[r.IntN(5)])
			continue
		case tailOr:
			body[pc] = aluK(bpfop.OR, actErrno)
			continue
		case tailRet:
			body[pc] = retA()
			continue
		}
		if pc == n-1 {
			body[pc] = retK(randomRetK(r))
			continue
		}
		var ins bpf.RawInstruction
		switch c := r.IntN(40); {
		case c < 6:
			ins = ldAbs(uint32(4 * r.IntN(16)))
		case c < 7:
			ins = ldImm(randWord(r))
		case c < 8:
			ins = ldxImm(randWord(r))
		case c < 9:
			ins = stmt([]uint16{bpfop.LdLen, bpfop.LdxLen}[r.IntN(2)], 0)
		case c < 12:
			ins = stmt([]uint16{bpfop.Tax, bpfop.Txa}[r.IntN(2)], 0)
		case c < 18:
			op := aluOps[r.IntN(len(aluOps))]
			k := randWord(r)
			switch op {
			case bpfop.DIV:
				k = max(k, 1)
			case bpfop.LSH, bpfop.RSH:
				k %= 32
			}
			ins = aluK(op, k)
		case c < 21:
			ins = aluX(aluOps[r.IntN(len(aluOps))])
		case c < 22:
			ins = stmt(bpfop.Neg, 0)
		case c < 25:
			slot := uint32(r.IntN(bpfop.MemWords))
			ins = stmt([]uint16{bpfop.St, bpfop.Stx}[r.IntN(2)], slot)
			valid |= 1 << slot
		case c < 28 && valid != 0:
			slot := uint32(r.IntN(bpfop.MemWords))
			for valid&(1<<slot) == 0 {
				slot = (slot + 1) % bpfop.MemWords
			}
			ins = stmt([]uint16{bpfop.LdMem, bpfop.LdxMem}[r.IntN(2)], slot)
		case c < 29:
			o := target(pc)
			masks[pc+1+int(o)] &= valid
			valid = all
			ins = stmt(bpfop.Ja, uint32(o))
		case c < 39:
			op := bpfop.JMP | jmpOps[r.IntN(len(jmpOps))]
			k := randWord(r)
			if r.IntN(3) == 0 {
				op, k = op|bpfop.X, 0
			}
			jt, jf := target(pc), target(pc)
			masks[pc+1+int(jt)] &= valid
			masks[pc+1+int(jf)] &= valid
			valid = all
			ins = jump(op, k, jt, jf)
		default:
			ins = retK(randomRetK(r))
		}
		body[pc] = ins
	}
	return body
}

// randomRetK returns a verdict the child can observe: mostly
// SECCOMP_RET_ERRNO with data up to MAX_ERRNO, sometimes data above it
// (the kernel caps it), SECCOMP_RET_ALLOW with or without data, and
// SECCOMP_RET_KILL_THREAD.
func randomRetK(r *rand.Rand) uint32 {
	switch r.IntN(16) {
	case 0:
		return actAllow
	case 1:
		return actAllow | uint32(r.IntN(0x10000))
	case 2:
		return 0
	case 3:
		return actErrno | uint32(maxErrno+r.IntN(0x10000-maxErrno))
	}
	return actErrno | uint32(r.IntN(maxErrno+1))
}

// genKernelArgs returns n argument vectors for prog whose 32-bit halves
// are random, boundary values, or constants of prog and their neighbours.
func genKernelArgs(r *rand.Rand, prog []bpf.RawInstruction, n int) [][6]uint64 {
	var pool []uint32
	for _, ins := range prog {
		switch c := ins.Op & bpfop.ClassMask; {
		case ins.Op == bpfop.LdImm || ins.Op == bpfop.LdxImm,
			c == bpfop.ALU && ins.Op&bpfop.X == 0 && ins.Op != bpfop.Neg,
			c == bpfop.JMP && ins.Op != bpfop.Ja && ins.Op&bpfop.X == 0:
			pool = append(pool, ins.K-1, ins.K, ins.K+1)
		}
	}
	word := func() uint32 {
		if len(pool) > 0 && r.IntN(3) == 0 {
			return pool[r.IntN(len(pool))]
		}
		return randWord(r)
	}
	args := make([][6]uint64, n)
	for i := range args {
		for j := range args[i] {
			args[i][j] = uint64(word())<<32 | uint64(word())
		}
	}
	return args
}

// mutateBody returns a copy of body with one random change, often one the
// kernel refuses: an unknown or non-seccomp opcode, a bad load offset, MOD,
// a shift or division the checker forbids, a jump out of range, a scratch
// slot out of range or not yet written, a missing final RET, or just a new
// k, jt or jf.
func mutateBody(r *rand.Rand, body []bpf.RawInstruction) []bpf.RawInstruction {
	m := slices.Clone(body)
	pc := r.IntN(len(m))
	ins := &m[pc]
	switch r.IntN(12) {
	case 0:
		ins.Op = uint16(r.IntN(0x100))
	case 1:
		ins.Op = uint16(r.IntN(0x10000))
	case 2:
		*ins = ldAbs([]uint32{1, 2, 3, 6, 60, 62, 64, 68, 0x100, bpfop.SKFADOff, bpfop.SKFADOff + 4, 0xffffffff}[r.IntN(12)])
	case 3:
		*ins = []bpf.RawInstruction{aluK(bpfop.MOD, randWord(r)), aluX(bpfop.MOD)}[r.IntN(2)]
	case 4:
		*ins = stmt([]uint16{bpfop.LdAbsH, bpfop.LdAbsB, bpfop.LdIndW, bpfop.LdIndH, bpfop.LdIndB, bpfop.LdxMsh}[r.IntN(6)], uint32(r.IntN(64)))
	case 5:
		*ins = []bpf.RawInstruction{aluK(bpfop.LSH, 31+uint32(r.IntN(3))), aluK(bpfop.RSH, 31+uint32(r.IntN(3))), aluK(bpfop.DIV, 0)}[r.IntN(3)]
	case 6:
		*ins = jump([]uint16{bpfop.JeqK, bpfop.JgtX, bpfop.JsetK}[r.IntN(3)], randWord(r), uint8(r.IntN(256)), uint8(r.IntN(len(m)-pc)))
	case 7:
		*ins = stmt(bpfop.Ja, uint32(r.IntN(len(m)-pc+1)))
	case 8:
		*ins = stmt([]uint16{bpfop.LdMem, bpfop.LdxMem, bpfop.St, bpfop.Stx}[r.IntN(4)], uint32(r.IntN(18)))
	case 9:
		m = m[:pc+1]
	case 10:
		ins.K = randWord(r)
	default:
		ins.Jt, ins.Jf = uint8(r.IntN(len(m)-pc)), uint8(r.IntN(len(m)-pc))
	}
	return m
}

// runRandomChild runs cases in a child process and returns its report, or
// a reason to skip.
func runRandomChild(t *testing.T, cases []randomCase) (*randomReport, string) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "cases.json")
	b, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestKernelRandomHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), randomHelperEnv+"="+in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper process: %v\n%s", err, out)
	}
	b, err = os.ReadFile(in + ".out")
	if err != nil {
		t.Fatalf("helper process wrote no report: %v\n%s", err, out)
	}
	var rep randomReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("helper report: %v", err)
	}
	if rep.Fail != "" {
		t.Fatalf("helper process: %s", rep.Fail)
	}
	return &rep, rep.Skip
}

// TestKernelRandomHelper is the child side of TestKernelRandom. It does
// nothing unless started by TestKernelRandom.
func TestKernelRandomHelper(t *testing.T) {
	in := os.Getenv(randomHelperEnv)
	if in == "" {
		t.Skip("helper for TestKernelRandom; runs only in its child process")
	}
	rep := runRandomCases(in)
	b, err := json.Marshal(rep)
	if err == nil {
		err = os.WriteFile(in+".out", b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Threads killed by their filter leave goroutines that never return;
	// leave before the test framework looks at them.
	os.Exit(0)
}

func runRandomCases(in string) *randomReport {
	b, err := os.ReadFile(in)
	if err != nil {
		return &randomReport{Fail: err.Error()}
	}
	var cases []randomCase
	if err := json.Unmarshal(b, &cases); err != nil {
		return &randomReport{Fail: "cases: " + err.Error()}
	}
	be, _, _ := hostTarget()
	rep := &randomReport{Load: make([]int, len(cases)), Outcomes: make([][]string, len(cases))}
	if !threadAlive(unix.Gettid()) {
		return &randomReport{Skip: "cannot watch threads in /proc/self/task"}
	}
	ip, skip, fail := probeIP(be)
	if skip != "" || fail != "" {
		return &randomReport{Skip: skip, Fail: fail}
	}
	rep.IP = ip
	// Every job is a thread of its own; run a few at once so that waiting
	// for thread creation and exit overlaps.
	type job struct{ i, j int } // case, argument vector (-1: load only)
	results := make([][]threadRun, len(cases))
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range randomWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for jb := range jobs {
				c := cases[jb.i]
				var args [][6]uint64
				if jb.j >= 0 {
					args = c.Args[jb.j : jb.j+1]
				}
				results[jb.i][max(jb.j, 0)] = onFreshThread(c.Prog, args)
			}
		}()
	}
	for i, c := range cases {
		results[i] = make([]threadRun, max(len(c.Args), 1))
	}
	for i, c := range cases {
		if len(c.Args) == 0 {
			jobs <- job{i, -1}
		}
		for j := range c.Args {
			jobs <- job{i, j}
		}
	}
	close(jobs)
	wg.Wait()
	for i, c := range cases {
		for _, tr := range results[i] {
			switch {
			case tr.fail != "":
				return &randomReport{Fail: fmt.Sprintf("case %d: %s", i, tr.fail)}
			case tr.skip != "":
				return &randomReport{Skip: tr.skip}
			case tr.load != 0:
				rep.Load[i] = int(tr.load)
			case len(c.Args) == 0:
			case tr.killed:
				rep.Outcomes[i] = append(rep.Outcomes[i], "killed")
			default:
				rep.Outcomes[i] = append(rep.Outcomes[i], fmt.Sprintf("errno %d", tr.errnos[0]))
			}
		}
		if rep.Load[i] != 0 {
			rep.Outcomes[i] = nil
		}
	}
	return rep
}

// probeIP finds the instruction pointer the kernel puts in seccomp_data for
// the test syscalls, 12 bits per syscall. All of them come from the same
// raw syscall instruction (unix.Syscall6), so it is the same for every
// thread of the process.
func probeIP(be bool) (ip uint64, skip, fail string) {
	// Return ERRNO | (word(arg0) >> arg1) & 0xfff, word at offset 8 or 12.
	prog := cat(kernelPrologue(), []bpf.RawInstruction{
		ldAbs(argLo(1, be)),
		stmt(bpfop.Tax, 0),
		ldAbs(argLo(0, be)),
		jump(bpfop.JeqK, bpfop.OffIP, 0, 2),
		ldAbs(bpfop.OffIP),
		stmt(bpfop.Ja, 1),
		ldAbs(bpfop.OffIP + 4),
		aluX(bpfop.RSH),
		aluK(bpfop.AND, 0xfff),
		aluK(bpfop.OR, actErrno),
		retA(),
	})
	var args [][6]uint64
	for _, off := range []uint64{bpfop.OffIP, bpfop.OffIP + 4} {
		for _, sh := range []uint64{0, 12, 24} {
			args = append(args, [6]uint64{off, sh})
		}
	}
	tr := onFreshThread(prog, args)
	switch {
	case tr.skip != "" || tr.fail != "":
		return 0, tr.skip, tr.fail
	case tr.load != 0:
		return 0, fmt.Sprintf("seccomp filters unavailable: seccomp(SECCOMP_SET_MODE_FILTER) = %v", tr.load), ""
	case tr.killed || len(tr.errnos) != len(args):
		return 0, "", fmt.Sprintf("instruction pointer probe: %d answers, killed %v", len(tr.errnos), tr.killed)
	}
	var w [2]uint32 // the words at offsets 8 and 12
	for i, e := range tr.errnos {
		w[i/3] |= uint32(e) << (12 * (i % 3))
	}
	var img [8]byte
	o := byteOrder(be)
	o.PutUint32(img[:], w[0])
	o.PutUint32(img[4:], w[1])
	return o.Uint64(img[:]), "", ""
}

// threadRun is what onFreshThread saw.
type threadRun struct {
	load       unix.Errno // seccomp()'s error; nothing ran when nonzero
	errnos     []int      // one per syscall answered
	killed     bool       // the thread vanished during the next syscall
	skip, fail string     // setup problems
}

// onFreshThread starts a goroutine on a thread of its own that has no
// seccomp filter yet, loads prog there and makes one syscall kernelTestNr
// per argument vector, stopping if the thread is killed. With no args it
// only loads prog. The thread exits with the goroutine, taking the filter
// with it.
func onFreshThread(prog []bpf.RawInstruction, args [][6]uint64) threadRun {
	type setup struct {
		tr  threadRun
		tid int
	}
	setupc := make(chan setup, 1)
	answers := make(chan int, len(args))
	go func() {
		// Never unlocked: the thread ends with the goroutine.
		runtime.LockOSThread()
		if mode, err := unix.PrctlRetInt(unix.PR_GET_SECCOMP, 0, 0, 0, 0); err != nil || mode != 0 {
			setupc <- setup{tr: threadRun{fail: fmt.Sprintf("a new thread is in seccomp mode %d (%v); it inherited a filter", mode, err)}}
			return
		}
		if _, _, e := unix.Syscall6(kernelTestNr, 0, 0, 0, 0, 0, 0); e != unix.ENOSYS {
			setupc <- setup{tr: threadRun{skip: fmt.Sprintf("syscall %#x returns %v before any filter is loaded (an outer seccomp filter?)", kernelTestNr, e)}}
			return
		}
		if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
			setupc <- setup{tr: threadRun{skip: fmt.Sprintf("prctl(PR_SET_NO_NEW_PRIVS): %v", err)}}
			return
		}
		if e := loadFilter(prog); e != 0 || len(args) == 0 {
			setupc <- setup{tr: threadRun{load: e}}
			return
		}
		setupc <- setup{tid: unix.Gettid()}
		for _, a := range args {
			r1, _, e := unix.Syscall6(kernelTestNr, uintptr(a[0]), uintptr(a[1]), uintptr(a[2]), uintptr(a[3]), uintptr(a[4]), uintptr(a[5]))
			errno := int(e)
			// As in TestHelperProcess: -4095 comes back in r1.
			if r := int(r1); e == 0 && r < 0 && r >= -maxErrno {
				errno = -r
			}
			answers <- errno
		}
	}()
	s := <-setupc
	if s.tid == 0 {
		return s.tr
	}
	var tr threadRun
	deadline := time.Now().Add(30 * time.Second)
	for len(tr.errnos) < len(args) {
		select {
		case e := <-answers:
			tr.errnos = append(tr.errnos, e)
			continue
		case <-time.After(time.Millisecond):
		}
		if !threadAlive(s.tid) {
			select {
			case e := <-answers: // answered just before exiting
				tr.errnos = append(tr.errnos, e)
				continue
			default:
			}
			tr.killed = true
			return tr
		}
		if time.Now().After(deadline) {
			return threadRun{fail: "timed out waiting for a syscall"}
		}
	}
	return tr
}

// TestGenKernelBody checks TestKernelRandom's generator without a kernel:
// every filter passes Check, no jump enters a RET A tail past its first
// instruction, and every verdict on random inputs is one the child can
// observe. It also requires the mutants to go both ways under Check.
func TestGenKernelBody(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	accepted, refused := 0, 0
	for i := range 500 {
		n := 1 + r.IntN(60)
		body := genKernelBody(r, n)
		if len(body) != n {
			t.Fatalf("body %d: %d instructions, want %d", i, len(body), n)
		}
		prog := cat(kernelPrologue(), body)
		if err := Check(prog); err != nil {
			t.Fatalf("body %d: %v\n%s", i, err, disasm(prog))
		}
		inTail := make([]bool, len(prog)) // the or and ret a of a tail
		for pc, ins := range prog {
			if ins.Op != bpfop.RetA {
				continue
			}
			if pc < 2 || prog[pc-1] != aluK(bpfop.OR, actErrno) || prog[pc-2].Op != bpfop.ALU|bpfop.AND|bpfop.K || prog[pc-2].K > 0xffff {
				t.Fatalf("body %d: ret a at %d does not end an and/or tail\n%s", i, pc, disasm(prog))
			}
			inTail[pc-1], inTail[pc] = true, true
		}
		for pc, ins := range prog {
			var targets []int
			switch {
			case ins.Op == bpfop.Ja:
				targets = []int{pc + 1 + int(ins.K)}
			case isCondJump(ins.Op):
				targets = []int{pc + 1 + int(ins.Jt), pc + 1 + int(ins.Jf)}
			}
			for _, to := range targets {
				if inTail[to] {
					t.Fatalf("body %d: jump at %d enters a tail at %d\n%s", i, pc, to, disasm(prog))
				}
			}
		}
		for _, args := range genKernelArgs(r, prog, 4) {
			d := randData(r)
			d.Nr, d.Args = kernelTestNr, args
			for _, be := range []bool{false, true} {
				v, err := Run(prog, d, be)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := kernelOutcome(v); err != nil {
					t.Fatalf("body %d: %v\n%s", i, err, disasm(prog))
				}
			}
		}
		if Check(cat(kernelPrologue(), mutateBody(r, body))) == nil {
			accepted++
		} else {
			refused++
		}
	}
	if accepted < 50 || refused < 50 {
		t.Errorf("mutants: %d accepted and %d refused by Check, want at least 50 each", accepted, refused)
	}
}
