package emit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/seccompc/seccompc/internal/bpfop"
)

// MaxInstructions is the kernel's limit on the length of a classic BPF
// program: 4096 (BPF_MAXINSNS in include/uapi/linux/bpf_common.h).
const MaxInstructions = bpfop.MaxInsns

var aluNames = map[uint16]string{
	bpfop.ADD: "add", bpfop.SUB: "sub", bpfop.MUL: "mul", bpfop.DIV: "div", bpfop.OR: "or",
	bpfop.AND: "and", bpfop.LSH: "lsh", bpfop.RSH: "rsh", bpfop.NEG: "neg", bpfop.XOR: "xor",
}

var jumpNames = map[uint16]string{
	bpfop.JEQ: "jeq", bpfop.JGT: "jgt", bpfop.JGE: "jge", bpfop.JSET: "jset",
}

// Part says which part of a filter produced an instruction.
type Part uint8

// The parts of a filter.
const (
	PartArch       Part = 1 + iota // architecture check
	PartDispatch                   // search on the syscall number
	PartRule                       // a rule's condition or action
	PartDefault                    // the default action
	PartTail                       // the ENOSYS baseline tail
	PartBadArch                    // the bad-architecture action
	PartTrampoline                 // a JA inserted by Assemble
	PartShared                     // a return that several rules, defaults or tails end in
)

var partNames = [...]string{
	PartArch:       "arch",
	PartDispatch:   "dispatch",
	PartRule:       "rule",
	PartDefault:    "default",
	PartTail:       "tail",
	PartBadArch:    "badarch",
	PartTrampoline: "trampoline",
	PartShared:     "shared",
}

func (p Part) String() string {
	if int(p) < len(partNames) && partNames[p] != "" {
		return partNames[p]
	}
	return "Part(" + strconv.Itoa(int(p)) + ")"
}

// Source records what produced an instruction, for disassembly comments
// and debugging.
type Source struct {
	Arch string // architecture section ("x86_64"), "" for the common prologue
	Part Part   // what part of the filter
	Rule int    // Part == PartRule: index of the rule in the policy (ir.Policy.Rules); -1 otherwise
	Note string // free text, e.g. syscall name "personality" or "a0 hi word == 0"
}

// String formats s as "[arch ]part[ rule][: note]", for example
// "x86_64 rule 3: personality a0 == 0" or "arch".
func (s Source) String() string {
	var b strings.Builder
	if s.Arch != "" {
		b.WriteString(s.Arch)
	}
	b.WriteString(s.where())
	return strings.TrimPrefix(b.String(), " ")
}

// where is s without its architecture, with a leading space unless empty
// or only a note.
func (s Source) where() string {
	var b strings.Builder
	if s.Part != 0 {
		b.WriteByte(' ')
		b.WriteString(s.Part.String())
		if s.Part == PartRule && s.Rule >= 0 {
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(s.Rule))
		}
	}
	if s.Note != "" {
		if s.Part != 0 {
			b.WriteByte(':')
		}
		b.WriteByte(' ')
		b.WriteString(s.Note)
	}
	return b.String()
}

// Node is a handle to an instruction in a [Builder]. Valid nodes are >= 0;
// a constructor returns a negative Node when it is misused. A handle is
// only meaningful to the Builder that returned it (a handle from another
// Builder that happens to be in range cannot be detected).
type Node int32

const noNode Node = -1

// Builder is a hash-consed DAG of classic BPF instructions. The zero value
// is an empty Builder ([NewBuilder] returns one with room reserved). A
// nil *Builder records nothing: its constructors return an invalid Node,
// and Err and Assemble report it.
type Builder struct {
	nodes []node
	// memo is an open-addressing hash table of the nodes by (code, k,
	// jt, jf): slot values are node handles plus one, 0 for an empty
	// slot, and the keys are read from nodes. Its length is a power of
	// two, at least twice the number of nodes.
	memo []int32
	// srcs holds the sources of the nodes; consecutive nodes made for
	// one part of a filter share one entry.
	srcs []Source
	err  *Error
	// noSrc: NoSources was called; the nodes made since share the zero
	// Source at srcs[zeroSrc].
	noSrc   bool
	zeroSrc int32
}

type node struct {
	code   uint16
	k      uint32
	jt, jf Node  // jump targets; jt is the successor of a load or ALU op; noNode when absent
	src    int32 // index into Builder.srcs
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{memo: make([]int32, 512), nodes: make([]node, 0, 256)}
}

