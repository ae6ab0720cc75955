package emit

import (
	"fmt"
	"strconv"
	"sync"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

// maxBranch is the largest offset the 8-bit jt and jf fields hold.
const maxBranch = 255

// maxSize caps the subtree sizes used by the layout heuristic; sizes count
// shared nodes once per path and would otherwise overflow.
const maxSize = 1 << 40

// Assemble lays out the instructions reachable from root as a program
// that starts at root. It returns the first misuse of the Builder if
// there was one, an *[Error] with code [ErrInvalidNode] if root names no
// node, and one with code [ErrTooLong] if the program would be longer
// than [MaxInstructions]. Assemble does not change the Builder, so it may
// be called again, with the same or another root. After
// [Builder.NoSources], the Program has no Src.
func (b *Builder) Assemble(root Node) (*Program, error) {
	if b == nil {
		return nil, errNilBuilder
	}
	if b.err != nil {
		return nil, b.err
	}
	if !b.exists(root) {
		return nil, &Error{Code: ErrInvalidNode, Detail: "root: " + b.describeBad(root)}
	}
	sc := asmPool.Get().(*asmScratch)
	if len(b.nodes) <= maxPooledNodes {
		defer asmPool.Put(sc)
	}
	if sc.pos == nil {
		sc.carve(len(b.nodes))
	}
	order := b.order(root, sc)
	p := b.emit(order, sc)
	if n := len(p.Insns); n > MaxInstructions {
		return nil, &Error{
			Code:   ErrTooLong,
			Detail: fmt.Sprintf("%d instructions, max %d", n, MaxInstructions),
			Len:    n,
		}
	}
	return p, nil
}

func (nd *node) class() uint16 { return nd.code & bpfop.ClassMask }

// sequential reports whether nd continues at the next instruction (a load
// or ALU operation, whose successor is nd.jt).
func (nd *node) sequential() bool {
	c := nd.class()
	return c == bpfop.LD || c == bpfop.ALU
}

// order returns the nodes reachable from root in the order they are to
// appear in the program: every node before its successors, each load or
// ALU node directly before its successor where possible. It works in
// three steps: find the reachable nodes; measure their subtrees and
// glue each load or ALU node to its successor into chains; walk the
// chains depth first.
func (b *Builder) order(root Node, sc *asmScratch) []Node {
	l := layout{nodes: b.nodes[:root+1], sc: sc} // successors have smaller handles than their nodes
	l.reachable(root)
	l.measure()
	post := l.walk(root)
	order := grab(&sc.order, l.count)[:0]
	for i := len(post) - 1; i >= 0; i-- {
		for x := post[i]; x != noNode; x = l.next(x) {
			order = append(order, x)
		}
	}
	if len(order) != l.count {
		panic(fmt.Sprintf("emit: internal error: layout placed %d of %d reachable nodes", len(order), l.count))
	}
	return order
}

// layout is what order works out about the nodes up to its root, each
// array indexed by node.
type layout struct {
	nodes []node
	sc    *asmScratch // where the arrays come from
	reach []bool      // reachable from the root
	count int         // how many are
	// size[i] is the number of instructions of i's subtree, counting a
	// shared node once per path to it.
	size []int64
	// glued[x] is the load or ALU node that falls through into x, plus
	// one (0 for none, as the array comes zeroed). When several compete
	// for x, the one created first wins; the others get a stub when
	// emitted.
	glued []Node
	// A chain is a maximal run of glued nodes; head[i] is the first node
	// of i's chain. Only a chain's last node has successors outside the
	// chain, so the graph of chains is acyclic as well.
	head []Node
}

// reachable marks the nodes reachable from root and counts them.
func (l *layout) reachable(root Node) {
	n := len(l.nodes)
	l.reach = grab(&l.sc.reach, n)
	l.reach[root] = true
	for i := n - 1; i >= 0; i-- {
		if !l.reach[i] {
			continue
		}
		l.count++
		nd := &l.nodes[i]
		if nd.jt >= 0 {
			l.reach[nd.jt] = true
		}
		if nd.jf >= 0 {
			l.reach[nd.jf] = true
		}
	}
}

// measure sets the size of every reachable node's subtree, glues each
// reachable load or ALU node to its successor where it can, and finds
// the head of every chain.
func (l *layout) measure() {
	n := len(l.nodes)
	l.size = grab(&l.sc.size, n)
	l.glued = grab(&l.sc.glued, n) // all noNode+1
	for i := 0; i < n; i++ {
		if !l.reach[i] {
			continue
		}
		nd := &l.nodes[i]
		s := int64(1)
		if nd.jt >= 0 {
			s += l.size[nd.jt]
			if nd.sequential() && l.glued[nd.jt] == 0 {
				l.glued[nd.jt] = Node(i) + 1
			}
		}
		if nd.jf >= 0 {
			s += l.size[nd.jf]
		}
		l.size[i] = min(s, maxSize)
	}
	l.head = grab(&l.sc.head, n)
	for i := n - 1; i >= 0; i-- {
		if !l.reach[i] {
			continue
		}
		if p := l.glued[i] - 1; p != noNode {
			l.head[i] = l.head[p]
		} else {
			l.head[i] = Node(i)
		}
	}
}

// next returns the node after i in its chain, or noNode.
func (l *layout) next(i Node) Node {
	if nd := &l.nodes[i]; nd.sequential() && l.glued[nd.jt] == i+1 {
		return nd.jt
	}
	return noNode
}

// walk walks the chains depth first from root's and returns their heads
// in post-order. The successor visited last is placed right after the
// chain, and of a jump's two, the smaller subtree is visited last, so
// that it falls through.
func (l *layout) walk(root Node) []Node {
	visited := grab(&l.sc.visited, len(l.nodes))
	stack := append(l.sc.stack[:0], l.frame(root, visited))
	post := grab(&l.sc.post, l.count)[:0]
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.i < f.n {
			s := f.succ[f.i]
			f.i++
			if !visited[s] {
				stack = append(stack, l.frame(s, visited))
			}
			continue
		}
		post = append(post, f.head)
		stack = stack[:len(stack)-1]
	}
	l.sc.stack = stack[:0]
	return post
}

