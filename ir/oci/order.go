package oci

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/namehash"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/sysid"
	"github.com/seccompc/seccompc/ir"
)

// widths says which argument widths the policy's architectures have,
// and which of them multiplex socket and ipc calls.
type widths struct {
	target32, has32, has64 bool
	mux                    []*arch.Info
}

// ruleGroups groups the rules of a profile by syscall name as expand
// adds them and links the rules of each syscall, so that
// libseccompOrder needs no pass of its own to find them. It also lets
// expand leave out rules that libseccompOrder would drop without a word
// (see skip). A name of the tables finds its rules by its sysid
// (checkNames looks it up), any other name in a hash table.
//
// Most syscalls of a profile have one rule: they get no group. A name's
// rules are known by a handle: 0 for none, -1-k for the one rule k, 1+g
// for group g, made when the second rule comes.
type ruleGroups struct {
	byID    []int32         // for each sysid, the handle of its rules
	slots   []int32         // the other names' handles, 0 for an empty slot; a power of two long, nil until needed
	others  int             // the handles in slots
	prev    []int32         // for each rule, the previous rule of its syscall; -1 for none
	gs      []sgroup        // the groups (of two rules or more) by number, in order of their second rule
	skipped map[int32]int32 // the rules expand left out (skip), counted only, by group
}

// sgroup is the rules of one syscall, when there are two or more.
type sgroup struct {
	first  int32 // the first rule
	last   int32 // the last rule
	n      int32 // the rules
	uncond int32 // the first rule without a condition; -1 for none
	mark   int32 // 1 + the last profile rule that named the syscall (expand's)
}

// makeGroups returns ruleGroups with room for n rules.
func makeGroups(n int) ruleGroups {
	return ruleGroups{byID: make([]int32, sysid.Len), prev: make([]int32, 0, n)}
}

// last returns the last rule of handle h (not 0).
func (x *ruleGroups) last(h int32) int32 {
	if h < 0 {
		return -1 - h
	}
	return x.gs[h-1].last
}

// find returns the handle of the rules named s, whose sysid is id (-1:
// none), and for a name without an id the slot of its handle (or where
// it goes).
func (x *ruleGroups) find(rules []ir.Rule, s string, id int32) (int32, uint32) {
	if id >= 0 {
		return x.byID[id], 0
	}
	if 3*(x.others+1) > 2*len(x.slots) {
		x.grow(rules)
	}
	mask := uint32(len(x.slots) - 1)
	h := namehash.Sum(s) & mask
	for ; x.slots[h] != 0; h = (h + 1) & mask {
		if rules[x.last(x.slots[h])].Syscall == s {
			return x.slots[h], h
		}
	}
	return 0, h
}

// grow doubles the slots (or makes the first ones).
func (x *ruleGroups) grow(rules []ir.Rule) {
	old := x.slots
	x.slots = make([]int32, max(64, 2*len(old)))
	mask := uint32(len(x.slots) - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		h := namehash.Sum(rules[x.last(v)].Syscall) & mask
		for x.slots[h] != 0 {
			h = (h + 1) & mask
		}
		x.slots[h] = v
	}
}

// add records rules[k], the last rule, as a rule of the syscall of
// handle h, whose sysid is id and, for id -1, whose handle find found
// in (or would put in) slot. It returns the syscall's new handle.
func (x *ruleGroups) add(rules []ir.Rule, k int, h int32, slot uint32, id int32) int32 {
	uncond := int32(-1)
	if rules[k].Cond == nil {
		uncond = int32(k)
	}
	if h > 0 {
		sg := &x.gs[h-1]
		x.prev = append(x.prev, sg.last)
		sg.last = int32(k)
		sg.n++
		if sg.uncond < 0 {
			sg.uncond = uncond
		}
		return h
	}
	if h == 0 {
		x.prev = append(x.prev, -1)
		h = -1 - int32(k)
		if id < 0 {
			x.others++
		}
	} else {
		// The second rule: the syscall gets a group.
		first := -1 - h
		x.prev = append(x.prev, first)
		if rules[first].Cond == nil {
			uncond = first
		}
		x.gs = append(x.gs, sgroup{first: first, last: int32(k), n: 2, uncond: uncond})
		h = int32(len(x.gs))
	}
	if id >= 0 {
		x.byID[id] = h
	} else {
		x.slots[slot] = h
	}
	return h
}

