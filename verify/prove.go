package verify

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/ir"
)

// Proof summarises a successful [Prove] or [ProveEquivalent].
type Proof struct {
	Arches  int // architecture sections of the policy
	Classes int // syscall-number classes: (audit value, number range) pairs, plus one for every foreign audit value
	Paths   int // paths through the program (pairs of paths for ProveEquivalent)
	Checks  int // (path, class, competing verdict) cases decided
}

// Counterexample is an input on which a filter and its policy disagree,
// found by [Prove] and confirmed by [Run] and [ir.Resolved.Eval].
type Counterexample struct {
	Data    SeccompData
	Arch    string    // the policy section deciding Data ("" for an architecture not in the filter)
	Syscall string    // syscall name, if the number is in the section's table
	Program uint32    // the filter's verdict
	Policy  ir.Action // the policy's verdict
	PCs     []int     // the instructions the filter executes on Data
}

func (c *Counterexample) Error() string {
	if c == nil {
		return "<nil>"
	}
	got, _ := ir.ActionFromRet(c.Program)
	arch, name := c.Arch, c.Syscall
	if arch == "" {
		arch = "not in filter"
	}
	if name == "" {
		name = "?"
	}
	return fmt.Sprintf("verify: counterexample: arch %#x (%s) nr %#x (%s) args %#x: filter returns %v (%#x), policy says %v (%#x)",
		c.Data.Arch, arch, c.Data.Nr, name, c.Data.Args, got, c.Program, c.Policy, c.Policy.Ret())
}

// Prove proves that prog returns exactly r.Eval's verdict for every input:
// every audit value, every syscall number and all 2^384 argument vectors.
// It returns the proof's size, or a *[Counterexample] (checked with [Run]
// and [ir.Resolved.Eval]), or an error: Check's for a program the kernel
// would refuse, and *[Error] with [ErrUnsupported] or [ErrTooComplex]
// for a program outside what [Paths] models.
//
// The proof is a case analysis, not a sampling. [Paths] splits the input
// space into the program's paths, each a [Cube] of word constraints
// with one verdict. The policy splits it into classes: for each audit
// value of the filter, maximal ranges of syscall numbers on which the
// policy's verdict is one constant (default, ENOSYS tail, bad
// architecture for numbers no section takes, as the x32 split decides),
// and single numbers that rules name; every other audit value is one
// class with the bad-architecture verdict. For a named number the
// arguments decide: each entry's condition, and the default, owns the
// region where it is the winner ([ir.Resolved.Decide]'s precedence),
// a boolean formula whose comparisons become atoms on the 32-bit
// halves of the arguments (only the low half on 32-bit ABIs, where the
// conditions are already Low32). For every path, class and competing
// verdict different from the path's, Prove decides whether the
// conjunction is satisfiable; all must be unsatisfiable.
func Prove(prog []bpf.RawInstruction, r *ir.Resolved) (*Proof, error) {
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	pm := newPolicyModel(r)
	proof := &Proof{Arches: len(r.Arches), Classes: pm.classes()}
	var found error
	err := Paths(prog, nil, func(p *Path) bool {
		proof.Paths++
		cube, want, err := pm.check(p, &proof.Checks)
		if err != nil {
			found = err
			return false
		}
		if cube == nil {
			return true
		}
		found = pm.counterexample(prog, p, cube, want)
		return false
	})
	if err != nil {
		return nil, err
	}
	if found != nil {
		return nil, found
	}
	return proof, nil
}

// counterexample turns a satisfiable disagreement into a confirmed
// *Counterexample.
func (pm *policyModel) counterexample(prog []bpf.RawInstruction, p *Path, cube *Cube, want ir.Action) error {
	d, ok := cube.Witness(pm.big)
	if !ok {
		return &Error{PC: -1, Code: errInternal, Detail: "prover: satisfiable cube without a witness"}
	}
	got, pcs, err := Trace(prog, &d, pm.big)
	if err != nil {
		return err
	}
	dec := pm.r.Decide(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args})
	if got != p.Ret || dec.Action != want || got == want.Ret() {
		return &Error{PC: -1, Code: errInternal, Detail: fmt.Sprintf(
			"prover: unconfirmed counterexample %+v: path returns %#x, Run %#x; expected policy %v, Eval %v", d, p.Ret, got, want, dec.Action)}
	}
	c := &Counterexample{Data: d, Program: got, Policy: dec.Action, PCs: pcs}
	if dec.Arch != nil {
		c.Arch = dec.Arch.Arch.Name
		if s, ok := dec.Arch.Table.ByNr(d.Nr); ok {
			c.Syscall = s.Name
		}
	}
	return c
}

