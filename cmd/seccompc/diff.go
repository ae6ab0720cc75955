package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/tables"
	"github.com/seccompc/seccompc/verify"
)

func init() {
	register(&command{
		name:  "diff",
		usage: "[flags] A B",
		short: "show exactly where two profiles or raw filters differ: per arch, the syscalls and argument regions whose verdict changes",
		args:  diffArgs,
		more:  diffHelp,
		run:   runDiff,
	})
}

const diffArgs = `A and B are each a policy (seccompc's language), an OCI LinuxSeccomp
profile, an OCI config.json, a Docker profile or a raw filter: a path,
or - for stdin (at most one of them). A file that contains a zero byte
is a raw filter: an array of struct sock_filter in the target's byte
order, as compile --format raw and libseccomp's seccomp_export_bpf
write it. Every classic BPF opcode is below 0x100, so each 8-byte
instruction holds a zero byte, while policy text and JSON never do.
Profiles are compiled for --target (with --baseline, if given); a raw
filter is taken as it is.`

const diffHelp = `diff compares the two filters on every input, not on samples: the
regions where they return different verdicts are intersections of a
path of A with a path of B (verify.Diff, the prover's machinery), and
every region's example input has been run through both filters.

Text output: one section per architecture (seccomp_data.arch, with x32
numbers apart from x86_64's), then one line per syscall whose verdict
changes, "NAME (NR): A's verdict -> B's verdict", followed by the
argument region where it changes ("for any arguments", or "if" and a
condition on a0..a5 or ip; aN.hi and aN.lo are the 32-bit halves of a 64-bit
argument; on 32-bit ABIs, whose upper halves are always zero, aN is
the low half). Consecutive numbers that no syscall table names and that
change in the same way share one line, and so do all the numbers of a
section when they all change in the same way ("every syscall number").
Inputs whose arch value neither filter singles out come last, under
"other inputs", with their arch and nr conditions. Equivalent filters
print nothing (JSON: []) and exit 0; exit status 1 means they differ.`