// named reports whether the syscall of handle h (not 0) was named by
// profile rule mark-1, whose rules begin at rule start: a group is
// marked (see mark), a syscall's one rule is one of those rules.
func (x *ruleGroups) named(h int32, start int, mark int32) bool {
	if h < 0 {
		return int(-1-h) >= start
	}
	return x.gs[h-1].mark == mark
}

// mark records that profile rule mark-1 named the syscall of handle h.
func (x *ruleGroups) mark(h int32, mark int32) {
	if h > 0 {
		x.gs[h-1].mark = mark
	}
}

// skip reports whether a rule with action act that is about to be added
// to the rules of handle h can be left out, only counted: libseccompOrder
// drops it and nothing it says depends on the rule but the count. That
// holds when g has a rule without a condition (which decides the
// syscall) with the same action, and more than maxRefusalReplay rules
// already (so that no replay looks at rules one by one): the rule then
// drops without a warning. A generated profile that repeats the rules
// of a few syscalls thousands of times costs no ir.Rule per repeat.
func (x *ruleGroups) skip(rules []ir.Rule, h int32, act ir.Action) bool {
	if h <= 0 || !skipRepeats {
		return false // a syscall of one rule is below maxRefusalReplay
	}
	sg := &x.gs[h-1]
	if sg.uncond < 0 || sg.n <= maxRefusalReplay || rules[sg.uncond].Action != act {
		return false
	}
	if x.skipped == nil {
		x.skipped = map[int32]int32{}
	}
	x.skipped[h-1]++
	return true
}

// skipRepeats enables skip; TestSkipChangesNothing compares the
// translations with and without it.
var skipRepeats = true

// members returns the rules of group g, in order, in idx's array.
func (x *ruleGroups) members(g int, idx []int) []int {
	idx = idx[:0]
	for i := x.gs[g].last; i >= 0; i = x.prev[i] {
		idx = append(idx, int(i))
	}
	slices.Reverse(idx)
	return idx
}

