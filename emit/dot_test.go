package emit_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seccompc/seccompc/internal/testdiff"
	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/emit"
)

// dotGraph is the test's parse of Dot's output.
type dotGraph struct {
	nodes   map[string]string // id -> label
	cluster map[string]string // id -> cluster label ("" at the top level)
	edges   map[string]map[string]string
	order   []string // edges "from -> to label", in output order
}

var (
	dotNodeRE  = regexp.MustCompile(`^\s*(\w+) \[.*label="((?:[^"\\]|\\.)*)"\];$`)
	dotEdgeRE  = regexp.MustCompile(`^\s*(\w+) -> (\w+)(?: \[label="(\w+)".*\])?;$`)
	dotClustRE = regexp.MustCompile(`^\s*subgraph cluster_\d+ \{$`)
	dotLabelRE = regexp.MustCompile(`^\s*label="((?:[^"\\]|\\.)*)";$`)
)

func parseDot(t *testing.T, s string) *dotGraph {
	t.Helper()
	g := &dotGraph{nodes: map[string]string{}, cluster: map[string]string{}, edges: map[string]map[string]string{}}
	lines := strings.Split(s, "\n")
	if !strings.HasPrefix(lines[0], "digraph ") || strings.TrimSpace(s)[len(strings.TrimSpace(s))-1] != '}' {
		t.Fatalf("not a digraph:\n%s", s)
	}
	cluster, inCluster := "", false
	for _, l := range lines[1:] {
		switch {
		case dotClustRE.MatchString(l):
			inCluster = true
		case inCluster && dotLabelRE.MatchString(l):
			cluster = dotLabelRE.FindStringSubmatch(l)[1]
		case inCluster && strings.TrimSpace(l) == "}":
			inCluster, cluster = false, ""
		case dotEdgeRE.MatchString(l):
			m := dotEdgeRE.FindStringSubmatch(l)
			if g.edges[m[1]] == nil {
				g.edges[m[1]] = map[string]string{}
			}
			if _, dup := g.edges[m[1]][m[3]]; dup {
				t.Errorf("two %q edges from %s", m[3], m[1])
			}
			g.edges[m[1]][m[3]] = m[2]
			g.order = append(g.order, m[1]+" -> "+m[2]+" "+m[3])
		case dotNodeRE.MatchString(l):
			m := dotNodeRE.FindStringSubmatch(l)
			if _, dup := g.nodes[m[1]]; dup {
				t.Errorf("node %s declared twice", m[1])
			}
			g.nodes[m[1]] = m[2]
			g.cluster[m[1]] = cluster
		}
	}
	for from, es := range g.edges {
		if _, ok := g.nodes[from]; !ok {
			t.Errorf("edge from undeclared node %s", from)
		}
		for _, to := range es {
			if _, ok := g.nodes[to]; !ok {
				t.Errorf("edge %s -> undeclared node %s", from, to)
			}
		}
	}
	return g
}

// pcOf returns the instruction index a node id names ("n12", "n12_c0").
func pcOf(id string) int {
	id = strings.TrimPrefix(id, "n")
	if i := strings.IndexByte(id, '_'); i >= 0 {
		id = id[:i]
	}
	pc, err := strconv.Atoi(id)
	if err != nil {
		return -1
	}
	return pc
}

// followJA skips JA instructions from pc, as Dot promises to.
func followJA(insns []bpf.RawInstruction, pc int) int {
	for pc >= 0 && pc < len(insns) && insns[pc].Op == opJA {
		pc += 1 + int(insns[pc].K)
	}
	if pc >= len(insns) {
		return -1
	}
	return pc
}

