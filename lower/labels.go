package lower

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/ir"
)

// The sources of the instructions are labels that asm, sim and dot show,
// and a label is a claim. Hash-consing shares a node between the
// sections and syscalls that need the same code, but a node keeps the
// source of the first of them: a return shared by x86_64 and x86 would
// say "x86 default" on an x86_64 path, the ENOSYS of unassigned numbers
// "tail: unassigned" for a syscall newer than the baseline, an ALLOW
// "rule 0: read" for socket. relabel recomputes the labels of the
// assembled program from what reaches each instruction.

// reach is a set of inputs that reach an instruction: one audit value
// (when known) and a run of syscall numbers, with what A holds.
type reach struct {
	audit  uint32
	known  bool // audit is known: the path passed the architecture check
	a      uint8
	lo, hi uint32
}

// What A holds.
const (
	aOther uint8 = iota
	aNr
	aArch
)

// reaches computes, for every instruction of prog, the reach sets of
// the paths that get there, exactly for the audit value and the syscall
// number (the only words the architecture check and the dispatch test),
// as sorted, coalesced runs: those of pc are flat[start[pc]:start[pc+1]].
func reaches(prog []bpf.RawInstruction) (flat []reach, start []int32) {
	// The runs pushed to each pc wait in linked lists in one arena.
	type link struct {
		r    reach
		next int32 // 1 + the index of the next link, 0 at the end
	}
	arena := make([]link, 0, 2*len(prog))
	head := make([]int32, len(prog))
	flat = make([]reach, 0, 2*len(prog))
	start = make([]int32, len(prog)+1)
	push := func(to int, r reach) {
		if to < len(prog) && r.lo <= r.hi {
			arena = append(arena, link{r, head[to]})
			head[to] = int32(len(arena))
		}
	}
	push(0, reach{lo: 0, hi: ^uint32(0)})
	for pc, ins := range prog {
		start[pc] = int32(len(flat))
		for i := head[pc]; i != 0; i = arena[i-1].next {
			flat = append(flat, arena[i-1].r)
		}
		if ins.Op&bpfop.ClassMask == bpfop.RET {
			// A return passes nothing on: its runs stay as they came (the
			// same run may come twice, along two branches of a condition).
			continue
		}
		flat = append(flat[:start[pc]], coalesce(flat[start[pc]:])...)
		rs := flat[start[pc]:]
		switch ins.Op & bpfop.ClassMask {
		case bpfop.LD:
			for _, r := range rs {
				r.a = aOther
				if ins.Op == bpfop.LdAbsW {
					switch ins.K {
					case bpfop.OffNr:
						r.a = aNr
					case bpfop.OffArch:
						r.a = aArch
					}
				}
				push(pc+1, r)
			}
		case bpfop.ALU:
			for _, r := range rs {
				r.a = aOther
				push(pc+1, r)
			}
		case bpfop.MISC: // TAX keeps A, TXA replaces it
			for _, r := range rs {
				if ins.Op != bpfop.Tax {
					r.a = aOther
				}
				push(pc+1, r)
			}
		case bpfop.JMP:
			op, k := ins.Op&bpfop.OpMask, ins.K
			if op == bpfop.JA {
				for _, r := range rs {
					push(pc+1+int(k), r)
				}
				continue
			}
			jt, jf := pc+1+int(ins.Jt), pc+1+int(ins.Jf)
			for _, r := range rs {
				t, f := r, r
				switch {
				case ins.Op&bpfop.SrcMask == bpfop.X: // nothing known
				case r.a == aArch && op == bpfop.JEQ: // an audit
					t.audit, t.known = k, true
				case r.a == aNr && op == bpfop.JEQ: // jf takes the run without k
					if k < r.lo || k > r.hi {
						t.lo, t.hi = 1, 0
						break
					}
					t.lo, t.hi = k, k
					if k > r.lo {
						below := r
						below.hi = k - 1
						push(jf, below)
					}
					if k == r.hi {
						f.lo, f.hi = 1, 0
					} else {
						f.lo = k + 1
					}
				case r.a == aNr && (op == bpfop.JGT || op == bpfop.JGE):
					if op == bpfop.JGT {
						if k == ^uint32(0) {
							t.lo, t.hi = 1, 0
							break
						}
						k++
					}
					t.lo = max(t.lo, k)
					if k == 0 {
						f.lo, f.hi = 1, 0
					} else {
						f.hi = min(f.hi, k-1)
					}
				}
				push(jt, t)
				push(jf, f)
			}
		default: // ST, STX keep A; RET ends
			if ins.Op&bpfop.ClassMask != bpfop.RET {
				for _, r := range rs {
					push(pc+1, r)
				}
			}
		}
	}
	start[len(prog)] = int32(len(flat))
	return flat, start
}

