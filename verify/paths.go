package verify

import (
	"fmt"
	"math"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

// NumWords is the number of 32-bit words in struct seccomp_data. Word i
// is the one an LD W ABS with k = 4*i loads: 0 is nr, 1 is arch, 2 and 3
// the instruction pointer, 4+2j and 5+2j the two halves of args[j] (low
// then high on a little-endian machine, high then low on a big-endian
// one; see [ArgWords]). NumWords is 16.
const NumWords = bpfop.DataLen / 4

// Word indexes of the whole fields: nr is word 0, arch word 1.
const (
	WordNr   = bpfop.OffNr / 4
	WordArch = bpfop.OffArch / 4
)

// ArgWords returns the word indexes of the low and high halves of
// args[i] on a machine of the given byte order.
func ArgWords(i int, bigEndian bool) (lo, hi int) {
	w := (bpfop.OffArgs + 8*i) / 4
	if bigEndian {
		return w + 1, w
	}
	return w, w + 1
}

// Cube is a conjunction of constraints on the sixteen words of struct
// seccomp_data. The words are independent inputs, so a Cube is
// satisfiable exactly when each of its words is. The zero Cube holds for
// every input.
type Cube [NumWords]Word

// And adds a to word i and reports whether the cube stays satisfiable.
// Other copies of the cube are not affected. There is nothing to add
// to in a nil Cube, nor a word i outside 0 to NumWords-1: And then
// changes nothing and returns false.
//
// A nil *Cube reads, in the other methods, as the zero Cube.
func (c *Cube) And(i int, a Atom) bool {
	if c == nil || i < 0 || i >= NumWords {
		return false
	}
	w, ok := c[i].And(a)
	c[i] = w
	return ok
}

// Intersect adds every constraint of d to c and reports whether the
// result is satisfiable.
func (c *Cube) Intersect(d *Cube) bool {
	if d == nil {
		return c.Sat()
	}
	for i := range d {
		for _, a := range d[i] {
			if !c.And(i, a) {
				return false
			}
		}
	}
	return true
}

// Sat reports whether some input satisfies c.
func (c *Cube) Sat() bool {
	if c == nil {
		return true
	}
	for _, w := range c {
		if !w.Sat() {
			return false
		}
	}
	return true
}

// Witness returns the smallest input (word by word) that satisfies c,
// laid out for a machine of the given byte order, and false when c is
// unsatisfiable.
func (c *Cube) Witness(bigEndian bool) (SeccompData, bool) {
	if c == nil {
		c = &Cube{}
	}
	var words [NumWords]uint32
	for i, w := range c {
		v, ok := w.Min()
		if !ok {
			return SeccompData{}, false
		}
		words[i] = v
	}
	return dataFromWords(&words, bigEndian), true
}

// Holds reports whether d, on a machine of the given byte order,
// satisfies c.
func (c *Cube) Holds(d *SeccompData, bigEndian bool) bool {
	if c == nil {
		c = &Cube{}
	}
	words := wordsOf(d, bigEndian)
	for i, w := range c {
		if !w.Holds(words[i]) {
			return false
		}
	}
	return true
}

// String lists the constraints word by word, e.g.
// "nr == 0x3b && arch == 0xc000003e && args[0]+0&0x4 == 0".
func (c *Cube) String() string {
	if c == nil {
		c = &Cube{}
	}
	var parts []string
	for i, w := range c {
		name := wordName(i)
		for _, a := range w {
			parts = append(parts, strings.Replace(a.String(), "w", name, 1))
		}
	}
	if len(parts) == 0 {
		return "true"
	}
	return strings.Join(parts, " && ")
}

// wordName names word i as emit's disassembler names its offset.
func wordName(i int) string {
	k := uint32(4 * i)
	switch k {
	case bpfop.OffNr:
		return "nr"
	case bpfop.OffArch:
		return "arch"
	case bpfop.OffIP:
		return "ip+0"
	case bpfop.OffIP + 4:
		return "ip+4"
	}
	return fmt.Sprintf("args[%d]+%d", (k-bpfop.OffArgs)/8, (k-bpfop.OffArgs)%8)
}

func wordsOf(d *SeccompData, bigEndian bool) [NumWords]uint32 {
	b := d.Bytes(bigEndian)
	o := byteOrder(bigEndian)
	var w [NumWords]uint32
	for i := range w {
		w[i] = o.Uint32(b[4*i:])
	}
	return w
}

func dataFromWords(w *[NumWords]uint32, bigEndian bool) SeccompData {
	var b [bpfop.DataLen]byte
	o := byteOrder(bigEndian)
	for i, v := range w {
		o.PutUint32(b[4*i:], v)
	}
	d := SeccompData{Nr: o.Uint32(b[bpfop.OffNr:]), Arch: o.Uint32(b[bpfop.OffArch:]), IP: o.Uint64(b[bpfop.OffIP:])}
	for i := range d.Args {
		d.Args[i] = o.Uint64(b[bpfop.OffArgs+8*i:])
	}
	return d
}

// Path is one path through a filter: the inputs that follow it (Cube)
// and the verdict it returns. The paths of a filter partition the input
// space: every input satisfies the cube of exactly one path.
type Path struct {
	Cube Cube
	Ret  uint32
	PCs  []int // the instructions executed, in order

	aux   any        // the hooks' state at the end of the path (see walkHooks)
	atoms []wordAtom // with walkHooks.atoms: the atoms added to the cube, in order
}

// ErrUnsupported is the [Error] code of a program the prover cannot
// model exactly; see [Paths].
const ErrUnsupported ErrorCode = "instruction the prover cannot model"

// ErrTooComplex is the [Error] code of a program or policy whose case
// analysis exceeds the prover's budget.
const ErrTooComplex ErrorCode = "too many paths for the prover"

// maxPathSteps bounds the symbolic execution of one program (the sum of
// the lengths of the paths explored).
const maxPathSteps = 1 << 22

// Paths calls yield for every path of prog whose cube is consistent
// with seed (nil for no constraint), until yield returns false. The
// cubes include seed. Unsatisfiable branches are pruned as soon as they
// appear, so the cost grows with the number of feasible paths, not with
// the number of paths in the program's graph.
//
// Paths executes the program symbolically. The accumulator, X and the
// scratch slots hold either a constant, a word of seccomp_data ANDed
// with a mask, or an unknown value. It models exactly:
//
//   - LD W ABS (any field, instruction_pointer included), LD/LDX IMM,
//     LD/LDX LEN (64), LD/LDX MEM, ST, STX, TAX, TXA;
//   - ALU AND with a constant (K, or X holding a constant) on a word;
//     every ALU operation on constants; ADD, SUB, OR, XOR, LSH, RSH with
//     0 and MUL, DIV with 1 on anything;
//   - JEQ, JGT, JGE, JSET against a constant (K, or X holding one), with
//     either operand a masked word or a constant, and JA;
//   - RET K, and RET A when A holds a constant.
//
// Any other operation makes its result unknown. An unknown value is only
// refused when it decides something: a conditional jump on it, RET A of
// it, DIV by an X that is not constant, or a jump comparing two words.
// Paths then returns an *[Error] with code [ErrUnsupported] at that pc.
// Programs that [Check] rejects are refused with Check's error. With a
// nil yield, Paths only reports whether prog is within the model.
func Paths(prog []bpf.RawInstruction, seed *Cube, yield func(*Path) bool) error {
	if err := Check(prog); err != nil {
		return err
	}
	if yield == nil {
		yield = func(*Path) bool { return true }
	}
	return paths(prog, seed, yield)
}

// paths is Paths for a program that passed Check.
func paths(prog []bpf.RawInstruction, seed *Cube, yield func(*Path) bool) error {
	return pathsHooked(prog, seed, walkHooks{}, yield)
}

// walkHooks let a caller of pathsHooked carry its own state along the
// paths.
type walkHooks struct {
	// aux is the initial state's aux.
	aux any
	// branch is called whenever a conditional jump splits a state's
	// cube in two, on each half after its cube has been narrowed on
	// word, so that it can update the state's aux.
	branch func(st *symState, word int)
	// atoms makes every Path record the atoms its cube was built from.
	atoms bool
}

// pathsHooked is paths with hooks.
func pathsHooked(prog []bpf.RawInstruction, seed *Cube, h walkHooks, yield func(*Path) bool) error {
	e := &explorer{prog: prog, yield: yield, branch: h.branch, recAtoms: h.atoms}
	st := symState{aux: h.aux}
	if seed != nil {
		st.cube = *seed
		if !st.cube.Sat() {
			return nil
		}
	}
	e.walk(0, st)
	return e.err
}

// symKind says what a symbolic register holds.
type symKind uint8

const (
	symConst   symKind = iota // the constant k
	symWord                   // word w & mask
	symUnknown                // anything
)

type symVal struct {
	kind symKind
	word uint8
	mask uint32
	k    uint32
}

func (v symVal) String() string {
	switch v.kind {
	case symConst:
		return fmt.Sprintf("%#x", v.k)
	case symWord:
		return fmt.Sprintf("%s&%#x", wordName(int(v.word)), v.mask)
	}
	return "unknown"
}

type symState struct {
	cube Cube
	a, x symVal
	mem  [bpfop.MemWords]symVal
	aux  any // the hooks' state (see walkHooks)
}

type explorer struct {
	prog   []bpf.RawInstruction
	yield  func(*Path) bool
	branch func(st *symState, word int)
	pcs    []int
	// With recAtoms, atoms is the stack of the atoms added to the
	// cube on the current path.
	recAtoms bool
	atoms    []wordAtom
	scratch  symState // the state jump hands to branch
	steps    int
	err      error
	stop     bool
}

func (e *explorer) fail(pc int, code ErrorCode, format string, args ...any) {
	if e.err == nil {
		e.err = &Error{PC: pc, Code: code, Detail: fmt.Sprintf(format, args...)}
	}
	e.stop = true
}

// walk runs the program from pc in state st, forking at every
// conditional jump whose outcome the state does not decide.
func (e *explorer) walk(pc int, st symState) {
	depth, natoms := len(e.pcs), len(e.atoms)
	defer func() { e.pcs, e.atoms = e.pcs[:depth], e.atoms[:natoms] }()
	for !e.stop {
		e.steps++
		if e.steps > maxPathSteps {
			e.fail(pc, ErrTooComplex, "more than %d instructions explored", maxPathSteps)
			return
		}
		e.pcs = append(e.pcs, pc)
		ins := e.prog[pc]
		k := ins.K
		switch ins.Op {
		case bpfop.LdAbsW:
			st.a = symVal{kind: symWord, word: uint8(k / 4), mask: math.MaxUint32}
		case bpfop.LdLen:
			st.a = symVal{k: bpfop.DataLen}
		case bpfop.LdxLen:
			st.x = symVal{k: bpfop.DataLen}
		case bpfop.LdImm:
			st.a = symVal{k: k}
		case bpfop.LdxImm:
			st.x = symVal{k: k}
		case bpfop.LdMem:
			st.a = st.mem[k]
		case bpfop.LdxMem:
			st.x = st.mem[k]
		case bpfop.St:
			st.mem[k] = st.a
		case bpfop.Stx:
			st.mem[k] = st.x
		case bpfop.Tax:
			st.x = st.a
		case bpfop.Txa:
			st.a = st.x
		case bpfop.Neg:
			if st.a.kind == symConst {
				st.a.k = -st.a.k
			} else {
				st.a = symVal{kind: symUnknown}
			}
		case bpfop.RetK:
			e.emit(st, k)
			return
		case bpfop.RetA:
			if st.a.kind != symConst {
				e.fail(pc, ErrUnsupported, "ret a of %v", st.a)
				return
			}
			e.emit(st, st.a.k)
			return
		case bpfop.Ja:
			pc += int(k)
		default:
			switch ins.Op & bpfop.ClassMask {
			case bpfop.ALU:
				if ended := e.alu(pc, ins, &st); ended {
					return
				}
			case bpfop.JMP:
				e.jump(pc, ins, st)
				return
			default:
				e.fail(pc, errInternal, "opcode %#04x", ins.Op)
				return
			}
		}
		pc++
	}
}

// emit reports a finished path.
func (e *explorer) emit(st symState, ret uint32) {
	p := &Path{Cube: st.cube, Ret: ret, PCs: append([]int(nil), e.pcs...), aux: st.aux}
	if e.recAtoms {
		p.atoms = append([]wordAtom(nil), e.atoms...)
	}
	if !e.yield(p) {
		e.stop = true
	}
}

// alu applies an ALU instruction to st. It reports whether the program
// ends there (DIV by a constant-zero X returns 0).
func (e *explorer) alu(pc int, ins bpf.RawInstruction, st *symState) (ended bool) {
	op := ins.Op &^ bpfop.X
	operand := symVal{k: ins.K}
	if ins.Op&bpfop.X != 0 {
		operand = st.x
	}
	a := st.a
	if operand.kind == symConst {
		c := operand.k
		if a.kind == symConst {
			if op == bpfop.ALU|bpfop.DIV && c == 0 {
				e.emit(*st, 0) // bpf_convert_filter: X == 0 ends with 0
				return true
			}
			st.a.k = aluConst(op, a.k, c)
			return false
		}
		switch {
		case op == bpfop.ALU|bpfop.AND && a.kind == symWord:
			st.a.mask &= c
		case op == bpfop.ALU|bpfop.AND && c == 0:
			st.a = symVal{}
		case c == 0 && (op == bpfop.ALU|bpfop.ADD || op == bpfop.ALU|bpfop.SUB || op == bpfop.ALU|bpfop.OR ||
			op == bpfop.ALU|bpfop.XOR || op == bpfop.ALU|bpfop.LSH || op == bpfop.ALU|bpfop.RSH):
			// Identity.
		case c == 1 && (op == bpfop.ALU|bpfop.MUL || op == bpfop.ALU|bpfop.DIV):
			// Identity.
		case op == bpfop.ALU|bpfop.DIV && c == 0:
			e.emit(*st, 0)
			return true
		default:
			st.a = symVal{kind: symUnknown}
		}
		return false
	}
	// The operand is X holding a word or an unknown value.
	switch {
	case op == bpfop.ALU|bpfop.DIV:
		e.fail(pc, ErrUnsupported, "div by x holding %v", operand)
		return true
	case op == bpfop.ALU|bpfop.AND && a.kind == symConst && operand.kind == symWord:
		st.a = operand
		st.a.mask &= a.k
	default:
		st.a = symVal{kind: symUnknown}
	}
	return false
}

// aluConst folds an ALU operation on constants as the kernel computes it.
func aluConst(op uint16, a, c uint32) uint32 {
	switch op {
	case bpfop.ALU | bpfop.ADD:
		return a + c
	case bpfop.ALU | bpfop.SUB:
		return a - c
	case bpfop.ALU | bpfop.MUL:
		return a * c
	case bpfop.ALU | bpfop.DIV:
		return a / c
	case bpfop.ALU | bpfop.AND:
		return a & c
	case bpfop.ALU | bpfop.OR:
		return a | c
	case bpfop.ALU | bpfop.XOR:
		return a ^ c
	case bpfop.ALU | bpfop.LSH:
		return a << (c & 31)
	case bpfop.ALU | bpfop.RSH:
		return a >> (c & 31)
	}
	return 0
}

// jump forks at a conditional jump.
func (e *explorer) jump(pc int, ins bpf.RawInstruction, st symState) {
	op := ins.Op &^ bpfop.X
	lhs, rhs := st.a, symVal{k: ins.K}
	if ins.Op&bpfop.X != 0 {
		rhs = st.x
	}
	tpc, fpc := pc+1+int(ins.Jt), pc+1+int(ins.Jf)
	if lhs.kind == symConst && rhs.kind == symConst {
		var taken bool
		switch op {
		case bpfop.JMP | bpfop.JEQ:
			taken = lhs.k == rhs.k
		case bpfop.JMP | bpfop.JGT:
			taken = lhs.k > rhs.k
		case bpfop.JMP | bpfop.JGE:
			taken = lhs.k >= rhs.k
		case bpfop.JMP | bpfop.JSET:
			taken = lhs.k&rhs.k != 0
		}
		if taken {
			e.walk(tpc, st)
		} else {
			e.walk(fpc, st)
		}
		return
	}
	if lhs.kind == symUnknown || rhs.kind == symUnknown {
		e.fail(pc, ErrUnsupported, "jump on %v and %v", lhs, rhs)
		return
	}
	if lhs.kind == symWord && rhs.kind == symWord {
		e.fail(pc, ErrUnsupported, "jump comparing two words (%v, %v)", lhs, rhs)
		return
	}
	// One side is a masked word, the other a constant.
	var at Atom
	if lhs.kind == symWord {
		m, c := lhs.mask, rhs.k
		switch op {
		case bpfop.JMP | bpfop.JEQ:
			at = AtomEq(m, c)
		case bpfop.JMP | bpfop.JGT:
			at = AtomGt(m, c)
		case bpfop.JMP | bpfop.JGE:
			at = AtomGe(m, c)
		case bpfop.JMP | bpfop.JSET:
			at = AtomNe(m&c, 0)
		}
	} else {
		w, c := rhs, lhs.k // c op (w & m)
		m := w.mask
		switch op {
		case bpfop.JMP | bpfop.JEQ:
			at = AtomEq(m, c)
		case bpfop.JMP | bpfop.JGT: // c > w  <=>  w < c
			at = AtomLt(m, c)
		case bpfop.JMP | bpfop.JGE: // c >= w  <=>  w <= c
			at = AtomLe(m, c)
		case bpfop.JMP | bpfop.JSET:
			at = AtomNe(m&c, 0)
		}
		lhs = w
	}
	word := int(lhs.word)
	if tpc == fpc {
		e.walk(tpc, st)
		return
	}
	tst := st
	tok := tst.cube.And(word, at)
	fok := st.cube.And(word, at.Not())
	if tok && fok && e.branch != nil {
		// Only a real split narrows the inputs of a state. The hook
		// gets the explorer's scratch state, so that the states of
		// the walk stay on the stack instead of two heap copies per
		// split (the hooks keep no pointer to it).
		e.scratch = tst
		e.branch(&e.scratch, word)
		tst = e.scratch
		e.scratch = st
		e.branch(&e.scratch, word)
		st = e.scratch
	}
	n := len(e.atoms)
	if tok {
		if e.recAtoms {
			e.atoms = append(e.atoms, wordAtom{word, at})
		}
		e.walk(tpc, tst)
		if e.stop {
			return
		}
	}
	if fok {
		if e.recAtoms {
			e.atoms = append(e.atoms[:n], wordAtom{word, at.Not()})
		}
		e.walk(fpc, st)
	}
}
