package emit

import (
	"fmt"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/internal/quote"
)

// DotOptions configures [Dot].
type DotOptions struct {
	// Name is the graph's name and title; "" for "filter".
	Name string
	// Comment returns the heading of the block that starts at
	// instruction pc (the source rule, for a compiled program); nil, or
	// an empty result, means the instruction's [Source].
	Comment func(pc int) string
}

// Dot renders p as a Graphviz digraph of its decision structure.
//
// Each node is a basic block: a run of instructions entered only at its
// first one, ending in a conditional jump or a return. JA instructions
// (trampolines) are followed, not drawn. A block's label is its heading
// (the [Source] of its first instruction, or [DotOptions.Comment]; none
// for the architecture check and the dispatch, nor for a block whose
// predecessors all have the same heading) and one line per instruction:
// "A = args[0]+0" for a load, "A &= 0xff00" for an ALU instruction,
// "nr >= 231 exit_group ?" for a jump, with
// architecture and syscall names as [Disassemble] gives them. Jumps
// have a "true" edge and a dashed "false" edge.
//
// Blocks are grouped into one cluster per architecture section, named by
// the [Source.Arch] of the section's first block; the architecture check
// and the blocks that several sections share (the DAG is hash-consed)
// stay outside. Return instructions are drawn as leaves, one per
// cluster that reaches them, filled by action (green for ALLOW, blue for
// LOG, yellow for ERRNO, TRAP, TRACE and NOTIFY, red for the kills) and
// labelled with the action and, for the default, the ENOSYS tail and
// the bad-architecture action, that part of the filter. (Returns are
// hash-consed: one rule's return may serve others with the same
// action.) Shapes: ellipses for the architecture check and the dispatch
// on the syscall number, boxes for rules.
//
// The output depends only on p, so it is stable across runs. Dot does
// not check the program: a jump out of range leads to a node labelled
// "out of range", and unreachable instructions are left out.
func Dot(p *Program, opts DotOptions) string {
	if p == nil {
		p = &Program{}
	}
	g := newDotGraph(p, opts)
	return g.render()
}

// dotBlock is a basic block of the program.
type dotBlock struct {
	start, end int    // instructions start..end inclusive
	cluster    string // architecture section, "" for the top level
	leaf       bool   // a lone return
}

type dotGraph struct {
	p      *Program
	opts   DotOptions
	ctx    []flowCtx
	blocks map[int]*dotBlock // by start pc
	order  []int             // block starts, ascending
	preds  map[int][]int     // block start -> starts of its predecessors
}

func newDotGraph(p *Program, opts DotOptions) *dotGraph {
	g := &dotGraph{p: p, opts: opts, ctx: flowContexts(p.Insns), blocks: map[int]*dotBlock{}, preds: map[int][]int{}}
	n := len(p.Insns)
	// Leaders: the entry and every (JA-resolved) jump target reachable
	// from it. Walk in pc order; jumps only go forward.
	leader := make([]bool, n)
	reach := make([]bool, n)
	mark := func(pc int) {
		if pc >= 0 && pc < n {
			leader[pc] = true
			reach[pc] = true
		}
	}
	if n > 0 {
		mark(g.resolve(0))
	}
	for pc := 0; pc < n; pc++ {
		if !reach[pc] {
			continue
		}
		ins := p.Insns[pc]
		switch {
		case isRet(ins):
		case isCondJump(ins):
			mark(g.resolve(pc + 1 + int(ins.Jt)))
			mark(g.resolve(pc + 1 + int(ins.Jf)))
		case ins.Op == bpfop.Ja:
			mark(g.resolve(pc))
		default:
			if pc+1 < n {
				reach[pc+1] = true
			}
		}
	}
	for pc := 0; pc < n; pc++ {
		if !leader[pc] || p.Insns[pc].Op == bpfop.Ja {
			continue
		}
		b := &dotBlock{start: pc, end: pc}
		for !isRet(p.Insns[b.end]) && !isCondJump(p.Insns[b.end]) && b.end+1 < n && !leader[b.end+1] && p.Insns[b.end+1].Op != bpfop.Ja {
			b.end++
		}
		b.leaf = b.start == b.end && isRet(p.Insns[pc])
		g.blocks[pc] = b
		g.order = append(g.order, pc)
	}
	g.assignClusters()
	return g
}

