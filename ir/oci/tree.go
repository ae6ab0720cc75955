package oci

import (
	"fmt"
	"slices"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/ir"
)

// This file replays libseccomp 2.5's argument trees (src/db.c) for the
// rules of one syscall, so that profiles whose rules overlap with
// different actions, or share subtrees, get libseccomp's verdicts. It
// models:
//
//   - rule generation: one node per 32-bit argument word (32-bit
//     layout), or a high-word and a low-word node per argument (64-bit
//     layout, with the three-node form of <, <=, > and >=), conditions
//     in argument order, datums masked; where a 64-bit comparison goes
//     on from two nodes (!=, <, <=, >, >=), both point to one shared
//     next node, as in libseccomp;
//   - insertion (_db_tree_add): equal nodes merge; a rule that stops
//     where the tree goes on replaces the subtree when all its actions
//     agree and is refused (EEXIST) otherwise; a rule that goes on where
//     the tree stops is dropped; two rules that stop on one node with
//     different actions are refused when either node is a leaf; other
//     nodes are inserted among their siblings in libseccomp's order
//     (higher argument, high word, then ==/!=/&== before </<= before
//     >/>=, then larger datums first, smaller first for </<=);
//   - unconditional rules: the first decides the syscall;
//   - evaluation (gen_bpf.c): siblings are tried in order, a branch
//     without target falls through to the next sibling, an exhausted
//     subtree to the next sibling of the node it hangs from, and the
//     first action reached is the verdict.
//
// It does not replay _db_tree_prune, which removes parts of the tree
// that a later rule with the same action subsumes; that changes the
// verdict only when such a part sat before a sibling with a different
// action that the same arguments also reach.

// maxPaths bounds the number of root-to-action paths replayed; beyond
// it the rules are kept as they are, with a warning.
const maxPaths = 256

// leaf is an action on a tree branch and the rule that put it there.
type leaf struct {
	act  ir.Action
	rule int // index into the replayed rules
}

// tnode is a node of a libseccomp argument tree: a comparison of one
// 32-bit word of an argument.
type tnode struct {
	arg        uint8
	hi         bool   // the high word of a 64-bit argument
	op         ir.Cmp // CmpEq, CmpMaskedEq, CmpGt or CmpGe
	orig       ir.Cmp // the rule's comparison, for sibling order
	mask       uint32
	datum      uint32
	full       uint64 // the rule's 64-bit datum
	nxtT, nxtF *tnode // subtrees (any node of their level)
	actT, actF *leaf
	prev, next *tnode // siblings
}

func (n *tnode) isLeaf() bool { return n.nxtT == nil && n.nxtF == nil }

func first(n *tnode) *tnode {
	for n != nil && n.prev != nil {
		n = n.prev
	}
	return n
}

// chainEq is libseccomp's _db_chain_eq.
func chainEq(a, b *tnode) bool {
	return a.arg == b.arg && a.hi == b.hi && a.op == b.op && a.datum == b.datum && a.mask == b.mask
}

func argPrio(n *tnode) int {
	p := int(n.arg) << 1
	if n.hi {
		p++
	}
	return p
}

func opPrio(c ir.Cmp) int {
	switch c {
	case ir.CmpEq, ir.CmpNe, ir.CmpMaskedEq:
		return 3
	case ir.CmpLt, ir.CmpLe:
		return 2
	}
	return 1
}

// chainLt is libseccomp's _db_chain_lt: a sorts after b.
func chainLt(a, b *tnode) bool {
	if pa, pb := argPrio(a), argPrio(b); pa != pb {
		return pa < pb
	}
	if pa, pb := opPrio(a.orig), opPrio(b.orig); pa != pb {
		return pa < pb
	}
	if a.orig == ir.CmpLt || a.orig == ir.CmpLe {
		return a.datum > b.datum
	}
	return a.datum < b.datum
}

// actCheck reports whether every action in the level of n and below is
// act (libseccomp's _db_tree_act_check).
func actCheck(n *tnode, act ir.Action) bool {
	for x := first(n); x != nil; x = x.next {
		if x.actT != nil && x.actT.act != act || x.actF != nil && x.actF.act != act {
			return false
		}
		if !actCheck(x.nxtT, act) || !actCheck(x.nxtF, act) {
			return false
		}
	}
	return true
}

// errExist is libseccomp's -EEXIST from _db_tree_add.
type errExist struct{}

func (errExist) Error() string { return "EEXIST" }

