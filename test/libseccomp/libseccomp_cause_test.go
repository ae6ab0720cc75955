//go:build cgo && linux

package libseccomp_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// This file decides by cause, not by the shape of the program, whether
// a difference between libseccomp's program and seccompc's policy is one
// of libseccomp 2.5's two known code generator faults. For each fault it
// rebuilds the program libseccomp meant to emit, by adding the loads of
// the accumulator that the fault leaves out and nothing else, and asks
// verify.Prove whether that program equals seccompc's policy. When it
// does, the whole difference is the missing loads: the fault, not
// seccompc's front end, is the cause. The two faults (gen_bpf.c):
//
//   - causeNoReload: libseccomp emits each node of an argument tree as a
//     block "[ld word] [and mask] jcmp datum", and leaves out the load
//     when it believes the accumulator already holds the word (the
//     block's expected start state, acc_start: the end state of the
//     sibling node generated before it). When it later lays the blocks
//     out (_gen_bpf_build_bpf), it checks that belief against one block
//     that jumps there, the first it meets, and adds the load only if
//     that block ends in another state; the other blocks that jump to
//     the same target (a subtree's exhausted branches, falling through
//     to the next sibling) are not checked, and reach the comparison
//     with another word in the accumulator. The repair adds, on every
//     edge into such a block that arrives in a state other than the
//     block's expected one, the load (and mask) of the expected state.
//     The expected state is the state of one of the edges (the block
//     checked against); which one is not visible in the program, so
//     each is tried (a bounded search), and the cause holds when one
//     choice gives a program that proves.
//   - causeNoNr: each architecture's section starts with the syscall
//     number in the accumulator only because the section's first
//     syscall in priority order loads it (_gen_bpf_arch's acc_reset);
//     when that entry is not valid on the architecture (a rule for a
//     syscall it lacks) the entry is skipped, and the load with it, so
//     the section compares seccomp_data.arch with syscall numbers. The
//     repair loads the number at the start of such a section.

// Causes a repaired program can show.
const (
	causeNoReload = 1 << iota // a shared jump target reached without its accumulator load
	causeNoNr                 // an architecture section that never loads the syscall number
)

// accState is what the accumulator holds: the seccomp_data word at
// offset off (masked with mask), or, with off < 0, a value not tracked.
type accState struct {
	off  int32
	mask uint32
}

const fullMask = ^uint32(0)

// consumesAcc reports whether ins reads the accumulator: a conditional
// jump on a constant, an ALU operation, tax, or ret A.
func consumesAcc(ins bpf.RawInstruction) bool {
	switch ins.Op & bpfop.ClassMask {
	case bpfop.ALU:
		return true
	case bpfop.JMP:
		return ins.Op != bpfop.Ja
	case bpfop.RET:
		return ins.Op == bpfop.RetA
	case bpfop.MISC:
		return ins.Op == bpfop.Tax
	case bpfop.ST:
		return true
	}
	return false
}

// successors returns the pcs ins at pc continues at.
func successors(prog []bpf.RawInstruction, pc int) []int {
	ins := prog[pc]
	switch cls := ins.Op & bpfop.ClassMask; {
	case cls == bpfop.RET:
		return nil
	case ins.Op == bpfop.Ja:
		return []int{pc + 1 + int(ins.K)}
	case cls == bpfop.JMP:
		return []int{pc + 1 + int(ins.Jt), pc + 1 + int(ins.Jf)}
	}
	return []int{pc + 1}
}

// after returns the accumulator state after ins, given the state before.
func after(ins bpf.RawInstruction, s accState) accState {
	switch cls := ins.Op & bpfop.ClassMask; {
	case ins.Op == bpfop.LdAbsW:
		return accState{int32(ins.K), fullMask}
	case ins.Op == bpfop.ALU|bpfop.AND|bpfop.K:
		if s.off < 0 {
			return s
		}
		return accState{s.off, s.mask & ins.K}
	case cls == bpfop.LD, cls == bpfop.ALU, ins.Op == bpfop.Txa:
		return accState{-1, 0}
	}
	return s
}

