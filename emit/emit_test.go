package emit_test

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/testdiff"
)

var update = flag.Bool("update", false, "update golden files")

func TestHashConsing(t *testing.T) {
	b := emit.NewBuilder()
	src1 := emit.Source{Part: emit.PartRule, Rule: 1, Note: "first"}
	src2 := emit.Source{Part: emit.PartRule, Rule: 2, Note: "second"}
	allow := b.Ret(0x7fff0000, src1)
	deny := b.Ret(0, src1)
	ld := b.LoadAbs(16, deny, src1)
	tests := []struct {
		name       string
		make       func(emit.Source) emit.Node
		same, diff func(emit.Source) emit.Node // same instruction; a different one
	}{
		{
			name: "ret",
			make: func(s emit.Source) emit.Node { return b.Ret(5, s) },
			same: func(s emit.Source) emit.Node { return b.Ret(5, s) },
			diff: func(s emit.Source) emit.Node { return b.Ret(6, s) },
		},
		{
			name: "load",
			make: func(s emit.Source) emit.Node { return b.LoadAbs(4, allow, s) },
			same: func(s emit.Source) emit.Node { return b.LoadAbs(4, allow, s) },
			diff: func(s emit.Source) emit.Node { return b.LoadAbs(4, deny, s) },
		},
		{
			name: "alu",
			make: func(s emit.Source) emit.Node { return b.ALU(aluAND, 0xff, ld, s) },
			same: func(s emit.Source) emit.Node { return b.ALU(aluAND, 0xff, ld, s) },
			diff: func(s emit.Source) emit.Node { return b.ALU(aluOR, 0xff, ld, s) },
		},
		{
			name: "neg ignores k",
			make: func(s emit.Source) emit.Node { return b.ALU(aluNEG, 0, ld, s) },
			same: func(s emit.Source) emit.Node { return b.ALU(aluNEG, 12345, ld, s) },
			diff: func(s emit.Source) emit.Node { return b.ALU(aluNEG, 0, allow, s) },
		},
		{
			name: "jump",
			make: func(s emit.Source) emit.Node { return b.Jump(opJEQ, 7, allow, deny, s) },
			same: func(s emit.Source) emit.Node { return b.Jump(opJEQ, 7, allow, deny, s) },
			diff: func(s emit.Source) emit.Node { return b.Jump(opJEQ, 7, deny, allow, s) },
		},
		{
			name: "jump op",
			make: func(s emit.Source) emit.Node { return b.Jump(opJGT, 7, allow, deny, s) },
			same: func(s emit.Source) emit.Node { return b.Jump(opJGT, 7, allow, deny, s) },
			diff: func(s emit.Source) emit.Node { return b.Jump(opJGE, 7, allow, deny, s) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.make(src1)
			l := b.Len()
			if got := tt.same(src2); got != n {
				t.Errorf("identical call returned %d, want %d", got, n)
			}
			if b.Len() != l {
				t.Errorf("identical call grew Len from %d to %d", l, b.Len())
			}
			d := tt.diff(src1)
			if d == n || d < 0 {
				t.Errorf("different instruction returned %d (first was %d)", d, n)
			}
			if b.Len() != l+1 {
				t.Errorf("different instruction: Len = %d, want %d", b.Len(), l+1)
			}
			// The first call's source is kept.
			p := mustAssemble(t, b, n)
			if got := p.Src[0]; got != src1 {
				t.Errorf("root source = %+v, want %+v", got, src1)
			}
		})
	}
	if err := b.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestJumpCollapse(t *testing.T) {
	b := emit.NewBuilder()
	r := b.Ret(1, emit.Source{})
	l := b.Len()
	for _, op := range []uint16{opJEQ, opJGT, opJGE, opJSET} {
		if got := b.Jump(op, 3, r, r, emit.Source{}); got != r {
			t.Errorf("Jump(%#x, r, r) = %d, want %d", op, got, r)
		}
	}
	if b.Len() != l {
		t.Errorf("Len = %d after collapsed jumps, want %d", b.Len(), l)
	}
	// A collapsed jump inside a larger DAG adds nothing to the program.
	root := b.LoadAbs(0, b.Jump(opJEQ, 1, r, r, emit.Source{}), emit.Source{})
	p := mustAssemble(t, b, root)
	if len(p.Insns) != 2 {
		t.Errorf("program has %d instructions, want 2:\n%v", len(p.Insns), p)
	}
}

func TestMisuse(t *testing.T) {
	tests := []struct {
		name string
		call func(b *emit.Builder, r emit.Node) emit.Node
		code emit.ErrorCode
		msg  string
	}{
		{"jt out of range", func(b *emit.Builder, r emit.Node) emit.Node { return b.Jump(opJEQ, 1, 99, r, emit.Source{}) }, emit.ErrInvalidNode, "jt: node 99 does not exist"},
		{"jf negative", func(b *emit.Builder, r emit.Node) emit.Node { return b.Jump(opJEQ, 1, r, -1, emit.Source{}) }, emit.ErrInvalidNode, "jf: node -1"},
		{"both invalid, same", func(b *emit.Builder, r emit.Node) emit.Node { return b.Jump(opJEQ, 1, 7, 7, emit.Source{}) }, emit.ErrInvalidNode, "jt: node 7"},
		{"load next", func(b *emit.Builder, r emit.Node) emit.Node { return b.LoadAbs(0, 5, emit.Source{}) }, emit.ErrInvalidNode, "next: node 5"},
		{"alu next", func(b *emit.Builder, r emit.Node) emit.Node { return b.ALU(aluADD, 1, -3, emit.Source{}) }, emit.ErrInvalidNode, "next: node -3"},
		{"load unaligned", func(b *emit.Builder, r emit.Node) emit.Node { return b.LoadAbs(2, r, emit.Source{}) }, emit.ErrInvalidInsn, "LoadAbs(2)"},
		{"load past seccomp_data", func(b *emit.Builder, r emit.Node) emit.Node { return b.LoadAbs(64, r, emit.Source{}) }, emit.ErrInvalidInsn, "LoadAbs(64)"},
		{"alu mod", func(b *emit.Builder, r emit.Node) emit.Node { return b.ALU(aluMOD, 3, r, emit.Source{}) }, emit.ErrInvalidInsn, "not a seccomp ALU"},
		{"alu with X bit", func(b *emit.Builder, r emit.Node) emit.Node { return b.ALU(aluADD|0x08, 3, r, emit.Source{}) }, emit.ErrInvalidInsn, "not a seccomp ALU"},
		{"div by zero", func(b *emit.Builder, r emit.Node) emit.Node { return b.ALU(aluDIV, 0, r, emit.Source{}) }, emit.ErrInvalidInsn, "division by zero"},
		{"shift 32", func(b *emit.Builder, r emit.Node) emit.Node { return b.ALU(aluLSH, 32, r, emit.Source{}) }, emit.ErrInvalidInsn, "shift"},
		{"ja", func(b *emit.Builder, r emit.Node) emit.Node { return b.Jump(0x00, 0, r, r, emit.Source{}) }, emit.ErrInvalidInsn, "not a conditional jump"},
		{"jump with X bit", func(b *emit.Builder, r emit.Node) emit.Node { return b.Jump(opJEQ|0x08, 0, r, r, emit.Source{}) }, emit.ErrInvalidInsn, "not a conditional jump"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := emit.NewBuilder()
			r := b.Ret(0, emit.Source{})
			if err := b.Err(); err != nil {
				t.Fatalf("Err before misuse: %v", err)
			}
			if n := tt.call(b, r); n >= 0 {
				t.Errorf("misuse returned valid-looking node %d", n)
			}
			// Later valid calls do not clear or replace the first error.
			b.Ret(1, emit.Source{})
			b.Jump(opJEQ, 1, 42, r, emit.Source{})
			for _, err := range []error{b.Err(), assembleErr(b, r)} {
				var e *emit.Error
				if !errors.As(err, &e) {
					t.Fatalf("error %v (%T) is not an *emit.Error", err, err)
				}
				if e.Code != tt.code || !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "emit: ") {
					t.Errorf("error = %q (code %q), want code %q containing %q", err, e.Code, tt.code, tt.msg)
				}
			}
		})
	}
}