// policyModel is a resolved policy cut into classes of syscall numbers.
type policyModel struct {
	r       *ir.Resolved
	big     bool
	audits  []uint32
	regions map[uint32][]nrClass
	named   map[namedKey][]competitor // memo of competitors
	fs      *formulaSolver
}

// nrClass is a range of syscall numbers of one audit value on which the
// policy's verdict is the constant act, or a single number whose
// verdict depends on the arguments (named), decided by ap.Entries(lo).
type nrClass struct {
	lo, hi uint32
	ap     *ir.ArchPolicy // nil: no section takes these numbers
	named  bool
	act    ir.Action
}

func newPolicyModel(r *ir.Resolved) *policyModel {
	pm := &policyModel{r: r, big: r.Target.BigEndian, regions: map[uint32][]nrClass{}, named: map[namedKey][]competitor{}}
	pm.fs = &formulaSolver{big: pm.big, atoms: map[goal][][]wordAtom{}}
	for _, ap := range r.Arches {
		if !slices.Contains(pm.audits, ap.Arch.Audit) {
			pm.audits = append(pm.audits, ap.Arch.Audit)
		}
	}
	for _, a := range pm.audits {
		pm.regions[a] = pm.classesOf(a)
	}
	return pm
}

func (pm *policyModel) classes() int {
	n := 1 // the foreign audit values
	for _, rs := range pm.regions {
		n += len(rs)
	}
	return n
}

// classesOf cuts the syscall numbers of audit value audit into classes,
// sorted and covering 0 to 0xffffffff.
func (pm *policyModel) classesOf(audit uint32) []nrClass {
	// [ir.Resolved.ArchFor]: with a syscall bit, numbers from the bit up
	// to 0xfffffffe belong to the ABI that has the bit.
	type segment struct {
		lo, hi uint32
		bitted bool
	}
	segs := []segment{{0, math.MaxUint32, false}}
	for _, a := range arch.ByAudit(audit) {
		if a.SyscallBit != 0 {
			b := a.SyscallBit
			segs = []segment{{0, b - 1, false}, {b, math.MaxUint32 - 1, true}, {math.MaxUint32, math.MaxUint32, false}}
			break
		}
	}
	var out []nrClass
	add := func(c nrClass) {
		if n := len(out); n > 0 && !c.named && !out[n-1].named && out[n-1].ap == c.ap &&
			out[n-1].act == c.act && out[n-1].hi+1 == c.lo {
			out[n-1].hi = c.hi
			return
		}
		out = append(out, c)
	}
	for _, s := range segs {
		var ap *ir.ArchPolicy
		for _, x := range pm.r.Arches {
			if x.Arch.Audit == audit && (x.Arch.SyscallBit != 0) == s.bitted {
				ap = x
				break
			}
		}
		if ap == nil {
			add(nrClass{lo: s.lo, hi: s.hi, act: pm.r.Policy.BadArchAction()})
			continue
		}
		// The verdict of an unnamed number depends only on whether it is
		// in the table's baseline, so the points where it can change are
		// the table's numbers and the named ones.
		var points []uint32
		for _, sc := range ap.Table.Syscalls() {
			if sc.Nr >= s.lo && sc.Nr <= s.hi {
				points = append(points, sc.Nr)
			}
		}
		for _, nr := range ap.Nrs {
			if nr >= s.lo && nr <= s.hi {
				points = append(points, nr)
			}
		}
		slices.Sort(points)
		points = slices.Compact(points)
		constant := func(nr uint32) ir.Action {
			return pm.r.Decide(ir.Data{Arch: audit, Nr: nr}).Action
		}
		cur, done := s.lo, false
		for _, p := range points {
			if cur < p {
				add(nrClass{lo: cur, hi: p - 1, ap: ap, act: constant(cur)})
			}
			if entries, named := ap.Entries(p); named && !argsFree(entries) {
				add(nrClass{lo: p, hi: p, ap: ap, named: true})
			} else {
				add(nrClass{lo: p, hi: p, ap: ap, act: constant(p)})
			}
			if p == s.hi {
				done = true
				break
			}
			cur = p + 1
		}
		if !done {
			add(nrClass{lo: cur, hi: s.hi, ap: ap, act: constant(cur)})
		}
	}
	return out
}

