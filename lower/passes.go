package lower

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/bpfop"
)

// A pass rewrites the decision DAG rooted at root into an equivalent one,
// building any new nodes in b (which hash-conses them, so unchanged
// subtrees keep their nodes). A pass is a pure function of the DAG: it
// must not depend on anything else, and running it on its own output
// must eventually return the same root.
type pass struct {
	Name string
	Doc  string
	Run  func(b *emit.Builder, root emit.Node) emit.Node
}

// passes are the optimization passes, in the order they run. They run
// in turn until none changes the DAG, each followed by [checkDAG].
//
// There is one pass, specialize, and it does three jobs in one walk:
// jump threading (drop a test whose outcome the path already knows),
// redundant loads (drop a load of the word A already holds) and dead
// loads (drop a load or ALU operation whose value is never used). They
// are not separate passes because they feed each other on the way down
// a path: threading a test away leaves the load before it dead;
// dropping a dead load leaves the previous word in A, which makes a
// later load of that word redundant and needs withA's reload before the
// next test of the word the input DAG meant; and all three read the
// same path state (what A holds in the input and in the output, the
// facts about each word) and share one memo keyed by it. Split apart
// (issue 15's experiment: the same specializer with the threading job
// and the load jobs switched on in turn within each round), the result
// is correct but not the same program: over 95 compiles of the testdata
// policies and profiles and the tests' built policies it emits 6274
// instructions instead of 6265, shorter for some policies and longer
// for others (dropped-load.policy 33 -> 34 on x86_64,
// inverse-masks.policy 48 -> 50). The compiler also does not run this
// list over the whole DAG: it specializes each syscall's code as it
// builds it (specializer.leaf), so the order in which nodes are made,
// which decides the layout, follows the one walk; the list is what the
// tests run (TestLeafSpecialization checks it finds nothing left).
var passes = []pass{
	{
		Name: "specialize",
		Doc: "propagate what each path has learnt about nr, arch and the argument words: " +
			"drop tests whose outcome is known (jump threading), loads of the word A already holds, " +
			"and loads whose value is never used",
		Run: specialize,
		// Run to a fixed point: dropping a dead load can expose a reload
		// that a second run removes.
	},
}

// maxRounds bounds the fixed-point iteration of the passes.
const maxRounds = 8

// runPasses runs passes over the DAG at root until none changes it,
// checking the DAG's invariants after each pass.
func runPasses(b *emit.Builder, root emit.Node, passes []pass) (emit.Node, error) {
	for range maxRounds {
		before := root
		for _, p := range passes {
			root = p.Run(b, root)
			if err := b.Err(); err != nil {
				return root, fmt.Errorf("pass %s: %w", p.Name, err)
			}
			if err := checkDAG(b, root); err != nil {
				return root, fmt.Errorf("pass %s: %w", p.Name, err)
			}
		}
		if root == before {
			return root, nil
		}
	}
	return root, nil
}

// checkDAG checks the invariants every DAG handed to Assemble must keep:
// every reachable node exists, and on every path A is loaded before a
// jump or ALU operation reads it. A node's successors are older than
// the node (the Builder only links to existing nodes), so one sweep
// from root down to node 0 sees every node after all its predecessors.
func checkDAG(b *emit.Builder, root emit.Node) error {
	var reach []uint8
	return checkDAGIn(b, root, &reach)
}