// frame marks the chain at h visited and returns its frame: the heads
// of the chains after it, in the order walk visits them.
func (l *layout) frame(h Node, visited []bool) frame {
	visited[h] = true
	t := h
	for x := l.next(t); x != noNode; x = l.next(t) {
		t = x
	}
	f := frame{head: h}
	nd := &l.nodes[t]
	switch {
	case nd.sequential():
		f.succ[0], f.n = l.head[nd.jt], 1
	case nd.class() == bpfop.JMP:
		ht, hf := l.head[nd.jt], l.head[nd.jf]
		switch {
		case ht == hf:
			f.succ[0], f.n = ht, 1
		case l.size[ht] < l.size[hf]: // the smaller side falls through
			f.succ, f.n = [2]Node{hf, ht}, 2
		default:
			f.succ, f.n = [2]Node{ht, hf}, 2
		}
	}
	return f
}

// frame is a chain of walk's stack: its head, the heads of the chains
// after it, and how many of them have been visited.
type frame struct {
	head Node
	succ [2]Node
	n, i uint8
}

// emitter builds a program back to front. Positions are indices into the
// reversed instruction slice; the distance from the instruction about to
// be appended to position i is len(insns)-1-i.
type emitter struct {
	nodes []node
	srcs  []Source
	noSrc bool                 // the Program gets no Src
	insns []bpf.RawInstruction // reversed
	from  []Node               // reversed: the node each instruction is or copies, ^node for a JA stub to node
	pos   []int32              // pos[n]: where node n was emitted
	equiv []int32              // equiv[n]: the nearest instruction that behaves as n (n itself, a stub or a copy)
	sc    *asmScratch
}

func (b *Builder) emit(order []Node, sc *asmScratch) *Program {
	n := 0
	for _, x := range order {
		n = max(n, int(x)+1)
	}
	e := &emitter{
		nodes: b.nodes,
		srcs:  b.srcs,
		noSrc: b.noSrc,
		insns: grab(&sc.insns, len(order)+len(order)/8)[:0],
		from:  grab(&sc.from, len(order)+len(order)/8)[:0],
		pos:   grab(&sc.pos, n),
		equiv: grab(&sc.equiv, n),
		sc:    sc,
	}
	for i := len(order) - 1; i >= 0; i-- {
		x := order[i]
		nd := &e.nodes[x]
		var at int
		switch {
		case nd.class() == bpfop.RET:
			at = e.put(nd.code, 0, 0, nd.k, x)
		case nd.sequential():
			if e.dist(e.equiv[nd.jt]) != 0 {
				e.stub(nd.jt)
			}
			at = e.put(nd.code, 0, 0, nd.k, x)
		default:
			jt, jf := e.branch(nd.jt, nd.jf)
			at = e.put(nd.code, jt, jf, nd.k, x)
		}
		e.pos[x], e.equiv[x] = int32(at), int32(at)
	}
	p := e.compact()
	sc.insns, sc.from = e.insns[:0], e.from[:0] // grown by the stubs
	return p
}