// errLoop marks a rule whose node libseccomp 2.5's _db_tree_add would
// link into a level it is already part of (a != comparison's high-word
// and low-word nodes share their next node), making a cycle it then
// loops on forever: runc hangs loading such a profile.
type errLoop struct{}

func (errLoop) Error() string { return "libseccomp loops forever adding this rule" }

// treeAdd merges the new chain n into the level that *existing points
// into (libseccomp's _db_tree_add).
func treeAdd(existing **tnode, n *tnode) error {
	x := *existing
	for x != nil {
		switch {
		case chainEq(x, n):
			if n.actT != nil {
				if x.actT == nil {
					if !actCheck(x.nxtT, n.actT.act) {
						return errExist{}
					}
					x.nxtT, x.actT = nil, n.actT
				} else if n.actT.act != x.actT.act {
					if n.hi && n.full > x.full {
						x.actT = n.actT
					}
					if x.isLeaf() || n.isLeaf() {
						return errExist{}
					}
				}
			}
			if n.actF != nil {
				if x.actF == nil {
					if !actCheck(x.nxtF, n.actF.act) {
						return errExist{}
					}
					x.nxtF, x.actF = nil, n.actF
				} else if n.actF.act != x.actF.act {
					// libseccomp updates the true action here, which
					// only a high-word node with no true action can
					// reach: no effect.
					if x.isLeaf() || n.isLeaf() {
						return errExist{}
					}
				}
			}
			if n.nxtT != nil {
				switch {
				case x.nxtT != nil:
					if err := treeAdd(&x.nxtT, n.nxtT); err != nil {
						return err
					}
				case x.actT == nil:
					x.nxtT = n.nxtT
				default:
					return nil // the tree is shorter: the rest of n is dropped
				}
			}
			if n.nxtF != nil {
				switch {
				case x.nxtF != nil:
					if err := treeAdd(&x.nxtF, n.nxtF); err != nil {
						return err
					}
				case x.actF == nil:
					x.nxtF = n.nxtF
				default:
					return nil
				}
			}
			return nil
		case !chainLt(x, n):
			if x.next == nil {
				if n.prev != nil || n.next != nil {
					return errLoop{}
				}
				n.prev, x.next = x, n
				return nil
			}
			x = x.next
		default:
			// Insert n before x.
			if n.prev != nil || n.next != nil {
				return errLoop{}
			}
			if x.prev != nil {
				x.prev.next = n
				n.prev = x.prev
			}
			x.prev, n.next = n, x
			if *existing == x {
				*existing = n
			}
			return nil
		}
	}
	return nil
}

// genChain builds the chain of nodes libseccomp generates for one rule
// (conditions cs, at most one per argument) in the 32- or 64-bit
// layout. It returns nil when no comparison needs a node: the rule is
// then unconditional in that layout.
func genChain(cs []*ir.Expr, act leaf, wide bool) *tnode {
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(a, b *ir.Expr) int { return int(a.Arg) - int(b.Arg) })
	if wide {
		return genChain64(cs, act)
	}
	return genChain32(cs, act)
}

// cmpParts returns a condition's mask and datum as libseccomp stores
// them: a full mask for the unmasked comparisons.
func cmpParts(c *ir.Expr) (mask, datum uint64) {
	if c.Cmp == ir.CmpMaskedEq {
		return c.Mask, c.Val & c.Mask
	}
	return ^uint64(0), c.Val
}

func genChain32(cs []*ir.Expr, act leaf) *tnode {
	var head, prev *tnode
	tf := false
	for _, c := range cs {
		mask, datum := cmpParts(c)
		if c.Cmp == ir.CmpMaskedEq && uint32(mask) == 0 {
			continue // a tautology on the low word: no node
		}
		n := &tnode{arg: c.Arg, orig: c.Cmp, mask: uint32(mask), datum: uint32(datum) & uint32(mask), full: datum}
		switch {
		case head == nil:
			head = n
		case tf:
			prev.nxtT = n
		default:
			prev.nxtF = n
		}
		switch c.Cmp {
		case ir.CmpNe:
			n.op, tf = ir.CmpEq, false
		case ir.CmpLt:
			n.op, tf = ir.CmpGe, false
		case ir.CmpLe:
			n.op, tf = ir.CmpGt, false
		default:
			n.op, tf = c.Cmp, true
		}
		prev = n
	}
	if head == nil {
		return nil
	}
	a := act
	if tf {
		prev.actT = &a
	} else {
		prev.actF = &a
	}
	return head
}