// dominators returns the immediate dominator of each instruction of
// prog (-1 for the entry and unreachable ones). Classic BPF jumps only
// forward, so pc order is a topological order.
func dominators(prog []bpf.RawInstruction) []int {
	idom := make([]int, len(prog)+1)
	for i := range idom {
		idom[i] = -2 // not reached yet
	}
	idom[0] = -1
	intersect := func(a, b int) int {
		for a != b {
			for a > b {
				a = idom[a]
			}
			for b > a {
				b = idom[b]
			}
		}
		return a
	}
	for pc := range prog {
		if idom[pc] == -2 {
			continue
		}
		for _, to := range successors(prog, pc) {
			if to >= len(idom) {
				continue
			}
			if idom[to] == -2 {
				idom[to] = pc
			} else {
				idom[to] = intersect(idom[to], pc)
			}
		}
	}
	for i := range idom {
		if idom[i] == -2 {
			idom[i] = -1
		}
	}
	return idom
}

// edge is a transfer of control from one instruction to another.
type edge struct{ from, to int }

// repairPlan is the loads a repair adds: fix[pc] is the state the
// instruction at pc must find, loaded on the edges into pc that arrive
// in another state (arrive holds the states each edge carries).
type repairPlan struct {
	fix    map[int]accState
	arrive map[edge][]accState
	causes int
}

// planRepair walks prog forward and decides, at each instruction that
// reads the accumulator, the state it must find: at a block reachable
// in several states, choices[k] picks the k-th such block's state among
// the ones that reach it (ordered by offset and mask); radix returns
// how many there were at each, for the caller's enumeration. Only the
// causes in causes are repaired.
func planRepair(prog []bpf.RawInstruction, choices []int, causes int) (plan repairPlan, radix []int) {
	audit := map[uint32]bool{}
	for _, a := range arch.All() {
		audit[a.Audit] = true
	}
	plan.fix = map[int]accState{}
	plan.arrive = map[edge][]accState{}
	in := make([][]accState, len(prog)+1)
	in[0] = []accState{{-1, 0}}
	idom := dominators(prog)
	for pc, ins := range prog {
		states := in[pc]
		if len(states) == 0 {
			continue // unreachable
		}
		if s, ok := plan.fix[pc]; ok {
			states = []accState{s}
		}
		if consumesAcc(ins) {
			slices.SortFunc(states, func(a, b accState) int {
				if a.off != b.off {
					return int(a.off - b.off)
				}
				return int(int64(a.mask) - int64(b.mask))
			})
			switch {
			case causes&causeNoReload != 0 && len(states) > 1:
				// The expected state is the end state of the sibling
				// block generated before this one, which every path here
				// passes: the immediate dominator. When that does not
				// settle it, each incoming state is tried.
				var want accState
				if d := idom[pc]; d >= 0 && len(in[d]) == 1 && slices.Contains(states, after(prog[d], in[d][0])) {
					want = after(prog[d], in[d][0])
				} else {
					k := len(radix)
					radix = append(radix, len(states))
					c := 0
					if k < len(choices) {
						c = choices[k] % len(states)
					}
					want = states[c]
				}
				plan.fix[pc] = want
				plan.causes |= causeNoReload
				states = []accState{want}
			case causes&causeNoNr != 0 && len(states) == 1 && states[0].off == 4 &&
				ins.Op&bpfop.ClassMask == bpfop.JMP && !audit[ins.K]:
				// The architecture in the accumulator, compared with a
				// number that is no architecture: the section's syscall
				// checks without the number loaded.
				s := accState{0, fullMask}
				plan.fix[pc] = s
				plan.causes |= causeNoNr
				states = []accState{s}
			}
		}
		for _, st := range states {
			o := after(ins, st)
			for _, to := range successors(prog, pc) {
				e := edge{pc, to}
				if !slices.Contains(plan.arrive[e], o) {
					plan.arrive[e] = append(plan.arrive[e], o)
				}
				if to < len(in) && !slices.Contains(in[to], o) {
					in[to] = append(in[to], o)
				}
			}
		}
	}
	return plan, radix
}