// compact returns the program: the emitted instructions in order,
// without those no path reaches (an original node whose predecessors all
// use copies of it) and JAs to the next instruction, with the jumps
// renumbered. Removing instructions only shortens forward jumps, so
// offsets stay in range.
func (e *emitter) compact() *Program {
	n := len(e.insns)
	at := func(pc int) *bpf.RawInstruction { return &e.insns[n-1-pc] } // in program order
	live := grab(&e.sc.live, n+1)
	live[0] = true
	dead := 0
	for pc := range n {
		if !live[pc] {
			dead++
			continue
		}
		ins := at(pc)
		switch ins.Op & bpfop.ClassMask {
		case bpfop.RET:
		case bpfop.JMP:
			if ins.Op&bpfop.OpMask == bpfop.JA {
				live[pc+1+int(ins.K)] = true
			} else {
				live[pc+1+int(ins.Jt)] = true
				live[pc+1+int(ins.Jf)] = true
			}
		default:
			live[pc+1] = true
		}
	}
	if dead == 0 {
		// Nothing to remove: every instruction is reached, and no JA
		// goes to the next one (a JA stub is made for a target at
		// least one instruction away, more than maxBranch for a
		// branch's). The program is the instructions as emitted,
		// offsets and all.
		p := e.newProgram(n)
		if e.noSrc {
			p.Insns = p.Insns[:n]
			for pc := range p.Insns {
				p.Insns[pc] = *at(pc)
			}
			return p
		}
		for pc := range n {
			e.add(p, pc, *at(pc))
		}
		return p
	}
	// fwd[pc] is where control that reaches pc ends up in the compacted
	// program, counted as an index into the old program.
	fwd := grab(&e.sc.fwd, n+1)
	fwd[n] = int32(n)
	for pc := n - 1; pc >= 0; pc-- {
		ins := at(pc)
		switch {
		case !live[pc]:
			fwd[pc] = fwd[pc+1]
		case ins.Op == bpfop.Ja && fwd[pc+1+int(ins.K)] == fwd[pc+1]:
			fwd[pc] = fwd[pc+1]
		default:
			fwd[pc] = int32(pc)
		}
	}
	newPC := grab(&e.sc.newPC, n+1)
	k := 0
	for pc := range n + 1 {
		newPC[pc] = int32(k)
		if pc < n && int(fwd[pc]) == pc {
			k++
		}
	}
	p := e.newProgram(k)
	dist := func(from, to int) int { return int(newPC[fwd[to]] - newPC[from] - 1) }
	for pc := range n {
		if int(fwd[pc]) != pc {
			continue
		}
		ins := *at(pc)
		switch {
		case ins.Op == bpfop.Ja:
			ins.K = uint32(dist(pc, pc+1+int(ins.K)))
		case ins.Op&bpfop.ClassMask == bpfop.JMP:
			ins.Jt = uint8(dist(pc, pc+1+int(ins.Jt)))
			ins.Jf = uint8(dist(pc, pc+1+int(ins.Jf)))
		}
		e.add(p, pc, ins)
	}
	return p
}

// newProgram returns an empty Program with room for k instructions.
func (e *emitter) newProgram(k int) *Program {
	p := &Program{Insns: make([]bpf.RawInstruction, 0, k)}
	if !e.noSrc {
		p.Src = make([]Source, 0, k)
	}
	return p
}

// add appends to p ins, the instruction at pc (in program order) of the
// emitted ones with its offsets in p, and its source.
func (e *emitter) add(p *Program, pc int, ins bpf.RawInstruction) {
	p.Insns = append(p.Insns, ins)
	if e.noSrc {
		return
	}
	x := e.from[len(e.insns)-1-pc]
	if x >= 0 {
		p.Src = append(p.Src, e.srcs[e.nodes[x].src])
		return
	}
	// A JA stub to node ^x.
	to := &e.srcs[e.nodes[^x].src]
	p.Src = append(p.Src, Source{
		Arch: to.Arch, Part: PartTrampoline, Rule: -1,
		Note: "to " + strconv.Itoa(len(p.Insns)+int(ins.K)) + to.where(),
	})
}

func (e *emitter) dist(at int32) int { return len(e.insns) - 1 - int(at) }

// put appends an instruction, placing it before all emitted so far, and
// returns its position. from is the node the instruction is or copies,
// or ^node for a JA to node.
func (e *emitter) put(code uint16, jt, jf uint8, k uint32, from Node) int {
	e.insns = append(e.insns, bpf.RawInstruction{Op: code, Jt: jt, Jf: jf, K: k})
	e.from = append(e.from, from)
	return len(e.insns) - 1
}