// Grow reserves room for n more nodes, so that making them moves none
// of b's arrays, as [strings.Builder.Grow] does for bytes: a caller that
// knows about how large its program will be saves the copies of a
// growing Builder. It reserves at most 65536 nodes (16 times the
// kernel's longest program); a nil Builder, or n <= 0, reserves nothing.
func (b *Builder) Grow(n int) {
	if b == nil || n <= 0 {
		return
	}
	n = min(n, 1<<16)
	want := len(b.nodes) + n
	if cap(b.nodes) < want {
		b.nodes = slices.Grow(b.nodes, n)
	}
	size := max(64, len(b.memo))
	for size < 2*want {
		size *= 2
	}
	if size > len(b.memo) {
		b.resize(size)
	}
}

// Reset empties b, as [bytes.Buffer.Reset] does, keeping its arrays for
// the nodes made next: a caller that builds one program after another
// (a container runtime compiling a profile at every start) can reuse
// one Builder and allocate nothing for it. The nodes made before Reset
// no longer exist, and b records sources again.
func (b *Builder) Reset() {
	if b == nil {
		return
	}
	b.nodes = b.nodes[:0]
	clear(b.memo)
	clear(b.srcs) // no strings kept alive
	b.srcs = b.srcs[:0]
	b.err = nil
	b.noSrc, b.zeroSrc = false, 0
}

// NoSources makes b record no sources for the nodes it makes from now
// on: Info reports the zero Source for them, and Assemble returns a
// Program without Src. A compiler whose programs are only loaded, never
// shown, saves the time and memory the sources take.
func (b *Builder) NoSources() {
	if b == nil || b.noSrc {
		return
	}
	b.noSrc = true
	b.srcs = append(b.srcs, Source{})
	b.zeroSrc = int32(len(b.srcs) - 1)
}

// Len returns the number of distinct nodes in the Builder.
func (b *Builder) Len() int {
	if b == nil {
		return 0
	}
	return len(b.nodes)
}

// errNilBuilder is what a nil *Builder reports.
var errNilBuilder = &Error{Code: ErrInvalidNode, Detail: "nil *Builder (make it with NewBuilder)"}

// Err returns the first misuse of the Builder (an *[Error] with code
// [ErrInvalidNode] or [ErrInvalidInsn]), or nil.
func (b *Builder) Err() error {
	if b == nil {
		return errNilBuilder
	}
	if b.err == nil {
		return nil
	}
	return b.err
}

// NodeInfo describes one node of a Builder: its instruction and its
// successors. Jt is the successor of a load or ALU operation; Jt and Jf
// are -1 where there is none.
type NodeInfo struct {
	Code   uint16
	K      uint32
	Jt, Jf Node
	Src    Source
}

// Info returns the instruction and successors of node n, and false if n
// names no node of b. Passes over the DAG use it to walk a program
// without assembling it.
func (b *Builder) Info(n Node) (NodeInfo, bool) {
	if !b.exists(n) {
		return NodeInfo{Jt: noNode, Jf: noNode}, false
	}
	nd := &b.nodes[n]
	return NodeInfo{Code: nd.code, K: nd.k, Jt: nd.jt, Jf: nd.jf, Src: b.srcs[nd.src]}, true
}

// Ret returns the node for BPF_RET|BPF_K: return k.
func (b *Builder) Ret(k uint32, src Source) Node {
	return b.intern(bpfop.RetK, k, noNode, noNode, src)
}

// LoadAbs returns the node for BPF_LD|BPF_W|BPF_ABS: load the 32-bit word
// at offset off of struct seccomp_data into A, then continue at next. off
// must be a multiple of 4 below 64.
func (b *Builder) LoadAbs(off uint32, next Node, src Source) Node {
	call := func() string { return fmt.Sprintf("LoadAbs(%d)", off) }
	if off%4 != 0 || off >= bpfop.DataLen {
		return b.fail(ErrInvalidInsn, "%s: offset is not a word-aligned offset in struct seccomp_data", call())
	}
	if !b.checkNode(next, "next", call) {
		return noNode
	}
	return b.intern(bpfop.LdAbsW, off, next, noNode, src)
}

// ALU returns the node for BPF_ALU|op|BPF_K: A = A op k, then continue at
// next. op is one of the BPF_ADD (0x00), BPF_SUB, BPF_MUL, BPF_DIV,
// BPF_OR, BPF_AND (0x50), BPF_LSH, BPF_RSH, BPF_NEG (0x80) or BPF_XOR
// (0xa0) bits; BPF_MOD is not allowed in seccomp filters. Division by zero
// and shifts by 32 or more are rejected as the kernel does. For BPF_NEG, k
// is ignored and stored as 0.
func (b *Builder) ALU(op uint16, k uint32, next Node, src Source) Node {
	call := func() string { return fmt.Sprintf("ALU(%#x, %d)", op, k) }
	if _, ok := aluNames[op]; !ok {
		return b.fail(ErrInvalidInsn, "%s: not a seccomp ALU operation", call())
	}
	switch {
	case op == bpfop.DIV && k == 0:
		return b.fail(ErrInvalidInsn, "%s: division by zero", call())
	case (op == bpfop.LSH || op == bpfop.RSH) && k >= 32:
		return b.fail(ErrInvalidInsn, "%s: shift by 32 or more", call())
	case op == bpfop.NEG:
		k = 0
	}
	if !b.checkNode(next, "next", call) {
		return noNode
	}
	return b.intern(bpfop.ALU|op|bpfop.K, k, next, noNode, src)
}

