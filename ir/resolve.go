package ir

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/sysid"
	"github.com/seccompc/seccompc/ir/internal/names"
	"github.com/seccompc/seccompc/ir/internal/sysnames"
	"github.com/seccompc/seccompc/tables"
)

// Data is what a seccomp filter sees of a syscall: the parts of the
// kernel's struct seccomp_data that policies can test.
type Data struct {
	Arch uint32          // AUDIT_ARCH_* value
	Nr   uint32          // syscall number as the kernel reports it
	Args [MaxArgs]uint64 // arguments, as 64-bit values
}

// Entry is one rule as it applies to one syscall number of one
// architecture.
type Entry struct {
	Rule   int    // index into Policy.Rules
	Cond   *Expr  // the condition, simplified and adapted to the architecture
	Action Action // the rule's action
	Via    string // "" for the syscall itself, or the multiplexer ("socketcall", "ipc") this entry reaches it through
}

// ArchPolicy is a policy resolved for one architecture: the rules that
// apply to each syscall number and the ENOSYS tail.
type ArchPolicy struct {
	Arch  *arch.Info
	Table *tables.Table

	// Nrs lists the syscall numbers some rule names, sorted; Entries
	// and EntriesAt give each one's entries, in rule order.
	Nrs []uint32

	// Tail reports whether numbers that no rule names and that are not
	// in the baseline of kernel Baseline get ERRNO(ENOSYS); see
	// [ArchPolicy.InTail]. Policy.Baseline says how Baseline is chosen.
	Tail     bool
	Baseline tables.Version

	// Exempt lists, sorted, the numbers of syscalls that no rule of Nrs
	// names but that the profile names with the default action
	// (Policy.DefaultNamed): they get the default action, never ENOSYS.
	Exempt []uint32

	// The entries of Nrs[i] are all[span[2i]:span[2i+1]] (span shares
	// one allocation with Nrs, after it). The sections
	// of one Resolve share all, where a group of entries equal to one of
	// an earlier section is stored once (x86_64, x32 and x86 share most).
	all  []Entry
	span []uint32
}

// InTail reports whether number nr, which no rule names, gets
// ERRNO(ENOSYS) from the tail: the section has a tail, nr is not a
// syscall of kernel Baseline on this architecture (unassigned numbers
// never are), and the profile does not name it with the default action.
func (ap *ArchPolicy) InTail(nr uint32) bool {
	if ap == nil || !ap.Tail || ap.Table == nil || ap.Table.InBaseline(nr, ap.Baseline) {
		return false
	}
	_, exempt := slices.BinarySearch(ap.Exempt, nr)
	return !exempt
}

// EntriesAt returns the entries of the i-th named number, Nrs[i]; none
// when there is no such number, or when ap was not made by [Resolve].
func (ap *ArchPolicy) EntriesAt(i int) []Entry {
	if ap == nil || i < 0 || i >= len(ap.span)/2 {
		return nil
	}
	lo, hi := ap.span[2*i], ap.span[2*i+1] // at most len(ap.all)
	return ap.all[lo:hi:hi]
}

// Entries returns the entries of syscall number nr, in rule order, and
// whether any rule names it.
func (ap *ArchPolicy) Entries(nr uint32) ([]Entry, bool) {
	if ap == nil {
		return nil, false
	}
	i, ok := slices.BinarySearch(ap.Nrs, nr)
	if !ok {
		return nil, false
	}
	return ap.EntriesAt(i), true
}

// Resolved is a policy resolved for a compile target: the architectures
// of the filter, each with its rules by syscall number. It is the input
// of the compiler and, through [Resolved.Decide], the reference
// semantics of every filter compiled from the policy.
//
// A nil or zero Resolved covers no architecture: every syscall gets the
// bad-arch action KILL_THREAD. The compiler and the prover refuse it
// (see [Resolved.Validate]).
type Resolved struct {
	Policy *Policy
	Target *arch.Info
	Arches []*ArchPolicy // the target first, then the policy's other architectures in order
}

// Validate reports whether r is complete enough to compile and prove:
// it has a policy, a target and at least one architecture section, each
// with its architecture and table, as [Resolve] makes them. A nil or
// zero Resolved is not.
func (r *Resolved) Validate() error {
	switch {
	case r == nil:
		return &Error{Code: ErrNil, Detail: "no resolved policy (nil *Resolved)"}
	case r.Policy == nil:
		return &Error{Code: ErrNil, Detail: "resolved policy without its Policy (make it with ir.Resolve)"}
	case r.Target == nil:
		return &Error{Code: ErrNil, Detail: "resolved policy without its Target (make it with ir.Resolve)"}
	case len(r.Arches) == 0:
		return &Error{Code: ErrNil, Detail: "resolved policy without architecture sections (make it with ir.Resolve)"}
	}
	for i, ap := range r.Arches {
		if ap == nil || ap.Arch == nil || ap.Table == nil {
			return &Error{Code: ErrNil, Detail: fmt.Sprintf("resolved policy: section %d has no architecture or table (make it with ir.Resolve)", i)}
		}
	}
	return nil
}