// coalesce sorts rs and merges the runs of one audit and content of A
// that overlap or touch.
func coalesce(rs []reach) []reach {
	if len(rs) < 2 {
		return rs
	}
	slices.SortFunc(rs, func(x, y reach) int {
		if c := cmp.Compare(x.key(), y.key()); c != 0 {
			return c
		}
		return cmp.Compare(x.lo, y.lo)
	})
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.key() == last.key() && (r.lo <= last.hi || r.lo-1 == last.hi) {
			last.hi = max(last.hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

// key is what runs must share to be merged: the audit value, whether it
// is known, and what A holds.
func (r reach) key() uint64 {
	k := uint64(r.audit)<<8 | uint64(r.a)
	if r.known {
		k |= 1 << 4
	}
	return k
}

// piece is a run of syscall numbers of one section that reaches an
// instruction, with its figures (see compiler.count).
type piece struct {
	ap     *ir.ArchPolicy
	lo, hi uint32

	first, named int    // the numbers rules name: ap.Nrs[first:first+named]
	def          uint64 // numbers no rule names that get the default action
}

func (p *piece) size() uint64 { return uint64(p.hi-p.lo) + 1 }

// relabel rewrites the sources of prog's rule, default, tail and
// bad-arch instructions so that each holds for every path through it:
// the section is every section whose paths get there ("x86_64, x86"), a
// syscall name in a note only when that syscall alone gets there, a
// tail's note what its numbers are, and a return's rule one that decides
// every input that gets there; a return that several rules, defaults,
// tails or the bad-arch action share becomes PartShared, naming them.
func (c *compiler) relabel(prog *emit.Program) {
	flat, start := reaches(prog.Insns)
	regions := map[uint32][]ir.Region{}
	c.defNums = map[*ir.ArchPolicy][]uint32{}
	var pieces []piece
	for pc := range prog.Insns {
		src := &prog.Src[pc]
		switch src.Part {
		case emit.PartRule, emit.PartDefault, emit.PartTail, emit.PartBadArch, emit.PartDispatch, emit.PartTrampoline:
		default:
			continue
		}
		pieces = pieces[:0]
		bad := false // a path of an architecture the filter does not cover gets here
		for _, r := range flat[start[pc]:start[pc+1]] {
			if !r.known {
				bad = true
				continue
			}
			rgs, ok := regions[r.audit]
			if !ok {
				rgs = c.r.Regions(r.audit)
				regions[r.audit] = rgs
			}
			for _, rg := range rgs {
				if r.lo <= rg.Hi && rg.Lo <= r.hi {
					if rg.Arch == nil {
						bad = true
						continue
					}
					pieces = append(pieces, piece{ap: rg.Arch, lo: max(r.lo, rg.Lo), hi: min(r.hi, rg.Hi)})
				}
			}
		}
		if len(pieces) == 0 {
			continue // the prologue, or the bad-arch action alone
		}
		ins := prog.Insns[pc]
		if ins.Op != 0x06 {
			c.relabelInsn(src, pieces)
			continue
		}
		pieces = c.count(pieces)
		c.relabelRet(src, ins.K, pieces, bad)
	}
}

// count sorts the pieces of a return by section (by audit value and
// syscall bit, unique in a filter) and number, merges those that touch,
// and fills in their figures, in one sweep per section.
func (c *compiler) count(pieces []piece) []piece {
	slices.SortFunc(pieces, func(x, y piece) int {
		if x.ap != y.ap {
			return cmp.Compare(x.ap.Arch.Audit^x.ap.Arch.SyscallBit, y.ap.Arch.Audit^y.ap.Arch.SyscallBit)
		}
		return cmp.Compare(x.lo, y.lo)
	})
	out := pieces[:0]
	for _, p := range pieces {
		if n := len(out); n > 0 && out[n-1].ap == p.ap && p.lo <= out[n-1].hi+1 && out[n-1].hi != ^uint32(0) {
			out[n-1].hi = max(out[n-1].hi, p.hi)
			continue
		}
		out = append(out, p)
	}
	var ap *ir.ArchPolicy
	var named, def []uint32 // the rest of ap's, from the current piece on
	base := 0               // the index in ap.Nrs of named[0]
	for k := range out {
		p := &out[k]
		if p.ap != ap {
			ap = p.ap
			named, base = ap.Nrs, 0
			var ok bool
			if def, ok = c.defNums[ap]; !ok {
				def = defaultNumbers(ap)
				c.defNums[ap] = def
			}
		}
		for len(named) > 0 && named[0] < p.lo {
			named, base = named[1:], base+1
		}
		p.first = base
		for len(named) > 0 && named[0] <= p.hi {
			named, base = named[1:], base+1
		}
		p.named = base - p.first
		if !ap.Tail {
			p.def = p.size() - uint64(p.named)
			continue
		}
		for len(def) > 0 && def[0] < p.lo {
			def = def[1:]
		}
		n := 0
		for n < len(def) && def[n] <= p.hi {
			n++
		}
		p.def, def = uint64(n), def[n:]
	}
	return out
}

// defaultNumbers returns, for a section with a tail, the numbers no rule
// names that get the default action: syscalls of the baseline, and those
// the profile names with the default action.
func defaultNumbers(ap *ir.ArchPolicy) []uint32 {
	var out []uint32
	named, exempt := ap.Nrs, ap.Exempt // sorted, walked along the table
	for s := range ap.Table.All() {
		for len(named) > 0 && named[0] < s.Nr {
			named = named[1:]
		}
		for len(exempt) > 0 && exempt[0] < s.Nr {
			exempt = exempt[1:]
		}
		switch {
		case len(named) > 0 && named[0] == s.Nr:
		case s.InBaseline(ap.Baseline), len(exempt) > 0 && exempt[0] == s.Nr:
			out = append(out, s.Nr)
		}
	}
	return out
}

// tableCount returns the number of syscalls of the table in p.
func tableCount(p *piece) uint64 {
	tab := p.ap.Table
	i, j := tab.Search(p.lo), tab.Search(p.hi)
	if j < tab.Len() && tab.At(j).Nr == p.hi {
		j++
	}
	return uint64(j - i)
}

// relabelInsn rewrites the source of an instruction that is not a
// return: its sections, and the syscall of its note when another gets
// there too.
func (c *compiler) relabelInsn(src *emit.Source, pieces []piece) {
	src.Arch = c.archNames(pieces)
	if src.Note == "" || src.Part != emit.PartRule && src.Part != emit.PartDefault {
		return
	}
	for _, p := range pieces {
		if s, ok := p.ap.Table.ByNr(p.lo); p.lo != p.hi || !ok || s.Name != src.Note {
			src.Note = ""
			return
		}
	}
}

// archNames names the sections of pieces in the filter's order.
func (c *compiler) archNames(pieces []piece) string {
	var b strings.Builder
	for _, ap := range c.r.Arches {
		if slices.ContainsFunc(pieces, func(p piece) bool { return p.ap == ap }) {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(ap.Arch.Name)
		}
	}
	return b.String()
}

// named calls f for each number rules name in the pieces, with its
// entries, until f returns false, and reports whether f always returned
// true.
func eachNamed(pieces []piece, f func(ap *ir.ArchPolicy, nr uint32, entries []ir.Entry) bool) bool {
	for _, p := range pieces {
		for i := p.first; i < p.first+p.named; i++ {
			if !f(p.ap, p.ap.Nrs[i], p.ap.EntriesAt(i)) {
				return false
			}
		}
	}
	return true
}

// relabelRet rewrites the source of a return of action k from the
// pieces that get there, and whether paths of architectures the filter
// does not cover do.
func (c *compiler) relabelRet(src *emit.Source, k uint32, pieces []piece, bad bool) {
	src.Arch = c.archNames(pieces)
	var named, def, tail uint64
	single := true // every piece is one number
	for _, p := range pieces {
		named += uint64(p.named)
		def += p.def
		tail += p.size() - uint64(p.named) - p.def
		single = single && p.lo == p.hi
	}
	if src.Note != "" && src.Part != emit.PartTail {
		// A syscall's name, true only if that syscall alone gets here.
		for _, p := range pieces {
			if s, ok := p.ap.Table.ByNr(p.lo); !single || !ok || s.Name != src.Note {
				src.Note = ""
				break
			}
		}
	}
	defaultK := c.r.Policy.Default.Ret() == k
	ok := false
	switch {
	case bad || src.Part == emit.PartBadArch:
	case src.Part == emit.PartRule:
		// The rule decides every input of a number that gets here: it is
		// the earliest entry of the number with action k, and the only
		// one unless it always holds, and inputs that no entry matches
		// do not get k too.
		decides := func(rule int) bool {
			return eachNamed(pieces, func(_ *ir.ArchPolicy, _ uint32, entries []ir.Entry) bool {
				first, n := -1, 0
				for i, e := range entries {
					if e.Action.Ret() == k {
						if first < 0 {
							first = i
						}
						n++
					}
				}
				if first < 0 || entries[first].Rule != rule {
					return false
				}
				return entries[first].Cond.Op == ir.OpTrue || n == 1 && !defaultK
			})
		}
		if named > 0 && def == 0 && tail == 0 {
			if decides(src.Rule) {
				return
			}
			// Only the first entry of action k of the first number can
			// decide it (decides asks for the first): try that rule
			// alone, not every entry, which is quadratic for a syscall
			// of thousands of rules.
			p := pieces[0]
			for _, e := range p.ap.EntriesAt(p.first) {
				if e.Action.Ret() == k {
					if decides(e.Rule) {
						src.Rule = e.Rule
						return
					}
					break
				}
			}
		}
	case src.Part == emit.PartDefault:
		// The default decides the numbers no entry of action k names
		// that the tail does not take.
		ok = tail == 0 && eachNamed(pieces, func(_ *ir.ArchPolicy, _ uint32, entries []ir.Entry) bool {
			return !slices.ContainsFunc(entries, func(e ir.Entry) bool { return e.Action.Ret() == k })
		})
	case src.Part == emit.PartTail:
		// The tail decides numbers no rule names that are not in the
		// baseline.
		if ok = named == 0 && def == 0; ok {
			var table, size uint64
			for i := range pieces {
				table += tableCount(&pieces[i])
				size += pieces[i].size()
			}
			base := "baseline " + pieces[0].ap.Baseline.String()
			switch {
			case table > 0 && size > table:
				src.Note = base + ", unassigned"
			case table > 0:
				src.Note = base
			default:
				src.Note = "unassigned"
			}
		}
	}
	if ok {
		return
	}
	// Several parts of the filter end here: name them.
	var parts []string
	if tail > 0 {
		parts = append(parts, "tail")
	}
	if def > 0 || named > 0 && defaultK {
		parts = append(parts, "default")
	}
	if bad {
		parts = append(parts, "bad architecture")
	}
	var names []string
	more := false
	eachNamed(pieces, func(ap *ir.ArchPolicy, nr uint32, entries []ir.Entry) bool {
		if !slices.ContainsFunc(entries, func(e ir.Entry) bool { return e.Action.Ret() == k }) {
			return true
		}
		name := fmt.Sprintf("#%d", nr)
		if s, ok := ap.Table.ByNr(nr); ok {
			name = s.Name
		}
		if slices.Contains(names, name) {
			return true
		}
		if len(names) == 3 {
			more = true
			return false
		}
		names = append(names, name)
		return true
	})
	if len(names) > 0 {
		r := "rules of " + strings.Join(names, ", ")
		if more {
			r += " and others"
		}
		parts = append(parts, r)
	}
	src.Part, src.Rule, src.Note = emit.PartShared, -1, strings.Join(parts, "; ")
}
