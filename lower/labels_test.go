package lower_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// A label is a claim. TestLabelsAreTrue compiles every testdata policy
// and profile for every architecture as the target, with and without
// the optimizer, and checks the claims that the sources of the program
// (what asm, sim and dot show) make:
//
//   - an instruction that tests a constant (a conditional jump, an AND)
//     is dispatch, an architecture check or the tail, or its label's
//     rule compares with that constant (as the low or high word of a
//     constant c of one of the rule's conditions, of c-1 or c+1, or one
//     more than the high word: what the lowering of comparisons and
//     value sets tests);
//   - on every path of the program, every label that names
//     architectures (but the architecture checks') names the path's, and the return's label names the
//     path's architecture (a section's default or tail), and what it
//     says about the path's syscalls holds for every syscall number of
//     the path: a rule's return names a rule of each of them, a
//     default that names a syscall is reached by that syscall only, a
//     tail "unassigned" by numbers no syscall has, a tail "baseline X"
//     by syscalls only.
func TestLabelsAreTrue(t *testing.T) {
	type input struct {
		name string
		data []byte
	}
	var inputs []input
	for _, glob := range []string{"../testdata/policies/*.policy", "../testdata/profiles/*.json"} {
		files, err := filepath.Glob(glob)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no files (%v)", glob, err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, input{filepath.Base(f), data})
		}
	}
	if testing.Short() {
		inputs = inputs[:3]
	}
	for _, in := range inputs {
		for _, a := range arch.All() {
			p, _, _, err := profile.Load(in.data, profile.Options{Filename: in.name, Target: a.Name})
			if err != nil {
				t.Fatalf("%s for %s: %v", in.name, a.Name, err)
			}
			r, _, err := ir.Resolve(p, a.Name)
			if err != nil {
				t.Fatalf("%s for %s: %v", in.name, a.Name, err)
			}
			for _, opt := range []lower.Options{{Optimize: true}, {Optimize: false}} {
				prog, err := lower.CompileOptions(r, opt)
				if err != nil {
					if strings.Contains(err.Error(), "program too long") {
						continue
					}
					t.Fatalf("%s for %s: %v", in.name, a.Name, err)
				}
				name := fmt.Sprintf("%s for %s (optimize %v)", in.name, a.Name, opt.Optimize)
				for _, msg := range checkLabels(r, prog) {
					t.Errorf("%s: %s", name, msg)
				}
			}
		}
	}
}

// checkLabels returns the false claims of prog's labels, at most a few
// of each kind.
func checkLabels(r *ir.Resolved, prog *emit.Program) []string {
	var out []string
	seen := map[string]int{}
	report := func(kind, format string, args ...any) {
		if seen[kind]++; seen[kind] <= 3 {
			out = append(out, fmt.Sprintf(format, args...))
		}
	}
	consts := ruleConstants(r)
	for pc, ins := range prog.Insns {
		src := prog.Src[pc]
		k, tests := testedConstant(ins)
		if !tests {
			continue
		}
		switch src.Part {
		case emit.PartDispatch, emit.PartArch, emit.PartTail:
			continue
		case emit.PartRule:
			if src.Rule >= 0 && consts[src.Rule][k] {
				continue
			}
		}
		report("constant", "pc %d %s tests %#x, but its label %q (rule %d: %s) has no such constant", pc, insString(ins), k, src, src.Rule, ruleText(r, src.Rule))
	}
	err := verify.Paths(prog.Insns, nil, func(path *verify.Path) bool {
		pc := path.PCs[len(path.PCs)-1]
		src := prog.Src[pc]
		d, _ := path.Cube.Witness(r.Target.BigEndian)
		ap := r.ArchFor(d.Arch, d.Nr)
		if ap == nil {
			if src.Part != emit.PartBadArch && !(src.Part == emit.PartShared && strings.Contains(src.Note, "bad architecture")) {
				report("badarch", "pc %d: a path of a foreign architecture (arch %#x) ends at a return labelled %q", pc, d.Arch, src)
			}
			return true
		}
		nrs := pathNumbers(r, ap, &path.Cube, d)
		for _, q := range path.PCs[:len(path.PCs)-1] {
			// An architecture check names the architecture it checks for.
			if s := prog.Src[q]; s.Part != emit.PartArch && s.Arch != "" && !slices.Contains(labelArches(s.Arch), ap.Arch.Name) {
				report("arch", "pc %d: a path of %s (nr %#x) passes pc %d labelled %q", pc, ap.Arch.Name, d.Nr, q, s)
			}
		}
		switch src.Part {
		case emit.PartDefault, emit.PartTail, emit.PartRule, emit.PartShared:
			if !slices.Contains(labelArches(src.Arch), ap.Arch.Name) {
				report("arch", "pc %d: a path of %s (nr %#x) ends at a return labelled %q", pc, ap.Arch.Name, d.Nr, src)
			}
		default:
			report("part", "pc %d: a path of %s (nr %#x) ends at a return labelled %q", pc, ap.Arch.Name, d.Nr, src)
			return true
		}
		// What decides the path's smallest input.
		dec := r.Decide(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args})
		var why string
		switch {
		case src.Part == emit.PartRule && src.Rule >= 0:
			if entries, _ := ap.Entries(d.Nr); dec.Reason != ir.ReasonRule || entries[dec.Entry].Rule != src.Rule {
				why = "its rule does not decide it"
			}
		case src.Part == emit.PartDefault:
			if dec.Reason != ir.ReasonDefault && dec.Reason != ir.ReasonNoMatch {
				why = "the default does not decide it"
			}
		case src.Part == emit.PartTail:
			if dec.Reason != ir.ReasonTail {
				why = "the tail does not decide it"
			}
		}
		if why != "" {
			report("decides", "pc %d: a path of %s ends at a return labelled %q, but %s: %v for nr %#x args %#x", pc, ap.Arch.Name, src, why, dec, d.Nr, d.Args)
		}
		for _, nr := range nrs {
			entries, named := ap.Entries(nr)
			sc, assigned := ap.Table.ByNr(nr)
			switch {
			case src.Part == emit.PartRule && src.Rule >= 0:
				if !slices.ContainsFunc(entries, func(e ir.Entry) bool { return e.Rule == src.Rule }) {
					report("rule", "pc %d: a path of %s nr %#x (%s) ends at a return labelled %q, rule %d (%s), which is not a rule of that syscall", pc, ap.Arch.Name, nr, sc.Name, src, src.Rule, ruleText(r, src.Rule))
				}
			case src.Part == emit.PartDefault && src.Note != "":
				if !named || sc.Name != src.Note {
					report("default", "pc %d: a path of %s nr %#x (%s) ends at a return labelled %q", pc, ap.Arch.Name, nr, sc.Name, src)
				}
			case src.Part == emit.PartTail && src.Note == "unassigned":
				if assigned {
					report("tail", "pc %d: a path of %s nr %#x (%s, added in %s) ends at a return labelled %q", pc, ap.Arch.Name, nr, sc.Name, sc.Since, src)
				}
			case src.Part == emit.PartTail && strings.HasPrefix(src.Note, "baseline ") && !strings.Contains(src.Note, "unassigned"):
				if !assigned {
					report("tail", "pc %d: a path of %s nr %#x (unassigned) ends at a return labelled %q", pc, ap.Arch.Name, nr, src)
				}
			}
		}
		return true
	})
	if err != nil {
		out = append(out, fmt.Sprintf("paths: %v", err))
	}
	for kind, n := range seen {
		if n > 3 {
			out = append(out, fmt.Sprintf("... and %d more of kind %s", n-3, kind))
		}
	}
	return out
}