// checkEdges checks that every block's edges lead where its final jump
// goes, and that every reachable conditional jump has its block.
func checkEdges(t *testing.T, p *emit.Program, g *dotGraph) {
	t.Helper()
	covered := map[int]bool{}
	for from, es := range g.edges {
		pc := pcOf(from)
		end := pc
		for end < len(p.Insns) && p.Insns[end].Op&0x07 != 0x05 && p.Insns[end].Op&0x07 != 0x06 {
			end++
		}
		if end >= len(p.Insns) || p.Insns[end].Op&0x07 == 0x06 {
			continue // a block cut short by a jump target: one plain edge
		}
		ins := p.Insns[end]
		covered[end] = true
		wantT := followJA(p.Insns, end+1+int(ins.Jt))
		wantF := followJA(p.Insns, end+1+int(ins.Jf))
		if wantT == wantF {
			if got := pcOf(es[""]); got != wantT {
				t.Errorf("%s: the only edge goes to pc %d, want %d", from, got, wantT)
			}
			continue
		}
		for label, want := range map[string]int{"true": wantT, "false": wantF} {
			to, ok := es[label]
			if !ok {
				t.Errorf("%s (jump at %d): no %s edge", from, end, label)
				continue
			}
			if want < 0 {
				if to != "out_of_range" {
					t.Errorf("%s: %s edge to %s, want out_of_range", from, label, to)
				}
				continue
			}
			if got := pcOf(to); got != want {
				t.Errorf("%s (jump at %d): %s edge to pc %d, want %d", from, end, label, got, want)
			}
		}
	}
	// Every conditional jump reachable from the entry is drawn.
	reach := map[int]bool{followJA(p.Insns, 0): true}
	for pc, ins := range p.Insns {
		if !reach[pc] {
			continue
		}
		switch {
		case ins.Op&0x07 == 0x06:
		case ins.Op == opJA:
		case ins.Op&0x07 == 0x05:
			reach[followJA(p.Insns, pc+1+int(ins.Jt))] = true
			reach[followJA(p.Insns, pc+1+int(ins.Jf))] = true
			if !covered[pc] {
				t.Errorf("reachable jump at pc %d has no block in the graph", pc)
			}
		default:
			reach[pc+1] = true
		}
	}
}

// twoSections builds a filter with two architecture sections whose rule
// for syscall 1 is the same code, so the hash-consed DAG shares it.
func twoSections(t *testing.T) *emit.Program {
	b := emit.NewBuilder()
	bad := b.Ret(0x80000000, emit.Source{Part: emit.PartBadArch, Rule: -1})
	section := func(name string, audit uint32) emit.Node {
		rule := emit.Source{Arch: name, Part: emit.PartRule, Rule: 0, Note: "write"}
		allow := b.Ret(0x7fff0000, rule)
		def := b.Ret(0x00050001, emit.Source{Arch: name, Part: emit.PartDefault, Rule: -1})
		tail := b.Ret(0x00050026, emit.Source{Arch: name, Part: emit.PartTail, Rule: -1, Note: "baseline 5.10"})
		cond := b.LoadAbs(16, b.Jump(opJGT, 2, def, allow, rule), rule)
		own := b.Jump(opJEQ, audit&0xff, allow, def, emit.Source{Arch: name, Part: emit.PartRule, Rule: 1, Note: "own"})
		d := emit.Source{Arch: name, Part: emit.PartDispatch, Rule: -1}
		search := b.Jump(opJEQ, 1, cond, b.Jump(opJGE, 400, tail, b.LoadAbs(20, own, d), d), d)
		return b.LoadAbs(0, search, d)
	}
	// Built from the end, as lower does: the second section first.
	second := section("aarch64", 0xc00000b7)
	first := section("x86_64", 0xc000003e)
	root := b.LoadAbs(4, b.Jump(opJEQ, 0xc000003e, first,
		b.Jump(opJEQ, 0xc00000b7, second, bad, emit.Source{Arch: "aarch64", Part: emit.PartArch, Rule: -1}),
		emit.Source{Arch: "x86_64", Part: emit.PartArch, Rule: -1}), emit.Source{Part: emit.PartArch, Rule: -1})
	return mustAssemble(t, b, root)
}

