package emit_test

import (
	"fmt"
	"testing"

	"github.com/seccompc/seccompc/emit"
)

// Opcode bits, spelled out here rather than taken from the package so that
// the tests check the encoding independently.
const (
	opLdAbsW = 0x20
	opRetK   = 0x06
	opJA     = 0x05
	opJEQ    = 0x10
	opJGT    = 0x20
	opJGE    = 0x30
	opJSET   = 0x40

	aluADD = 0x00
	aluSUB = 0x10
	aluMUL = 0x20
	aluDIV = 0x30
	aluOR  = 0x40
	aluAND = 0x50
	aluLSH = 0x60
	aluRSH = 0x70
	aluNEG = 0x80
	aluMOD = 0x90
	aluXOR = 0xa0
)

// data is the test input model: the 16 words of struct seccomp_data.
type data [16]uint32

// spec is the test's own record of a node, independent of the Builder's
// internals.
type spec struct {
	kind byte // 'r' ret, 'l' load, 'a' alu, 'j' jump
	op   uint16
	k    uint32
	a, b emit.Node // next (load, alu) or jt, jf (jump)
}

// mirror wraps a Builder and records what each node means, checking
// hash-consing on every call: an existing node must be returned exactly
// for an identical instruction.
type mirror struct {
	t     testing.TB
	b     *emit.Builder
	specs map[emit.Node]spec
}

func newMirror(t testing.TB) *mirror {
	return &mirror{t: t, b: emit.NewBuilder(), specs: map[emit.Node]spec{}}
}

func (m *mirror) record(n emit.Node, s spec) emit.Node {
	m.t.Helper()
	if n < 0 {
		m.t.Fatalf("builder returned %d for %+v: %v", n, s, m.b.Err())
	}
	before := len(m.specs)
	if old, ok := m.specs[n]; ok {
		if old != s {
			m.t.Fatalf("node %d returned for %+v, but it was created for %+v", n, s, old)
		}
	} else {
		m.specs[n] = s
	}
	if m.b.Len() != len(m.specs) {
		m.t.Fatalf("Len() = %d, want %d distinct nodes (had %d)", m.b.Len(), len(m.specs), before)
	}
	return n
}

func (m *mirror) ret(k uint32) emit.Node {
	m.t.Helper()
	return m.record(m.b.Ret(k, emit.Source{Part: emit.PartDefault, Rule: -1}), spec{kind: 'r', k: k})
}

func (m *mirror) ld(off uint32, next emit.Node) emit.Node {
	m.t.Helper()
	return m.record(m.b.LoadAbs(off, next, emit.Source{Part: emit.PartDispatch, Rule: -1}), spec{kind: 'l', k: off, a: next})
}

func (m *mirror) alu(op uint16, k uint32, next emit.Node) emit.Node {
	m.t.Helper()
	if op == aluNEG {
		k = 0
	}
	return m.record(m.b.ALU(op, k, next, emit.Source{Part: emit.PartRule, Rule: 1}), spec{kind: 'a', op: op, k: k, a: next})
}

func (m *mirror) jump(op uint16, k uint32, jt, jf emit.Node) emit.Node {
	m.t.Helper()
	n := m.b.Jump(op, k, jt, jf, emit.Source{Part: emit.PartRule, Rule: 2})
	if jt == jf {
		if n != jt {
			m.t.Fatalf("Jump with jt == jf == %d returned %d", jt, n)
		}
		return n
	}
	return m.record(n, spec{kind: 'j', op: op, k: k, a: jt, b: jf})
}

// reachable counts the nodes reachable from root.
func (m *mirror) reachable(root emit.Node) int {
	seen := map[emit.Node]bool{}
	var walk func(emit.Node)
	walk = func(n emit.Node) {
		if seen[n] {
			return
		}
		seen[n] = true
		switch s := m.specs[n]; s.kind {
		case 'l', 'a':
			walk(s.a)
		case 'j':
			walk(s.a)
			walk(s.b)
		}
	}
	walk(root)
	return len(seen)
}

func alu(op uint16, a, k uint32) uint32 {
	switch op {
	case aluADD:
		return a + k
	case aluSUB:
		return a - k
	case aluMUL:
		return a * k
	case aluDIV:
		return a / k
	case aluOR:
		return a | k
	case aluAND:
		return a & k
	case aluLSH:
		return a << k
	case aluRSH:
		return a >> k
	case aluNEG:
		return -a
	case aluXOR:
		return a ^ k
	}
	panic(fmt.Sprintf("bad alu op %#x", op))
}

func cond(op uint16, a, k uint32) bool {
	switch op {
	case opJEQ:
		return a == k
	case opJGT:
		return a > k
	case opJGE:
		return a >= k
	case opJSET:
		return a&k != 0
	}
	panic(fmt.Sprintf("bad jump op %#x", op))
}