// Resolve resolves p for the compile target (an architecture name; ""
// for the host). Syscall names unknown on an architecture are skipped
// there and reported as warnings, as runc does. The policy is validated
// first (a nil policy is an error).
func Resolve(p *Policy, target string) (*Resolved, []Warning, error) {
	if err := p.Validate(); err != nil {
		return nil, nil, err
	}
	var t *arch.Info
	var err error
	if target == "" {
		t, err = arch.Native()
	} else {
		t, err = arch.Lookup(target)
	}
	if err != nil {
		return nil, nil, &Error{Code: ErrArch, Pos: "target", Err: err}
	}
	infos := []*arch.Info{t}
	for _, name := range p.Arches {
		a, err := arch.Lookup(name)
		if err != nil {
			return nil, nil, &Error{Code: ErrArch, Pos: "arches", Err: err}
		}
		if !slices.Contains(infos, a) {
			infos = append(infos, a)
		}
	}
	// Two architectures with one audit value must be told apart by the
	// syscall bit (x86_64 and x32); two without would be ambiguous.
	for i, a := range infos {
		for _, b := range infos[:i] {
			if a.Audit == b.Audit && a.SyscallBit == b.SyscallBit {
				return nil, nil, &Error{Code: ErrArch, Pos: "arches", Detail: fmt.Sprintf("%s and %s cannot be in one filter: same audit arch %#x", b.Name, a.Name, a.Audit)}
			}
		}
	}
	r := &Resolved{Policy: p, Target: t, Arches: make([]*ArchPolicy, 0, len(infos))}
	sections := make([]ArchPolicy, len(infos)) // one allocation for all
	// The rules skipped on infos[i] are skipped[ends[i-1]:ends[i]].
	ends := make([]int, len(infos))
	// Room for every rule once and a quarter of them again (the x86
	// multiplexers' second route).
	size := len(p.Rules) + len(p.Rules)/4 + 8
	scratch := scratchPool.Get().(*resolveScratch)
	cache := &scratch.conds // empty: new, or reset before it was put back
	if size <= maxPooled {
		defer func() {
			cache.reset() // drop this Resolve's conditions
			scratchPool.Put(scratch)
		}()
	}
	scratch.ents, scratch.keys = slices.Grow(scratch.ents[:0], size), slices.Grow(scratch.keys[:0], size)
	scratch.perm = slices.Grow(scratch.perm[:0], size)
	// The rules skipped on each architecture, one after the other: room
	// for every rule once (Docker's default skips about a third of its
	// rules over its three sections), rather than grown from 16 bytes;
	// a large policy's grow as needed.
	scratch.skipped = slices.Grow(scratch.skipped[:0], min(len(p.Rules), 1<<12))
	scratch.start = slices.Grow(scratch.start[:0], size+1)
	// The per-place counts and the group numbers of every section get
	// room for the largest table at once (x86_64's, x32's and x86's
	// differ: grown per section, they were made twice); a table that
	// is not found is reported by resolveArch.
	most := 0
	for _, a := range infos {
		if tab, err := tables.ForArch(a.Table); err == nil {
			most = max(most, tab.Len())
		}
	}
	scratch.count = slices.Grow(scratch.count[:0], most)
	scratch.groupNrs = slices.Grow(scratch.groupNrs[:0], min(most, size))
	head := slices.Grow(scratch.head[:0], len(p.Rules))[:len(p.Rules)]
	clear(head)
	scratch.head = head
	pool := &entryPool{all: make([]Entry, 0, size), head: head}
	// Each rule's syscall name is looked up once, for every table.
	// The conditions are counted for the size of the cache's maps.
	ids := slices.Grow(scratch.ids[:0], len(p.Rules))[:len(p.Rules)]
	for i := range p.Rules {
		r := &p.Rules[i]
		ids[i] = -1
		if r.Syscall != "" {
			if id, ok := sysid.Lookup(r.Syscall); ok {
				ids[i] = int32(id)
			}
		}
		if r.Cond != nil && r.Cond != trueExpr {
			cache.hint++
		}
	}
	scratch.ids = ids
	var newest tables.Version
	for i, a := range infos {
		ap, v, u, err := resolveArch(&sections[i], p, a, cache, scratch, pool)
		if err != nil {
			return nil, nil, err
		}
		if newest.Less(v) {
			newest = v
		}
		ends[i] = u
		r.Arches = append(r.Arches, ap)
	}
	for _, ap := range r.Arches {
		ap.all = pool.all // the final array: appends may have moved it
	}
	r.setTail(newest)
	return r, unknownWarnings(p, infos, scratch.skipped, ends, scratch), nil
}

// setTail sets the ENOSYS tail of every section (see [BaselineMode]):
// with BaselineAuto, the newest kernel version among the syscalls the
// policy names on any architecture of the filter; no tail when it names
// none. On each architecture the baseline is at least the port's first
// kernel (Table.Oldest).
func (r *Resolved) setTail(newest tables.Version) {
	p := r.Policy
	if !p.HasTail() {
		return
	}
	x := newest
	if p.Baseline.Mode == BaselineVersion {
		x = p.Baseline.Version
	} else if x.IsZero() {
		return
	}
	for _, ap := range r.Arches {
		// Never below the architecture's first kernel: a syscall of a
		// port younger than X dates from the port, not from after the
		// profile, and would otherwise get ENOSYS with all the others.
		xa := x
		if first := ap.Table.Oldest(); xa.Less(first) {
			xa = first
		}
		ap.Tail, ap.Baseline = true, xa
	}
}

// condCache holds the conditions resolveArch has simplified, for every
// architecture of one Resolve: a rule's condition depends on the
// architecture only through its argument width. Rules that share a
// condition ("allow a, b if X") share its simplified form.
type condCache struct {
	simple [2]map[*Expr]*Expr // by the condition; [1] for 32-bit architectures
	truth  [2]*Expr           // the simplified trueExpr, likewise
	hint   int                // the size to allocate a map of simple for: the rules with conditions
	mux    map[muxKey]*Expr
	nodes  exprSlab // the nodes of the conditions made
}