// assignClusters puts each block in the cluster of the one section that
// reaches it. The hash-consed DAG shares code between sections (a rule
// compiled alike for two architectures of one byte order); such blocks,
// and the architecture check, stay at the top level.
func (g *dotGraph) assignClusters() {
	type owner struct {
		name   string
		shared bool
	}
	owners := map[int]*owner{}
	reach := func(to int, name string, shared bool) {
		if to < 0 {
			return
		}
		o := owners[to]
		switch {
		case o == nil:
			owners[to] = &owner{name: name, shared: shared}
		case o.name != name || shared:
			o.shared = true
		}
	}
	for _, pc := range g.order {
		b := g.blocks[pc]
		o := owners[pc]
		part := g.src(pc).Part
		top := o == nil || part == PartArch || part == PartBadArch
		if !top && !o.shared {
			b.cluster = o.name
		}
		for _, e := range g.edges(b) {
			if e.to >= 0 {
				g.preds[e.to] = append(g.preds[e.to], pc)
			}
			switch {
			case top:
				// Entering a section: it is named by its first block.
				reach(e.to, g.src(max(e.to, 0)).Arch, false)
			case o.shared:
				reach(e.to, "", true)
			default:
				reach(e.to, o.name, false)
			}
		}
	}
}

func isRet(ins bpf.RawInstruction) bool { return ins.Op&bpfop.ClassMask == bpfop.RET }

func isCondJump(ins bpf.RawInstruction) bool {
	return ins.Op&bpfop.ClassMask == bpfop.JMP && ins.Op != bpfop.Ja
}

// resolve follows JA instructions from pc to the first instruction that
// is not one; it returns -1 for a target outside the program.
func (g *dotGraph) resolve(pc int) int {
	for steps := 0; pc >= 0 && pc < len(g.p.Insns); steps++ {
		ins := g.p.Insns[pc]
		if ins.Op != bpfop.Ja || steps > len(g.p.Insns) {
			return pc
		}
		pc = pc + 1 + int(ins.K)
	}
	return -1
}

func (g *dotGraph) src(pc int) Source {
	if pc < len(g.p.Src) {
		return g.p.Src[pc]
	}
	return Source{}
}

// heading is the first label line of the block starting at pc.
func (g *dotGraph) heading(pc int) string {
	if g.opts.Comment != nil {
		if s := g.opts.Comment(pc); s != "" {
			return s
		}
	}
	return g.src(pc).String()
}

// successor is one outgoing edge of a block.
type dotEdge struct {
	to    int // pc, -1 out of range
	label string
}

func (g *dotGraph) edges(b *dotBlock) []dotEdge {
	ins := g.p.Insns[b.end]
	switch {
	case isRet(ins):
		return nil
	case isCondJump(ins):
		t := g.resolve(b.end + 1 + int(ins.Jt))
		f := g.resolve(b.end + 1 + int(ins.Jf))
		if t == f {
			return []dotEdge{{to: t}}
		}
		return []dotEdge{{to: t, label: "true"}, {to: f, label: "false"}}
	}
	return []dotEdge{{to: g.resolve(b.end + 1)}}
}

// nodeID names the node that a block in cluster from sees for the block
// at pc: return leaves are drawn once per cluster.
func (g *dotGraph) nodeID(pc int, from string, clusters map[string]int) string {
	if pc < 0 {
		return "out_of_range"
	}
	b := g.blocks[pc]
	if b == nil || !b.leaf || from == "" {
		return fmt.Sprintf("n%d", pc)
	}
	return fmt.Sprintf("n%d_c%d", pc, clusters[from])
}

