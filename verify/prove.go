package verify

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/wordsat"
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
	if err := Check(prog); err != nil {
		return nil, err
	}
	pm := newPolicyModel(r)
	proof := &Proof{Arches: len(r.Arches), Classes: pm.classes()}
	var found error
	err := pathsHooked(prog, nil, walkHooks{branch: pm.branch}, func(p *Path) bool {
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
	if pm.fs.err != nil {
		return nil, pm.fs.err
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
	r        *ir.Resolved
	big      bool
	audits   []uint32
	regions  map[uint32][]nrClass
	namedNrs map[uint32][]uint32       // per audit value, the numbers of the named classes, sorted
	named    map[namedKey][]competitor // memo of competitors
	fs       *fsolver
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
	pm := &policyModel{r: r, big: r.Target.BigEndian, regions: map[uint32][]nrClass{}, namedNrs: map[uint32][]uint32{},
		named: map[namedKey][]competitor{}, fs: newFsolver()}
	for _, ap := range r.Arches {
		if !slices.Contains(pm.audits, ap.Arch.Audit) {
			pm.audits = append(pm.audits, ap.Arch.Audit)
		}
	}
	for _, a := range pm.audits {
		pm.regions[a] = pm.classesOf(a)
		for _, cl := range pm.regions[a] {
			if cl.named {
				pm.namedNrs[a] = append(pm.namedNrs[a], cl.lo)
			}
		}
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
			w, act, err := pm.checkNamed(&cc, cl.ap, cl.lo, p.Ret, liveCompsOf(p.aux, a, cl), checks)
			if err != nil || w != nil {
				return w, act, err
			}
		}
	}
	return nil, ir.Action{}, nil
}

// competitor is one verdict the policy can give a named number, with
// the region of argument vectors where it does, as a formula.
type competitor struct {
	act ir.Action
	f   *fnode
}

// maxCompetitorNodes bounds the size of the formulas of one syscall.
const maxCompetitorNodes = 1 << 22

// competitors returns, for a number that rules name, each verdict the
// policy can give it with its region ([ir.Resolved.Decide]): a verdict
// of a rule's action decides where no condition of a more restrictive
// action holds and, among the rules of its precedence, the first whose
// condition holds has that action; the default decides where no
// condition holds.
func (pm *policyModel) competitors(ap *ir.ArchPolicy, nr uint32) ([]competitor, error) {
	key := namedKey{ap, nr}
	if cs, ok := pm.named[key]; ok {
		return cs, nil
	}
	entries, _ := ap.Entries(nr)
	type run struct {
		act   ir.Action
		conds []*fnode
	}
	// The rules by precedence (most restrictive first), each
	// precedence's rules cut into runs of one action, in rule order.
	var precs []int32
	runs := map[int32][]run{}
	for i := range entries {
		e := &entries[i]
		p := e.Action.Precedence()
		rs, ok := runs[p]
		if !ok {
			precs = append(precs, p)
		}
		f := exprFormula(e.Cond, false, pm.big)
		if n := len(rs); n > 0 && rs[n-1].act == e.Action {
			rs[n-1].conds = append(rs[n-1].conds, f)
		} else {
			rs = append(rs, run{act: e.Action, conds: []*fnode{f}})
		}
		runs[p] = rs
	}
	slices.Sort(precs)
	var cs []competitor
	size := 0
	var stronger []*fnode // the negated conditions of every precedence so far
	for _, p := range precs {
		rs := runs[p]
		var acts []ir.Action
		for _, r := range rs {
			if !slices.Contains(acts, r.act) {
				acts = append(acts, r.act)
			}
		}
		for _, act := range acts {
			var terms []*fnode
			for k, r := range rs {
				if r.act != act {
					continue
				}
				// The run decides where one of its conditions holds
				// and none of an earlier run of another action does.
				term := []*fnode{fjoin(false, r.conds)}
				for _, q := range rs[:k] {
					if q.act != act {
						term = append(term, negAll(q.conds))
					}
				}
				terms = append(terms, fjoin(true, term))
			}
			f := fjoin(true, append(slices.Clone(stronger), fjoin(false, terms)))
			cs = append(cs, competitor{act: act, f: f})
			size += f.size
		}
		for _, r := range rs {
			for _, c := range r.conds {
				stronger = append(stronger, negate(c))
			}
		}
		if size > maxCompetitorNodes {
			return nil, &Error{PC: -1, Code: ErrTooComplex, Detail: fmt.Sprintf("the conditions of syscall %d on %s need more than %d formula nodes", nr, ap.Arch.Name, maxCompetitorNodes)}
		}
	}
	f := fjoin(true, stronger)
	cs = append(cs, competitor{act: pm.r.Policy.Default, f: f})
	pm.named[key] = cs
	return cs, nil
}

type namedKey struct {
	ap *ir.ArchPolicy
	nr uint32
}

// negAll returns the conjunction of the negations of fs.
func negAll(fs []*fnode) *fnode {
	neg := make([]*fnode, len(fs))
	for i, f := range fs {
		neg[i] = negate(f)
	}
	return fjoin(true, neg)
}

// checkNamed decides, for a number whose verdict depends on the
// arguments, whether some argument vector in c makes the policy's
// verdict differ from ret. live holds the competitors' formulas
// simplified under c, or is nil.
func (pm *policyModel) checkNamed(c *Cube, ap *ir.ArchPolicy, nr uint32, ret uint32, live []competitor, checks *int) (*Cube, ir.Action, error) {
	if live == nil {
		cs, err := pm.competitors(ap, nr)
		if err != nil {
			return nil, ir.Action{}, err
		}
		live = make([]competitor, len(cs))
		for i, comp := range cs {
			live[i] = competitor{act: comp.act, f: pm.fs.simplify(comp.f, c, argWordsMask)}
		}
		if pm.fs.err != nil {
			return nil, ir.Action{}, pm.fs.err
		}
	}
	for _, comp := range live {
		if comp.act.Ret() == ret {
			continue
		}
		*checks++
		if comp.f.op == fFalse {
			continue
		}
		if w, ok := pm.fs.sat(comp.f, *c); ok {
			return &w, comp.act, nil
		}
		if pm.fs.err != nil {
			return nil, ir.Action{}, pm.fs.err
		}
	}
	return nil, ir.Action{}, nil
}

// argWordsMask has the bits of every word but nr and arch.
const argWordsMask = 1<<NumWords - 1 - 1<<WordNr - 1<<WordArch

// liveSet is the prover's state along a path (symState.aux): the
// syscall-number classes with conditions that the path's cube still
// reaches, with their competitors' formulas simplified under the cube.
// It is immutable: a branch that changes it makes a new one.
type liveSet struct {
	classes []liveClass
}

type liveClass struct {
	audit uint32
	cl    *nrClass
	comps []competitor
}

// maxLive is the most classes a liveSet follows; a path reaching more
// (a program that tests arguments before it has told the syscalls
// apart) starts following them once its cube has narrowed.
const maxLive = 32

// branch updates st.aux after st.cube was narrowed on word.
func (pm *policyModel) branch(st *symState, word int) {
	if pm.fs.err != nil {
		return
	}
	ls, _ := st.aux.(*liveSet)
	switch {
	case word == WordNr || word == WordArch:
		if ls == nil {
			return
		}
		var keep []liveClass
		for i, lc := range ls.classes {
			if pm.reaches(&st.cube, lc.audit, lc.cl.lo) {
				if keep != nil {
					keep = append(keep, lc)
				}
				continue
			}
			if keep == nil {
				keep = append(make([]liveClass, 0, len(ls.classes)), ls.classes[:i]...)
			}
		}
		if keep != nil {
			st.aux = &liveSet{classes: keep}
		}
	case ls == nil:
		st.aux = pm.start(&st.cube)
	default:
		var out []liveClass
		for i, lc := range ls.classes {
			var comps []competitor
			for j, comp := range lc.comps {
				f := pm.fs.simplify(comp.f, &st.cube, 1<<word)
				if f == comp.f && comps == nil {
					continue
				}
				if comps == nil {
					comps = append(make([]competitor, 0, len(lc.comps)), lc.comps[:j]...)
				}
				comps = append(comps, competitor{act: comp.act, f: f})
			}
			if comps == nil && out == nil {
				continue
			}
			if out == nil {
				out = append(make([]liveClass, 0, len(ls.classes)), ls.classes[:i]...)
			}
			if comps != nil {
				lc.comps = comps
			}
			out = append(out, lc)
		}
		if out != nil {
			st.aux = &liveSet{classes: out}
		}
	}
}

// reaches reports whether cube c holds inputs of audit value audit and
// syscall number nr.
func (pm *policyModel) reaches(c *Cube, audit, nr uint32) bool {
	return wordsat.Word(c[WordArch]).SatWith(AtomEq(math.MaxUint32, audit)) && wordsat.Word(c[WordNr]).SatWith(AtomEq(math.MaxUint32, nr))
}

// start returns the liveSet of cube c, or nil when c reaches more than
// maxLive classes with conditions.
func (pm *policyModel) start(c *Cube) *liveSet {
	lo, ok := c[WordNr].Min()
	if !ok {
		return nil
	}
	hi, _ := c[WordNr].Max()
	ls := &liveSet{}
	for _, a := range pm.audits {
		if !wordsat.Word(c[WordArch]).SatWith(AtomEq(math.MaxUint32, a)) {
			continue
		}
		nrs := pm.namedNrs[a]
		i, _ := slices.BinarySearch(nrs, lo)
		j, _ := slices.BinarySearch(nrs, hi)
		if j < len(nrs) && nrs[j] == hi {
			j++
		}
		if len(ls.classes)+j-i > maxLive {
			return nil
		}
		rs := pm.regions[a]
		for _, nr := range nrs[i:j] {
			if !wordsat.Word(c[WordNr]).SatWith(AtomEq(math.MaxUint32, nr)) {
				continue
			}
			k := sort.Search(len(rs), func(k int) bool { return rs[k].hi >= nr })
			cl := &rs[k]
			cs, err := pm.competitors(cl.ap, nr)
			if err != nil {
				pm.fs.err = err
				return nil
			}
			comps := make([]competitor, len(cs))
			for m, comp := range cs {
				comps[m] = competitor{act: comp.act, f: pm.fs.simplify(comp.f, c, argWordsMask)}
			}
			ls.classes = append(ls.classes, liveClass{audit: a, cl: cl, comps: comps})
		}
	}
	return ls
}

// liveCompsOf returns the competitors of class cl of audit value a as
// the liveSet aux follows them, or nil.
func liveCompsOf(aux any, a uint32, cl *nrClass) []competitor {
	ls, _ := aux.(*liveSet)
	if ls == nil {
		return nil
	}
	for _, lc := range ls.classes {
		if lc.cl == cl && lc.audit == a {
			return lc.comps
		}
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
// the filters differ. It returns the number of pairs of paths it
// considered. Each Difference's Data has been run through both filters
// with [Run]. A nil yield examines every intersection and reports none.
//
// Diff works as [Prove] does, with b's paths in the place of the
// policy: it enumerates b's paths once, then walks a's paths carrying
// b's paths as formulas simplified against a's cube, so that a branch of
// a drops the paths of b it excludes and paths of a with a common
// prefix share that work. At each path of a, the paths of b still
// possible with a different verdict are intersected with it. The cost
// grows with the paths of a and of b and with the regions reported, not
// with their product.
func Diff(a, b []bpf.RawInstruction, bigEndian bool, seed *Cube, yield func(*Difference) bool) (int, error) {
	return diff(a, b, bigEndian, seed, false, yield)
}

// Pairs is [Diff] reporting every non-empty intersection of a path of
// a with a path of b within seed, those on which the filters agree
// (A == B) included: together they partition seed. The regions where
// the filters agree have no Data.
func Pairs(a, b []bpf.RawInstruction, bigEndian bool, seed *Cube, yield func(*Difference) bool) (int, error) {
	return diff(a, b, bigEndian, seed, true, yield)
}

func diff(a, b []bpf.RawInstruction, bigEndian bool, seed *Cube, all bool, yield func(*Difference) bool) (int, error) {
	if yield == nil {
		yield = func(*Difference) bool { return true }
	}
	for _, p := range [][]bpf.RawInstruction{a, b} {
		if err := Check(p); err != nil {
			return 0, err
		}
	}
	var start Cube
	if seed != nil {
		start = *seed
	}
	// b's paths, each as the conjunction of the atoms it adds to seed.
	var bs []*Path
	if err := pathsHooked(b, seed, walkHooks{atoms: true}, func(p *Path) bool {
		bs = append(bs, p)
		return true
	}); err != nil {
		return 0, err
	}
	fs := newFsolver()
	fs.what = "comparing the two filters"
	root := &termSet{}
	for i, p := range bs {
		atoms := make([]*fnode, len(p.atoms))
		for j, wa := range p.atoms {
			atoms[j] = fatom(wa.w, wa.a)
		}
		f := fs.simplify(fjoin(true, atoms), &start, math.MaxUint16)
		if f.op != fFalse {
			root.terms = append(root.terms, term{idx: i, f: f})
		}
	}
	pairs, stop := 0, false
	var inner error
	branch := func(st *symState, word int) {
		ts := st.aux.(*termSet)
		var out []term
		for i, t := range ts.terms {
			f := fs.simplify(t.f, &st.cube, 1<<word)
			if f == t.f && out == nil {
				continue
			}
			if out == nil {
				out = append(make([]term, 0, len(ts.terms)), ts.terms[:i]...)
			}
			if f.op != fFalse {
				out = append(out, term{idx: t.idx, f: f})
			}
		}
		if out != nil {
			st.aux = &termSet{terms: out}
		}
	}
	err := pathsHooked(a, seed, walkHooks{aux: root, branch: branch}, func(pa *Path) bool {
		if fs.err != nil {
			return false
		}
		for _, t := range pa.aux.(*termSet).terms {
			pairs++
			pb := bs[t.idx]
			if pb.Ret == pa.Ret && !all {
				continue
			}
			// The cube b's walk from pa's cube builds: pa's atoms, then
			// pb's.
			c := pa.Cube
			ok := true
			for _, wa := range pb.atoms {
				if ok = c.And(wa.w, wa.a); !ok {
					break
				}
			}
			if !ok {
				continue
			}
			var d SeccompData
			if pb.Ret != pa.Ret {
				d, ok = c.Witness(bigEndian)
				ra, errA := execute(a, &d, bigEndian, nil) // both passed Check
				rb, errB := execute(b, &d, bigEndian, nil)
				if !ok || errA != nil || errB != nil || ra != pa.Ret || rb != pb.Ret {
					inner = &Error{PC: -1, Code: errInternal, Detail: fmt.Sprintf("prover: unconfirmed difference %+v: %#x/%#x vs %#x/%#x", d, pa.Ret, ra, pb.Ret, rb)}
					stop = true
					return false
				}
			}
			if !yield(&Difference{Cube: c, Data: d, A: pa.Ret, B: pb.Ret}) {
				stop = true
				return false
			}
		}
		return true
	})
	switch {
	case err != nil:
		return pairs, err
	case inner != nil:
		return pairs, inner
	case fs.err != nil && !stop:
		return pairs, fs.err
	}
	return pairs, nil
}

// termSet is Diff's state along a path of a (symState.aux): the paths
// of b the path's cube still meets, each with its atoms simplified
// against the cube. It is immutable.
type termSet struct {
	terms []term
}

type term struct {
	idx int // in b's paths
	f   *fnode
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