// exprSlab hands out expression nodes from arrays of slabLen: the
// conditions of one Resolve (a comparison for each multiplexed call, a
// narrowed copy of each condition on 32-bit architectures) take one
// allocation instead of one per node. A nil slab allocates each node.
type exprSlab struct{ free []Expr }

const slabLen = 32

func (s *exprSlab) node(x Expr) *Expr {
	if s == nil {
		n := new(Expr)
		*n = x
		return n
	}
	if len(s.free) == 0 {
		s.free = make([]Expr, slabLen)
	}
	n := &s.free[0]
	*n = x
	s.free = s.free[1:]
	return n
}

// muxKey names the condition of a multiplexed entry.
type muxKey struct {
	cond   *Expr
	code   uint32
	narrow bool
}

// reset empties c for another Resolve, keeping its maps' room unless
// they grew past maxKeptConds entries.
func (c *condCache) reset() {
	for _, m := range []*map[*Expr]*Expr{&c.simple[0], &c.simple[1]} {
		if len(*m) > maxKeptConds {
			*m = nil
		}
		clear(*m)
	}
	if len(c.mux) > maxKeptConds {
		c.mux = nil
	}
	clear(c.mux)
	c.truth = [2]*Expr{}
	c.hint = 0
	c.nodes = exprSlab{} // the nodes are in the conditions made: never reused
}

func (c *condCache) cond(x *Expr, a *arch.Info) *Expr {
	narrow := 0
	if a.Bits == 32 {
		narrow = 1
	}
	if x == trueExpr {
		// Most rules are unconditional: no map lookup for them.
		if c.truth[narrow] == nil {
			c.truth[narrow] = adaptCondWith(x, a, &c.nodes).Simplify()
		}
		return c.truth[narrow]
	}
	m := c.simple[narrow]
	if m == nil {
		m = make(map[*Expr]*Expr, c.hint)
		c.simple[narrow] = m
	}
	s, ok := m[x]
	if !ok {
		s = adaptCondWith(x, a, &c.nodes).Simplify()
		m[x] = s
	}
	return s
}

func (c *condCache) muxCond(x *Expr, code uint32, a *arch.Info) *Expr {
	k := muxKey{x, code, a.Bits == 32}
	s, ok := c.mux[k]
	if !ok {
		rest := withoutArg0(x)
		if rest == trueExpr && x != trueExpr {
			// A condition on argument 0 alone (Docker's "socket if
			// a0 == AF_x", thirty of them) leaves the call's
			// comparison, as an unconditional rule does: share that.
			if s, ok := c.mux[muxKey{trueExpr, code, k.narrow}]; ok {
				return s
			}
			k.cond = trueExpr // and store it as the unconditional rules' one
		}
		if rest == trueExpr {
			// An unconditional rule: the And would simplify to the
			// comparison alone; skip building it, and narrow the fresh
			// comparison in place (what adaptCond would copy it for).
			x := c.nodes.node(Expr{Op: OpCmp, Cmp: CmpEq, Val: uint64(code)})
			if a.Bits == 32 {
				x.Low32, x.Val = true, x.Val&0xffffffff
			}
			s = x.Simplify()
		} else {
			s = adaptCondWith(And(Compare(0, CmpEq, uint64(code)), rest), a, &c.nodes).Simplify()
		}
		if c.mux == nil {
			c.mux = make(map[muxKey]*Expr, 32) // socketcall and ipc have about 30 calls
		}
		c.mux[k] = s
	}
	return s
}

// resolveScratch holds the working arrays of Resolve, reused for every
// architecture of one Resolve (a process's first compile pays for every
// page it allocates) and, through scratchPool, by the next Resolve (a
// runtime that compiles a profile at every container start makes no
// garbage of them).
type resolveScratch struct {
	head  []uint64 // entryPool.head
	ids   []int32  // the sysid of each rule's syscall name, -1 for none
	ents  []uint64 // the entries in collection order: rule<<34 | mux code<<2 | mux
	keys  []int32  // their places in the table (Table.At), -1 for a number the table lacks
	count []int32  // groupByPlace's count of entries per place
	nrs   []uint32 // their numbers, for groupByNr when a number is in no place
	perm  []int32  // groupByPlace's or groupByNr's permutation
	spare []int32  // and groupByNr's other buffer
	start []int32
	// groupNrs are the numbers of the groups (nrOrder.nrs)
	groupNrs []uint32
	conds    condCache // its maps are kept, emptied after each Resolve

	skipped []int32   // the rules skipped on each architecture, one after the other
	missing []missing // unknownWarnings' names
	in      []int32   // and the warning of each
}

// scratchPool keeps resolveScratch from one Resolve to the next; the
// arrays of a policy of more than maxPooled rules are left to the
// garbage collector rather than kept.
var scratchPool = sync.Pool{New: func() any { return new(resolveScratch) }}

const maxPooled = 1 << 14

// maxKeptConds bounds the condition maps kept with the scratch.
const maxKeptConds = 1 << 10

// entryPool holds the entries of every section of one Resolve, each
// distinct group of entries (those of one syscall number) once. Groups
// are found by their first entry: head[rule] is lo<<32 | hi of the last
// group stored whose first entry is that rule's, direct; 0 when there is
// none. Groups that start through a multiplexer are not shared (only x86
// and s390 have them, each arch its own codes). resolveArch compares a
// group's entries with the candidate's as it makes them.
type entryPool struct {
	all  []Entry
	head []uint64
}