// applyRepair returns prog with plan's loads: before each instruction pc
// of plan.fix, a trampoline that loads the state, taken by the edges
// that arrive in another state; the others jump past it.
func applyRepair(prog []bpf.RawInstruction, plan repairPlan) ([]bpf.RawInstruction, error) {
	tramp := func(pc int) []bpf.RawInstruction {
		s, ok := plan.fix[pc]
		if !ok {
			return nil
		}
		t := []bpf.RawInstruction{{Op: bpfop.LdAbsW, K: uint32(s.off)}}
		if s.mask != fullMask {
			t = append(t, bpf.RawInstruction{Op: bpfop.ALU | bpfop.AND | bpfop.K, K: s.mask})
		}
		return t
	}
	needs := func(from, to int) bool {
		s, ok := plan.fix[to]
		if !ok {
			return false
		}
		for _, a := range plan.arrive[edge{from, to}] {
			if a != s {
				return true
			}
		}
		return false
	}
	// Positions: pc's trampoline starts at start[pc], pc itself is at
	// at[pc]; a fall-through from pc that must not take pc+1's
	// trampoline gets a ja over it.
	start := make([]int, len(prog)+1)
	at := make([]int, len(prog)+1)
	skip := make([]bool, len(prog))
	pos := 0
	for pc, ins := range prog {
		start[pc] = pos
		pos += len(tramp(pc))
		at[pc] = pos
		pos++
		if cls := ins.Op & bpfop.ClassMask; cls != bpfop.JMP && cls != bpfop.RET && pc+1 < len(prog) && len(tramp(pc+1)) > 0 && !needs(pc, pc+1) {
			skip[pc] = true
			pos++
		}
	}
	start[len(prog)], at[len(prog)] = pos, pos
	target := func(from, to int) int {
		if needs(from, to) {
			return start[to]
		}
		return at[to]
	}
	out := make([]bpf.RawInstruction, 0, pos)
	for pc, ins := range prog {
		out = append(out, tramp(pc)...) // falls through into pc
		here := len(out)
		switch {
		case ins.Op == bpfop.Ja:
			ins.K = uint32(target(pc, pc+1+int(ins.K)) - here - 1)
		case ins.Op&bpfop.ClassMask == bpfop.JMP:
			jt := target(pc, pc+1+int(ins.Jt)) - here - 1
			jf := target(pc, pc+1+int(ins.Jf)) - here - 1
			if jt < 0 || jf < 0 || jt > 255 || jf > 255 {
				return nil, fmt.Errorf("repair: the jump at %d does not fit", pc)
			}
			ins.Jt, ins.Jf = uint8(jt), uint8(jf)
		}
		out = append(out, ins)
		if skip[pc] {
			out = append(out, bpf.RawInstruction{Op: bpfop.Ja, K: uint32(at[pc+1] - len(out) - 1)})
		}
	}
	return out, nil
}

// maxRepairs bounds the choices tried for one program.
const maxRepairs = 256