// Jump returns the node for BPF_JMP|op|BPF_K: if A op k, continue at jt,
// else at jf. op is BPF_JEQ (0x10), BPF_JGT (0x20), BPF_JGE (0x30) or
// BPF_JSET (0x40); BPF_JA is inserted by Assemble only. If jt == jf, Jump
// returns jt and adds no instruction.
func (b *Builder) Jump(op uint16, k uint32, jt, jf Node, src Source) Node {
	call := func() string { return fmt.Sprintf("Jump(%#x, %d)", op, k) }
	if op != bpfop.JEQ && op != bpfop.JGT && op != bpfop.JGE && op != bpfop.JSET { // the keys of jumpNames
		return b.fail(ErrInvalidInsn, "%s: not a conditional jump operation", call())
	}
	if !b.checkNode(jt, "jt", call) || !b.checkNode(jf, "jf", call) {
		return noNode
	}
	if jt == jf {
		return jt
	}
	return b.intern(bpfop.JMP|op|bpfop.K, k, jt, jf, src)
}

func (b *Builder) intern(code uint16, k uint32, jt, jf Node, src Source) Node {
	if b == nil {
		return noNode
	}
	if len(b.memo) == 0 { // the zero Builder
		b.memo = make([]int32, 64)
	}
	mask := uint64(len(b.memo) - 1)
	i := hashNode(code, k, jt, jf) & mask
	for {
		v := b.memo[i]
		if v == 0 {
			break
		}
		if nd := &b.nodes[v-1]; nd.k == k && nd.jt == jt && nd.jf == jf && nd.code == code {
			return Node(v - 1)
		}
		i = (i + 1) & mask
	}
	at := b.zeroSrc
	if !b.noSrc {
		if last := len(b.srcs) - 1; last < 0 || b.srcs[last] != src {
			b.srcs = append(b.srcs, src)
		}
		at = int32(len(b.srcs) - 1)
	}
	n := Node(len(b.nodes))
	b.nodes = append(b.nodes, node{code: code, k: k, jt: jt, jf: jf, src: at})
	b.memo[i] = int32(n) + 1
	if 2*len(b.nodes) > len(b.memo) {
		b.rehash()
	}
	return n
}

// hashNode mixes the key of a node into 64 bits (multiplicative
// hashing: the high bits are the best mixed, so the result is rotated
// to bring them down to the slot index bits).
func hashNode(code uint16, k uint32, jt, jf Node) uint64 {
	h := (uint64(code)<<32 | uint64(k)) * 0x9e3779b97f4a7c15
	h ^= (uint64(uint32(jt))<<32 | uint64(uint32(jf))) * 0xc2b2ae3d27d4eb4f
	return h>>32 ^ h
}

// rehash doubles the memo table.
func (b *Builder) rehash() { b.resize(2 * len(b.memo)) }

// resize makes the memo table size slots long (a power of two, at least
// twice the nodes) and records every node in it again.
func (b *Builder) resize(size int) {
	b.memo = make([]int32, size)
	mask := uint64(len(b.memo) - 1)
	for n := range b.nodes {
		nd := &b.nodes[n]
		i := hashNode(nd.code, nd.k, nd.jt, nd.jf) & mask
		for b.memo[i] != 0 {
			i = (i + 1) & mask
		}
		b.memo[i] = int32(n) + 1
	}
}

func (b *Builder) exists(n Node) bool { return b != nil && n >= 0 && int(n) < len(b.nodes) }

// checkNode reports whether n names a node, recording the misuse if not.
func (b *Builder) checkNode(n Node, field string, call func() string) bool {
	if b.exists(n) {
		return true
	}
	b.fail(ErrInvalidNode, "%s: %s: %s", call(), field, b.describeBad(n))
	return false
}

func (b *Builder) describeBad(n Node) string {
	if n < 0 {
		return fmt.Sprintf("node %d is the result of a failed call", n)
	}
	return fmt.Sprintf("node %d does not exist (the builder has %d nodes)", n, b.Len())
}

// fail records the first misuse and returns an invalid Node.
func (b *Builder) fail(code ErrorCode, format string, args ...any) Node {
	if b != nil && b.err == nil {
		b.err = &Error{Code: code, Detail: fmt.Sprintf(format, args...)}
	}
	return noNode
}