// target returns the position to jump to for node x: x itself if within
// maxBranch, else its nearest equivalent.
func (e *emitter) target(x Node) int32 {
	if e.dist(e.pos[x]) <= maxBranch {
		return e.pos[x]
	}
	return e.equiv[x]
}

// within makes sure an instruction equivalent to x is at most r ahead,
// adding a stub if there is none.
func (e *emitter) within(x Node, r int) {
	if e.dist(e.equiv[x]) > r {
		e.stub(x)
	}
}

// branch prepares the jt and jf offsets of a conditional jump to be
// appended next, adding stubs for targets out of range. A stub added for
// one target moves the other one a step further away, so a target that
// is itself at the limit may need one too.
func (e *emitter) branch(jt, jf Node) (uint8, uint8) {
	dt, df := e.dist(e.equiv[jt]), e.dist(e.equiv[jf])
	switch {
	case dt <= maxBranch && df <= maxBranch:
	case df < maxBranch: // only jt is out of range, and jf stays in range
		e.within(jt, maxBranch)
	case dt < maxBranch: // only jf is out of range, and jt stays in range
		e.within(jf, maxBranch)
	default:
		e.within(jt, maxBranch-1)
		e.within(jf, maxBranch)
	}
	t, f := e.dist(e.target(jt)), e.dist(e.target(jf))
	if t > maxBranch || f > maxBranch {
		panic(fmt.Sprintf("emit: internal error: branch offsets %d, %d out of range", t, f))
	}
	return uint8(t), uint8(f)
}

// stub appends one instruction that behaves as node x and makes it x's
// nearest equivalent: a copy of x when x is a return, or a conditional
// jump whose targets are within range without further stubs, and a JA to
// x otherwise.
func (e *emitter) stub(x Node) {
	nd := &e.nodes[x]
	var at int
	switch {
	case nd.class() == bpfop.RET:
		at = e.put(nd.code, 0, 0, nd.k, x)
	case nd.class() == bpfop.JMP && e.dist(e.equiv[nd.jt]) <= maxBranch && e.dist(e.equiv[nd.jf]) <= maxBranch:
		jt, jf := e.dist(e.target(nd.jt)), e.dist(e.target(nd.jf))
		at = e.put(nd.code, uint8(jt), uint8(jf), nd.k, x)
	default:
		at = e.put(bpfop.Ja, 0, 0, uint32(e.dist(e.pos[x])), ^x)
	}
	e.equiv[x] = int32(at)
}

// asmScratch holds the working arrays of Assemble, which asmPool keeps
// from one call to the next: a runtime that compiles a profile at every
// container start then makes no garbage of them. Only the Program is
// new.
type asmScratch struct {
	reach, visited, live []bool
	size                 []int64
	glued, head, post    []Node
	order, from          []Node
	pos, equiv           []int32
	fwd, newPC           []int32
	insns                []bpf.RawInstruction
	stack                []frame
}

var asmPool = sync.Pool{New: func() any { return new(asmScratch) }}

// carve gives a fresh scratch (the first Assemble in a process) room
// for a program of n nodes, its arrays of one element type cut from
// one array each (full slice expressions: none grows into the next),
// rather than made one by one: a process pays page faults for each
// size of allocation it makes for the first time.
func (sc *asmScratch) carve(n int) {
	m := n + 1
	nodes := make([]Node, 5*m+m/8)
	cut := func(k int) []Node {
		s := nodes[:0:k]
		nodes = nodes[k:]
		return s
	}
	sc.glued, sc.head, sc.post, sc.order = cut(m), cut(m), cut(m), cut(m)
	sc.from = cut(m + m/8) // emit's, with room for the jump stubs
	ints := make([]int32, 4*m)
	sc.pos, sc.equiv, sc.fwd, sc.newPC = ints[:0:m], ints[m:m:2*m], ints[2*m:2*m:3*m], ints[3*m:3*m:4*m]
	bools := make([]bool, 3*m)
	sc.reach, sc.visited, sc.live = bools[:0:m], bools[m:m:2*m], bools[2*m:2*m:3*m]
}

// maxPooledNodes bounds the Builders whose arrays asmPool keeps.
const maxPooledNodes = 1 << 16

// grab returns (*buf)[:n], zeroed, growing *buf first if it is too short.
func grab[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
		return *buf
	}
	*buf = (*buf)[:n]
	clear(*buf)
	return *buf
}