// resolveArch resolves p for architecture a into ap.
// It also returns the newest kernel version among the syscalls the
// policy names on a (for the auto baseline) and the rules whose syscall
// name a's table lacks, which are skipped there: it appends them to
// sc.skipped and returns its new length. The caller sets the section's
// tail.
func resolveArch(ap *ArchPolicy, p *Policy, a *arch.Info, cache *condCache, sc *resolveScratch, pool *entryPool) (*ArchPolicy, tables.Version, int, error) {
	tab, err := tables.ForArch(a.Table)
	if err != nil {
		return nil, tables.Version{}, 0, &Error{Code: ErrArch, Pos: a.Name, Err: err}
	}
	*ap = ArchPolicy{Arch: a, Table: tab}
	// The entries are collected with the place of their number in the
	// table (its index for Table.At; the table is sorted by number), then
	// grouped by place with one counting sort; every entry slice is
	// allocated at its final size. An entry is its rule and, for an
	// entry through a multiplexer, which one (1 + its index in muxes)
	// and the call code; its condition is made when it is placed.
	places := sysid.Places(a.Table)
	if places == nil { // every table has its places (TestPlaces)
		return nil, tables.Version{}, 0, &Error{Code: ErrArch, Pos: a.Name, Detail: "no name ids for table " + a.Table}
	}
	muxes := [2]*arch.Mux{a.Socketcall, a.IPC}
	hasMux := a.Socketcall != nil || a.IPC != nil
	byID := muxByID(a)        // the rules' calls come from muxCode
	muxAt := [2]int32{-1, -1} // the places of the multiplexers' syscalls; -1 where the table lacks one
	for k, m := range muxes {
		if m == nil {
			continue
		}
		if id, ok := sysid.Lookup(m.Name); ok && places[id] != 0 {
			muxAt[k] = int32(places[id]) - 1
		}
	}
	size := tab.Len()
	count := slices.Grow(sc.count[:0], size)[:size] // the entries of each place
	clear(count)
	sc.count = count
	distinct := 0     // the places with entries
	unlisted := false // an entry's number is in no place: a number rule of a number the table lacks
	ents, keys := sc.ents[:0], sc.keys[:0]
	skipped := sc.skipped // and the rules whose syscall is unknown on a
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.Syscall == "" {
			// A number, the same on every architecture: at its place,
			// or at none when the table lacks it.
			at := int32(-1)
			if j := tab.Search(r.Nr); j < size && tab.At(j).Nr == r.Nr {
				at = int32(j)
				if count[at] == 0 {
					distinct++
				}
				count[at]++
			} else {
				unlisted = true
			}
			ents, keys = append(ents, uint64(i)<<34), append(keys, at)
			continue
		}
		direct := false
		if id := sc.ids[i]; id >= 0 && places[id] != 0 {
			at := int32(places[id]) - 1
			direct = true
			ents, keys = append(ents, uint64(i)<<34), append(keys, at)
			if count[at] == 0 {
				distinct++
			}
			count[at]++
		}
		muxed := false
		if hasMux { // x86 and s390: socketcall and ipc
			var (
				mux  *arch.Mux
				code uint32
				ok   bool
			)
			if id := sc.ids[i]; byID && id >= 0 {
				mux, code, ok = muxOf(id) // muxCall, the test checks it
			} else {
				mux, code, ok = a.MuxCall(r.Syscall)
			}
			if ok {
				k := 0
				if mux != muxes[0] {
					k = 1
				}
				if at := muxAt[k]; at >= 0 {
					muxed = true
					ents, keys = append(ents, uint64(i)<<34|uint64(code)<<2|uint64(k+1)), append(keys, at)
					if count[at] == 0 {
						distinct++
					}
					count[at]++
				}
			}
		}
		if !direct && !muxed {
			skipped = append(skipped, int32(i))
		}
	}
	sc.ents, sc.keys = ents, keys

	// Group by number, keeping the order of collection (rule order)
	// within a number; note the newest syscall named.
	var order nrOrder
	var newest tables.Version
	if unlisted {
		nrs := slices.Grow(sc.nrs[:0], len(keys))
		for k, at := range keys {
			if at >= 0 {
				s := tab.At(int(at))
				if newest.Less(s.Since) {
					newest = s.Since
				}
				nrs = append(nrs, s.Nr)
			} else {
				nrs = append(nrs, p.Rules[ents[k]>>34].Nr)
			}
		}
		sc.nrs = nrs
		order = groupByNr(nrs, sc)
	} else {
		order, newest = groupByPlace(keys, count, distinct, tab, sc)
	}
	d := len(order.nrs)
	nrsSpan := make([]uint32, 3*d)
	if d > 0 {
		ap.Nrs = nrsSpan[:d:d]
		copy(ap.Nrs, order.nrs)
	}
	ap.span = nrsSpan[d:]
	truth := cache.cond(trueExpr, a) // the condition of most entries
	for g := range order.nrs {
		ks := order.perm[order.start[g]:order.start[g+1]]
		// The group stored last whose first entry is this one's, if
		// direct: while the entries made equal its, nothing is stored.
		first := ents[ks[0]]
		var lo, hi int32
		if first&3 == 0 {
			h := pool.head[first>>34]
			lo, hi = int32(h>>32), int32(uint32(h))
		}
		same := int(hi-lo) == len(ks)
		if !same {
			// A long group (an OCI rule split per arg) gets its room
			// at once, not by doubling.
			pool.all = slices.Grow(pool.all, len(ks))
		}
		from := int32(len(pool.all))
		for j, k := range ks {
			e := ents[k]
			rule := int(e >> 34)
			r := &p.Rules[rule]
			ent := Entry{Rule: rule, Action: r.Action}
			if mux := e & 3; mux != 0 {
				ent.Cond = cache.muxCond(r.Condition(), uint32(e>>2), a)
				ent.Via = muxes[mux-1].Name
			} else if r.Cond == nil || r.Cond == trueExpr {
				ent.Cond = truth
			} else {
				ent.Cond = cache.cond(r.Cond, a)
			}
			if same {
				// (Field by field: == on Entry calls a function.)
				if x := &pool.all[int(lo)+j]; x.Rule == ent.Rule && x.Cond == ent.Cond && x.Action == ent.Action && x.Via == ent.Via {
					continue
				}
				same = false
				pool.all = slices.Grow(pool.all, len(ks))
				pool.all = append(pool.all, pool.all[lo:int(lo)+j]...)
			}
			// Field by field into the room grown above: appending the
			// struct moves it with a bulk write barrier while the
			// garbage collector runs, a field store is cheaper.
			n := len(pool.all)
			pool.all = pool.all[:n+1]
			d := &pool.all[n]
			d.Rule, d.Cond, d.Action, d.Via = ent.Rule, ent.Cond, ent.Action, ent.Via
		}
		if !same {
			lo, hi = from, int32(len(pool.all))
			if first&3 == 0 {
				pool.head[first>>34] = uint64(lo)<<32 | uint64(hi)
			}
		}
		ap.span[2*g], ap.span[2*g+1] = uint32(lo), uint32(hi)
	}
	ap.all = pool.all
	for _, name := range p.DefaultNamed {
		s, ok := tab.ByName(name)
		if !ok {
			continue
		}
		if newest.Less(s.Since) {
			newest = s.Since
		}
		if _, named := slices.BinarySearch(ap.Nrs, s.Nr); !named {
			ap.Exempt = append(ap.Exempt, s.Nr)
		}
	}
	slices.Sort(ap.Exempt)
	ap.Exempt = slices.Compact(ap.Exempt)
	sc.skipped = skipped
	return ap, newest, len(skipped), nil
}