func (g *dotGraph) render() string {
	var w strings.Builder
	name := g.opts.Name
	if name == "" {
		name = "filter"
	}
	fmt.Fprintf(&w, "digraph %s {\n", dotQuote(name))
	fmt.Fprintf(&w, "\tgraph [label=%s, labelloc=t, fontname=\"monospace\", rankdir=TB];\n", dotQuote(name))
	w.WriteString("\tnode [fontname=\"monospace\", fontsize=10];\n")
	w.WriteString("\tedge [fontname=\"monospace\", fontsize=9];\n")

	// Clusters in order of first appearance; leaves go to every cluster
	// that reaches them.
	clusters := map[string]int{}
	var clusterNames []string
	addCluster := func(c string) {
		if _, ok := clusters[c]; !ok && c != "" {
			clusters[c] = len(clusterNames)
			clusterNames = append(clusterNames, c)
		}
	}
	for _, pc := range g.order {
		addCluster(g.blocks[pc].cluster)
	}
	// members[c] lists node declarations of cluster c ("" = top level).
	members := map[string][]string{}
	declared := map[string]bool{}
	declare := func(cluster, id, decl string) {
		if declared[id] {
			return
		}
		declared[id] = true
		members[cluster] = append(members[cluster], decl)
	}
	var edgeLines []string
	outOfRange := false
	for _, pc := range g.order {
		b := g.blocks[pc]
		switch {
		case !b.leaf:
			declare(b.cluster, g.nodeID(pc, b.cluster, clusters), g.blockDecl(b, g.nodeID(pc, b.cluster, clusters)))
		case pc == g.order[0]:
			// A program that is one return; other leaves are declared
			// by the edges that reach them, in the edge's cluster.
			declare("", g.nodeID(pc, "", clusters), g.leafDecl(b, g.nodeID(pc, "", clusters)))
		}
		for _, e := range g.edges(b) {
			to := g.nodeID(e.to, b.cluster, clusters)
			if e.to < 0 {
				outOfRange = true
			} else if tb := g.blocks[e.to]; tb != nil && tb.leaf {
				declare(b.cluster, to, g.leafDecl(tb, to))
			}
			attrs := ""
			switch e.label {
			case "true":
				attrs = ` [label="true"]`
			case "false":
				attrs = ` [label="false", style=dashed]`
			}
			edgeLines = append(edgeLines, fmt.Sprintf("\t%s -> %s%s;\n", g.nodeID(pc, b.cluster, clusters), to, attrs))
		}
	}
	if outOfRange {
		members[""] = append(members[""], "out_of_range [shape=octagon, style=filled, fillcolor=\"#ff8080\", label=\"out of range\"];")
	}
	for _, decl := range members[""] {
		fmt.Fprintf(&w, "\t%s\n", decl)
	}
	for i, c := range clusterNames {
		fmt.Fprintf(&w, "\tsubgraph cluster_%d {\n", i)
		fmt.Fprintf(&w, "\t\tlabel=%s;\n\t\tstyle=rounded;\n", dotQuote(c))
		for _, decl := range members[c] {
			fmt.Fprintf(&w, "\t\t%s\n", decl)
		}
		w.WriteString("\t}\n")
	}
	for _, l := range edgeLines {
		w.WriteString(l)
	}
	w.WriteString("}\n")
	return w.String()
}

// blockDecl declares an inner block: its heading and instructions.
func (g *dotGraph) blockDecl(b *dotBlock, id string) string {
	// The architecture check and the dispatch need no heading: the
	// cluster names the section and the lines say what is tested.
	var lines []string
	shape := "ellipse"
	switch g.src(b.start).Part {
	case PartArch, PartDispatch:
	default:
		shape = "box"
		if h := g.heading(b.start); !g.continues(b.start, h) {
			lines = append(lines, h)
		}
	}
	for pc := b.start; pc <= b.end; pc++ {
		lines = append(lines, g.insnText(pc))
	}
	return fmt.Sprintf("%s [shape=%s, label=%s];", id, shape, dotLabel(lines))
}

// continues reports whether every predecessor of the block at pc has
// heading h, so that the block continues their rule and its label can
// leave the heading out.
func (g *dotGraph) continues(pc int, h string) bool {
	preds := g.preds[pc]
	for _, q := range preds {
		if p := g.src(q).Part; p == PartArch || p == PartDispatch || g.heading(q) != h {
			return false
		}
	}
	return len(preds) > 0
}