func genChain64(cs []*ir.Expr, act leaf) *tnode {
	var head *tnode
	var prev [3]*tnode
	var prevOp ir.Cmp
	var cur [3]*tnode
	for _, c := range cs {
		mask, datum := cmpParts(c)
		if c.Cmp == ir.CmpMaskedEq && mask == 0 {
			continue
		}
		word := func(hi bool, op ir.Cmp) *tnode {
			m, d := uint32(mask), uint32(datum)
			if hi {
				m, d = uint32(mask>>32), uint32(datum>>32)
			}
			return &tnode{arg: c.Arg, hi: hi, op: op, orig: c.Cmp, mask: m, datum: d & m, full: datum}
		}
		cur = [3]*tnode{}
		switch c.Cmp {
		case ir.CmpGt, ir.CmpGe, ir.CmpLe, ir.CmpLt:
			lo := ir.CmpGt
			if c.Cmp == ir.CmpGe || c.Cmp == ir.CmpLt {
				lo = ir.CmpGe
			}
			cur[0], cur[1], cur[2] = word(true, ir.CmpGt), word(true, ir.CmpEq), word(false, lo)
			cur[0].nxtF = cur[1]
			cur[1].nxtT = cur[2]
		default: // ==, != and &==
			op := ir.CmpEq
			if c.Cmp == ir.CmpMaskedEq {
				op = ir.CmpMaskedEq
			}
			cur[0], cur[1] = word(true, op), word(false, op)
			cur[0].nxtT = cur[1]
		}
		if head == nil {
			head = cur[0]
		} else {
			link64(prev, prevOp, func(n *tnode, t bool) {
				if t {
					n.nxtT = cur[0]
				} else {
					n.nxtF = cur[0]
				}
			})
		}
		prev, prevOp = cur, c.Cmp
	}
	if head == nil {
		return nil
	}
	a := act
	link64(prev, prevOp, func(n *tnode, t bool) {
		if t {
			n.actT = &a
		} else {
			n.actF = &a
		}
	})
	return head
}

// link64 calls set on the nodes and branches where a 64-bit comparison
// of kind op (nodes ns) continues when it holds.
func link64(ns [3]*tnode, op ir.Cmp, set func(n *tnode, t bool)) {
	switch op {
	case ir.CmpGt, ir.CmpGe:
		set(ns[0], true)
		set(ns[2], true)
	case ir.CmpLt, ir.CmpLe:
		set(ns[1], false)
		set(ns[2], false)
	case ir.CmpNe:
		set(ns[0], false)
		set(ns[1], false)
	default:
		set(ns[1], true)
	}
}

// lit is one node outcome on a path.
type lit struct {
	n   *tnode
	val bool
}

// path is a way through the tree to an action.
type path struct {
	lits []lit
	act  *leaf
}

// paths lists the tree's paths in evaluation order: the verdict for an
// argument vector is the action of the first path whose outcomes all
// hold. ok is false when there are more than maxPaths.
func paths(root *tnode) (out []path, ok bool) {
	var walk func(level *tnode, prefix []lit) bool
	walk = func(level *tnode, prefix []lit) bool {
		for x := first(level); x != nil; x = x.next {
			for _, val := range []bool{true, false} {
				nxt, act := x.nxtT, x.actT
				if !val {
					nxt, act = x.nxtF, x.actF
				}
				p := append(slices.Clip(prefix), lit{x, val})
				switch {
				case nxt != nil:
					if !walk(nxt, p) {
						return false
					}
				case act != nil:
					if len(out) == maxPaths {
						return false
					}
					out = append(out, path{lits: p, act: act})
				}
			}
		}
		return true
	}
	ok = walk(root, nil)
	return out, ok
}

// wcmp returns the node outcome as a comparison of one 32-bit word:
// variable 2*arg for the low word (or the whole 32-bit argument),
// 2*arg+1 for the high word.
func (l lit) wcmp() wcmp {
	n := l.n
	c := wcmp{v: 2 * int(n.arg), cmp: n.op, val: uint64(n.datum), mask: uint64(n.mask)}
	if n.hi {
		c.v++
	}
	if !l.val {
		c.cmp = c.cmp.Negate()
	}
	return c
}

func (p path) wcmps() []wcmp {
	out := make([]wcmp, len(p.lits))
	for i, l := range p.lits {
		out[i] = l.wcmp()
	}
	return out
}