// nrOrder is a stable grouping of n items by number: the items of the
// g-th smallest number nrs[g] are perm[start[g]:start[g+1]], in their
// original order.
type nrOrder struct {
	nrs   []uint32
	start []int32
	perm  []int32
}

// groupByPlace groups items by their places in tab (keys, each in [0,
// tab.Len())), which order them as their numbers do: a stable counting
// sort, count[at] holding the number of items at place at and distinct
// the places with some. It is groupByNr for a section whose numbers are
// all in the table, in one pass over the items and one over the places.
// It also returns the newest Since of the syscalls of those places.
// count is overwritten; the permutation and the starts are in scratch
// space, valid until the next call with sc.
func groupByPlace(keys, count []int32, distinct int, tab *tables.Table, sc *resolveScratch) (nrOrder, tables.Version) {
	o := nrOrder{
		nrs:   slices.Grow(sc.groupNrs[:0], distinct),
		start: slices.Grow(sc.start[:0], distinct+1),
	}
	// count becomes each place's first index in the permutation.
	sum := int32(0)
	var newest tables.Version
	for at, c := range count {
		if c != 0 {
			s := tab.At(at)
			if newest.Less(s.Since) {
				newest = s.Since
			}
			o.nrs = append(o.nrs, s.Nr)
			o.start = append(o.start, sum)
			count[at] = sum
			sum += c
		}
	}
	o.start = append(o.start, sum)
	sc.start, sc.groupNrs = o.start, o.nrs
	perm := slices.Grow(sc.perm[:0], len(keys))[:len(keys)]
	for k, at := range keys {
		perm[count[at]] = int32(k)
		count[at]++
	}
	sc.perm = perm
	o.perm = perm
	return o, newest
}

// groupByNr groups items by their numbers nrs, by a stable LSD radix
// sort of the item indexes, a byte of the number per pass, skipping the
// bytes all numbers share (a section's numbers differ in their low two
// bytes: two passes); the permutation and the starts are in scratch
// space, valid until the next call with sc.
func groupByNr(nrs []uint32, sc *resolveScratch) nrOrder {
	n := len(nrs)
	perm := slices.Grow(sc.perm[:0], n)[:n]
	tmp := slices.Grow(sc.spare[:0], n)[:n]
	var and, or uint32 = ^uint32(0), 0
	for k, v := range nrs {
		perm[k] = int32(k)
		and &= v
		or |= v
	}
	for shift := 0; shift < 32; shift += 8 {
		if (and^or)>>shift&0xff == 0 {
			continue // every number has this byte
		}
		var count [257]int32
		for _, v := range nrs {
			count[v>>shift&0xff+1]++
		}
		for d := 1; d < len(count); d++ {
			count[d] += count[d-1]
		}
		for _, k := range perm {
			d := nrs[k] >> shift & 0xff
			tmp[count[d]] = k
			count[d]++
		}
		perm, tmp = tmp, perm
	}
	sc.perm, sc.spare = perm, tmp
	distinct := 0
	for j, k := range perm {
		if j == 0 || nrs[k] != nrs[perm[j-1]] {
			distinct++
		}
	}
	o := nrOrder{
		nrs:   slices.Grow(sc.groupNrs[:0], distinct),
		start: slices.Grow(sc.start[:0], distinct+1),
		perm:  perm,
	}
	for j, k := range perm {
		if j == 0 || nrs[k] != nrs[perm[j-1]] {
			o.nrs = append(o.nrs, nrs[k])
			o.start = append(o.start, int32(j))
		}
	}
	o.start = append(o.start, int32(n))
	sc.start, sc.groupNrs = o.start, o.nrs
	return o
}