// libseccompCause returns the causes (causeNoReload, causeNoNr) whose
// repair of prog makes it equal to seccompc's policy, as same decides,
// the fewest first, or 0 when no repair does. repaired is the last
// repaired program tried.
func libseccompCause(prog []bpf.RawInstruction, same func([]bpf.RawInstruction) bool) (causes int, repaired []bpf.RawInstruction) {
	for _, want := range []int{causeNoReload, causeNoNr, causeNoReload | causeNoNr} {
		var choices []int
		for try := 0; try < maxRepairs; try++ {
			plan, radix := planRepair(prog, choices, want)
			if plan.causes != want {
				break // this cause does not apply to prog
			}
			rp, err := applyRepair(prog, plan)
			if err != nil {
				break
			}
			repaired = rp
			if same(rp) {
				return want, rp
			}
			// The next choice vector, an odometer over radix.
			choices = slices.Clone(choices)
			for len(choices) < len(radix) {
				choices = append(choices, 0)
			}
			k := 0
			for ; k < len(radix); k++ {
				choices[k]++
				if choices[k] < radix[k] {
					break
				}
				choices[k] = 0
			}
			if k == len(radix) {
				break // every choice tried
			}
		}
	}
	return 0, repaired
}

// explainer gives the differences between libseccomp's program for
// one profile and seccompc's policy for it their causes, architecture
// section by architecture section. It compares libseccomp's program
// with seccompc's own program for a policy (proved equal to that policy
// first) by verify.Diff, which finds every input on which two programs
// differ, within a region of inputs: one section's audit value, and, to
// set the multiplexers apart, all syscall numbers but theirs.
type explainer struct {
	s        *specs.LinuxSeccomp
	r        *ir.Resolved
	ws       []ir.Warning
	compiled map[*ir.Resolved][]bpf.RawInstruction

	// For outLibDropped: libseccomp in its worker, for the host.
	w    *libWorker
	host string
	tree bool
}

// program returns seccompc's program for r, proved equal to r.
func (x *explainer) program(r *ir.Resolved) ([]bpf.RawInstruction, error) {
	if p, ok := x.compiled[r]; ok {
		return p, nil
	}
	prog, err := lower.CompileOptions(r, lower.Options{})
	if err != nil {
		return nil, err
	}
	if _, err := verify.Prove(prog.Insns, r); err != nil {
		return nil, fmt.Errorf("seccompc's program does not prove against its own policy: %w", err)
	}
	if x.compiled == nil {
		x.compiled = map[*ir.Resolved][]bpf.RawInstruction{}
	}
	x.compiled[r] = prog.Insns
	return prog.Insns, nil
}

// differ returns an input within seed on which lib and r's program
// return different verdicts, or nil.
func (x *explainer) differ(lib []bpf.RawInstruction, r *ir.Resolved, seed *verify.Cube) (*verify.Difference, error) {
	ours, err := x.program(r)
	if err != nil {
		return nil, err
	}
	var found *verify.Difference
	_, err = verify.Diff(lib, ours, r.Target.BigEndian, seed, func(d *verify.Difference) bool {
		found = d
		return false
	})
	return found, err
}

// same reports whether lib and r's program agree on every input within
// seed.
func (x *explainer) same(lib []bpf.RawInstruction, r *ir.Resolved, seed *verify.Cube) bool {
	d, err := x.differ(lib, r, seed)
	return err == nil && d == nil
}

// sectionSeed returns the inputs of architecture value audit whose
// syscall number is none of except.
func sectionSeed(audit uint32, except []uint32) *verify.Cube {
	var c verify.Cube
	c.And(verify.WordArch, verify.AtomEq(^uint32(0), audit))
	for _, nr := range except {
		c.And(verify.WordNr, verify.AtomNe(^uint32(0), nr))
	}
	return &c
}