// checkDAGIn is checkDAG with its working array in *reach, grown as
// needed, so that a caller can keep it from one check to the next. The
// sweep reads each reachable node once (Info) and checks a successor
// by its handle alone: one that exists and is older than its node.
func checkDAGIn(b *emit.Builder, root emit.Node, buf *[]uint8) error {
	if _, ok := b.Info(root); !ok {
		return fmt.Errorf("node %d does not exist", root)
	}
	const (
		unloaded = 1 << iota // reached on a path with nothing loaded
		loaded               // reached with A loaded
	)
	size := int(root) + 1
	if cap(*buf) < size {
		*buf = make([]uint8, size)
	}
	reach := (*buf)[:size]
	clear(reach)
	reach[root] = unloaded
	nodes := b.Len()
	mark := func(from, n emit.Node) error {
		if n < 0 || int(n) >= nodes {
			return fmt.Errorf("node %d does not exist", n)
		}
		if n >= from {
			return fmt.Errorf("node %d: successor %d is not older than it", from, n)
		}
		reach[n] |= loaded
		return nil
	}
	for n := root; n >= 0; n-- {
		r := reach[n]
		if r == 0 {
			continue
		}
		info, _ := b.Info(n)
		var err error
		switch info.Code & bpfop.ClassMask {
		case bpfop.RET:
		case bpfop.LD:
			err = mark(n, info.Jt)
		case bpfop.ALU:
			if r&unloaded != 0 {
				return fmt.Errorf("node %d: ALU operation before any load", n)
			}
			err = mark(n, info.Jt)
		case bpfop.JMP:
			if r&unloaded != 0 {
				return fmt.Errorf("node %d: jump on A before any load", n)
			}
			if err = mark(n, info.Jt); err == nil {
				err = mark(n, info.Jf)
			}
		default:
			return fmt.Errorf("node %d: unexpected instruction class %#x", n, info.Code)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// nWords is the number of 32-bit words of struct seccomp_data.
const nWords = 16

// fact is what a path knows about one 32-bit word: it lies in [lo, hi],
// has the bits of one set and those of zero clear, and differs from the
// first nne values of ne.
type fact struct {
	lo, hi    uint32
	one, zero uint32
	ne        [2]uint32
	nne       uint8
}

var anyFact = fact{hi: 0xffffffff}

// aReg says what A holds: word (an index into struct seccomp_data's
// words) masked with mask, or nothing known (word -1).
type aReg struct {
	word int8
	mask uint32
}

var unknownA = aReg{word: -1}

// specState is what the specializer knows at a node: orig is what A
// holds in the input DAG there (the word the node's tests are about),
// out what it holds in the code emitted so far, which differs from orig
// where a dead load was dropped.
type specState struct {
	orig, out aReg
	facts     [nWords]fact
	known     uint16 // the words whose fact is not anyFact
}

// maxKeyFacts is the most constrained words a memo key records; states
// that know more are specialized without the memo.
const maxKeyFacts = 4

// A memoEntry records the result r of specializing a node in a state
// that its key describes: what A holds (orig and out), and the facts
// about the words the node's code can look at (the words of the bit set
// words, in increasing order, are facts[at:at+popcount(words)] of the
// specializer). The facts of other words are anyFact.
type memoEntry struct {
	orig, out aReg
	words     uint16
	at        int32
	r         emit.Node
	next      int32 // the node's next entry, or -1
}

type specializer struct {
	b     *emit.Builder
	reads []int32 // words loaded in the node's subtree (a bit set), -1 before it is known
	// memo holds the results already built, by key, as one list per node
	// of the input DAG (head[n] is the first entry of node n's list, -1
	// for none): a node is seldom reached in more than a few states, so a
	// short list beats hashing the whole key.
	memo  []memoEntry
	head  []int32
	facts []fact // the facts of the memo keys

	// steps counts the nodes specialized; past budget the pass gives up
	// and returns its input. States that know more words than a memo key
	// records are specialized without the memo, and some policies (many
	// rules testing several arguments of one syscall) would otherwise
	// take exponential time.
	steps, budget int

	// The code of the syscalls specialized so far is in the program:
	// each of its nodes is at least one instruction. Past
	// emit.MaxInstructions nodes the program is too long whatever the
	// specializer does, and leaf leaves the rest as lowered (see
	// tooLong). roots are the leaves not yet counted, kept marks the
	// nodes counted, inProgram counts them.
	roots     []emit.Node
	kept      []bool
	stack     []emit.Node
	inProgram int
}

// specBudget is how many times the size of its input DAG the specialize
// pass may visit nodes before it gives up; ordinary profiles need about
// one and a half.
const specBudget = 64

// specialize is the "specialize" pass.
func specialize(b *emit.Builder, root emit.Node) emit.Node {
	return newSpecializer(b, nil).run(root)
}

// newSpecializer returns a specializer of the nodes of b, with the
// arrays of sc if not nil.
func newSpecializer(b *emit.Builder, sc *scratch) *specializer {
	s := &specializer{b: b}
	if sc != nil {
		s.reads, s.head, s.memo, s.facts = sc.reads[:0], sc.head[:0], sc.memo[:0], sc.facts[:0]
		s.roots = sc.roots[:0]
	}
	s.memo = slices.Grow(s.memo, b.Len()+b.Len()/2)
	s.grow()
	return s
}

// grow extends the per-node arrays to the nodes the Builder has now and
// sets the budget for them.
func (s *specializer) grow() {
	if n := s.b.Len() - len(s.reads); n > 0 {
		if cap(s.reads)-len(s.reads) < n {
			// Room for the nodes the specializations to come make.
			s.reads = slices.Grow(s.reads, n+s.b.Len()/2)
			s.head = slices.Grow(s.head, n+s.b.Len()/2)
		}
		for range n {
			s.reads = append(s.reads, -1)
			s.head = append(s.head, -1)
		}
	}
	s.budget = specBudget*s.b.Len() + 1024
}

// leaf specializes the code of one syscall, a leaf of a section's
// search, to a fixed point: what the specialize pass does to it in the
// whole DAG. There, the paths that reach it know facts about nr and
// arch only, which a syscall's code never tests, and A holds nr, which
// it never reads before loading an argument; so the leaf is specialized
// from a state that knows nothing, and the search above it, whose every
// test splits its spans, is left as built. (TestLeafSpecialization
// checks that the whole-DAG passes find nothing left to do.) The steps
// of all leaves count against one budget; past it, leaves stay as
// lowered. So do they once the leaves already specialized make the
// program too long (tooLong).
func (s *specializer) leaf(n emit.Node) emit.Node {
	if s.tooLong() {
		return n
	}
	r := s.fixedPoint(n)
	s.roots = append(s.roots, r)
	return r
}

// fixedPoint specializes the code of one syscall to a fixed point.
func (s *specializer) fixedPoint(n emit.Node) emit.Node {
	for range maxRounds {
		s.grow()
		if s.steps > s.budget {
			return n
		}
		r := s.run(n)
		if r == n {
			return n
		}
		n = r
	}
	return n
}

// tooLong reports whether the code of the syscalls specialized so far
// has more than emit.MaxInstructions nodes: the program is then too
// long (issue 14: rules that test all six arguments, whose code the
// specializer tries for its whole budget and then gives up on, took 70%
// of a compile that ended "program too long"). The nodes are counted
// only once the Builder has that many: until then they cannot be.
func (s *specializer) tooLong() bool {
	if s.b.Len() <= emit.MaxInstructions {
		return false
	}
	if l := s.b.Len(); len(s.kept) < l {
		s.kept = slices.Grow(s.kept, l-len(s.kept))[:l]
	}
	for _, r := range s.roots {
		s.keep(r)
	}
	s.roots = s.roots[:0]
	return s.inProgram > emit.MaxInstructions
}

// keep counts the nodes reachable from n not counted yet.
func (s *specializer) keep(n emit.Node) {
	stack := append(s.stack[:0], n)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.kept[n] {
			continue
		}
		s.kept[n] = true
		s.inProgram++
		info, _ := s.b.Info(n)
		switch info.Code & bpfop.ClassMask {
		case bpfop.LD, bpfop.ALU:
			stack = append(stack, info.Jt)
		case bpfop.JMP:
			stack = append(stack, info.Jt, info.Jf)
		}
	}
	s.stack = stack
}

// run specializes the DAG at root, or returns root if that takes more
// than the budget.
func (s *specializer) run(root emit.Node) emit.Node {
	st := &specState{orig: unknownA, out: unknownA}
	for i := range st.facts {
		st.facts[i] = anyFact
	}
	r := s.spec(root, st)
	if s.steps > s.budget {
		return root // the program stays as lowered: correct, if larger
	}
	return r
}

// readSet returns the words loaded anywhere in n's subtree.
func (s *specializer) readSet(n emit.Node) uint16 {
	if r := s.reads[n]; r >= 0 {
		return uint16(r)
	}
	info, _ := s.b.Info(n)
	var r uint16
	switch info.Code & bpfop.ClassMask {
	case bpfop.LD:
		r = 1<<(info.K/4) | s.readSet(info.Jt)
	case bpfop.ALU:
		r = s.readSet(info.Jt)
	case bpfop.JMP:
		r = s.readSet(info.Jt) | s.readSet(info.Jf)
	}
	s.reads[n] = int32(r)
	return r
}

// usesA reports whether n reads A before loading it.
func (s *specializer) usesA(n emit.Node) bool {
	info, _ := s.b.Info(n)
	c := info.Code & bpfop.ClassMask
	return c == bpfop.ALU || c == bpfop.JMP
}

// key returns the part of st that specializing n depends on, as the
// fields of a memo entry (facts not filled in), and false when it has
// more than maxKeyFacts facts.
func (s *specializer) key(n emit.Node, st *specState) (memoEntry, bool) {
	var k memoEntry
	rel := s.readSet(n)
	info, _ := s.b.Info(n)
	switch info.Code & bpfop.ClassMask {
	case bpfop.LD: // a load of the word A holds is dropped
		k.out = st.out
	case bpfop.ALU, bpfop.JMP:
		k.orig, k.out = st.orig, st.out
		if st.orig.word >= 0 {
			rel |= 1 << st.orig.word
		}
	}
	k.words = rel & st.known
	return k, bits.OnesCount16(k.words) <= maxKeyFacts
}

// sameState reports whether memo entry e was made in the state k and
// st describe.
func (s *specializer) sameState(e *memoEntry, k *memoEntry, st *specState) bool {
	if e.words != k.words || e.orig != k.orig || e.out != k.out {
		return false
	}
	at := e.at
	for rel := e.words; rel != 0; rel &= rel - 1 {
		if s.facts[at] != st.facts[bits.TrailingZeros16(rel)] {
			return false
		}
		at++
	}
	return true
}

func (s *specializer) spec(n emit.Node, st *specState) emit.Node {
	if s.steps++; s.steps > s.budget {
		return n // giving up: specialize discards the result
	}
	k, memo := s.key(n, st)
	if memo {
		for i := s.head[n]; i >= 0; i = s.memo[i].next {
			if s.sameState(&s.memo[i], &k, st) {
				return s.memo[i].r
			}
		}
	}
	r := s.specNode(n, st)
	if memo {
		k.at = int32(len(s.facts))
		for rel := k.words; rel != 0; rel &= rel - 1 {
			s.facts = append(s.facts, st.facts[bits.TrailingZeros16(rel)])
		}
		k.r, k.next = r, s.head[n]
		s.memo = append(s.memo, k)
		s.head[n] = int32(len(s.memo) - 1)
	}
	return r
}

// specNode specializes n in state st. It changes st on the way down
// and restores it before it returns, so the recursion shares one state
// instead of copying it at every node.
func (s *specializer) specNode(n emit.Node, st *specState) emit.Node {
	info, _ := s.b.Info(n)
	switch info.Code & bpfop.ClassMask {
	case bpfop.RET:
		return n
	case bpfop.LD:
		w := aReg{word: int8(info.K / 4), mask: 0xffffffff}
		orig, out := st.orig, st.out
		st.orig = w
		var r emit.Node
		if out == w {
			r = s.spec(info.Jt, st) // A already holds the word
		} else {
			st.out = w
			r = s.spec(info.Jt, st)
			if s.usesA(r) {
				r = s.b.LoadAbs(info.K, r, info.Src)
			} else {
				// The loaded value is never used: drop the load, and redo
				// the rest knowing A still holds what it held before.
				st.out = out
				r = s.spec(info.Jt, st)
			}
		}
		st.orig, st.out = orig, out
		return r
	case bpfop.ALU:
		orig, out := st.orig, st.out
		if info.Code&bpfop.OpMask == bpfop.AND && orig.word >= 0 {
			st.orig.mask &= info.K
		} else {
			st.orig = unknownA
		}
		st.out = st.orig
		r := s.spec(info.Jt, st)
		if s.usesA(r) {
			st.orig, st.out = orig, out
			return s.withA(st, s.b.ALU(info.Code&bpfop.OpMask, info.K, r, info.Src), info.Src)
		}
		st.out = out
		r = s.spec(info.Jt, st)
		st.orig = orig
		return r
	case bpfop.JMP:
		op := info.Code & bpfop.OpMask
		if st.orig.word < 0 {
			t := s.spec(info.Jt, st)
			f := s.spec(info.Jf, st)
			return s.withA(st, s.b.Jump(op, info.K, t, f, info.Src), info.Src)
		}
		fa := &st.facts[st.orig.word]
		if taken, known := decide(op, info.K, st.orig.mask, fa); known {
			if taken {
				return s.spec(info.Jt, st)
			}
			return s.spec(info.Jf, st)
		}
		// The jump is emitted, after a reload if a dropped load left
		// another word in A (withA): on both branches A holds orig.
		out := st.out
		st.out = st.orig
		saved, known := *fa, st.known
		learn(op, info.K, st.orig.mask, true, fa)
		st.noteFact(st.orig.word)
		t := s.spec(info.Jt, st)
		*fa = saved
		learn(op, info.K, st.orig.mask, false, fa)
		st.noteFact(st.orig.word)
		f := s.spec(info.Jf, st)
		*fa, st.known = saved, known
		st.out = out
		return s.withA(st, s.b.Jump(op, info.K, t, f, info.Src), info.Src)
	}
	return n
}

// noteFact updates st.known for word w after a change of its fact.
func (st *specState) noteFact(w int8) {
	if st.facts[w] == anyFact {
		st.known &^= 1 << w
	} else {
		st.known |= 1 << w
	}
}

// withA returns code that makes the emitted A equal to the input DAG's
// (reloading and masking the word if a dropped load left something
// else there) and continues at n, which reads A.
func (s *specializer) withA(st *specState, n emit.Node, src emit.Source) emit.Node {
	if st.out == st.orig || st.orig.word < 0 || !s.usesA(n) {
		return n
	}
	if st.orig.mask != 0xffffffff {
		n = s.b.ALU(bpfop.AND, st.orig.mask, n, src)
	}
	return s.b.LoadAbs(uint32(st.orig.word)*4, n, src)
}

// decide returns the outcome of the jump op k on A = word & mask, where
// the word satisfies f, if f determines it.
func decide(op uint16, k, mask uint32, f *fact) (taken, known bool) {
	if f.lo == f.hi {
		return jumpTaken(op, k, f.lo&mask), true
	}
	one, zero := f.one&mask, f.zero|^mask
	if one|zero == 0xffffffff {
		return jumpTaken(op, k, one), true
	}
	switch op {
	case bpfop.JEQ:
		if k&zero != 0 || ^k&one != 0 {
			return false, true
		}
		if mask == 0xffffffff {
			if k < f.lo || k > f.hi {
				return false, true
			}
			for i := range f.nne {
				if f.ne[i] == k {
					return false, true
				}
			}
		}
	case bpfop.JGT:
		if mask == 0xffffffff {
			if f.lo > k {
				return true, true
			}
			if f.hi <= k {
				return false, true
			}
		}
	case bpfop.JGE:
		if mask == 0xffffffff {
			if f.lo >= k {
				return true, true
			}
			if f.hi < k {
				return false, true
			}
		}
	case bpfop.JSET:
		if k&one != 0 {
			return true, true
		}
		if k&^zero == 0 {
			return false, true
		}
		if mask == 0xffffffff && k != 0 && uint64(f.hi) < uint64(1)<<bits.TrailingZeros32(k) {
			return false, true
		}
	}
	return false, false
}

func jumpTaken(op uint16, k, a uint32) bool {
	switch op {
	case bpfop.JEQ:
		return a == k
	case bpfop.JGT:
		return a > k
	case bpfop.JGE:
		return a >= k
	case bpfop.JSET:
		return a&k != 0
	}
	return false
}

// learn records in f what taking (or not) the jump op k on A = word &
// mask says about the word.
func learn(op uint16, k, mask uint32, taken bool, f *fact) {
	if mask != 0xffffffff {
		switch {
		case op == bpfop.JEQ && taken:
			f.one |= k & mask
			f.zero |= mask &^ k
		case op == bpfop.JSET && taken && bits.OnesCount32(k&mask) == 1:
			f.one |= k & mask
		case op == bpfop.JSET && !taken:
			f.zero |= k & mask
		}
		return
	}
	switch op {
	case bpfop.JEQ:
		if taken {
			f.lo, f.hi, f.one, f.zero = k, k, k, ^k
			return
		}
		switch {
		case k == f.lo:
			f.lo++
		case k == f.hi:
			f.hi--
		case int(f.nne) < len(f.ne):
			f.ne[f.nne] = k
			f.nne++
		}
	case bpfop.JGT:
		if taken {
			f.lo = max(f.lo, k+1)
		} else {
			f.hi = min(f.hi, k)
		}
	case bpfop.JGE:
		if taken {
			f.lo = max(f.lo, k)
		} else {
			f.hi = min(f.hi, k-1)
		}
	case bpfop.JSET:
		if taken {
			if bits.OnesCount32(k) == 1 {
				f.one |= k
			}
		} else {
			f.zero |= k
		}
	}
}