// unknownWarnings reports the syscall names some architectures of the
// filter do not define; skipped[ends[i-1]:ends[i]] lists the rules
// skipped on infos[i], in rule order. A name no architecture's table defines (a typo, most
// likely) gets a WarnUnknownSyscall of its own, with the nearest defined
// name; the others are grouped by the set of architectures lacking them,
// one WarnMissingSyscall per set. Each warning is at the first rule of
// its names, and the warnings are in the order of those rules.
func unknownWarnings(p *Policy, infos []*arch.Info, skipped []int32, ends []int, sc *resolveScratch) []Warning {
	total := len(skipped)
	if total == 0 {
		return nil
	}
	ids := sc.ids
	ms := slices.Grow(sc.missing[:0], total)
	defer func() { sc.missing = ms }()
	// A name is found by its id (ids[rule], a name some table defines)
	// or, for a name no table defines, in byName, whose k-th name is
	// ms[typos[k]].
	byID := make([]int32, sysid.Len) // 1 + an index of ms, by id
	var byName names.Index
	var typos []int
	from := 0
	for i, to := range ends {
		rules := skipped[from:to]
		from = to
		for _, ri := range rules {
			ri := int(ri)
			var k int
			if id := ids[ri]; id >= 0 {
				if byID[id] == 0 {
					ms = append(ms, missing{rule: ri})
					byID[id] = int32(len(ms))
				}
				k = int(byID[id] - 1)
			} else {
				j, added := byName.Add(p.Rules[ri].Syscall)
				if added {
					typos = append(typos, len(ms))
					ms = append(ms, missing{rule: ri})
				}
				k = typos[j]
			}
			ms[k].rule = min(ms[k].rule, ri)
			ms[k].arches |= 1 << i
		}
	}
	// Each rule names one syscall, so the first rules differ.
	slices.SortFunc(ms, func(a, b missing) int { return a.rule - b.rule })

	every := uint64(1)<<len(infos) - 1
	archList := func(set uint64) []string {
		out := make([]string, 0, bits.OnesCount64(set))
		for i, a := range infos {
			if set&(1<<i) != 0 {
				out = append(out, a.Name)
			}
		}
		return out
	}
	// The warning of each name (in), each warning's arch set (0 for a
	// typo's own), first name and number of names; then the warnings,
	// at once, and the names of each, all in one array.
	var groupsBuf [8]uint64
	var firstBuf, countBuf [8]int32
	groups, first, count := groupsBuf[:0], firstBuf[:0], countBuf[:0]
	in := slices.Grow(sc.in[:0], len(ms))[:len(ms)]
	sc.in = in
	for j, m := range ms {
		k := -1
		if m.arches == every && ids[m.rule] < 0 { // no table defines it: a warning of its own
			groups = append(groups, 0)
		} else if k = slices.Index(groups, m.arches); k < 0 {
			groups = append(groups, m.arches)
		}
		if k < 0 {
			k = len(groups) - 1
			first, count = append(first, int32(j)), append(count, 0)
		}
		in[j] = int32(k)
		count[k]++
	}
	ws := make([]Warning, len(groups))
	for k, bits := range groups {
		rule := ms[first[k]].rule
		if bits == 0 {
			ws[k] = Warning{Kind: WarnUnknownSyscall, Pos: p.rulePos(rule), Arches: archList(every),
				Suggest: sysnames.Nearest(p.Rules[rule].Syscall)}
		} else {
			ws[k] = Warning{Kind: WarnMissingSyscall, Pos: p.rulePos(rule), Arches: archList(bits)}
		}
	}
	all := make([]string, len(ms))
	at := 0
	for k := range ws {
		ws[k].Syscalls = all[at:at:(at + int(count[k]))]
		at += int(count[k])
	}
	for j, m := range ms {
		w := &ws[in[j]]
		w.Syscalls = append(w.Syscalls, p.Rules[m.rule].Syscall)
	}
	for k := range ws {
		ws[k].Msg = unknownMessage(&ws[k])
	}
	return ws
}

// missing is a syscall name some architectures of a filter lack: its
// first rule and those architectures, a bit per index of Resolve's infos
// (which are distinct known architectures, fewer than 64).
type missing struct {
	rule   int
	arches uint64
}

// rulePos returns the position of rule i, or "rule i" if it has none.
func (p *Policy) rulePos(i int) string {
	if pos := p.Rules[i].Pos; pos != "" {
		return pos
	}
	return "rule " + strconv.Itoa(i)
}

// maxListed is the number of syscall names a warning lists before it
// says how many more there are.
const maxListed = 8