// libseccompOrder rewrites the rules of a profile, in profile order, so
// that the policy's semantics (the most restrictive matching rule wins)
// give the verdicts libseccomp gives when runc adds the same rules one
// by one. It works per syscall name and handles:
//
//  1. Unconditional rules. libseccomp lets the first rule of a syscall
//     that has no conditions decide the syscall for every argument: an
//     unconditional rule replaces all conditional rules added before it,
//     and every later rule of the syscall is ignored. So the first
//     unconditional rule is kept and every other rule of the syscall is
//     dropped, with a warning when its action differs from the kept one.
//     (A rule whose only conditions are masked comparisons with mask 0
//     has no conditions for libseccomp; the translation has already
//     removed those comparisons, so it arrives here unconditional.)
//  2. Conditional rules with one action. libseccomp merges them into a
//     tree whose verdict is that action exactly when one of the rules
//     holds; the policy gives the same. They are kept as they are.
//  3. Conditional rules with several actions whose conditions cannot
//     hold together for any arguments when their actions differ, and
//     no shared subtrees (see 4). The verdict of libseccomp's tree is
//     then always the action of a rule that holds, so when all rules
//     that can hold together agree, it is independent of the tree's
//     shape and equal to the policy's. The check is exact (sat.go, on
//     the module's word solver, internal/wordsat),
//     done for 64-bit arguments and, when the policy has 32-bit
//     architectures, for the low 32 bits as well.
//  4. Everything else: rules with different actions that can hold
//     together, where libseccomp's verdict depends on rule order and on
//     the layout of its tree, and libseccomp refuses some combinations
//     outright (EEXIST); and, on 64-bit architectures, two or more
//     conditional rules of which one compares an argument with !=, <,
//     <=, > or >= and then goes on to a higher argument. In the 64-bit
//     layout such a comparison continues from two nodes that share one
//     subtree, and when another rule's nodes merge into that subtree
//     they become reachable from both, so that libseccomp can return a
//     rule's action for arguments that do not satisfy the rule. These
//     rules are handed to libseccompTree, which replays libseccomp's
//     tree construction and evaluation and returns rules with
//     exclusive conditions.
//
// On architectures that multiplex socket and ipc calls (socketcall,
// ipc), libseccomp also adds each rule of such a call to the
// multiplexer's tree, with its condition on a0 replaced by a0 == the
// call's code (so that no rule is unconditional there), and may refuse
// one; that too is an error with refuse and a warning without.
//
// Before the first unconditional rule of a syscall, libseccomp builds
// the tree of the conditional rules added so far, and may refuse one of
// them (EEXIST) or never finish adding it; runc then fails (or hangs).
// That is an error with refuse (Options.RefuseAsRunc), a warning
// (ir.WarnRuncRefuses) without: the unconditional rule decides.
//
// Rules keep their relative order; rules of different syscalls never
// interact. The rules slice may be reused for the result. Syscall names that resolve to the same number on some
// architecture (aliases) are treated as different syscalls.
func libseccompOrder(rules []ir.Rule, sys *ruleGroups, w widths, refuse bool) ([]ir.Rule, []ir.Warning, error) {
	// Most syscalls have one rule, which is always kept as it is.
	if len(sys.gs) == 0 {
		return rules, nil, nil
	}
	var ws []ir.Warning
	keep := make([]bool, len(rules))
	for i := range keep {
		keep[i] = true
	}
	var replace map[int][]ir.Rule // first rule index of a syscall -> rewritten rules
	// Room for the largest group's members at once (members fills idx
	// for each group in turn), rather than grown through the powers of
	// two up to it.
	most := int32(0)
	for g := range sys.gs {
		most = max(most, sys.gs[g].n)
	}
	idx := make([]int, 0, most)
	// The syscalls in the order of their first rule, as warnings and
	// errors name them (gs has them in the order of their second).
	order := make([]int32, len(sys.gs))
	for g := range order {
		order[g] = int32(g)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(sys.gs[a].first, sys.gs[b].first) })
	for _, g32 := range order {
		g := int(g32)
		idx = sys.members(g, idx)
		for _, i := range idx {
			keep[i] = false // unless kept below
		}
		name := rules[idx[0]].Syscall
		if len(idx) > maxRefusalReplay && mayRefuse(rules, idx, w) {
			ws = append(ws, ir.Warning{Kind: ir.WarnRuncUnchecked, Pos: rules[idx[0]].Pos, Syscalls: []string{name}, Msg: fmt.Sprintf(
				"%d rules of %s are more than the %d whose libseccomp trees seccompc replays: it cannot tell whether runc refuses them (RefuseAsRunc does not)",
				len(idx)+int(sys.skipped[int32(g)]), quote.Value(name), maxRefusalReplay)})
		}
		if err := refusedMux(rules, idx, w); err != nil {
			if refuse {
				return nil, nil, err
			}
			ws = append(ws, ir.Warning{Kind: ir.WarnRuncRefuses, Pos: err.Pos, Syscalls: []string{name}, Msg: err.Detail +
				"; seccompc compiles the rules as it does on the architectures without the multiplexer"})
		}
		first := -1
		for _, i := range idx {
			if rules[i].Cond == nil {
				first = i
				break
			}
		}
		if first >= 0 {
			keep[first] = true
			kept := &rules[first]
			if err := refusedBefore(rules, idx, first, w); err != nil {
				if refuse {
					return nil, nil, err
				}
				ws = append(ws, ir.Warning{Kind: ir.WarnRuncRefuses, Pos: err.Pos, Syscalls: []string{name}, Msg: fmt.Sprintf(
					"%s; seccompc compiles it, the rule without conditions at %s deciding %s (%s) for all arguments",
					err.Detail, kept.Pos, quote.Value(name), kept.Action)})
			}
			for _, i := range idx {
				r := &rules[i]
				if i != first && r.Action != kept.Action {
					ws = append(ws, ir.Warning{Kind: ir.WarnRuleDropped, Pos: r.Pos, Syscalls: []string{name}, Msg: fmt.Sprintf(
						"rule dropped: libseccomp ignores it because the rule without conditions at %s decides %s (%s) for all arguments",
						kept.Pos, quote.Value(name), kept.Action)})
				}
			}
			continue
		}
		if !conflicting(rules, idx, w) && !(w.has64 && sharedSubtrees(rules, idx)) {
			for _, i := range idx {
				keep[i] = true
			}
			// Rules that never hold together can still meet on one
			// node of libseccomp's tree (a 64-bit datum cut to its low
			// word, a comparison no argument satisfies), where it
			// refuses them.
			if !oneAction(rules, idx) {
				if err := refusedBefore(rules, idx, -1, w); err != nil {
					if refuse {
						return nil, nil, err
					}
					ws = append(ws, ir.Warning{Kind: ir.WarnRuncRefuses, Pos: err.Pos, Syscalls: []string{name}, Msg: err.Detail +
						"; seccompc compiles the rules, which never hold together, as they are"})
				}
			}
			continue
		}
		group := make([]ir.Rule, len(idx))
		for k, i := range idx {
			group[k] = rules[i]
		}
		out, tws, err := libseccompTree(group, w)
		if err != nil {
			return nil, nil, err
		}
		// The conditions built here are the only ones of the policy
		// not read from the profile: fromSpec leaves their check to
		// this place.
		for i := range out {
			if x := out[i].Cond; x != nil {
				if err := x.Validate(); err != nil {
					return nil, nil, ir.At(out[i].Pos, err)
				}
			}
		}
		ws = append(ws, tws...)
		if replace == nil {
			replace = map[int][]ir.Rule{}
		}
		replace[idx[0]] = out
	}
	if replace == nil {
		// Only drops: compact rules in place (fromSpec owns them),
		// from the first one dropped.
		first := 0
		for first < len(rules) && keep[first] {
			first++
		}
		out := rules[:first]
		for i := first; i < len(rules); i++ {
			if keep[i] {
				out = append(out, rules[i])
			}
		}
		clear(rules[len(out):])
		return out, ws, nil
	}
	out := make([]ir.Rule, 0, len(rules))
	for i := range rules {
		if r, ok := replace[i]; ok {
			out = append(out, r...)
		}
		if keep[i] {
			out = append(out, rules[i])
		}
	}
	return out, ws, nil
}