// argsFree reports whether every condition of entries is constant, so
// that the verdict does not depend on the arguments.
func argsFree(entries []ir.Entry) bool {
	for _, e := range entries {
		if e.Cond.Op != ir.OpTrue && e.Cond.Op != ir.OpFalse {
			return false
		}
	}
	return true
}

// check compares one path with the policy. It returns nil when the
// path's verdict is the policy's everywhere on its cube, or a satisfiable
// cube inside it where the policy says want instead.
func (pm *policyModel) check(p *Path, checks *int) (cube *Cube, want ir.Action, err error) {
	// Foreign audit values.
	if bad := pm.r.Policy.BadArchAction(); bad.Ret() != p.Ret {
		*checks++
		c := p.Cube
		ok := true
		for _, a := range pm.audits {
			if ok = c.And(WordArch, AtomNe(math.MaxUint32, a)); !ok {
				break
			}
		}
		if ok {
			return &c, bad, nil
		}
	}
	for _, a := range pm.audits {
		c := p.Cube
		if !c.And(WordArch, AtomEq(math.MaxUint32, a)) {
			continue
		}
		lo, ok := c[WordNr].Min()
		if !ok {
			continue
		}
		hi, _ := c[WordNr].Max()
		rs := pm.regions[a]
		i := sort.Search(len(rs), func(i int) bool { return rs[i].hi >= lo })
		for ; i < len(rs) && rs[i].lo <= hi; i++ {
			cl := &rs[i]
			cc := c
			if !cc.And(WordNr, AtomIn(cl.lo, cl.hi)) {
				continue
			}
			if !cl.named {
				if cl.act.Ret() != p.Ret {
					*checks++
					return &cc, cl.act, nil
				}
				continue
			}
			w, act, err := pm.checkNamed(&cc, cl.ap, cl.lo, p.Ret, checks)
			if err != nil || w != nil {
				return w, act, err
			}
		}
	}
	return nil, ir.Action{}, nil
}

// competitor is one verdict the policy can give a named number, with
// the region of argument vectors where it does.
type competitor struct {
	act   ir.Action
	goals []goal // all must hold
}

// competitors returns, for a number that rules name, each possible
// verdict with its region: entry i decides where its condition holds and
// no entry of higher precedence, or of equal precedence and earlier,
// holds; the default decides where no condition holds.
func (pm *policyModel) competitors(ap *ir.ArchPolicy, nr uint32) []competitor {
	key := namedKey{ap, nr}
	if cs, ok := pm.named[key]; ok {
		return cs
	}
	entries, _ := ap.Entries(nr)
	var cs []competitor
	for i := range entries {
		e := &entries[i]
		goals := []goal{{x: e.Cond}}
		for j := range entries {
			f := &entries[j]
			if f.Action.MoreRestrictive(e.Action) || (j < i && f.Action.Precedence() == e.Action.Precedence()) {
				goals = append(goals, goal{x: f.Cond, neg: true})
			}
		}
		cs = append(cs, competitor{act: e.Action, goals: goals})
	}
	goals := make([]goal, len(entries))
	for j := range entries {
		goals[j] = goal{x: entries[j].Cond, neg: true}
	}
	cs = append(cs, competitor{act: pm.r.Policy.Default, goals: goals})
	pm.named[key] = cs
	return cs
}

type namedKey struct {
	ap *ir.ArchPolicy
	nr uint32
}

// checkNamed decides, for a number whose verdict depends on the
// arguments, whether some argument vector in c makes the policy's
// verdict differ from ret.
func (pm *policyModel) checkNamed(c *Cube, ap *ir.ArchPolicy, nr uint32, ret uint32, checks *int) (*Cube, ir.Action, error) {
	for _, comp := range pm.competitors(ap, nr) {
		if comp.act.Ret() == ret {
			continue
		}
		*checks++
		pm.fs.steps = 0
		// sat uses its goals slice as a work stack.
		if w, ok := pm.fs.sat(*c, slices.Clone(comp.goals)); ok {
			return &w, comp.act, nil
		}
		if pm.fs.err != nil {
			return nil, ir.Action{}, pm.fs.err
		}
	}
	return nil, ir.Action{}, nil
}

// goal is an expression that must hold (or, with neg, must not).
type goal struct {
	x   *ir.Expr
	neg bool
}

// maxFormulaSteps bounds the case splits of one satisfiability question.
const maxFormulaSteps = 1 << 20