// unknownMessage returns the text of a warning of unknownWarnings.
func unknownMessage(w *Warning) string {
	arches := strings.Join(w.Arches, ", ")
	switch {
	case w.Kind == WarnUnknownSyscall:
		hint := ""
		if w.Suggest != "" {
			hint = " (did you mean " + quote.Value(w.Suggest) + "?)"
		}
		return "unknown syscall " + quote.Value(w.Syscalls[0]) + hint + ": no architecture defines it; its rules have no effect"
	case len(w.Syscalls) == 1:
		return "syscall " + quote.Value(w.Syscalls[0]) + " is not defined on " + arches + "; its rules are skipped there"
	}
	// Names some table defines: nothing to quote.
	list := w.Syscalls[:min(len(w.Syscalls), maxListed)]
	var b strings.Builder
	b.Grow(64 + len(arches) + 24*len(list))
	b.WriteString(strconv.Itoa(len(w.Syscalls)))
	b.WriteString(" syscalls are not defined on ")
	b.WriteString(arches)
	b.WriteString("; their rules are skipped there: ")
	for i, name := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name)
	}
	if more := len(w.Syscalls) - len(list); more > 0 {
		b.WriteString(" and ")
		b.WriteString(strconv.Itoa(more))
		b.WriteString(" more")
	}
	return b.String()
}

// withoutArg0 returns x with every comparison on argument 0 replaced by
// true. It gives the condition a rule keeps on the multiplexed form of a
// socket or ipc call (socketcall(2), ipc(2)), as libseccomp builds it:
// argument 0 of the multiplexer is the call code, which replaces the
// rule's own argument-0 condition, and the conditions on arguments 1 to
// 5 are compared with the multiplexer's registers (a pointer to the real
// arguments and unused values). For the conjunctions of OCI profiles this
// is exactly libseccomp's rule; its security meaning is that a condition
// such as "socket only for AF_UNIX" does not restrict socketcall(SYS_SOCKET),
// which stays reachable for every address family.
func withoutArg0(x *Expr) *Expr {
	switch x.Op {
	case OpCmp:
		if x.Arg == 0 {
			return trueExpr
		}
		return x
	case OpNot, OpAnd, OpOr:
		n := *x
		n.Sub = make([]*Expr, len(x.Sub))
		for i, s := range x.Sub {
			n.Sub[i] = withoutArg0(s)
		}
		return &n
	}
	return x
}

// adaptCond returns the condition as it applies on architecture a. On
// 32-bit ABIs a syscall argument is one 32-bit register, so every
// comparison is made on the low word only, with the value and mask
// truncated to 32 bits, as libseccomp does.
func adaptCond(x *Expr, a *arch.Info) *Expr { return adaptCondWith(x, a, nil) }

// adaptCondWith is adaptCond with the new nodes taken from nodes.
func adaptCondWith(x *Expr, a *arch.Info, nodes *exprSlab) *Expr {
	if a.Bits != 32 {
		return x
	}
	return lowWord(x, nodes)
}

func lowWord(x *Expr, nodes *exprSlab) *Expr {
	switch x.Op {
	case OpCmp:
		if x.Low32 {
			return x
		}
		n := *x
		n.Low32, n.Val, n.Mask = true, x.Val&0xffffffff, x.Mask&0xffffffff
		return nodes.node(n)
	case OpNot, OpAnd, OpOr:
		n := *x
		n.Sub = make([]*Expr, len(x.Sub))
		for i, s := range x.Sub {
			n.Sub[i] = lowWord(s, nodes)
		}
		return nodes.node(n)
	}
	return x
}

// Reason says what decided a verdict.
type Reason uint8

// The reasons for a verdict.
const (
	ReasonBadArch Reason = 1 + iota // the architecture is not in the filter
	ReasonRule                      // a rule's condition held
	ReasonNoMatch                   // rules name the syscall but none held: the default action
	ReasonDefault                   // no rule names the syscall and it is in the baseline (or there is no tail)
	ReasonTail                      // no rule names the syscall and it is not in the baseline: ENOSYS
)

var reasonNames = [...]string{
	ReasonBadArch: "bad architecture",
	ReasonRule:    "rule",
	ReasonNoMatch: "no rule condition held",
	ReasonDefault: "default",
	ReasonTail:    "not in baseline",
}