// leafDecl declares a return leaf.
func (g *dotGraph) leafDecl(b *dotBlock, id string) string {
	ins := g.p.Insns[b.start]
	action := "ret A"
	if ins.Op == bpfop.RetK {
		action = RetString(ins.K)
	}
	lines := []string{action}
	s := g.src(b.start)
	switch s.Part {
	case PartDefault, PartTail, PartBadArch:
		part := s.Part.String()
		if s.Part == PartTail && s.Note != "" {
			part += ": " + s.Note
		}
		lines = append(lines, part)
	}
	return fmt.Sprintf("%s [shape=box, style=\"rounded,filled\", fillcolor=\"%s\", label=%s];", id, retColor(ins), dotLabel(lines))
}

func retColor(ins bpf.RawInstruction) string {
	if ins.Op != bpfop.RetK {
		return "#dddddd"
	}
	switch ins.K & bpfop.RetActionFull {
	case bpfop.RetAllow:
		return "#b8f0b8" // ALLOW
	case bpfop.RetLog:
		return "#b8d8f8" // LOG
	case bpfop.RetErrno, bpfop.RetTrap, bpfop.RetTrace, bpfop.RetUserNotif:
		return "#f8f0a0" // ERRNO, TRAP, TRACE, NOTIFY
	}
	return "#f8b0b0" // the kills and unknown actions
}

// insnText describes instruction pc in terms of the accumulator.
func (g *dotGraph) insnText(pc int) string {
	ins := g.p.Insns[pc]
	c := g.ctx[pc]
	switch {
	case ins.Op == bpfop.LdAbsW:
		return "A = " + fieldName(ins.K)
	case ins.Op&bpfop.ClassMask == bpfop.ALU && ins.Op&bpfop.SrcMask == bpfop.K:
		if op, ok := aluSymbols[ins.Op&bpfop.OpMask]; ok {
			if ins.Op&bpfop.OpMask == bpfop.NEG {
				return "A = -A"
			}
			return fmt.Sprintf("A %s= %#x", op, ins.K)
		}
	case isCondJump(ins) && ins.Op&bpfop.SrcMask == bpfop.K:
		op, ok := jumpSymbols[ins.Op&bpfop.OpMask]
		if !ok {
			break
		}
		lhs, k := "A", fmt.Sprintf("%#x", ins.K)
		switch c.acc {
		case accArch:
			lhs = "arch"
			if n := archName(ins.K); n != "" {
				k += " " + n
			}
		case accNr:
			lhs = "nr"
			k = fmt.Sprintf("%d", ins.K)
			if n := syscallName(c.audit, ins.K); n != "" {
				k += " " + n
			}
		}
		return fmt.Sprintf("%s %s %s ?", lhs, op, k)
	}
	return insnString(ins)
}

var aluSymbols = map[uint16]string{
	bpfop.ADD: "+", bpfop.SUB: "-", bpfop.MUL: "*", bpfop.DIV: "/", bpfop.OR: "|", bpfop.AND: "&",
	bpfop.LSH: "<<", bpfop.RSH: ">>", bpfop.NEG: "neg", bpfop.MOD: "%", bpfop.XOR: "^",
}

var jumpSymbols = map[uint16]string{bpfop.JEQ: "==", bpfop.JGT: ">", bpfop.JGE: ">=", bpfop.JSET: "&"}

// dotQuote quotes s as a Graphviz string. Text that is not printable
// UTF-8 (a file name with a line break or an invalid byte, given as the
// graph's name) is shown in Go-quoted form, so that the string holds no
// control character and the file is valid UTF-8, as Graphviz reads it.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(quote.Text(s)) + `"`
}

// dotLabel joins lines into a left-justified Graphviz label; each line
// is made safe as in dotQuote.
func dotLabel(lines []string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	var b strings.Builder
	b.WriteByte('"')
	for _, l := range lines {
		b.WriteString(r.Replace(quote.Text(l)))
		b.WriteString(`\l`)
	}
	b.WriteByte('"')
	return b.String()
}