// expr returns the condition that the node outcome l stands for. In the
// 32-bit layout a node compares the whole (32-bit) argument; in the
// 64-bit layout one word of it.
func (l lit) expr(wide bool) *ir.Expr {
	n := l.n
	cmp := n.op
	if !l.val {
		cmp = cmp.Negate()
	}
	x := &ir.Expr{Op: ir.OpCmp, Cmp: cmp, Arg: n.arg, Val: uint64(n.datum)}
	if cmp.Masked() {
		x.Mask = uint64(n.mask)
	}
	if !wide {
		// The 32-bit layout compares the low word: say so, so that
		// simplifying a0 <= 0xffffffff gives true, not a0 < 1<<32, which
		// the narrowing for 32-bit ABIs would truncate to false.
		x.Low32 = true
		return x
	}
	switch {
	case n.hi && (cmp == ir.CmpEq || cmp == ir.CmpNe):
		// The high word equals d: (a & 0xffffffff<<32) == d<<32.
		x.Cmp, x.Mask, x.Val = ir.CmpMaskedEq, 0xffffffff<<32, x.Val<<32
		if cmp == ir.CmpNe {
			x.Cmp = ir.CmpMaskedNe
		}
	case n.hi && cmp.Masked():
		x.Mask, x.Val = x.Mask<<32, x.Val<<32
	case n.hi && (cmp == ir.CmpGt || cmp == ir.CmpLe):
		// The high word > d  <=>  a > d<<32 | 0xffffffff.
		x.Val = x.Val<<32 | 0xffffffff
	case n.hi:
		// The high word >= d  <=>  a >= d<<32.
		x.Val <<= 32
	case cmp == ir.CmpEq || cmp == ir.CmpNe:
		x.Cmp, x.Mask = ir.CmpMaskedEq, 0xffffffff
		if cmp == ir.CmpNe {
			x.Cmp = ir.CmpMaskedNe
		}
	case !cmp.Masked():
		x.Low32 = true
	}
	return x
}

// expr returns the conjunction of the path's outcomes. In the 64-bit
// layout, equalities of both words of an argument are joined into one.
func (p path) expr(wide bool) *ir.Expr {
	var xs []*ir.Expr
	type words struct {
		hi, lo     uint32
		hasH, hasL bool
	}
	eqs := map[uint8]*words{}
	if wide {
		for _, l := range p.lits {
			if !l.val || l.n.op != ir.CmpEq {
				continue
			}
			w := eqs[l.n.arg]
			if w == nil {
				w = &words{}
				eqs[l.n.arg] = w
			}
			if l.n.hi {
				w.hi, w.hasH = l.n.datum, true
			} else {
				w.lo, w.hasL = l.n.datum, true
			}
		}
	}
	done := map[uint8]bool{}
	for _, l := range p.lits {
		if w := eqs[l.n.arg]; w != nil && w.hasH && w.hasL && l.val && l.n.op == ir.CmpEq {
			if !done[l.n.arg] {
				done[l.n.arg] = true
				xs = append(xs, ir.Compare(int(l.n.arg), ir.CmpEq, uint64(w.hi)<<32|uint64(w.lo)))
			}
			continue
		}
		xs = append(xs, l.expr(wide))
	}
	return ir.And(xs...)
}

// implies reports whether every assignment satisfying a satisfies each
// comparison of b. false may mean "unsure".
func implies(a, b []wcmp) bool {
	for _, c := range b {
		neg := c
		neg.cmp = c.cmp.Negate()
		if satisfiable(append(slices.Clip(a), neg), 0xffffffff) {
			return false
		}
	}
	return true
}

// replay adds the rules to a libseccomp tree in the given layout. It
// returns the index of the rule that decides the syscall when one is
// unconditional in this layout (uncond >= 0), or the tree.
func replay(rules []ir.Rule, conds [][]*ir.Expr, wide bool) (root *tnode, uncond int, err *ir.Error) {
	uncond = -1
	for i := range rules {
		chain := genChain(conds[i], leaf{act: rules[i].Action, rule: i}, wide)
		switch {
		case uncond >= 0:
			// An unconditional rule decides; later rules are ignored.
		case chain == nil:
			root, uncond = nil, i
		case root == nil:
			root = chain
		default:
			if err := treeAdd(&root, chain); err != nil {
				if _, loop := err.(errLoop); loop {
					return nil, -1, &ir.Error{Code: ir.ErrAction, Pos: rules[i].Pos, Detail: fmt.Sprintf(
						"libseccomp 2.5 loops forever adding this rule of %s to the earlier ones (runc would hang loading the profile)",
						quote.Value(rules[i].Syscall))}
				}
				return nil, -1, &ir.Error{Code: ir.ErrAction, Pos: rules[i].Pos, Detail: fmt.Sprintf(
					"libseccomp refuses this rule (EEXIST): its conditions end where an earlier rule of %s with a different action goes on, or the reverse; runc fails to load such a profile",
					quote.Value(rules[i].Syscall))}
			}
		}
	}
	return root, uncond, nil
}