// diffJSON is one element of "diff --format json": one output line.
type diffJSON struct {
	Arch    string    `json:"arch"`  // section: an arch name, "audit 0x…" or "other"
	Audit   *uint32   `json:"audit"` // nil for "other"
	Nr      uint32    `json:"nr"`
	NrLast  *uint32   `json:"nr_last,omitempty"` // the last number of a run of unnamed numbers
	Syscall string    `json:"syscall,omitempty"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	FromRet uint32    `json:"from_ret"`
	ToRet   uint32    `json:"to_ret"`
	Region  string    `json:"region"`
	Example [6]uint64 `json:"example"` // arguments of an input in the region (nr is Nr)
	// For "other" only: the seccomp_data.arch value of the example.
	ExampleArch *uint32 `json:"example_arch,omitempty"`
}

func runDiff(e *env, args []string) error {
	fs := newFlags(e, lookup("diff"))
	cf := addCompileFlags(fs)
	formatFlag := addFormat(fs, "text", "json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	format, err := formatFlag.get()
	if err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageError("want two profiles or filters A and B, got %d arguments", fs.NArg())
	}
	if fs.Arg(0) == "-" && fs.Arg(1) == "-" {
		return usageError("only one of A and B can be - (stdin)")
	}
	target, err := targetArch(*cf.target)
	if err != nil {
		return err
	}
	var progs [2][]bpf.RawInstruction
	profiles := 0
	for i, path := range fs.Args() {
		p, isProfile, err := loadFilter(e, path, target, cf)
		if err != nil {
			return err
		}
		progs[i] = p
		if isProfile {
			profiles++
		}
	}
	if profiles == 0 && *cf.baseline != "" {
		return usageError("--baseline applies to profiles, and A and B are both raw filters")
	}
	changes, err := diffFilters(progs[0], progs[1], target.BigEndian)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if format == "json" {
		err = writeDiffJSON(e.stdout, changes)
	} else {
		err = writeDiffText(e.stdout, changes)
	}
	if err != nil {
		return err
	}
	if len(changes) > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%s and %s differ: %s", fs.Arg(0), fs.Arg(1), diffSummary(changes))}
	}
	return nil
}

// isRawFilter reports whether data is a raw filter rather than profile
// text: every sock_filter instruction has a zero byte (the high byte of
// its 16-bit opcode), and policy text and JSON have none.
func isRawFilter(data []byte) bool { return bytes.IndexByte(data, 0) >= 0 }

// loadFilter reads A or B: a raw filter as it is, a profile compiled for
// the flags, its warnings about typos written to stderr (diff's output
// says what the profiles mean; -v shows every warning).
func loadFilter(e *env, path string, target *arch.Info, cf *compileFlags) (prog []bpf.RawInstruction, isProfile bool, err error) {
	data, name, err := readProfile(e, path)
	if err != nil {
		return nil, false, &exitError{code: 2, err: err}
	}
	if isRawFilter(data) {
		prog, err := decodeRawFilter(data, name, target)
		if err != nil {
			return nil, false, err
		}
		if err := verify.Check(prog); err != nil {
			return nil, false, &exitError{code: 2, err: fmt.Errorf("%s: the kernel would refuse this filter: %w", name, err)}
		}
		return prog, false, nil
	}
	c, err := compileBytes(data, name, cf)
	if err != nil {
		return nil, true, err
	}
	c.printTypos(e.stderr)
	return c.prog.Insns, true, nil
}

// change is one line of diff's output: on the syscall numbers lo..hi of
// a section, the inputs in region get verdict from from A and to from B.
type change struct {
	sec      section
	lo, hi   uint32
	name     string // syscall name; "" for unnamed numbers
	whole    bool   // every number of the section
	from, to uint32
	region   string
	example  verify.SeccompData
}

// section is a group of the output: an ABI (an audit value, split by the
// x32 bit), or every other input.
type section struct {
	name  string
	audit uint32
	other bool       // the inputs of audit values no filter singles out
	info  *arch.Info // nil for an unknown audit value or other
	order int        // sort key among sections of one audit value
}

// Limits that keep diff's output and running time bounded on filters
// with unusual tests (say, a mask on the arch word).
const (
	maxArchValues = 64      // audit values a region may span and still be split per arch
	maxRanges     = 1 << 14 // intervals of a word's value set
	maxPairs      = 1 << 16 // path pairs for one syscall number
	maxMerge      = 256     // regions merged pairwise
)

// errDiffTooComplex is returned (wrapped) when a limit is exceeded.
var errDiffTooComplex = errors.New("diff: the filters' difference is too fragmented to describe")

// diffFilters computes the changes from filter a to filter b, exactly,
// and sorted: by section, then number, then verdicts and region.
func diffFilters(a, b []bpf.RawInstruction, big bool) ([]change, error) {
	type region struct {
		cube     verify.Cube
		from, to uint32
		data     verify.SeccompData
	}
	perAudit := map[uint32][]rng{} // numbers on which each audit value differs
	var others []region
	fd := &found{exact: map[[2]uint32][]pair{}, wide: map[uint32][]rng{}}
	_, err := verify.Diff(a, b, big, nil, func(d *verify.Difference) bool {
		r := region{cube: d.Cube, from: d.A, to: d.B, data: d.Data}
		audits, ok := wordRanges(d.Cube[verify.WordArch], maxArchValues)
		if ok && rangesSize(audits) <= maxArchValues {
			nrs, ok := wordRanges(d.Cube[verify.WordNr], maxRanges)
			if ok {
				if len(audits) == 1 && audits[0].lo == audits[0].hi && len(nrs) == 1 && nrs[0].lo == nrs[0].hi {
					k := [2]uint32{audits[0].lo, nrs[0].lo}
					fd.exact[k] = append(fd.exact[k], pair{d.A, d.B, d.Cube})
				}
				for _, ar := range audits {
					for x := uint64(ar.lo); x <= uint64(ar.hi); x++ {
						perAudit[uint32(x)] = append(perAudit[uint32(x)], nrs...)
						if len(audits) > 1 || ar.lo != ar.hi || len(nrs) > 1 || nrs[0].lo != nrs[0].hi {
							fd.wide[uint32(x)] = append(fd.wide[uint32(x)], nrs...)
						}
					}
				}
				return true
			}
		}
		others = append(others, r)
		return true
	})
	for x, rs := range fd.wide {
		fd.wide[x] = unionRanges(rs)
	}
	fd.off = len(others) > 0
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
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
	var out []change
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
	other := section{name: "other", other: true}
	var oc []change
	for _, r := range others {
		conds := append(wordConds("arch", r.cube[verify.WordArch]), wordConds("nr", r.cube[verify.WordNr])...)
		conds = append(conds, argConds(&r.cube, big, 64)...)
		oc = append(oc, change{sec: other, lo: r.data.Nr, hi: r.data.Nr, from: r.from, to: r.to,
			region: joinConds(conds), example: r.data})
	}
	sort.Slice(oc, func(i, j int) bool { return changeLess(&oc[i], &oc[j]) })
	return append(out, oc...), nil
}

// diffAudit describes the differences on audit value x, whose differing
// numbers are the union of nrs.
func diffAudit(a, b []bpf.RawInstruction, fa, fb *verify.Filter, fd *found, big bool, x uint32, nrs []rng) ([]change, error) {
	secs := sectionsOf(x)
	union := unionRanges(nrs)
	// Cut points: every end of a region's interval, the section borders
	// and each named number, so that each piece is uniform.
	cuts := map[uint32]bool{}
	for _, r := range nrs {
		cuts[r.lo] = true
		if r.hi < math.MaxUint32 {
			cuts[r.hi+1] = true
		}
	}
	for _, s := range secs {
		if s.info != nil && s.info.SyscallBit != 0 {
			cuts[s.info.SyscallBit] = true
			cuts[math.MaxUint32] = true
		}
	}
	for _, s := range secs {
		tab := sectionTable(s)
		if tab == nil {
			continue
		}
		for sc := range tab.All() {
			if sectionOf(secs, sc.Nr).name == s.name && inRanges(union, sc.Nr) {
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
	var out []change
	for _, u := range union {
		i := sort.Search(len(points), func(i int) bool { return points[i] > u.lo })
		lo := uint64(u.lo)
		for {
			hi := uint64(u.hi)
			if i < len(points) && uint64(points[i]) <= hi {
				hi = uint64(points[i]) - 1
				i++
			}
			cs, err := diffSegment(a, b, fa, fb, fd, big, x, sectionOf(secs, uint32(lo)), uint32(lo), uint32(hi))
			if err != nil {
				return nil, err
			}
			out = appendMerged(out, cs)
			if hi == uint64(u.hi) {
				break
			}
			lo = hi + 1
		}
	}
	slices.SortStableFunc(out, func(p, q change) int { return cmp.Compare(p.sec.order, q.sec.order) })
	return collapseWhole(out, secs), nil
}

// collapseWhole replaces the lines of a section that change every one of
// its numbers in the same way (a section added or removed, a new
// default) by one line.
func collapseWhole(cs []change, secs []section) []change {
	var out []change
	for i := 0; i < len(cs); {
		j := i
		var n uint64
		same := true
		for ; j < len(cs) && cs[j].sec == cs[i].sec; j++ {
			n += uint64(cs[j].hi) - uint64(cs[j].lo) + 1
			same = same && cs[j].from == cs[i].from && cs[j].to == cs[i].to && cs[j].region == cs[i].region
		}
		if same && j-i > 1 && n == sectionSize(cs[i].sec, secs) {
			c := cs[i]
			c.hi, c.name, c.whole = cs[j-1].hi, "", true
			out = append(out, c)
		} else {
			out = append(out, cs[i:j]...)
		}
		i = j
	}
	return out
}

// sectionSize counts the seccomp_data.nr values of section s ([sectionOf]).
func sectionSize(s section, secs []section) uint64 {
	if s.info != nil && s.info.SyscallBit != 0 {
		return math.MaxUint32 - uint64(s.info.SyscallBit)
	}
	for _, t := range secs {
		if t.info != nil && t.info.SyscallBit != 0 {
			return uint64(t.info.SyscallBit) + 1
		}
	}
	return 1 << 32
}

// appendMerged appends the changes of one segment, extending the
// previous segment's lines instead when both are unnamed, adjacent and
// change in the same ways.
func appendMerged(out, cs []change) []change {
	n := len(cs)
	if n == 0 || len(out) < n {
		return append(out, cs...)
	}
	prev := out[len(out)-n:]
	for i := range cs {
		p, c := &prev[i], &cs[i]
		if p.name != "" || c.name != "" || p.sec != c.sec || uint64(p.hi)+1 != uint64(c.lo) ||
			p.from != c.from || p.to != c.to || p.region != c.region || p.lo != prev[0].lo {
			return append(out, cs...)
		}
	}
	// The n previous lines must be exactly one segment's lines.
	if len(out) > n {
		q := &out[len(out)-n-1]
		if q.sec == prev[0].sec && q.lo == prev[0].lo {
			return append(out, cs...)
		}
	}
	for i := range prev {
		prev[i].hi = cs[i].hi
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
	exact map[[2]uint32][]pair // by (audit, nr): the regions on exactly that input class, in Diff's order
	wide  map[uint32][]rng     // by audit: the numbers of the regions that span more
	off   bool                 // some regions span many audit values: do not reuse
}

// on returns the regions of number lo of audit value x, and false when
// it does not know them all: the segment is wider than one number, or
// a region spanning more numbers covers it.
func (fd *found) on(x, lo, hi uint32) ([]pair, bool) {
	if fd.off || lo != hi || inRanges(fd.wide[x], lo) {
		return nil, false
	}
	return fd.exact[[2]uint32{x, lo}], true
}

// diffSegment describes the differences on numbers lo..hi of audit
// value x, on which the filters behave alike: it splits the arguments of
// number lo into the regions of every pair of paths, groups them by
// verdicts, and prints each group's region.
func diffSegment(a, b []bpf.RawInstruction, fa, fb *verify.Filter, fd *found, big bool, x uint32, sec section, lo, hi uint32) ([]change, error) {
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
	if err == nil && len(pairs) > maxPairs {
		err = fmt.Errorf("%w: more than %d regions for nr %d", errDiffTooComplex, maxPairs, lo)
	}
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	// The regions where the filters agree are the rest of the
	// complement of a change, which matters only when they are at most
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
	if sec.info != nil {
		bits = sec.info.Bits
	}
	var out []change
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
			out = append(out, change{sec: sec, lo: lo, hi: hi, name: name, from: k.from, to: k.to, region: l.region, example: d})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("diff: internal error: verify.Diff found a difference on nr %d that its paths do not show", lo)
	}
	sort.SliceStable(out, func(i, j int) bool { return changeLess(&out[i], &out[j]) })
	return out, nil
}

func changeLess(p, q *change) bool {
	return cmp.Or(cmp.Compare(p.lo, q.lo), cmp.Compare(p.from, q.from), cmp.Compare(p.to, q.to),
		cmp.Compare(p.region, q.region)) < 0
}

// sectionsOf returns the sections of audit value x: one per ABI that
// uses it (x32 apart from x86_64), or one named after the value.
func sectionsOf(x uint32) []section {
	infos := arch.ByAudit(x)
	if len(infos) == 0 {
		return []section{{name: fmt.Sprintf("audit %#x", x), audit: x}}
	}
	var out []section
	for i, a := range infos {
		out = append(out, section{name: a.Name, audit: x, info: a, order: i})
	}
	return out
}

// sectionOf returns the section of secs that seccomp_data.nr value nr
// belongs to: the ABI with a syscall bit for numbers from the bit up to
// 0xfffffffe ([ir.Resolved.ArchFor]'s rule), another one otherwise.
func sectionOf(secs []section, nr uint32) section {
	for _, s := range secs {
		if s.info != nil && s.info.SyscallBit != 0 && nr >= s.info.SyscallBit && nr != math.MaxUint32 {
			return s
		}
	}
	for _, s := range secs {
		if s.info == nil || s.info.SyscallBit == 0 {
			return s
		}
	}
	return secs[0]
}

func sectionTable(s section) *tables.Table {
	if s.info == nil {
		return nil
	}
	t, err := tables.ForArch(s.info.Table)
	if err != nil {
		return nil
	}
	return t
}

// rng is an inclusive range of 32-bit values.
type rng struct{ lo, hi uint32 }

func rangesSize(rs []rng) uint64 {
	var n uint64
	for _, r := range rs {
		n += uint64(r.hi) - uint64(r.lo) + 1
	}
	return n
}

func inRanges(rs []rng, v uint32) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i].hi >= v })
	return i < len(rs) && rs[i].lo <= v
}

// unionRanges returns the union of rs as sorted, disjoint, non-adjacent
// ranges.
func unionRanges(rs []rng) []rng {
	s := slices.Clone(rs)
	slices.SortFunc(s, func(p, q rng) int { return cmp.Compare(p.lo, q.lo) })
	var out []rng
	for _, r := range s {
		if n := len(out); n > 0 && uint64(r.lo) <= uint64(out[n-1].hi)+1 {
			out[n-1].hi = max(out[n-1].hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

// wordRanges returns the values satisfying w as sorted, disjoint,
// non-adjacent ranges, and false when there are more than limit of them.
// It bisects the value space: a range inside which w always holds, or
// never, is not split further. Both tests are exact satisfiability
// questions on one word.
func wordRanges(w verify.Word, limit int) ([]rng, bool) {
	if rs, ok, done := wholeRanges(w, limit); done {
		return rs, ok
	}
	return walkRanges(w, limit)
}

// walkRanges is wordRanges for any word: it halves [0, 2^32) until each
// piece is inside the word's values or outside them.
func walkRanges(w verify.Word, limit int) ([]rng, bool) {
	var out []rng
	over := false
	var walk func(lo, hi uint32)
	walk = func(lo, hi uint32) {
		if over {
			return
		}
		in := verify.AtomIn(lo, hi)
		if !append(w[:len(w):len(w)], in).Sat() {
			return
		}
		full := true
		for _, a := range w {
			if (verify.Word{in, a.Not()}).Sat() {
				full = false
				break
			}
		}
		if full {
			if n := len(out); n > 0 && uint64(out[n-1].hi)+1 == uint64(lo) {
				out[n-1].hi = hi
				return
			}
			if len(out) == limit {
				over = true
				return
			}
			out = append(out, rng{lo, hi})
			return
		}
		mid := lo + (hi-lo)/2
		walk(lo, mid)
		walk(mid+1, hi)
	}
	walk(0, math.MaxUint32)
	return out, !over
}

// nrString names a syscall number: decimal when small, else hex.
// wholeRanges is wordRanges for a word whose atoms are all on the
// whole word, computed directly: the intersection of the intervals
// minus the excluded ones. done is false when some atom is masked.
func wholeRanges(w verify.Word, limit int) (rs []rng, ok, done bool) {
	lo, hi := uint64(0), uint64(math.MaxUint32)
	var outs []rng
	for _, a := range w {
		switch {
		case a.Mask != all32:
			return nil, false, false
		case a.Lo > a.Hi:
			if !a.Out {
				return nil, true, true // never holds
			}
		case a.Out:
			outs = append(outs, rng{a.Lo, a.Hi})
		default:
			lo, hi = max(lo, uint64(a.Lo)), min(hi, uint64(a.Hi))
		}
	}
	slices.SortFunc(outs, func(p, q rng) int { return cmp.Compare(p.lo, q.lo) })
	for _, o := range outs {
		if lo > hi {
			break
		}
		if uint64(o.hi) < lo || uint64(o.lo) > hi {
			continue
		}
		if uint64(o.lo) > lo {
			if len(rs) == limit {
				return nil, false, true
			}
			rs = append(rs, rng{uint32(lo), o.lo - 1})
		}
		lo = uint64(o.hi) + 1
	}
	if lo <= hi {
		if len(rs) == limit {
			return nil, false, true
		}
		rs = append(rs, rng{uint32(lo), uint32(hi)})
	}
	return rs, true, true
}

func nrString(v uint32) string {
	if v < 0x10000 {
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("%#x", v)
}

// subject is the start of a text line: the syscall or numbers.
func (c *change) subject() string {
	switch {
	case c.whole:
		return "every syscall number"
	case c.name != "":
		return fmt.Sprintf("%s (%s)", c.name, nrString(c.lo))
	}
	nrs := "nr " + nrString(c.lo)
	if c.hi != c.lo {
		nrs += ".." + nrString(c.hi)
	}
	if c.sec.info != nil {
		nrs += " (unassigned)"
	}
	return nrs
}

func writeDiffText(w io.Writer, changes []change) error {
	var b strings.Builder
	for i := range changes {
		c := &changes[i]
		if i == 0 || changes[i-1].sec != c.sec {
			if c.sec.other {
				b.WriteString("other inputs:\n")
			} else {
				fmt.Fprintf(&b, "%s (audit %#x):\n", c.sec.name, c.sec.audit)
			}
		}
		region := "for any arguments"
		if c.region != "any arguments" {
			region = "if " + c.region
		}
		if c.sec.other {
			fmt.Fprintf(&b, "  %s -> %s %s\n", emit.RetString(c.from), emit.RetString(c.to), region)
			continue
		}
		fmt.Fprintf(&b, "  %s: %s -> %s %s\n", c.subject(), emit.RetString(c.from), emit.RetString(c.to), region)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeDiffJSON(w io.Writer, changes []change) error {
	out := make([]diffJSON, 0, len(changes))
	for i := range changes {
		c := &changes[i]
		j := diffJSON{Arch: c.sec.name, Nr: c.lo, Syscall: c.name,
			From: emit.RetString(c.from), To: emit.RetString(c.to), FromRet: c.from, ToRet: c.to,
			Region: c.region, Example: c.example.Args}
		if !c.sec.other {
			audit := c.sec.audit
			j.Audit = &audit
		} else {
			ea := c.example.Arch
			j.Nr, j.ExampleArch = c.example.Nr, &ea
		}
		if c.hi != c.lo {
			last := c.hi
			j.NrLast = &last
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // regions have < and >
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// diffSummary counts the changes for the error message.
func diffSummary(changes []change) string {
	secs := map[section]bool{}
	for _, c := range changes {
		secs[c.sec] = true
	}
	return fmt.Sprintf("%s in %s", plural(len(changes), "change"), plural(len(secs), "section"))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