// formulaSolver decides whether a cube and a conjunction of goals have a
// common solution, by case splitting on disjunctions, deciding
// non-branching goals first and pruning on unsatisfiable words.
type formulaSolver struct {
	big   bool
	steps int
	err   error
	atoms map[goal][][]wordAtom // memo of cmpAtoms
}

// wordAtom is an atom on word w.
type wordAtom struct {
	w int
	a Atom
}

func (s *formulaSolver) sat(c Cube, goals []goal) (Cube, bool) {
	var pending []goal
	for len(goals) > 0 {
		s.steps++
		if s.steps > maxFormulaSteps {
			if s.err == nil {
				s.err = &Error{PC: -1, Code: ErrTooComplex, Detail: fmt.Sprintf("a policy condition needs more than %d case splits", maxFormulaSteps)}
			}
			return c, false
		}
		g := goals[len(goals)-1]
		goals = goals[:len(goals)-1]
		x := g.x
		switch {
		case x.Op == ir.OpTrue || x.Op == ir.OpFalse:
			if (x.Op == ir.OpTrue) == g.neg {
				return c, false
			}
		case x.Op == ir.OpNot:
			goals = append(goals, goal{x: x.Sub[0], neg: !g.neg})
		case (x.Op == ir.OpAnd) != g.neg && (x.Op == ir.OpAnd || x.Op == ir.OpOr):
			for _, sub := range x.Sub {
				goals = append(goals, goal{x: sub, neg: g.neg})
			}
		case x.Op == ir.OpCmp:
			alts := s.cmpAtoms(x, g.neg)
			if len(alts) != 1 {
				pending = append(pending, g)
				continue
			}
			for _, wa := range alts[0] {
				if !c.And(wa.w, wa.a) {
					return c, false
				}
			}
		case x.Op == ir.OpAnd || x.Op == ir.OpOr:
			pending = append(pending, g) // a disjunction
		default:
			return c, false // invalid expressions hold nowhere (Expr.Holds)
		}
	}
	if len(pending) == 0 {
		return c, true
	}
	g, rest := pending[0], pending[1:]
	branch := func(cc Cube, more ...goal) (Cube, bool) {
		gs := append(append([]goal(nil), rest...), more...)
		return s.sat(cc, gs)
	}
	if g.x.Op == ir.OpCmp {
		for _, alt := range s.cmpAtoms(g.x, g.neg) {
			cc := c
			ok := true
			for _, wa := range alt {
				if ok = cc.And(wa.w, wa.a); !ok {
					break
				}
			}
			if !ok {
				continue
			}
			if w, ok := branch(cc); ok {
				return w, true
			}
			if s.err != nil {
				return c, false
			}
		}
		return c, false
	}
	for _, sub := range g.x.Sub {
		if w, ok := branch(c, goal{x: sub, neg: g.neg}); ok {
			return w, true
		}
		if s.err != nil {
			return c, false
		}
	}
	return c, false
}

// cmpAtoms turns a comparison (negated when neg) into a disjunction of
// conjunctions of word atoms on the halves of its argument.
func (s *formulaSolver) cmpAtoms(x *ir.Expr, neg bool) [][]wordAtom {
	if s.atoms == nil {
		return s.cmpAtoms1(x, neg)
	}
	g := goal{x, neg}
	if as, ok := s.atoms[g]; ok {
		return as
	}
	as := s.cmpAtoms1(x, neg)
	s.atoms[g] = as
	return as
}