// conflicting reports whether two of the rules rules[idx] have
// different actions and conditions that can hold together. Only pairs
// of different actions are compared: a syscall's thousands of ALLOW
// rules of an argument allowlist cost one pass. Two groups of equality
// rules (allowlists) are compared by hashing (eqOverlap); other pairs
// one by one, up to maxPairs, beyond which the answer is true: the
// rules then go to libseccompTree, which replays libseccomp exactly
// whether or not they conflict.
func conflicting(rules []ir.Rule, idx []int, w widths) bool {
	one := true
	for _, i := range idx {
		one = one && rules[i].Action == rules[idx[0]].Action
	}
	if one {
		return false
	}
	var acts []ir.Action
	byAct := map[ir.Action][][]*ir.Expr{}
	for _, i := range idx {
		a := rules[i].Action
		if _, ok := byAct[a]; !ok {
			acts = append(acts, a)
		}
		cs, ok := atoms(rules[i].Cond)
		if !ok {
			return true // not a conjunction: assume the worst
		}
		byAct[a] = append(byAct[a], cs)
	}
	pairs := 0
	for _, low32 := range []bool{false, true} {
		if !low32 && !w.has64 || low32 && !w.has32 {
			continue
		}
		eqs := map[ir.Action][]eqRule{}
		for _, act := range acts {
			if e, ok := eqRules(byAct[act], low32); ok {
				eqs[act] = e
			}
		}
		for a, act := range acts {
			for _, other := range acts[a+1:] {
				ea, okA := eqs[act]
				eb, okB := eqs[other]
				if okA && okB {
					if eqOverlap(ea, eb) {
						return true
					}
					continue
				}
				for _, ci := range byAct[act] {
					for _, cj := range byAct[other] {
						if pairs++; pairs > maxPairs || mayOverlap(ci, cj, low32) {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// maxPairs bounds the pairs of rules conflicting compares one by one.
const maxPairs = 1 << 18

// eqRule is a conjunction of equalities of whole arguments: args has
// bit i set when argument i is compared, with value vals[i].
type eqRule struct {
	args uint8
	vals [6]uint64
}

// eqRules returns the conjunctions conds as eqRules, their values cut to
// the low 32 bits with low32; ok is false unless every comparison is an
// == of a whole argument. Conjunctions that cannot hold (a0 == 1 &&
// a0 == 2) are left out: they overlap nothing.
func eqRules(conds [][]*ir.Expr, low32 bool) (out []eqRule, ok bool) {
	mask := ^uint64(0)
	if low32 {
		mask = 0xffffffff
	}
	for _, cs := range conds {
		var r eqRule
		sat := true
		for _, c := range cs {
			if c.Op != ir.OpCmp || c.Cmp != ir.CmpEq || c.Low32 || c.Arg >= 6 {
				return nil, false
			}
			v, bit := c.Val&mask, uint8(1)<<c.Arg
			if r.args&bit != 0 && r.vals[c.Arg] != v {
				sat = false
			}
			r.args |= bit
			r.vals[c.Arg] = v
		}
		if sat {
			out = append(out, r)
		}
	}
	return out, true
}

// eqOverlap reports whether a rule of a and a rule of b can hold
// together: when they agree on every argument both compare. For each
// pair of argument sets that rules of a and of b compare, b's values on
// the arguments in common go into a hash set that a's are looked up in:
// O(n) for n rules (at most 64 argument sets on each side).
func eqOverlap(a, b []eqRule) bool {
	group := func(rs []eqRule) map[uint8][]eqRule {
		m := map[uint8][]eqRule{}
		for _, r := range rs {
			m[r.args] = append(m[r.args], r)
		}
		return m
	}
	ga, gb := group(a), group(b)
	for sa, ra := range ga {
		for sb, rb := range gb {
			common := sa & sb
			seen := make(map[[6]uint64]struct{}, len(rb))
			for _, r := range rb {
				seen[r.project(common)] = struct{}{}
			}
			for _, r := range ra {
				if _, ok := seen[r.project(common)]; ok {
					return true
				}
			}
		}
	}
	return false
}

// project returns r's values of the arguments in args, zero elsewhere.
func (r eqRule) project(args uint8) (k [6]uint64) {
	for i := range k {
		if args&(1<<i) != 0 {
			k[i] = r.vals[i]
		}
	}
	return k
}

// sharedSubtrees reports whether two or more of the rules rules[idx]
// have conditions and one of them, in libseccomp's 64-bit layout,
// continues from a comparison into a shared subtree: a !=, <, <=, > or
// >= comparison on an argument below the rule's highest compared
// argument.
func sharedSubtrees(rules []ir.Rule, idx []int) bool {
	if len(idx) < 2 {
		return false
	}
	for _, i := range idx {
		cs, ok := atoms(rules[i].Cond)
		if !ok {
			return true
		}
		top := -1
		for _, c := range cs {
			top = max(top, int(c.Arg))
		}
		for _, c := range cs {
			switch c.Cmp {
			case ir.CmpEq, ir.CmpMaskedEq:
			default:
				if int(c.Arg) < top {
					return true
				}
			}
		}
	}
	return false
}

// maxRefusalReplay bounds the rules of one syscall whose tree is
// replayed only to find the rules libseccomp refuses (refusedBefore,
// refusedMux): a replay costs time quadratic in the rules, since a level
// of the tree is a list. A syscall with more rules is not judged.
const maxRefusalReplay = 256

// mayRefuse reports whether libseccomp might refuse a rule of
// rules[idx] (one syscall): a rule without conditions among them, two
// actions, or a multiplexer the syscall goes through on an architecture
// of the policy. Rules of one action that all have conditions and that
// no multiplexer takes it never refuses.
func mayRefuse(rules []ir.Rule, idx []int, w widths) bool {
	if !oneAction(rules, idx) {
		return true
	}
	for _, i := range idx {
		if rules[i].Cond == nil {
			return true
		}
	}
	for _, a := range w.mux {
		if _, _, ok := a.MuxCall(rules[idx[0]].Syscall); ok {
			return true
		}
	}
	return false
}

// oneAction reports whether the rules rules[idx] have one action.
func oneAction(rules []ir.Rule, idx []int) bool {
	for _, i := range idx {
		if rules[i].Action != rules[idx[0]].Action {
			return false
		}
	}
	return true
}

// refusedBefore replays libseccomp's tree of the conditional rules of
// rules[idx] that come before rules[first], the first unconditional
// one (all of them when first is -1), in each argument layout of the
// policy, and returns the error for the rule libseccomp refuses or
// loops on, or nil. Rules it cannot model (two comparisons of one
// argument) are not judged, nor more than maxRefusalReplay rules.
func refusedBefore(rules []ir.Rule, idx []int, first int, w widths) *ir.Error {
	if len(idx) > maxRefusalReplay {
		return nil
	}
	var group []ir.Rule
	var conds [][]*ir.Expr
	for _, i := range idx {
		if i == first {
			break
		}
		cs, ok := argAtoms(rules[i].Cond)
		if !ok {
			return nil
		}
		group = append(group, rules[i])
		conds = append(conds, cs)
	}
	if len(group) < 2 {
		return nil
	}
	for _, wide := range []bool{true, false} {
		if wide && !w.has64 || !wide && !w.has32 {
			continue
		}
		if _, _, err := replay(group, conds, wide); err != nil {
			return err
		}
	}
	return nil
}

// refusedMux replays the tree libseccomp builds from the rules of
// rules[idx] (one syscall) through a multiplexer on the policy's
// architectures that have one, and returns the error for the rule
// libseccomp refuses or loops on there, or nil; more than
// maxRefusalReplay rules are not judged.
func refusedMux(rules []ir.Rule, idx []int, w widths) *ir.Error {
	if len(idx) > maxRefusalReplay || len(w.mux) == 0 {
		return nil
	}
	// Rules of one action that compare only a0 all become the one
	// comparison a0 == code in the multiplexer's tree: equal chains with
	// equal actions, which merge without a refusal (treeAdd). Docker's
	// default profile has 30 such rules of socket.
	if oneAction(rules, idx) && onlyArg0(rules, idx) {
		return nil
	}
	return replayMux(rules, idx, w)
}

// onlyArg0 reports whether the conditions of the rules rules[idx] are
// each absent, a comparison of a0, or a conjunction of those.
func onlyArg0(rules []ir.Rule, idx []int) bool {
	for _, i := range idx {
		x := rules[i].Cond
		switch {
		case x == nil || x.Op == ir.OpTrue:
		case x.Op == ir.OpCmp:
			if x.Arg != 0 {
				return false
			}
		case x.Op == ir.OpAnd:
			for _, c := range x.Sub {
				if c.Op != ir.OpCmp || c.Arg != 0 {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// replayMux is refusedMux without its shortcuts.
func replayMux(rules []ir.Rule, idx []int, w widths) *ir.Error {
	for _, wide := range []bool{false, true} {
		var on []string
		var mux *arch.Mux
		var code uint32
		for _, a := range w.mux {
			if m, c, ok := a.MuxCall(rules[idx[0]].Syscall); ok && (a.Bits == 64) == wide {
				on = append(on, a.Name)
				mux, code = m, c
			}
		}
		if mux == nil {
			continue
		}
		group := make([]ir.Rule, 0, len(idx))
		conds := make([][]*ir.Expr, 0, len(idx))
		muxCond := ir.Compare(0, ir.CmpEq, uint64(code))
		for _, i := range idx {
			cs, ok := argAtoms(rules[i].Cond)
			if !ok {
				return nil
			}
			mc := []*ir.Expr{muxCond}
			for _, c := range cs {
				if c.Arg != 0 {
					mc = append(mc, c)
				}
			}
			group = append(group, rules[i])
			conds = append(conds, mc)
		}
		if _, _, e := replay(group, conds, wide); e != nil {
			return &ir.Error{Code: e.Code, Pos: e.Pos, Detail: fmt.Sprintf("on %s, where libseccomp adds the rules of %s to %s's tree with a0 == %d in place of their condition on a0: %s",
				strings.Join(on, ", "), quote.Value(rules[idx[0]].Syscall), mux.Name, code, e.Detail)}
		}
	}
	return nil
}