// explain returns the cause of the differences of lib from seccompc's
// policy within seed (the inputs of one section): "" when there are
// none; one of libseccomp's code generator faults when repairing it
// makes lib agree with the policy; one of seccompc's layout divergences
// when lib, repaired or not, agrees with seccompc's policy merged in
// the section's own layout (see ownLayout). ok is false when none
// explains them.
func (x *explainer) explain(lib []bpf.RawInstruction, audit uint32, seed *verify.Cube) (kind string, ok bool) {
	if x.same(lib, x.r, seed) {
		return "", true
	}
	agrees := func(r *ir.Resolved) (int, bool) {
		if r == nil {
			return 0, false
		}
		if x.same(lib, r, seed) {
			return 0, true
		}
		c, _ := libseccompCause(lib, func(p []bpf.RawInstruction) bool { return x.same(p, r, seed) })
		return c, c != 0
	}
	if c, ok := agrees(x.r); ok {
		return causeKind(c), true
	}
	section, other, has32 := x.section(audit)
	if other {
		if c, ok := agrees(x.ownLayout(section, false)); ok {
			return joinKinds(outOtherLayout, causeKind(c)), true
		}
	}
	if has32 && withoutHighOnlyMasks(x.s) != nil {
		if c, ok := agrees(x.ownLayout(section, true)); ok {
			return joinKinds(outMask32, causeKind(c)), true
		}
	}
	return "", false
}

// causeKind names the outcome of libseccomp's faults causes.
func causeKind(causes int) string {
	switch causes {
	case causeNoReload:
		return outLibAcc
	case causeNoNr:
		return outLibNoNr
	case causeNoReload | causeNoNr:
		return joinKinds(outLibAcc, outLibNoNr)
	}
	return ""
}