func assembleErr(b *emit.Builder, root emit.Node) error {
	p, err := b.Assemble(root)
	if p != nil {
		return errors.New("Assemble returned a program despite the error")
	}
	return err
}

func TestAssembleBadRoot(t *testing.T) {
	b := emit.NewBuilder()
	b.Ret(0, emit.Source{})
	for _, root := range []emit.Node{-1, 1, 1000} {
		var e *emit.Error
		if err := assembleErr(b, root); !errors.As(err, &e) || e.Code != emit.ErrInvalidNode {
			t.Errorf("Assemble(%d) error = %v, want %s", root, err, emit.ErrInvalidNode)
		}
	}
	if err := b.Err(); err != nil {
		t.Errorf("a bad root must not poison the builder: %v", err)
	}
}

// randomDAG adds about n random nodes and returns the last. Successors are
// mostly recent nodes, which makes long paths, and sometimes any node,
// which makes long jumps and shared tails.
func randomDAG(r *rand.Rand, m *mirror, n int) emit.Node {
	var nodes []emit.Node
	for i := range 1 + r.IntN(3) {
		nodes = append(nodes, m.ret(uint32(i)))
	}
	pick := func() emit.Node {
		if r.IntN(5) == 0 {
			return nodes[r.IntN(len(nodes))]
		}
		return nodes[len(nodes)-1-r.IntN(min(len(nodes), 6))]
	}
	aluOps := []uint16{aluADD, aluSUB, aluMUL, aluDIV, aluOR, aluAND, aluLSH, aluRSH, aluNEG, aluXOR}
	jumpOps := []uint16{opJEQ, opJGT, opJGE, opJSET}
	for range n {
		var x emit.Node
		switch c := r.IntN(20); {
		case c == 0:
			x = m.ret(r.Uint32N(8))
		case c < 5:
			x = m.ld(4*r.Uint32N(16), pick())
		case c < 7:
			op := aluOps[r.IntN(len(aluOps))]
			k := r.Uint32N(8)
			switch op {
			case aluDIV:
				k++
			case aluLSH, aluRSH:
				k %= 3
			}
			x = m.alu(op, k, pick())
		default:
			x = m.jump(jumpOps[r.IntN(len(jumpOps))], r.Uint32N(8), pick(), pick())
		}
		nodes = append(nodes, x)
	}
	return nodes[len(nodes)-1]
}