func (s *formulaSolver) cmpAtoms1(x *ir.Expr, neg bool) [][]wordAtom {
	cmp := x.Cmp
	if neg {
		cmp = cmp.Negate()
	}
	lo, hi := ArgWords(int(x.Arg), s.big)
	const all = math.MaxUint32
	if x.Low32 {
		v, m := uint32(x.Val), uint32(x.Mask)
		one := func(a Atom) [][]wordAtom { return [][]wordAtom{{{lo, a}}} }
		switch cmp {
		case ir.CmpEq:
			return one(AtomEq(all, v))
		case ir.CmpNe:
			return one(AtomNe(all, v))
		case ir.CmpLt:
			return one(AtomLt(all, v))
		case ir.CmpLe:
			return one(AtomLe(all, v))
		case ir.CmpGt:
			return one(AtomGt(all, v))
		case ir.CmpGe:
			return one(AtomGe(all, v))
		case ir.CmpMaskedEq:
			return one(AtomEq(m, v))
		case ir.CmpMaskedNe:
			return one(AtomNe(m, v))
		}
		return nil
	}
	vh, vl := uint32(x.Val>>32), uint32(x.Val)
	mh, ml := uint32(x.Mask>>32), uint32(x.Mask)
	switch cmp {
	case ir.CmpEq:
		return [][]wordAtom{{{hi, AtomEq(all, vh)}, {lo, AtomEq(all, vl)}}}
	case ir.CmpNe:
		return [][]wordAtom{{{hi, AtomNe(all, vh)}}, {{lo, AtomNe(all, vl)}}}
	case ir.CmpGt:
		return [][]wordAtom{{{hi, AtomGt(all, vh)}}, {{hi, AtomEq(all, vh)}, {lo, AtomGt(all, vl)}}}
	case ir.CmpGe:
		return [][]wordAtom{{{hi, AtomGt(all, vh)}}, {{hi, AtomEq(all, vh)}, {lo, AtomGe(all, vl)}}}
	case ir.CmpLt:
		return [][]wordAtom{{{hi, AtomLt(all, vh)}}, {{hi, AtomEq(all, vh)}, {lo, AtomLt(all, vl)}}}
	case ir.CmpLe:
		return [][]wordAtom{{{hi, AtomLt(all, vh)}}, {{hi, AtomEq(all, vh)}, {lo, AtomLe(all, vl)}}}
	case ir.CmpMaskedEq:
		return [][]wordAtom{{{hi, AtomEq(mh, vh)}, {lo, AtomEq(ml, vl)}}}
	case ir.CmpMaskedNe:
		return [][]wordAtom{{{hi, AtomNe(mh, vh)}}, {{lo, AtomNe(ml, vl)}}}
	}
	return nil
}

// Difference is a region of inputs on which two filters return different
// verdicts, with one input of it confirmed by [Run].
type Difference struct {
	Cube Cube        // the inputs that take one path of a and one path of b
	Data SeccompData // the smallest input of Cube
	A, B uint32      // the verdicts of a and b on every input of Cube
}

// Diff calls yield for every region of inputs, within seed (nil for
// all), on which filters a and b return different verdicts, until yield
// returns false. The regions are the non-empty intersections of a path of
// a with a path of b, so together they are exactly the inputs on which
// the filters differ. It returns the number of intersections examined.
// Each Difference's Data has been run through both filters with [Run].
// A nil yield examines every intersection and reports none.
func Diff(a, b []bpf.RawInstruction, bigEndian bool, seed *Cube, yield func(*Difference) bool) (int, error) {
	if yield == nil {
		yield = func(*Difference) bool { return true }
	}
	for _, p := range [][]bpf.RawInstruction{a, b} {
		if err := Check(p); err != nil {
			return 0, err
		}
	}
	pairs, stop := 0, false
	var inner error
	err := paths(a, seed, func(pa *Path) bool {
		err := paths(b, &pa.Cube, func(pb *Path) bool {
			pairs++
			if pa.Ret == pb.Ret {
				return true
			}
			d, ok := pb.Cube.Witness(bigEndian)
			ra, errA := Run(a, &d, bigEndian)
			rb, errB := Run(b, &d, bigEndian)
			if !ok || errA != nil || errB != nil || ra != pa.Ret || rb != pb.Ret {
				inner = &Error{PC: -1, Code: errInternal, Detail: fmt.Sprintf("prover: unconfirmed difference %+v: %#x/%#x vs %#x/%#x", d, pa.Ret, ra, pb.Ret, rb)}
				stop = true
				return false
			}
			if !yield(&Difference{Cube: pb.Cube, Data: d, A: pa.Ret, B: pb.Ret}) {
				stop = true
				return false
			}
			return true
		})
		if err != nil {
			inner = err
			stop = true
		}
		return !stop
	})
	if err != nil {
		return pairs, err
	}
	return pairs, inner
}

// ProveEquivalent proves that filters a and b return the same verdict on
// every input, or returns the first *[Difference] found as the error.
func ProveEquivalent(a, b []bpf.RawInstruction, bigEndian bool) (*Proof, error) {
	var first *Difference
	n, err := Diff(a, b, bigEndian, nil, func(d *Difference) bool {
		first = d
		return false
	})
	if err != nil {
		return nil, err
	}
	if first != nil {
		return nil, first
	}
	return &Proof{Paths: n}, nil
}

func (d *Difference) Error() string {
	if d == nil {
		return "<nil>"
	}
	return fmt.Sprintf("verify: filters differ: arch %#x nr %#x args %#x: %#x vs %#x (on %s)",
		d.Data.Arch, d.Data.Nr, d.Data.Args, d.A, d.B, d.Cube.String())
}