// joinKinds joins the non-empty kinds, sorted, with " + ".
func joinKinds(kinds ...string) string {
	var out []string
	for _, k := range kinds {
		for _, part := range strings.Split(k, " + ") {
			if part != "" && !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	slices.Sort(out)
	return strings.Join(out, " + ")
}

// section returns the architectures of x.r with audit value audit, and
// whether one has another width than the target, and whether one is
// 32-bit.
func (x *explainer) section(audit uint32) (section []*arch.Info, other, has32 bool) {
	for _, ap := range x.r.Arches {
		if ap.Arch.Audit == audit {
			section = append(section, ap.Arch)
			other = other || ap.Arch.Bits != x.r.Target.Bits
			has32 = has32 || ap.Arch.Bits == 32
		}
	}
	return section, other, has32
}

// ownLayout returns seccompc's policy for the architectures of section
// with each one's rules merged in its own argument layout: the profile
// compiled with that architecture as the target (seccompc replays
// libseccomp's trees in the target's layout only). With dropMasks, the
// 32-bit architectures' profile lacks the masked comparisons whose mask
// has no low bits, as libseccomp builds it there. It is nil when a
// compile fails.
func (x *explainer) ownLayout(section []*arch.Info, dropMasks bool) *ir.Resolved {
	// The profile lists every architecture of the section, so that each
	// compile has all of them.
	sv := cloneSpec(x.s)
	for _, a := range section {
		if !slices.Contains(sv.Architectures, specs.Arch(a.OCI)) {
			sv.Architectures = append(sv.Architectures, specs.Arch(a.OCI))
		}
	}
	out := &ir.Resolved{Policy: x.r.Policy, Target: x.r.Target}
	for _, a := range section {
		v := sv
		if dropMasks && a.Bits == 32 {
			if d := withoutHighOnlyMasks(sv); d != nil {
				v = d
			}
		}
		fr, err := seccompcFront(v, a.Name)
		if err != nil {
			return nil
		}
		for _, ap := range fr.r.Arches {
			if ap.Arch == a {
				out.Arches = append(out.Arches, ap)
			}
		}
	}
	return out
}

// explainAll explains libseccomp's program lib section by section (x32
// apart from x86_64, though they share one: the numbers with x32's
// syscall bit are x32's). For a part whose differences no cause
// explains, the inputs of its multiplexers (socketcall, ipc) are set
// apart: when the rest is then explained, the differences left are on
// the multiplexers, seccompc's known gap (outKnownMux). Last, a rule
// libseccomp left out is looked for (dropped). It returns the outcome
// kind (the causes joined) and, for a difference left unexplained, its
// text.
func (x *explainer) explainAll(lib []bpf.RawInstruction) (kind, detail string) {
	var kinds []string
	seen := map[uint32]bool{}
	for _, ap := range x.r.Arches {
		audit := ap.Arch.Audit
		if seen[audit] {
			continue
		}
		seen[audit] = true
		var bit uint32
		var muxNrs []uint32
		for _, a := range x.r.Arches {
			if a.Arch.Audit != audit {
				continue
			}
			bit |= a.Arch.SyscallBit
			for _, m := range []*arch.Mux{a.Arch.Socketcall, a.Arch.IPC} {
				if m == nil {
					continue
				}
				if sc, found := a.Table.ByName(m.Name); found {
					muxNrs = append(muxNrs, sc.Nr)
				}
			}
		}
		parts := []*verify.Cube{sectionSeed(audit, nil)}
		if bit != 0 {
			below, above := sectionSeed(audit, nil), sectionSeed(audit, nil)
			below.And(verify.WordNr, verify.AtomIn(0, bit-1))
			above.And(verify.WordNr, verify.AtomIn(bit, ^uint32(0)))
			parts = []*verify.Cube{below, above}
		}
		for _, seed := range parts {
			k, d := x.explainPart(lib, ap, audit, seed, muxNrs)
			kinds = append(kinds, k)
			detail += d
		}
	}
	return joinKinds(kinds...), detail
}

// explainPart explains the differences of lib within seed, the inputs of
// (part of) the section of ap. Where the section has multiplexers, their
// numbers are explained apart from the rest: libseccomp builds their
// trees apart (a rule it drops from a call's direct tree may stay in the
// multiplexer's), and a difference left on a multiplexer is seccompc's
// known gap (outKnownMux).
func (x *explainer) explainPart(lib []bpf.RawInstruction, ap *ir.ArchPolicy, audit uint32, seed *verify.Cube, muxNrs []uint32) (kind, detail string) {
	if k, ok := x.explain(lib, audit, seed); ok {
		return k, ""
	}
	rest := *seed
	for _, nr := range muxNrs {
		rest.And(verify.WordNr, verify.AtomNe(^uint32(0), nr))
	}
	kind, ok := x.explain(lib, audit, &rest)
	if !ok {
		kind, ok = x.dropped(lib, audit, &rest)
	}
	if !ok {
		d, err := x.differ(lib, x.r, &rest)
		switch {
		case err != nil:
			return outInternal, fmt.Sprintf("%s section: %v\n", ap.Arch.Name, err)
		case d != nil:
			return classifyData(d, ap, x.ws), fmt.Sprintf("%s section: %s: libseccomp %#x, seccompc %#x\n", ap.Arch.Name, dataText(&d.Data, ap), d.A, d.B)
		}
		return outInternal, fmt.Sprintf("%s section: no difference found where explain found one\n", ap.Arch.Name)
	}
	for _, nr := range muxNrs {
		one := *seed
		one.And(verify.WordNr, verify.AtomEq(^uint32(0), nr))
		k, ok := x.explain(lib, audit, &one)
		if !ok {
			k = outKnownMux
		}
		kind = joinKinds(kind, k)
	}
	return kind, ""
}

// dropped decides whether libseccomp left one of the profile's rules
// out of its tree, as its _db_tree_prune does with a rule it deems
// redundant when part of the rule's chain matches an existing chain (the
// actions are compared only where both chains end, and a mismatch there
// does not undo the match): the section's differences are explained
// when, for some rule k of the profile as runc adds it (one rule per
// syscall name and, where runc splits a rule, per condition),
// libseccomp's program without rule k has no difference from its
// program with it in the section (the rule had no effect), and the
// section of its program agrees, by the other causes, with seccompc's
// policy for the profile without rule k.
func (x *explainer) dropped(lib []bpf.RawInstruction, audit uint32, seed *verify.Cube) (kind string, ok bool) {
	if x.w == nil {
		return "", false
	}
	flat := splitLikeRunc(x.s)
	for k := range flat.Syscalls {
		without := cloneSpec(flat)
		without.Syscalls = slices.Delete(without.Syscalls, k, k+1)
		resp, hung, err := x.w.do(libRequest{Op: "lib", Spec: without, Host: x.host, Tree: x.tree})
		if err != nil || hung || resp.Err != "" {
			continue
		}
		other := rawInsns(resp.Insns)
		same := true
		if _, err := verify.Diff(lib, other, x.r.Target.BigEndian, seed, func(*verify.Difference) bool {
			same = false
			return false
		}); err != nil || !same {
			continue // rule k makes a difference in libseccomp's program
		}
		fr, err := seccompcFront(without, x.host)
		if err != nil {
			continue
		}
		y := &explainer{s: without, r: fr.r, ws: fr.ws}
		if k, ok := y.explain(lib, audit, seed); ok {
			return joinKinds(outLibDropped, k), true
		}
	}
	return "", false
}

// splitLikeRunc returns s as runc hands it to libseccomp: one rule per
// syscall name, and a rule that compares one argument twice split into
// one rule per condition.
func splitLikeRunc(s *specs.LinuxSeccomp) *specs.LinuxSeccomp {
	out := cloneSpec(s)
	out.Syscalls = nil
	for _, sc := range s.Syscalls {
		parts := [][]specs.LinuxSeccompArg{sc.Args}
		if repeatedArg(sc.Args) {
			parts = nil
			for _, a := range sc.Args {
				parts = append(parts, []specs.LinuxSeccompArg{a})
			}
		}
		for _, name := range sc.Names {
			for _, args := range parts {
				r := sc
				r.Names = []string{name}
				r.Args = slices.Clone(args)
				out.Syscalls = append(out.Syscalls, r)
			}
		}
	}
	return out
}

// withoutHighOnlyMasks returns s as libseccomp builds it on a 32-bit
// architecture: as runc hands it over (splitLikeRunc), without the
// masked comparisons whose mask has bits only above the low 32. It
// returns nil when s has no such comparison.
func withoutHighOnlyMasks(s *specs.LinuxSeccomp) *specs.LinuxSeccomp {
	out := splitLikeRunc(s)
	found := false
	for i := range out.Syscalls {
		var keep []specs.LinuxSeccompArg
		for _, a := range out.Syscalls[i].Args {
			if a.Op == specs.OpMaskedEqual && a.Value != 0 && a.Value&0xffffffff == 0 {
				found = true
				continue
			}
			keep = append(keep, a)
		}
		out.Syscalls[i].Args = keep
	}
	if !found {
		return nil
	}
	return out
}

// refusedDropped decides whether seccompc refuses profile s, which
// libseccomp accepts (its program lib), because of a rule libseccomp
// leaves out as redundant: for some rule k of s as runc adds it,
// libseccomp's program without k has no difference from lib on any
// input, and seccompc accepts the profile without k. It returns k.
func refusedDropped(w *libWorker, s *specs.LinuxSeccomp, host string, lib []bpf.RawInstruction) (int, bool) {
	a, err := arch.Lookup(host)
	if err != nil {
		return 0, false
	}
	flat := splitLikeRunc(s)
	for k := range flat.Syscalls {
		without := cloneSpec(flat)
		without.Syscalls = slices.Delete(without.Syscalls, k, k+1)
		ours, hung, err := w.do(libRequest{Op: "oci", Spec: without, Host: host})
		if err != nil || hung || ours.Err != "" {
			continue
		}
		resp, hung, err := w.do(libRequest{Op: "lib", Spec: without, Host: host})
		if err != nil || hung || resp.Err != "" {
			continue
		}
		same := true
		if _, err := verify.Diff(lib, rawInsns(resp.Insns), a.BigEndian, nil, func(*verify.Difference) bool {
			same = false
			return false
		}); err == nil && same {
			return k, true
		}
	}
	return 0, false
}