func randomInputs(r *rand.Rand, n int) []data {
	in := make([]data, n)
	for i := range in {
		for j := range in[i] {
			if r.IntN(8) == 0 {
				in[i][j] = r.Uint32()
			} else {
				in[i][j] = r.Uint32N(8)
			}
		}
	}
	return in
}

// TestRandomDAGs checks that the program computes what the DAG computes,
// on random DAGs from small to large enough to need trampolines.
func TestRandomDAGs(t *testing.T) {
	sizes := []int{1, 2, 5, 20, 100, 400, 1500, 3000}
	var jas, stubs int
	for _, size := range sizes {
		for seed := range uint64(12) {
			r := rand.New(rand.NewPCG(seed, uint64(size)))
			m := newMirror(t)
			root := randomDAG(r, m, size)
			p := mustAssemble(t, m.b, root)
			reach := m.reachable(root)
			if len(p.Insns) < reach {
				t.Fatalf("size %d seed %d: %d instructions for %d reachable nodes", size, seed, len(p.Insns), reach)
			}
			jas += countJA(p)
			stubs += len(p.Insns) - reach
			compare(t, m, root, p, randomInputs(r, 200))
		}
	}
	// The large DAGs must have exercised the trampolines.
	if jas == 0 || stubs == jas {
		t.Errorf("random DAGs needed %d JAs and %d stubs in all; want both JAs and copies exercised", jas, stubs)
	}
}

// aluChain returns c[0] = bottom and c[i] = ALU ADD 1 then c[i-1], so
// entering the chain at c[i] adds i to A.
func aluChain(m *mirror, n int, bottom emit.Node) []emit.Node {
	c := []emit.Node{bottom}
	for i := 1; i <= n; i++ {
		c = append(c, m.alu(aluADD, 1, c[i-1]))
	}
	return c
}

// decoder returns a tree of JSETs that returns 100 + (A & 15), so that
// tests can tell which path reached it.
func decoder(m *mirror) emit.Node {
	var build func(bit uint, val uint32) emit.Node
	build = func(bit uint, val uint32) emit.Node {
		if bit == 4 {
			return m.ret(100 + val)
		}
		return m.jump(opJSET, 1<<bit, build(bit+1, val|1<<bit), build(bit+1, val))
	}
	return build(0, 0)
}