func TestDotStructure(t *testing.T) {
	two := twoSections(t)
	tests := []struct {
		name string
		prog *emit.Program
		// cluster of the node of the block starting with each
		// instruction text, "" for the top level
		clusters map[string]string
		contains []string
	}{
		{
			name: "two sections",
			prog: two,
			clusters: map[string]string{
				"A = args[0]+0":      "", // the rule both sections share
				"nr == 1 write":      "x86_64",
				"nr == 1 io_destroy": "aarch64",
				"A == 0x3e ?":        "x86_64",
				"A == 0xb7 ?":        "aarch64",
				"arch == 0xc000003e": "",
			},
			contains: []string{"ERRNO(38)\\ltail: baseline 5.10", "KILL_PROCESS\\lbadarch", `label="ALLOW\l"`},
		},
		{
			name: "trampoline and out of range",
			prog: &emit.Program{Insns: []bpf.RawInstruction{
				{Op: opLdAbsW, K: 0},
				{Op: 0x15, Jt: 0, Jf: 1, K: 7}, // jeq #7 -> 2 : 3
				{Op: opJA, K: 1},               // -> 4
				{Op: 0x15, Jt: 9, Jf: 0, K: 8}, // jeq #8 -> out of range : 4
				{Op: opRetK, K: 0x7fff0000},
			}},
			contains: []string{"out of range", "A = nr"},
		},
		{
			name:     "one return",
			prog:     &emit.Program{Insns: []bpf.RawInstruction{{Op: opRetK, K: 0x7fff0000}}},
			contains: []string{`n0 [shape=box, style="rounded,filled"`, "ALLOW"},
		},
		{
			name: "empty",
			prog: &emit.Program{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := emit.Dot(tt.prog, emit.DotOptions{Name: tt.name})
			if again := emit.Dot(tt.prog, emit.DotOptions{Name: tt.name}); again != out {
				t.Errorf("two renderings differ")
			}
			g := parseDot(t, out)
			checkEdges(t, tt.prog, g)
			for _, s := range tt.contains {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
			for prefix, want := range tt.clusters {
				var ids []string
				for id, label := range g.nodes {
					for _, l := range strings.Split(label, `\l`) {
						if strings.HasPrefix(l, prefix) {
							ids = append(ids, id)
						}
					}
				}
				if len(ids) != 1 {
					t.Errorf("%d nodes with a line %q, want 1:\n%s", len(ids), prefix, out)
					continue
				}
				if got := g.cluster[ids[0]]; got != want {
					t.Errorf("node %s (%q) in cluster %q, want %q", ids[0], prefix, got, want)
				}
			}
		})
	}
}

// Return leaves are drawn once per cluster that reaches them, so each
// cluster's drawing is self-contained; no leaf has outgoing edges.
func TestDotLeavesPerCluster(t *testing.T) {
	p := twoSections(t)
	g := parseDot(t, emit.Dot(p, emit.DotOptions{}))
	perPC := map[int][]string{}
	for id := range g.nodes {
		pc := pcOf(id)
		if p.Insns[pc].Op&0x07 == 0x06 {
			perPC[pc] = append(perPC[pc], g.cluster[id])
			if len(g.edges[id]) != 0 {
				t.Errorf("leaf %s has edges", id)
			}
		}
	}
	// The default ERRNO(1) of each section is reached from both
	// clusters and the shared block: up to three copies, all distinct.
	for pc, cs := range perPC {
		seen := map[string]bool{}
		for _, c := range cs {
			if seen[c] {
				t.Errorf("leaf at pc %d twice in cluster %q", pc, c)
			}
			seen[c] = true
		}
	}
	for id, es := range g.edges {
		for _, to := range es {
			if p.Insns[pcOf(to)].Op&0x07 == 0x06 && g.cluster[to] != g.cluster[id] {
				t.Errorf("edge %s (cluster %q) -> leaf %s (cluster %q)", id, g.cluster[id], to, g.cluster[to])
			}
		}
	}
}

func TestDotComment(t *testing.T) {
	p := twoSections(t)
	out := emit.Dot(p, emit.DotOptions{Comment: func(pc int) string {
		if p.Src[pc].Part == emit.PartRule {
			return "rule \"quoted\" " + strconv.Itoa(p.Src[pc].Rule)
		}
		return ""
	}})
	if !strings.Contains(out, `rule \"quoted\" 0\l`) {
		t.Errorf("comment missing or not escaped:\n%s", out)
	}
	if strings.Contains(out, "dispatch") {
		t.Errorf("dispatch nodes carry a heading:\n%s", out)
	}
	if diff := testdiff.Diff(parseDot(t, out).order, parseDot(t, emit.Dot(p, emit.DotOptions{})).order); diff != "" {
		t.Errorf("the comment changed the edges (-with +without):\n%s", diff)
	}
}

// A rule's heading is printed on the block that enters it, not on the
// blocks that continue it.
func TestDotHeadingOnce(t *testing.T) {
	b := emit.NewBuilder()
	rule := emit.Source{Arch: "x86_64", Part: emit.PartRule, Rule: 0, Note: "write"}
	d := emit.Source{Arch: "x86_64", Part: emit.PartDispatch, Rule: -1}
	allow := b.Ret(0x7fff0000, rule)
	def := b.Ret(0x00050001, emit.Source{Arch: "x86_64", Part: emit.PartDefault, Rule: -1})
	lo := b.LoadAbs(16, b.Jump(opJGT, 2, def, allow, rule), rule)
	hi := b.LoadAbs(20, b.Jump(opJEQ, 0, lo, def, rule), rule)
	root := b.LoadAbs(0, b.Jump(opJEQ, 1, hi, def, d), d)
	p := mustAssemble(t, b, root)
	g := parseDot(t, emit.Dot(p, emit.DotOptions{}))
	want := map[string]bool{"A = args[0]+4": true, "A = args[0]+0": false}
	for first, heading := range want {
		n := 0
		for _, label := range g.nodes {
			lines := strings.Split(label, `\l`)
			if i := indexOf(lines, first); i >= 0 {
				n++
				if got := i > 0 && lines[0] == "x86_64 rule 0: write"; got != heading {
					t.Errorf("block %q: heading shown %v, want %v (%q)", first, got, heading, label)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d blocks start with %q, want 1", n, first)
		}
	}
}

func indexOf(lines []string, s string) int {
	for i, l := range lines {
		if l == s {
			return i
		}
	}
	return -1
}

// TestRenderersKeepTextInPlace gives Dot and Disassemble names and
// comments that could end a string or a line (a line break, NUL, an
// invalid byte, a quote): the output must stay valid UTF-8 without
// control characters, Disassemble one line per instruction, and Dot's
// structure the same as with plain text.
func TestRenderersKeepTextInPlace(t *testing.T) {
	p := twoSections(t)
	plain := parseDot(t, emit.Dot(p, emit.DotOptions{Name: "plain", Comment: func(int) string { return "plain" }}))
	for _, s := range []string{"nl\n}\ndigraph x {", "cr\rx", "nul\x00x", "bad\xff\xfe", `q"uote\`, "a*/ b /*"} {
		comment := func(pc int) string {
			if p.Src[pc].Part == emit.PartRule {
				return s
			}
			return ""
		}
		for what, out := range map[string]string{
			"Dot":         emit.Dot(p, emit.DotOptions{Name: s, Comment: comment}),
			"Disassemble": emit.Disassemble(p.Insns, emit.DisasmOptions{Comment: comment}),
		} {
			if !utf8.ValidString(out) || strings.ContainsFunc(out, func(r rune) bool { return r < ' ' && r != '\n' && r != '\t' }) {
				t.Errorf("%s with text %q: invalid UTF-8 or a control character:\n%q", what, s, out)
			}
		}
		if n := strings.Count(emit.Disassemble(p.Insns, emit.DisasmOptions{Comment: comment}), "\n"); n != len(p.Insns) {
			t.Errorf("Disassemble with comment %q: %d lines for %d instructions", s, n, len(p.Insns))
		}
		g := parseDot(t, emit.Dot(p, emit.DotOptions{Name: s, Comment: comment}))
		if diff := testdiff.Diff(plain.order, g.order); diff != "" || len(g.nodes) != len(plain.nodes) {
			t.Errorf("Dot with text %q: %d nodes, want %d; edges (-plain +got):\n%s", s, len(g.nodes), len(plain.nodes), diff)
		}
	}
}