func (r Reason) String() string {
	if int(r) < len(reasonNames) && reasonNames[r] != "" {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// Decision is a verdict with the reason for it.
type Decision struct {
	Action Action
	Reason Reason
	Arch   *ArchPolicy // nil for ReasonBadArch
	Entry  int         // ReasonRule: index of the deciding entry in Arch.Entries(nr)
}

// Eval returns the action the policy takes for d. It is the reference
// semantics every compiled filter must match.
func (r *Resolved) Eval(d Data) Action { return r.Decide(d).Action }

// ArchFor returns the architecture section that handles d.Arch and
// d.Nr, or nil when the filter has none (the bad-arch action applies).
//
// x86_64 and x32 share one audit value; as in libseccomp, a number at or
// above the x32 syscall bit (0x40000000), except -1 (0xffffffff, which
// tracers use to skip a syscall), belongs to x32, and every other number
// to x86_64. Without the matching section the number gets the bad-arch
// action: x32 numbers are never a way around the x86_64 rules.
func (r *Resolved) ArchFor(audit, nr uint32) *ArchPolicy {
	b := syscallBit(audit)
	bitted := b != 0 && nr >= b && nr != 0xffffffff
	if r == nil {
		return nil
	}
	for _, ap := range r.Arches {
		if ap != nil && ap.Arch != nil && ap.Arch.Audit == audit && (ap.Arch.SyscallBit != 0) == bitted {
			return ap
		}
	}
	return nil
}

// allArches are the known architectures, listed once (arch.All copies
// them on every call).
var allArches = arch.All()

// syscallBit returns the syscall bit that tells the ABIs of an audit
// value apart (x32's 0x40000000 for AUDIT_ARCH_X86_64), or 0.
func syscallBit(audit uint32) uint32 {
	for _, a := range allArches {
		if a.Audit == audit && a.SyscallBit != 0 {
			return a.SyscallBit
		}
	}
	return 0
}

// Region is a run of syscall numbers, Lo to Hi inclusive, of one audit
// value that one section handles: Arch, or the bad-arch action if nil.
type Region struct {
	Lo, Hi uint32
	Arch   *ArchPolicy
}

// Regions splits the 32-bit number space of an audit value as ArchFor
// does: for x86_64, the x86_64 numbers, the x32 numbers (with the
// syscall bit) and -1; for other audit values, one region.
func (r *Resolved) Regions(audit uint32) []Region {
	rs := []Region{{Lo: 0, Hi: 0xffffffff}}
	if b := syscallBit(audit); b != 0 {
		rs = []Region{{Lo: 0, Hi: b - 1}, {Lo: b, Hi: 0xfffffffe}, {Lo: 0xffffffff, Hi: 0xffffffff}}
	}
	for i := range rs {
		rs[i].Arch = r.ArchFor(audit, rs[i].Lo)
	}
	return rs
}

// Decide returns the verdict for d and why.
func (r *Resolved) Decide(d Data) Decision {
	ap := r.ArchFor(d.Arch, d.Nr)
	if ap == nil {
		var p *Policy
		if r != nil {
			p = r.Policy
		}
		return Decision{Action: p.BadArchAction(), Reason: ReasonBadArch, Entry: -1}
	}
	return ap.decide(r.Policy, d.Nr, &d.Args)
}

func (ap *ArchPolicy) decide(p *Policy, nr uint32, args *[MaxArgs]uint64) Decision {
	entries, named := ap.Entries(nr)
	if !named {
		if ap.InTail(nr) {
			return Decision{Action: Errno(ENOSYS), Reason: ReasonTail, Arch: ap, Entry: -1}
		}
		return Decision{Action: p.Default, Reason: ReasonDefault, Arch: ap, Entry: -1}
	}
	best := -1
	for i := range entries {
		e := &entries[i]
		if (best < 0 || e.Action.MoreRestrictive(entries[best].Action)) && e.Cond.Holds(args) {
			best = i
		}
	}
	if best < 0 {
		return Decision{Action: p.Default, Reason: ReasonNoMatch, Arch: ap, Entry: -1}
	}
	return Decision{Action: entries[best].Action, Reason: ReasonRule, Arch: ap, Entry: best}
}

// String describes the decision in one line, e.g.
// "errno(38): not in baseline 5.10 on x86_64".
func (d Decision) String() string {
	var b strings.Builder
	b.WriteString(d.Action.String())
	b.WriteString(": ")
	b.WriteString(d.Reason.String())
	if d.Reason == ReasonTail && d.Arch != nil {
		fmt.Fprintf(&b, " %s", d.Arch.Baseline)
	}
	if d.Arch != nil && d.Arch.Arch != nil {
		fmt.Fprintf(&b, " on %s", d.Arch.Arch.Name)
	}
	return b.String()
}

// builtinMux are the multiplexers of every architecture that has any
// (socketcall and ipc, package arch), and muxCode[id] says how syscall
// id is reached through them: 0 not at all, else through builtinMux[k]
// with call code c, as k<<7 | 1+c (the codes are below 0x7f). A rule's
// call is so found by its id, looked up once per Resolve, rather than
// by arch.Info.MuxCall, which hashes the name again on each section
// with multiplexers. Like MuxCall's filter by hash, the table is made
// once, from the multiplexers' calls as package arch defines them.
var builtinMux, muxCode = muxCodes()

func muxCodes() (muxes [2]*arch.Mux, codes [sysid.Len]uint8) {
	x86, err := arch.Lookup("x86")
	if err != nil || x86.Socketcall == nil || x86.IPC == nil {
		return [2]*arch.Mux{}, codes // muxCall asks MuxCall
	}
	muxes = [2]*arch.Mux{x86.Socketcall, x86.IPC}
	for k := len(muxes) - 1; k >= 0; k-- { // socketcall's call wins, as in MuxCall
		for name, code := range muxes[k].Calls {
			id, ok := sysid.Lookup(name)
			if !ok || code >= 0x7f {
				return [2]*arch.Mux{}, codes
			}
			codes[id] = uint8(k<<7) | uint8(1+code)
		}
	}
	return muxes, codes
}

// muxByID reports whether muxCode gives the calls through a's
// multiplexers: they are builtinMux.
func muxByID(a *arch.Info) bool {
	return a.Socketcall != nil && a.Socketcall == builtinMux[0] && a.IPC == builtinMux[1]
}

// muxCall is a.MuxCall(name) for name, whose sysid is id (-1 for none),
// as resolveArch finds it.
func muxCall(a *arch.Info, id int32, name string) (*arch.Mux, uint32, bool) {
	if id < 0 || !muxByID(a) {
		return a.MuxCall(name)
	}
	return muxOf(id)
}

// muxOf is MuxCall of syscall id (>= 0) by muxCode.
func muxOf(id int32) (*arch.Mux, uint32, bool) {
	c := muxCode[id]
	if c == 0 {
		return nil, 0, false
	}
	return builtinMux[c>>7], uint32(c&0x7f) - 1, true
}