// TestFarBranches places a conditional jump whose targets lie 245..260
// instructions ahead (Chromium's FarBranches), checks the result and the
// number of trampolines, which is the minimum for this layout.
func TestFarBranches(t *testing.T) {
	const n = 300
	for dt := 245; dt <= 260; dt++ {
		for df := 245; df <= 260; df++ {
			m := newMirror(t)
			c := aluChain(m, n, decoder(m))
			// The chain is glued together, so c[n-d] is d instructions
			// after the jump that directly precedes c[n].
			j := m.jump(opJEQ, 1, c[n-dt], c[n-df])
			root := m.ld(0, m.jump(opJSET, 1, j, c[n]))
			p := mustAssemble(t, m.b, root)
			if ins := p.Insns[2]; dt != df && (ins.Op != 0x15 || ins.K != 1) {
				t.Fatalf("dt %d df %d: layout changed, pc 2 is %v", dt, df, ins)
			}
			want := 0
			switch lo, hi := min(dt, df), max(dt, df); {
			case dt == df: // the jump collapses and the JSET jumps dt ahead
				want = boolInt(dt > 255)
			case hi <= 255:
			case lo < 255:
				want = 1
			default:
				want = 2
			}
			if got := countJA(p); got != want {
				t.Errorf("dt %d df %d: %d trampolines, want %d\n%v", dt, df, got, want, p)
			}
			if wantLen := m.reachable(root) + want; len(p.Insns) != wantLen {
				t.Errorf("dt %d df %d: %d instructions, want %d", dt, df, len(p.Insns), wantLen)
			}
			// A = 1: jt; A = 3: jf; A even: the whole chain.
			compare(t, m, root, p, []data{{0}, {1}, {2}, {3}, {5}, {0xffffffff}})
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestJumpReuse checks that jumps to the same far target share one
// trampoline (Chromium's WithinRange).
func TestJumpReuse(t *testing.T) {
	m := newMirror(t)
	c := aluChain(m, 300, decoder(m))
	// Ten jumps in a row, all to c[2] or c[3] behind a 300-instruction
	// chain.
	x := c[300]
	for i := range 10 {
		x = m.jump(opJEQ, uint32(i), c[2+i%2], x)
	}
	root := m.ld(0, x)
	p := mustAssemble(t, m.b, root)
	if got := countJA(p); got != 2 {
		t.Errorf("%d trampolines, want 2 (one per far target):\n%v", got, p)
	}
	compare(t, m, root, p, []data{{0}, {1}, {5}, {9}, {10}})
}

// TestSharedTail builds a dispatch-like chain of 400 checks whose true
// branches all lead to one shared subtree of more than 255 nodes, so most
// checks are too far from it.
func TestSharedTail(t *testing.T) {
	m := newMirror(t)
	allow, deny := m.ret(0x7fff0000), m.ret(0x50001)
	// tail: a1 == 0 || a1 == 1 || ... || a1 == 299, with a load in between
	// every few checks so the tail has loads, jumps and returns.
	tail := deny
	for i := 299; i >= 0; i-- {
		tail = m.jump(opJEQ, uint32(i), allow, tail)
		if i%50 == 0 {
			tail = m.ld(8, tail)
		}
	}
	x := deny
	for i := 399; i >= 0; i-- {
		x = m.jump(opJEQ, uint32(1000+i), tail, x)
	}
	root := m.ld(0, x)
	p := mustAssemble(t, m.b, root)
	reach := m.reachable(root)
	if extra := len(p.Insns) - reach; extra > 8 {
		t.Errorf("%d instructions for %d nodes: %d stubs, want at most 8", len(p.Insns), reach, extra)
	}
	var inputs []data
	for _, nr := range []uint32{0, 999, 1000, 1001, 1200, 1399, 1400} {
		for _, a1 := range []uint32{0, 1, 150, 299, 300} {
			inputs = append(inputs, data{nr, 0, a1})
		}
	}
	compare(t, m, root, p, inputs)
}

// TestFallThrough checks the layout on the shapes lowering produces: a
// linear dispatch where each check's rule body falls through, and
// loads that share their comparison.
func TestFallThrough(t *testing.T) {
	t.Run("dispatch", func(t *testing.T) {
		m := newMirror(t)
		allow, deny := m.ret(0x7fff0000), m.ret(0)
		x := allow
		for i := 299; i >= 0; i-- {
			body := m.ld(16, m.jump(opJEQ, uint32(i), allow, deny))
			x = m.jump(opJEQ, uint32(i), body, x)
		}
		root := m.ld(0, x)
		p := mustAssemble(t, m.b, root)
		if got := countJA(p); got != 0 {
			t.Errorf("%d JAs, want 0", got)
		}
		// Far returns are copied; one copy serves a 255-instruction window.
		reach := m.reachable(root)
		if extra := len(p.Insns) - reach; extra > 2*(len(p.Insns)/254+1) {
			t.Errorf("%d copies for %d instructions", extra, len(p.Insns))
		}
		// Each check is followed by its body.
		checks := 0
		for pc, ins := range p.Insns {
			if to := pc + 1 + int(ins.Jt); ins.Op == 0x15 && p.Insns[to].Op == opLdAbsW && p.Insns[to].K == 16 {
				checks++
				if ins.Jt != 0 {
					t.Errorf("pc %d: body does not fall through", pc)
				}
			}
		}
		if checks != 300 {
			t.Errorf("found %d checks, want 300", checks)
		}
		compare(t, m, root, p, []data{{0, 0, 0, 0, 0}, {0, 0, 0, 0, 1}, {150, 0, 0, 0, 150}, {299, 0, 0, 0, 299}, {300}})
	})
	t.Run("shared comparison", func(t *testing.T) {
		m := newMirror(t)
		allow, deny := m.ret(0x7fff0000), m.ret(0)
		cmp := m.jump(opJEQ, 5, allow, deny)
		root := m.ld(0, m.jump(opJSET, 1, m.ld(16, cmp), m.ld(24, cmp)))
		p := mustAssemble(t, m.b, root)
		// One load falls into the comparison, the other gets a copy of it.
		if got := countJA(p); got != 0 || len(p.Insns) != m.reachable(root)+1 {
			t.Errorf("want no JA and one copied comparison:\n%v", p)
		}
		compare(t, m, root, p, []data{{0, 0, 0, 0, 5, 0, 0}, {1, 0, 0, 0, 5, 0, 0}, {1, 0, 0, 0, 0, 0, 5}, {0, 0, 0, 0, 0, 0, 5}})
	})
	t.Run("shared load", func(t *testing.T) {
		// A load tail shared by a load chain and a jump: no stub is needed.
		m := newMirror(t)
		allow, deny := m.ret(0x7fff0000), m.ret(0)
		tail := m.ld(16, m.jump(opJEQ, 5, allow, deny))
		root := m.ld(0, m.jump(opJEQ, 1, tail, m.alu(aluADD, 1, tail)))
		p := mustAssemble(t, m.b, root)
		if len(p.Insns) != m.reachable(root) {
			t.Errorf("%d instructions for %d nodes:\n%v", len(p.Insns), m.reachable(root), p)
		}
		compare(t, m, root, p, []data{{1, 0, 0, 0, 5}, {0, 0, 0, 0, 5}, {1}, {0}})
	})
}

func TestUnreachableNotEmitted(t *testing.T) {
	m := newMirror(t)
	a, b := m.ret(1), m.ret(2)
	m.ld(4, m.jump(opJEQ, 9, b, a)) // not reachable from root
	root := m.ld(0, m.jump(opJEQ, 3, a, b))
	p := mustAssemble(t, m.b, root)
	if len(p.Insns) != 4 {
		t.Errorf("%d instructions, want 4:\n%v", len(p.Insns), p)
	}
	for _, ins := range p.Insns {
		if ins.Op == opLdAbsW && ins.K == 4 {
			t.Errorf("unreachable load emitted:\n%v", p)
		}
	}
}

func TestDeterministic(t *testing.T) {
	build := func() (*emit.Program, *emit.Program) {
		m := newMirror(t)
		root := randomDAG(rand.New(rand.NewPCG(7, 7)), m, 2000)
		return mustAssemble(t, m.b, root), mustAssemble(t, m.b, root)
	}
	a1, a2 := build()
	b1, _ := build()
	if diff := testdiff.Diff(a1, a2); diff != "" {
		t.Errorf("two Assembles of one builder differ (-first +second):\n%s", diff)
	}
	if diff := testdiff.Diff(a1, b1); diff != "" {
		t.Errorf("two identical builds differ (-first +second):\n%s", diff)
	}
	if countJA(a1) == 0 {
		t.Errorf("test DAG too small to exercise trampolines")
	}
}

func TestTooLong(t *testing.T) {
	for _, tt := range []struct {
		chain   int
		wantLen int // 0: fits
	}{
		{4095, 0},
		{4096, 4097},
		{5000, 5001},
	} {
		m := newMirror(t)
		c := aluChain(m, tt.chain, m.ret(0))
		p, err := m.b.Assemble(c[tt.chain])
		if tt.wantLen == 0 {
			if err != nil || len(p.Insns) != emit.MaxInstructions {
				t.Errorf("chain %d: err %v, want a %d-instruction program", tt.chain, err, emit.MaxInstructions)
			}
			continue
		}
		var e *emit.Error
		if !errors.As(err, &e) || e.Code != emit.ErrTooLong || e.Len != tt.wantLen {
			t.Fatalf("chain %d: err = %v, want %s with length %d", tt.chain, err, emit.ErrTooLong, tt.wantLen)
		}
		want := "emit: program too long: " + itoa(tt.wantLen) + " instructions, max 4096"
		if err.Error() != want || p != nil {
			t.Errorf("chain %d: error %q, want %q", tt.chain, err, want)
		}
	}
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

// TestPartString checks every Part constant that builder.go declares
// (read from its source, so a new part cannot be missed) against its
// identifier: the name is the identifier without "Part", in lower case,
// as disassembly comments show it. Values past the last are printed as
// numbers.
func TestPartString(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "builder.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var idents []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			for _, name := range spec.(*ast.ValueSpec).Names {
				if strings.HasPrefix(name.Name, "Part") && len(name.Name) > len("Part") {
					idents = append(idents, name.Name)
				}
			}
		}
	}
	if len(idents) == 0 {
		t.Fatal("no Part constants in builder.go")
	}
	// The constants start at 1 and follow one another (1 + iota).
	for i, ident := range idents {
		p := emit.Part(i + 1)
		if want := strings.ToLower(strings.TrimPrefix(ident, "Part")); p.String() != want {
			t.Errorf("Part(%d) (%s).String() = %q, want %q", i+1, ident, p.String(), want)
		}
	}
	for _, p := range []emit.Part{0, emit.Part(len(idents) + 1), 200} {
		if want := fmt.Sprintf("Part(%d)", uint8(p)); p.String() != want {
			t.Errorf("Part(%d).String() = %q, want %q", uint8(p), p.String(), want)
		}
	}
}

func TestSourceString(t *testing.T) {
	tests := []struct {
		s    emit.Source
		want string
	}{
		{emit.Source{}, ""},
		{emit.Source{Part: emit.PartArch, Rule: -1}, "arch"},
		{emit.Source{Arch: "x86_64", Part: emit.PartDispatch, Rule: -1, Note: "read"}, "x86_64 dispatch: read"},
		{emit.Source{Arch: "aarch64", Part: emit.PartRule, Rule: 3, Note: "a0 hi word == 0"}, "aarch64 rule 3: a0 hi word == 0"},
		{emit.Source{Part: emit.PartRule, Rule: 0}, "rule 0"},
		{emit.Source{Note: "free"}, "free"},
		{emit.Source{Arch: "x86", Note: "free"}, "x86 free"},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// Seccomp constants for the golden program (include/uapi/linux/seccomp.h,
// audit.h).
const (
	retKillProcess = 0x80000000
	retKillThread  = 0x00000000
	retErrnoEPERM  = 0x00050001
	retAllow       = 0x7fff0000
	auditX86_64    = 0xc000003e
	x32Bit         = 0x40000000
)

// smallFilter builds an x86_64 filter: personality(a0 == 8) allowed,
// other personality calls EPERM, ptrace kills the thread, x32 and other
// arches kill the process, everything else allowed.
func smallFilter(b *emit.Builder) emit.Node {
	x86 := func(p emit.Part, note string) emit.Source {
		return emit.Source{Arch: "x86_64", Part: p, Rule: -1, Note: note}
	}
	rule := func(i int, note string) emit.Source {
		return emit.Source{Arch: "x86_64", Part: emit.PartRule, Rule: i, Note: note}
	}
	kill := b.Ret(retKillProcess, emit.Source{Part: emit.PartBadArch, Rule: -1})
	allow := b.Ret(retAllow, x86(emit.PartDefault, ""))
	eperm := b.Ret(retErrnoEPERM, rule(0, "personality"))
	lo := b.LoadAbs(16, b.Jump(opJEQ, 8, allow, eperm, rule(0, "a0 lo == 8")), rule(0, "a0 lo"))
	personality := b.LoadAbs(20, b.Jump(opJEQ, 0, lo, eperm, rule(0, "a0 hi == 0")), rule(0, "a0 hi"))
	ptrace := b.Ret(retKillThread, rule(1, "ptrace"))
	dispatch := b.Jump(opJEQ, 135, personality, b.Jump(opJEQ, 101, ptrace, allow, x86(emit.PartDispatch, "ptrace")), x86(emit.PartDispatch, "personality"))
	nr := b.LoadAbs(0, b.Jump(opJGE, x32Bit, kill, dispatch, x86(emit.PartArch, "x32")), x86(emit.PartArch, "nr"))
	return b.LoadAbs(4, b.Jump(opJEQ, auditX86_64, nr, kill, emit.Source{Part: emit.PartArch, Rule: -1, Note: "x86_64"}), emit.Source{Part: emit.PartArch, Rule: -1})
}

func TestGolden(t *testing.T) {
	b := emit.NewBuilder()
	p := mustAssemble(t, b, smallFilter(b))
	got := p.String()
	path := filepath.Join("testdata", "small.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := testdiff.Diff(string(want), got); diff != "" {
		t.Errorf("program dump differs from %s (-want +got):\n%s", path, diff)
	}
	if n := countJA(p); n != 0 || len(p.Insns) != 14 {
		t.Errorf("%d instructions with %d JAs, want 14 (one per node) without JA", len(p.Insns), n)
	}
	// Behaviour, so that a golden change is never the only signal.
	words := func(arch, nr uint32, a0 uint64) data {
		return data{nr, arch, 0, 0, uint32(a0), uint32(a0 >> 32)}
	}
	tests := []struct {
		name string
		in   data
		want uint32
	}{
		{"personality allowed", words(auditX86_64, 135, 8), retAllow},
		{"personality other", words(auditX86_64, 135, 9), retErrnoEPERM},
		{"personality high word", words(auditX86_64, 135, 1<<32|8), retErrnoEPERM},
		{"ptrace", words(auditX86_64, 101, 0), retKillThread},
		{"read", words(auditX86_64, 0, 0), retAllow},
		{"x32", words(auditX86_64, x32Bit|135, 8), retKillProcess},
		{"other arch", words(0x40000003, 135, 8), retKillProcess},
	}
	for _, tt := range tests {
		if got, err := run(p, &tt.in); err != nil || got != tt.want {
			t.Errorf("%s: got %#x, %v; want %#x", tt.name, got, err, tt.want)
		}
	}
}

// TestNoSources: a Builder told to record no sources makes the same
// program from the same calls, without Src, and Info reports the zero
// Source for the nodes made after the call.
func TestNoSources(t *testing.T) {
	for _, size := range []int{1, 20, 400, 3000} {
		with, without := newMirror(t), newMirror(t)
		without.b.NoSources()
		root := randomDAG(rand.New(rand.NewPCG(7, uint64(size))), with, size)
		root2 := randomDAG(rand.New(rand.NewPCG(7, uint64(size))), without, size)
		p := mustAssemble(t, with.b, root)
		q, err := without.b.Assemble(root2)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(p.Insns, q.Insns) || root != root2 {
			t.Fatalf("size %d: the programs differ", size)
		}
		if len(p.Src) != len(p.Insns) || q.Src != nil {
			t.Errorf("size %d: %d sources with, %d without", size, len(p.Src), len(q.Src))
		}
		if info, _ := without.b.Info(root2); info.Src != (emit.Source{}) {
			t.Errorf("size %d: Info after NoSources gives source %v", size, info.Src)
		}
	}
}

// TestGrow: a Builder grown before or after its first nodes makes the
// same program from the same calls (the mirror checks that every node
// made before Grow is still found), and nodes made within the room
// reserved allocate nothing.
func TestGrow(t *testing.T) {
	for _, size := range []int{1, 20, 400, 3000} {
		for _, zero := range []bool{false, true} {
			plain, grown := newMirror(t), newMirror(t)
			if zero {
				grown.b = new(emit.Builder)
			}
			// Nodes made before Grow, which randomDAG makes again.
			for k := range uint32(3) {
				plain.ret(k)
				grown.ret(k)
			}
			grown.b.Grow(size)
			root := randomDAG(rand.New(rand.NewPCG(9, uint64(size))), plain, size)
			root2 := randomDAG(rand.New(rand.NewPCG(9, uint64(size))), grown, size)
			p, q := mustAssemble(t, plain.b, root), mustAssemble(t, grown.b, root2)
			if root != root2 || plain.b.Len() != grown.b.Len() || !slices.Equal(p.Insns, q.Insns) {
				t.Fatalf("size %d, zero %v: the programs differ", size, zero)
			}
		}
	}
	var b *emit.Builder
	b.Grow(10) // a nil Builder reserves nothing, and does not panic
	if n := testing.AllocsPerRun(20, func() {
		b := new(emit.Builder)
		b.NoSources()
		b.Grow(1000)
		for k := range uint32(1000) {
			b.Ret(k, emit.Source{})
		}
	}); n > 4 {
		t.Errorf("1000 nodes after Grow(1000): %v allocations, want at most 4 (the Builder, the source, the nodes and the table)", n)
	}
}

// TestReset: a Builder reset after one program builds the next as a new
// Builder does (same handles, same program, same sources), whether it
// recorded sources or not, and no node made before Reset exists after.
func TestReset(t *testing.T) {
	for _, size := range []int{1, 20, 400, 3000} {
		for _, noSrc := range []bool{false, true} {
			fresh, reused := newMirror(t), newMirror(t)
			first := randomDAG(rand.New(rand.NewPCG(7, uint64(size))), reused, 500+size)
			if noSrc {
				reused.b.NoSources()
			}
			if _, err := reused.b.Assemble(first); err != nil {
				t.Fatal(err)
			}
			reused.b.Reset()
			reused.specs = map[emit.Node]spec{}
			if reused.b.Len() != 0 || reused.b.Err() != nil {
				t.Fatalf("after Reset: %d nodes, error %v", reused.b.Len(), reused.b.Err())
			}
			if _, ok := reused.b.Info(first); ok {
				t.Fatalf("size %d: node %d made before Reset still exists", size, first)
			}
			root := randomDAG(rand.New(rand.NewPCG(9, uint64(size))), fresh, size)
			root2 := randomDAG(rand.New(rand.NewPCG(9, uint64(size))), reused, size)
			p, q := mustAssemble(t, fresh.b, root), mustAssemble(t, reused.b, root2)
			if root != root2 || fresh.b.Len() != reused.b.Len() || !slices.Equal(p.Insns, q.Insns) || !slices.Equal(p.Src, q.Src) {
				t.Fatalf("size %d, sources off before Reset %v: the programs differ", size, noSrc)
			}
		}
	}
	var b *emit.Builder
	b.Reset() // a nil Builder has nothing to reset, and does not panic
	reused := new(emit.Builder)
	reused.Grow(1000)
	if n := testing.AllocsPerRun(20, func() {
		reused.Reset()
		reused.NoSources()
		for k := range uint32(1000) {
			reused.Ret(k, emit.Source{})
		}
	}); n != 0 {
		t.Errorf("1000 nodes after Reset: %v allocations, want none", n)
	}
}

// TestAssembleConcurrent: Assembles running at once, of programs of
// different sizes (whose working arrays go through one pool), give what
// each gives alone.
func TestAssembleConcurrent(t *testing.T) {
	type job struct {
		b    *emit.Builder
		root emit.Node
		want []string
	}
	var jobs []job
	for _, size := range []int{1, 30, 300, 2500} {
		m := newMirror(t)
		root := randomDAG(rand.New(rand.NewPCG(11, uint64(size))), m, size)
		p := mustAssemble(t, m.b, root)
		jobs = append(jobs, job{m.b, root, strings.Split(p.String(), "\n")})
	}
	done := make(chan struct{})
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for k := range 40 {
				j := jobs[(g+k)%len(jobs)]
				p, err := j.b.Assemble(j.root)
				if err != nil {
					t.Error(err)
					return
				}
				if got := strings.Split(p.String(), "\n"); !slices.Equal(got, j.want) {
					t.Errorf("program assembled at once with others differs:\n%s", testdiff.Diff(j.want, got))
					return
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
}
