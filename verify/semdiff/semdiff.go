// Package semdiff computes where two seccomp filters differ, on every
// input, and describes the differences readably: per ABI, the syscalls
// (or runs of unnamed numbers) whose verdict changes and the argument
// region where it does. It is the library behind "seccompc diff".
//
// The regions come from [verify.Diff], the prover's machinery; every
// satisfiability question on a word of struct seccomp_data is decided
// exactly by the module's word solver, so a region's condition and its
// complement are exact, not sampled, and every region's example input is
// run through both filters before it is reported.
package semdiff

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/wordsat"
	"github.com/seccompc/seccompc/tables"
	"github.com/seccompc/seccompc/verify"
)

// Change is one difference between two filters: on the syscall numbers
// Lo to Hi of a Section, the inputs whose arguments lie in Region get
// the verdict From from filter A and To from filter B.
type Change struct {
	Section  Section
	Lo, Hi   uint32
	Syscall  string // the syscall's name when Lo == Hi names one; "" otherwise
	Whole    bool   // Lo to Hi are every number of the Section
	From, To uint32 // the SECCOMP_RET values of A and of B
	// Region is a condition on the arguments ("a0 == 40",
	// "a1 in {3..6, 11, 12}", "(a1 & 0xff00) == 0x5400", "a0.hi >= 2 &&
	// a0.lo == 5"; on 32-bit ABIs aN is the low half), or "any
	// arguments". In the Section of other inputs it also constrains
	// arch and nr.
	Region string
	// Example is an input of the region, run through both filters:
	// for the other inputs, its Arch and Nr are part of the example.
	Example verify.SeccompData
}

// Section is a group of changes: an ABI (an audit value, the x32
// numbers apart from x86_64's), or every other input.
type Section struct {
	Name  string     // the ABI's name, "audit 0x…" for an unknown value, or "other"
	Audit uint32     // the audit value (seccomp_data.arch); 0 for other inputs
	Other bool       // the inputs of audit values no filter singles out
	Arch  *arch.Info // nil for an unknown audit value or other inputs
	order int        // sort key among sections of one audit value
}

// Limits that keep diff's output and running time bounded on filters
// with unusual tests (say, a mask on the arch word).
const (
	maxArchValues = 64      // audit values a region may span and still be split per arch
	maxRanges     = 1 << 14 // intervals of a word's value set
	maxMerge      = 256     // regions merged pairwise
)

// maxPairs bounds the path pairs of one syscall number. (A variable so
// that tests can lower it.)
var maxPairs = 1 << 16

// rangeBudget bounds, over one call of Filters, the intervals that the
// masked arch and nr words of the regions are split into (a failed
// split counts its limit): each costs a walk over the word's values, so
// that the work of splitting grows with the budget, not with the
// regions times maxRanges. (A variable so that tests can lower it.)
var rangeBudget = 2 * maxRanges

// ErrTooComplex is returned (wrapped) when the difference exceeds one of
// the limits that keep the output and the running time bounded.
var ErrTooComplex = errors.New("diff: the filters' difference is too fragmented to describe")