// labelArches splits the Arch of a source: "x86_64", "x86_64, x86" or
// "[x86_64 x32]".
func labelArches(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '[' || r == ']' })
}

// pathNumbers returns the syscall numbers of ap's region that the path
// takes, among those where verdicts can change: every number of the
// table and every number rules name, the numbers next to them, and the
// ends of the region. d is a witness of the path, for the other words.
func pathNumbers(r *ir.Resolved, ap *ir.ArchPolicy, cube *verify.Cube, d verify.SeccompData) []uint32 {
	var cand []uint32
	add := func(n uint32) { cand = append(cand, n-1, n, n+1) }
	for s := range ap.Table.All() {
		add(s.Nr)
	}
	for _, n := range ap.Nrs {
		add(n)
	}
	for _, rg := range r.Regions(d.Arch) {
		add(rg.Lo)
		add(rg.Hi)
	}
	slices.Sort(cand)
	cand = slices.Compact(cand)
	var out []uint32
	for _, n := range cand {
		e := d
		e.Nr = n
		if cube.Holds(&e, r.Target.BigEndian) && r.ArchFor(d.Arch, n) == ap {
			out = append(out, n)
		}
	}
	return out
}

// ruleConstants returns, per rule, the words its conditions can be
// lowered to compare with, on every architecture and through every
// multiplexer.
func ruleConstants(r *ir.Resolved) map[int]map[uint32]bool {
	out := map[int]map[uint32]bool{}
	add := func(rule int, c uint64) {
		m := out[rule]
		if m == nil {
			m = map[uint32]bool{}
			out[rule] = m
		}
		for _, x := range []uint64{c - 1, c, c + 1} {
			m[uint32(x)] = true
			m[uint32(x>>32)] = true
			m[uint32(x>>32)+1] = true
		}
	}
	var walk func(rule int, x *ir.Expr)
	walk = func(rule int, x *ir.Expr) {
		if x == nil {
			return
		}
		if x.Op == ir.OpCmp {
			add(rule, x.Val)
			if x.Cmp.Masked() {
				add(rule, x.Mask)
			}
		}
		for _, s := range x.Sub {
			walk(rule, s)
		}
	}
	for _, ap := range r.Arches {
		for i := range ap.Nrs {
			for _, e := range ap.EntriesAt(i) {
				walk(e.Rule, e.Cond)
			}
		}
	}
	return out
}

// testedConstant returns the constant a conditional jump or an ALU
// operation with K compares or combines A with.
func testedConstant(ins bpf.RawInstruction) (uint32, bool) {
	switch ins.Op & bpfop.ClassMask {
	case bpfop.JMP:
		return ins.K, ins.Op&bpfop.OpMask != bpfop.JA && ins.Op&bpfop.SrcMask == bpfop.K
	case bpfop.ALU:
		return ins.K, ins.Op&bpfop.SrcMask == bpfop.K
	}
	return 0, false
}

func insString(ins bpf.RawInstruction) string {
	return strings.TrimSpace(emit.Disassemble([]bpf.RawInstruction{ins}, emit.DisasmOptions{}))
}

func ruleText(r *ir.Resolved, i int) string {
	if i < 0 || i >= len(r.Policy.Rules) {
		return "no rule"
	}
	return r.Policy.Rules[i].String()
}