// libseccompTree replaces the conditional rules of one syscall by rules
// with exclusive conditions that give the verdicts of libseccomp's tree
// for the target's argument layout (64-bit unless w.target32). It
// returns an error when libseccomp would refuse the rules.
func libseccompTree(rules []ir.Rule, w widths) ([]ir.Rule, []ir.Warning, error) {
	name := rules[0].Syscall
	conds := make([][]*ir.Expr, len(rules))
	for i := range rules {
		cs, ok := argAtoms(rules[i].Cond)
		if !ok {
			return rules, []ir.Warning{{Kind: ir.WarnMerged, Pos: rules[0].Pos, Syscalls: []string{name}, Msg: fmt.Sprintf(
				"rules of %s with different actions overlap and compare one argument twice, which libseccomp cannot take; where they overlap the most restrictive action applies", quote.Value(name))}}, nil
		}
		conds[i] = cs
	}
	// libseccomp builds every architecture's tree and fails if one fails.
	var root *tnode
	uncond := -1
	for _, wide := range []bool{true, false} {
		if wide && !w.has64 || !wide && !w.has32 {
			continue
		}
		r, u, err := replay(rules, conds, wide)
		if err != nil {
			return nil, nil, err
		}
		if wide != w.target32 {
			root, uncond = r, u
		}
	}
	var ws []ir.Warning
	if w.has32 && w.has64 {
		layout := "64-bit"
		if w.target32 {
			layout = "32-bit"
		}
		ws = append(ws, ir.Warning{Kind: ir.WarnMerged, Pos: rules[0].Pos, Syscalls: []string{name}, Msg: fmt.Sprintf(
			"the verdicts for %s follow libseccomp's tree for the target's %s layout; libseccomp may order the other architectures' trees differently", quote.Value(name), layout)})
	}
	if uncond >= 0 {
		return []ir.Rule{rules[uncond]}, ws, nil
	}
	ps, ok := paths(root)
	if !ok {
		ws = append(ws, ir.Warning{Kind: ir.WarnMerged, Pos: rules[0].Pos, Syscalls: []string{name}, Msg: fmt.Sprintf(
			"libseccomp's tree for %s is too large to replay; the rules keep their own meaning (the most restrictive matching action wins)", quote.Value(name))})
		return rules, ws, nil
	}
	wide := !w.target32
	var out []ir.Rule
	used := map[int]bool{}
	for i, p := range ps {
		pw := p.wcmps()
		if !satisfiable(pw, 0xffffffff) {
			continue
		}
		// Exclude the earlier paths with other actions that the same
		// arguments can take; a path that one of them covers is dead.
		var earlier []*ir.Expr
		dead := false
		for _, q := range ps[:i] {
			if q.act.act == p.act.act {
				continue
			}
			qw := q.wcmps()
			if !satisfiable(append(slices.Clip(pw), qw...), 0xffffffff) {
				continue
			}
			if implies(pw, qw) {
				dead = true
				break
			}
			earlier = append(earlier, q.expr(wide))
		}
		if dead {
			continue
		}
		cond := p.expr(wide)
		if len(earlier) > 0 {
			cond = ir.And(cond, ir.Not(ir.Or(earlier...))).Simplify()
		}
		if cond.Op == ir.OpFalse {
			continue
		}
		r := rules[p.act.rule]
		used[p.act.rule] = true
		r.Cond, r.Action = cond, p.act.act
		if cond.Op == ir.OpTrue {
			r.Cond = nil
		}
		out = append(out, r)
	}
	var dropped []string
	for i := range rules {
		if !used[i] {
			dropped = append(dropped, rules[i].Pos)
		}
	}
	msg := fmt.Sprintf("rules of %s overlap with different actions or share parts of libseccomp's tree; they are rewritten to give libseccomp's verdicts", quote.Value(name))
	if len(dropped) > 0 {
		msg += "; libseccomp never reaches " + strings.Join(dropped, ", ")
	}
	ws = append(ws, ir.Warning{Kind: ir.WarnMerged, Pos: rules[0].Pos, Syscalls: []string{name}, Msg: msg})
	return out, ws, nil
}