// Filters computes the changes from filter a to filter b on every input,
// exactly, sorted by Section, then number, then verdicts and region.
// The filters are programs for a machine of the given byte order (it
// places the halves of 64-bit arguments); each must pass [verify.Check].
// Equivalent filters have no changes.
//
// The regions are intersections of a path of a with a path of b
// ([verify.Diff]), decided by the module's word solver; those of one
// syscall number and pair of verdicts are merged into as few readable
// conditions as the cubes allow. The error wraps [ErrTooComplex] when
// the difference is too fragmented to describe, and verify's errors
// (such as its ErrTooComplex code) when the filters cannot be compared.
func Filters(a, b []bpf.RawInstruction, bigEndian bool) ([]Change, error) {
	big := bigEndian
	type region struct {
		cube     verify.Cube
		from, to uint32
		data     verify.SeccompData
	}
	perAudit := map[uint32][]wordsat.Range{} // numbers on which each audit value differs
	var others []region
	fd := &found{exact: map[[2]uint32][]pair{}, wide: map[uint32][]wordsat.Range{}}
	sp := splitter{budget: rangeBudget}
	_, err := verify.Diff(a, b, big, nil, func(d *verify.Difference) bool {
		r := region{cube: d.Cube, from: d.A, to: d.B, data: d.Data}
		audits, ok := sp.ranges(wordsat.Word(d.Cube[verify.WordArch]), maxArchValues)
		if ok && wordsat.Size(audits) <= maxArchValues {
			var nrs []wordsat.Range
			nrs, ok = sp.ranges(wordsat.Word(d.Cube[verify.WordNr]), maxRanges)
			if ok {
				if len(audits) == 1 && audits[0].Lo == audits[0].Hi && len(nrs) == 1 && nrs[0].Lo == nrs[0].Hi {
					k := [2]uint32{audits[0].Lo, nrs[0].Lo}
					fd.exact[k] = append(fd.exact[k], pair{d.A, d.B, d.Cube})
				}
				for _, ar := range audits {
					for x := uint64(ar.Lo); x <= uint64(ar.Hi); x++ {
						perAudit[uint32(x)] = append(perAudit[uint32(x)], nrs...)
						if len(audits) > 1 || ar.Lo != ar.Hi || len(nrs) > 1 || nrs[0].Lo != nrs[0].Hi {
							fd.wide[uint32(x)] = append(fd.wide[uint32(x)], nrs...)
						}
					}
				}
				return true
			}
		}
		if sp.err != nil {
			return false
		}
		others = append(others, r)
		return true
	})
	for x, rs := range fd.wide {
		fd.wide[x] = wordsat.Union(rs)
	}
	fd.off = len(others) > 0
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	if sp.err != nil {
		return nil, sp.err
	}
	// The filters passed Check in verify.Diff; each region's example
	// runs through them again below.
	fa, err := verify.NewFilter(a)
	if err != nil {
		return nil, err
	}
	fb, err := verify.NewFilter(b)
	if err != nil {
		return nil, err
	}
	var out []Change
	auditList := make([]uint32, 0, len(perAudit))
	for x := range perAudit {
		auditList = append(auditList, x)
	}
	slices.Sort(auditList)
	for _, x := range auditList {
		cs, err := diffAudit(a, b, fa, fb, fd, big, x, perAudit[x])
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	// Regions spanning many audit values: as verify.Diff found them.
	other := Section{Name: "other", Other: true}
	var oc []Change
	for _, r := range others {
		conds := append(wordConds("arch", r.cube[verify.WordArch]), wordConds("nr", r.cube[verify.WordNr])...)
		conds = append(conds, argConds(&r.cube, big, 64)...)
		oc = append(oc, Change{Section: other, Lo: r.data.Nr, Hi: r.data.Nr, From: r.from, To: r.to,
			Region: joinConds(conds), Example: r.data})
	}
	sort.Slice(oc, func(i, j int) bool { return changeLess(&oc[i], &oc[j]) })
	return append(out, oc...), nil
}

// splitter splits region words into ranges within a budget shared by
// the regions of one call (see rangeBudget).
type splitter struct {
	budget int
	err    error // ErrTooComplex once the budget is spent
}

// ranges is w.Ranges(limit), charged to the budget when some atom of w
// is masked (a word of whole-word atoms is split directly, at no cost
// worth counting). When the budget is spent, it sets s.err and
// returns false.
func (s *splitter) ranges(w wordsat.Word, limit int) ([]wordsat.Range, bool) {
	if s.err != nil {
		return nil, false
	}
	if !slices.ContainsFunc(w, func(a wordsat.Atom) bool { return a.Mask != math.MaxUint32 }) {
		return w.Ranges(limit)
	}
	if s.budget < limit {
		limit = s.budget
	}
	rs, ok := w.Ranges(limit)
	if ok {
		s.budget -= len(rs)
		return rs, true
	}
	s.budget -= limit
	if s.budget <= 0 {
		s.err = fmt.Errorf("%w: splitting the regions' masked arch and nr tests into ranges needs more than %d intervals", ErrTooComplex, rangeBudget)
	}
	return nil, false
}

// diffAudit describes the differences on audit value x, whose differing
// numbers are the union of nrs.
func diffAudit(a, b []bpf.RawInstruction, fa, fb *verify.Filter, fd *found, big bool, x uint32, nrs []wordsat.Range) ([]Change, error) {
	secs := sectionsOf(x)
	union := wordsat.Union(nrs)
	// Cut points: every end of a region's interval, the Section borders
	// and each named number, so that each piece is uniform.
	cuts := map[uint32]bool{}
	for _, r := range nrs {
		cuts[r.Lo] = true
		if r.Hi < math.MaxUint32 {
			cuts[r.Hi+1] = true
		}
	}
	for _, s := range secs {
		if s.Arch != nil && s.Arch.SyscallBit != 0 {
			cuts[s.Arch.SyscallBit] = true
			cuts[math.MaxUint32] = true
		}
	}
	for _, s := range secs {
		tab := sectionTable(s)
		if tab == nil {
			continue
		}
		for sc := range tab.All() {
			if sectionOf(secs, sc.Nr).Name == s.Name && wordsat.Contains(union, sc.Nr) {
				cuts[sc.Nr] = true
				if sc.Nr < math.MaxUint32 {
					cuts[sc.Nr+1] = true
				}
			}
		}
	}
	points := make([]uint32, 0, len(cuts))
	for p := range cuts {
		points = append(points, p)
	}
	slices.Sort(points)
	var out []Change
	for _, u := range union {
		i := sort.Search(len(points), func(i int) bool { return points[i] > u.Lo })
		lo := uint64(u.Lo)
		for {
			hi := uint64(u.Hi)
			if i < len(points) && uint64(points[i]) <= hi {
				hi = uint64(points[i]) - 1
				i++
			}
			cs, err := diffSegment(a, b, fa, fb, fd, big, x, sectionOf(secs, uint32(lo)), uint32(lo), uint32(hi))
			if err != nil {
				return nil, err
			}
			out = appendMerged(out, cs)
			if hi == uint64(u.Hi) {
				break
			}
			lo = hi + 1
		}
	}
	slices.SortStableFunc(out, func(p, q Change) int { return cmp.Compare(p.Section.order, q.Section.order) })
	return collapseWhole(out, secs), nil
}

// collapseWhole replaces the lines of a Section that Change every one of
// its numbers in the same way (a Section added or removed, a new
// default) by one line.
func collapseWhole(cs []Change, secs []Section) []Change {
	var out []Change
	for i := 0; i < len(cs); {
		j := i
		var n uint64
		same := true
		for ; j < len(cs) && cs[j].Section == cs[i].Section; j++ {
			n += uint64(cs[j].Hi) - uint64(cs[j].Lo) + 1
			same = same && cs[j].From == cs[i].From && cs[j].To == cs[i].To && cs[j].Region == cs[i].Region
		}
		if same && j-i > 1 && n == sectionSize(cs[i].Section, secs) {
			c := cs[i]
			c.Hi, c.Syscall, c.Whole = cs[j-1].Hi, "", true
			out = append(out, c)
		} else {
			out = append(out, cs[i:j]...)
		}
		i = j
	}
	return out
}

// sectionSize counts the seccomp_data.nr values of Section s ([sectionOf]).
func sectionSize(s Section, secs []Section) uint64 {
	if s.Arch != nil && s.Arch.SyscallBit != 0 {
		return math.MaxUint32 - uint64(s.Arch.SyscallBit)
	}
	for _, t := range secs {
		if t.Arch != nil && t.Arch.SyscallBit != 0 {
			return uint64(t.Arch.SyscallBit) + 1
		}
	}
	return 1 << 32
}

// appendMerged appends the changes of one segment, extending the
// previous segment's lines instead when both are unnamed, adjacent and
// Change in the same ways.
func appendMerged(out, cs []Change) []Change {
	n := len(cs)
	if n == 0 || len(out) < n {
		return append(out, cs...)
	}
	prev := out[len(out)-n:]
	for i := range cs {
		p, c := &prev[i], &cs[i]
		if p.Syscall != "" || c.Syscall != "" || p.Section != c.Section || uint64(p.Hi)+1 != uint64(c.Lo) ||
			p.From != c.From || p.To != c.To || p.Region != c.Region || p.Lo != prev[0].Lo {
			return append(out, cs...)
		}
	}
	// The n previous lines must be exactly one segment's lines.
	if len(out) > n {
		q := &out[len(out)-n-1]
		if q.Section == prev[0].Section && q.Lo == prev[0].Lo {
			return append(out, cs...)
		}
	}
	for i := range prev {
		prev[i].Hi = cs[i].Hi
	}
	return out
}

// pair is a region where filter a returns from and b returns to.
type pair struct {
	from, to uint32
	cube     verify.Cube
}

// found holds the regions verify.Diff found on all inputs, for
// diffSegment to reuse those of a single syscall number instead of
// looking again.
type found struct {
	exact map[[2]uint32][]pair       // by (audit, nr): the regions on exactly that input class, in Diff's order
	wide  map[uint32][]wordsat.Range // by audit: the numbers of the regions that span more
	off   bool                       // some regions span many audit values: do not reuse
}

// on returns the regions of number lo of audit value x, and false when
// it does not know them all: the segment is wider than one number, or
// a region spanning more numbers covers it.
func (fd *found) on(x, lo, hi uint32) ([]pair, bool) {
	if fd.off || lo != hi || wordsat.Contains(fd.wide[x], lo) {
		return nil, false
	}
	return fd.exact[[2]uint32{x, lo}], true
}

// diffSegment describes the differences on numbers lo..hi of audit
// value x, on which the filters behave alike: it splits the arguments of
// number lo into the regions of every pair of paths, groups them by
// verdicts, and prints each group's region.
func diffSegment(a, b []bpf.RawInstruction, fa, fb *verify.Filter, fd *found, big bool, x uint32, sec Section, lo, hi uint32) ([]Change, error) {
	var seed verify.Cube
	seed.And(verify.WordArch, verify.AtomEq(math.MaxUint32, x))
	seed.And(verify.WordNr, verify.AtomEq(math.MaxUint32, lo))
	var pairs []pair
	var err error
	if prs, ok := fd.on(x, lo, hi); ok {
		pairs = append(pairs, prs...)
	} else {
		_, err = verify.Diff(a, b, big, &seed, func(d *verify.Difference) bool {
			pairs = append(pairs, pair{d.A, d.B, d.Cube})
			return len(pairs) <= maxPairs
		})
	}
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	if len(pairs) > maxPairs {
		return nil, fmt.Errorf("%w: more than %d regions for nr %d", ErrTooComplex, maxPairs, lo)
	}
	// The regions where the filters agree are the rest of the
	// complement of a Change, which matters only when they are at most
	// maxMerge (see below): collect that many.
	nsame := 0
	_, err = verify.Pairs(a, b, big, &seed, func(d *verify.Difference) bool {
		if d.A == d.B {
			if nsame++; nsame <= maxMerge {
				pairs = append(pairs, pair{d.A, d.B, d.Cube})
			}
		}
		return nsame <= maxMerge
	})
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	type verdicts struct{ from, to uint32 }
	groups := map[verdicts][]verify.Cube{}
	var keys []verdicts
	for _, p := range pairs {
		k := verdicts{p.from, p.to}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], p.cube)
	}
	normed := map[verdicts][]verify.Cube{} // the groups' argCubes, computed once and when needed
	norm := func(k verdicts) []verify.Cube {
		cs, ok := normed[k]
		if !ok {
			cs = argCubes(groups[k])
			normed[k] = cs
		}
		return cs
	}
	slices.SortFunc(keys, func(p, q verdicts) int {
		return cmp.Or(cmp.Compare(p.from, q.from), cmp.Compare(p.to, q.to))
	})
	name := ""
	if lo == hi {
		if tab := sectionTable(sec); tab != nil {
			if sc, ok := tab.ByNr(lo); ok {
				name = sc.Name
			}
		}
	}
	bits := 64
	if sec.Arch != nil {
		bits = sec.Arch.Bits
	}
	var out []Change
	for _, k := range keys {
		if k.from == k.to {
			continue
		}
		// The complement of the region, merged, matters only when it
		// is empty or one cube, and more than maxMerge cubes are not
		// merged.
		nrest := nsame
		for _, k2 := range keys {
			if k2 != k && k2.from != k2.to {
				nrest += len(groups[k2])
			}
		}
		mine := mergeCubes(norm(k))
		var comp []verify.Cube
		if nrest > 0 && nrest <= maxMerge && len(mine) != 1 {
			var rest []verify.Cube
			for _, k2 := range keys {
				if k2 != k {
					rest = append(rest, norm(k2)...)
				}
			}
			comp = mergeCubes(rest)
		}
		type line struct {
			region string
			cube   *verify.Cube // an input of the region is its witness
		}
		var lines []line
		switch {
		case nrest == 0:
			lines = []line{{"any arguments", &groups[k][0]}}
		case len(mine) == 1:
			lines = []line{{joinConds(argConds(&mine[0], big, bits)), &groups[k][0]}}
		case len(comp) == 1:
			lines = []line{{negateConds(argConds(&comp[0], big, bits)), &groups[k][0]}}
		default:
			for i := range mine {
				c := mine[i]
				if !c.Intersect(&seed) {
					return nil, fmt.Errorf("diff: internal error: empty region on nr %d", lo)
				}
				lines = append(lines, line{joinConds(argConds(&mine[i], big, bits)), &c})
			}
		}
		for _, l := range lines {
			d, ok := l.cube.Witness(big)
			if !ok {
				return nil, fmt.Errorf("diff: internal error: a region of nr %d has no input", lo)
			}
			// Confirm the example in the interpreter, as verify.Diff does.
			ra, errA := fa.Run(&d, big)
			rb, errB := fb.Run(&d, big)
			if errA != nil || errB != nil || ra != k.from || rb != k.to {
				return nil, fmt.Errorf("diff: internal error: unconfirmed example %+v: %#x/%#x, want %#x/%#x (%v, %v)", d, ra, rb, k.from, k.to, errA, errB)
			}
			out = append(out, Change{Section: sec, Lo: lo, Hi: hi, Syscall: name, From: k.from, To: k.to, Region: l.region, Example: d})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("diff: internal error: verify.Diff found a difference on nr %d that its paths do not show", lo)
	}
	sort.SliceStable(out, func(i, j int) bool { return changeLess(&out[i], &out[j]) })
	return out, nil
}