// evalDAG walks the DAG from root on input d.
func (m *mirror) evalDAG(root emit.Node, d *data) uint32 {
	var a uint32
	n := root
	for {
		s, ok := m.specs[n]
		if !ok {
			m.t.Fatalf("evalDAG: unknown node %d", n)
		}
		switch s.kind {
		case 'r':
			return s.k
		case 'l':
			a = d[s.k/4]
			n = s.a
		case 'a':
			a = alu(s.op, a, s.k)
			n = s.a
		case 'j':
			if cond(s.op, a, s.k) {
				n = s.a
			} else {
				n = s.b
			}
		}
	}
}

// run executes a linear program on input d.
func run(p *emit.Program, d *data) (uint32, error) {
	var a uint32
	pc := 0
	for steps := 0; steps <= len(p.Insns); steps++ {
		if pc >= len(p.Insns) {
			return 0, fmt.Errorf("pc %d past the end", pc)
		}
		ins := p.Insns[pc]
		switch ins.Op & 0x07 {
		case 0x00: // LD
			if ins.Op != opLdAbsW || ins.K%4 != 0 || ins.K >= 64 {
				return 0, fmt.Errorf("pc %d: bad load %+v", pc, ins)
			}
			a = d[ins.K/4]
			pc++
		case 0x04: // ALU
			a = alu(ins.Op&0xf0, a, ins.K)
			pc++
		case 0x05: // JMP
			switch op := ins.Op & 0xf0; {
			case op == 0:
				pc += 1 + int(ins.K)
			case cond(op, a, ins.K):
				pc += 1 + int(ins.Jt)
			default:
				pc += 1 + int(ins.Jf)
			}
		case 0x06:
			return ins.K, nil
		default:
			return 0, fmt.Errorf("pc %d: bad class %+v", pc, ins)
		}
	}
	return 0, fmt.Errorf("no return after %d steps", len(p.Insns)+1)
}

// checkProgram verifies the structural promises of Assemble: a non-empty
// program within the length limit, a Source per instruction, only
// seccomp-valid K-form opcodes, every jump target inside the program
// (offsets are unsigned, so forward), a return as the last instruction,
// trampolines marked as such, and no unreachable instruction.
func checkProgram(t *testing.T, p *emit.Program) {
	t.Helper()
	n := len(p.Insns)
	if n == 0 || n > emit.MaxInstructions {
		t.Fatalf("program length %d out of range", n)
	}
	if len(p.Src) != n {
		t.Fatalf("%d sources for %d instructions", len(p.Src), n)
	}
	if p.Insns[n-1].Op != opRetK {
		t.Fatalf("last instruction %+v is not RET|K", p.Insns[n-1])
	}
	reached := make([]bool, n)
	reached[0] = true
	for pc, ins := range p.Insns {
		if !reached[pc] {
			t.Fatalf("pc %d (%v) is unreachable", pc, ins)
		}
		var succ []int
		switch {
		case ins.Op == opRetK:
		case ins.Op == opLdAbsW:
			succ = []int{pc + 1}
		case ins.Op&0x0f == 0x04: // ALU|K
			if op := ins.Op & 0xf0; op > aluXOR || op == aluMOD {
				t.Fatalf("pc %d: bad ALU op %#x", pc, ins.Op)
			}
			succ = []int{pc + 1}
		case ins.Op == opJA:
			if p.Src[pc].Part != emit.PartTrampoline {
				t.Errorf("pc %d: JA has source %v, want a trampoline", pc, p.Src[pc])
			}
			succ = []int{pc + 1 + int(ins.K)}
		case ins.Op&0x0f == 0x05 && ins.Op&0xf0 >= opJEQ && ins.Op&0xf0 <= opJSET:
			succ = []int{pc + 1 + int(ins.Jt), pc + 1 + int(ins.Jf)}
		default:
			t.Fatalf("pc %d: unexpected opcode %#x", pc, ins.Op)
		}
		for _, s := range succ {
			if s >= n {
				t.Fatalf("pc %d (%v) jumps to %d, past the end (%d)", pc, ins, s, n)
			}
			reached[s] = true
		}
	}
}

// count returns the number of JA trampolines in p.
func countJA(p *emit.Program) int {
	c := 0
	for _, ins := range p.Insns {
		if ins.Op == opJA {
			c++
		}
	}
	return c
}

// compare runs root's DAG and the program on inputs and reports the first
// difference.
func compare(t *testing.T, m *mirror, root emit.Node, p *emit.Program, inputs []data) {
	t.Helper()
	for _, d := range inputs {
		want := m.evalDAG(root, &d)
		got, err := run(p, &d)
		if err != nil {
			t.Fatalf("input %v: %v\n%v", d, err, p)
		}
		if got != want {
			t.Fatalf("input %v: program returns %d, DAG returns %d", d, got, want)
		}
	}
}

func mustAssemble(t *testing.T, b *emit.Builder, root emit.Node) *emit.Program {
	t.Helper()
	p, err := b.Assemble(root)
	if err != nil {
		t.Fatalf("Assemble: %v", err)
	}
	checkProgram(t, p)
	return p
}