func changeLess(p, q *Change) bool {
	return cmp.Or(cmp.Compare(p.Lo, q.Lo), cmp.Compare(p.From, q.From), cmp.Compare(p.To, q.To),
		cmp.Compare(p.Region, q.Region)) < 0
}

// sectionsOf returns the sections of audit value x: one per ABI that
// uses it (x32 apart from x86_64), or one named after the value.
func sectionsOf(x uint32) []Section {
	infos := arch.ByAudit(x)
	if len(infos) == 0 {
		return []Section{{Name: fmt.Sprintf("audit %#x", x), Audit: x}}
	}
	var out []Section
	for i, a := range infos {
		out = append(out, Section{Name: a.Name, Audit: x, Arch: a, order: i})
	}
	return out
}

// sectionOf returns the Section of secs that seccomp_data.nr value nr
// belongs to: the ABI with a syscall bit for numbers from the bit up to
// 0xfffffffe ([ir.Resolved.ArchFor]'s rule), another one otherwise.
func sectionOf(secs []Section, nr uint32) Section {
	for _, s := range secs {
		if s.Arch != nil && s.Arch.SyscallBit != 0 && nr >= s.Arch.SyscallBit && nr != math.MaxUint32 {
			return s
		}
	}
	for _, s := range secs {
		if s.Arch == nil || s.Arch.SyscallBit == 0 {
			return s
		}
	}
	return secs[0]
}

func sectionTable(s Section) *tables.Table {
	if s.Arch == nil {
		return nil
	}
	t, err := tables.ForArch(s.Arch.Table)
	if err != nil {
		return nil
	}
	return t
}
