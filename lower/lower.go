package lower

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/tables"
)

// Options control the lowering.
type Options struct {
	// Optimize turns on the optimizations: weight-balanced dispatch with
	// jeq for isolated numbers, argument sets lowered as searches, and the
	// optimization passes (passes.go) over the decision DAG. Off, the lowering is the
	// plain reference form (a balanced jge search, one test per
	// comparison), kept for debugging and as a second opinion in tests.
	Optimize bool

	// BadArchAllow lets a policy whose bad-architecture action lets the
	// syscall run (ALLOW, or LOG) compile. Without it CompileOptions
	// refuses such a policy: every syscall of an architecture the filter
	// does not cover would bypass the filter (on x86_64, any syscall made
	// through the i386 ABI with int 0x80).
	BadArchAllow bool

	// NoSources leaves the program's Src nil, for a caller that only
	// loads the program (a container runtime): working out what each
	// instruction of the optimized program is for, which asm, sim and
	// dot show, is a noticeable part of a compile.
	NoSources bool
}

// DefaultOptions are the options [Compile] uses.
var DefaultOptions = Options{Optimize: true}

// Compile lowers r to a seccomp filter with [DefaultOptions].
func Compile(r *ir.Resolved) (*emit.Program, error) {
	return CompileOptions(r, DefaultOptions)
}

// CompileOptions lowers r to a seccomp filter.
func CompileOptions(r *ir.Resolved, opt Options) (*emit.Program, error) {
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("lower: %w", err)
	}
	if bad := r.Policy.BadArchAction(); (bad.Kind == ir.ActAllow || bad.Kind == ir.ActLog) && !opt.BadArchAllow {
		pos := "badarch"
		if r.Policy.Source != "" {
			pos = r.Policy.Source + ": badarch"
		}
		return nil, fmt.Errorf("lower: %w", &ir.Error{Code: ir.ErrAction, Pos: pos, Detail: fmt.Sprintf(
			"the bad-architecture action %s lets every syscall of an architecture the filter does not cover bypass it; refused unless asked for explicitly (seccompc --allow-badarch-allow, lower.Options.BadArchAllow)", bad)})
	}
	sc := scratchPool.Get().(*scratch)
	if sc.b == nil {
		sc.b = new(emit.Builder)
	}
	c := &compiler{b: sc.b, r: r, opt: opt, spans: sc.spans[:0], setSpans: sc.setSpans[:0], wordSpans: sc.wordSpans[:0],
		sysOrder: sc.sysOrder[:0], sysConds: sc.sysConds[:0], sysRules: sc.sysRules[:0], sysRuns: sc.sysRuns[:0], cost: sc.cost[:0],
		setLows: sc.setLows[:0], setParts: sc.setParts[:0], setSegs: sc.setSegs[:0], lowered: sc.lowered, rets: sc.rets[:0]}
	defer sc.keep(c)
	if cap(c.spans) == 0 {
		c.presize() // a fresh scratch: the first compile in a process
	}
	// Room for about the program's nodes: a third of the numbers rules
	// name, and some (Docker's default: 976 numbers in its x86_64, x86
	// and x32 sections, 304 nodes; for aarch64 622 and 227).
	named := 0
	for _, ap := range r.Arches {
		named += len(ap.Nrs)
	}
	c.b.Grow(named/3 + 64)
	if opt.NoSources {
		c.b.NoSources()
	}
	if opt.Optimize {
		c.spec = newSpecializer(c.b, sc)
		if s := c.spec; cap(s.memo) == 0 {
			// A fresh scratch: room for the memo entries and facts of
			// about the nodes expected (Docker's default: 33 entries
			// and 19 facts for 304 nodes), not grown from 32 bytes.
			s.memo = make([]memoEntry, 0, (named/3+64)/8)
			s.facts = make([]fact, 0, (named/3+64)/16)
		}
	}
	root := c.filter()
	if opt.Optimize {
		// The syscalls' code was specialized as it was built (see
		// specializer.leaf); check the DAG's invariants as runPasses
		// would.
		if err := c.b.Err(); err != nil {
			return nil, fmt.Errorf("lower: pass specialize: %w", err)
		}
		if err := checkDAGIn(c.b, root, &sc.reach); err != nil {
			return nil, fmt.Errorf("lower: pass specialize: %w", err)
		}
	}
	prog, err := c.b.Assemble(root)
	if err != nil {
		var ee *emit.Error
		if errors.As(err, &ee) && ee.Code == emit.ErrTooLong {
			if opt.NoSources {
				// The message names the largest syscalls, which only
				// the sources tell: compile again with them.
				opt.NoSources = false
				_, err := CompileOptions(r, opt)
				return nil, err
			}
			return nil, fmt.Errorf("lower: %w; largest: %s", err, c.largest(root, 5))
		}
		return nil, fmt.Errorf("lower: %w", err)
	}
	if opt.NoSources {
		prog.Src = nil
	} else {
		c.relabel(prog)
	}
	return prog, nil
}

// scratch holds the working arrays of a compiler, which scratchPool
// keeps from one CompileOptions to the next: a runtime that compiles a
// profile at every container start then makes no garbage of them.
type scratch struct {
	spans, setSpans, wordSpans []span
	sysOrder                   []int
	sysConds                   []*ir.Expr
	sysRules                   []int
	sysRuns                    []actionRun
	cost                       []int32
	reach                      []uint8 // checkDAG's
	rets                       []retNode
	setLows                    []ival
	setParts                   []setPart
	setSegs                    []setSeg
	// The specializer's.
	reads, head []int32
	memo        []memoEntry
	facts       []fact
	roots       []emit.Node
	lowered     map[*ir.Entry]loweredGroup
	// b is the Builder, empty (reset) between compiles: no program keeps
	// a reference to it, as Assemble copies the instructions out.
	b *emit.Builder
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxPooled bounds the arrays scratchPool keeps: those of a larger
// program are left to the garbage collector.
const maxPooled = 1 << 16

// keep takes back the arrays c used, grown as they may be, and returns
// sc to scratchPool.
func (sc *scratch) keep(c *compiler) {
	if c.b.Len() > maxPooled {
		return
	}
	c.b.Reset()                         // no sources kept alive
	clear(c.sysConds[:cap(c.sysConds)]) // no pointers kept alive
	sc.spans, sc.setSpans, sc.wordSpans = c.spans[:0], c.setSpans[:0], c.wordSpans[:0]
	sc.sysOrder, sc.sysConds, sc.sysRules, sc.sysRuns = c.sysOrder[:0], c.sysConds[:0], c.sysRules[:0], c.sysRuns[:0]
	sc.cost, sc.rets = c.cost[:0], c.rets[:0]
	sc.setLows, sc.setParts, sc.setSegs = c.setLows[:0], c.setParts[:0], c.setSegs[:0]
	clear(c.lowered) // no pointers kept alive
	sc.lowered = c.lowered
	if s := c.spec; s != nil {
		sc.reads, sc.head, sc.memo, sc.facts = s.reads[:0], s.head[:0], s.memo[:0], s.facts[:0]
		sc.roots = s.roots[:0]
	}
	scratchPool.Put(sc)
}

type compiler struct {
	b    *emit.Builder
	r    *ir.Resolved
	opt  Options
	cost []int32   // zeroCost's memo by node, 0 where not known
	rets []retNode // the nodes made by ret
	// lastAct is the action of the last syscall allowed (or denied)
	// outright, and its ret node.
	lastAct struct {
		a  ir.Action
		n  emit.Node
		ok bool
	}
	// defNums caches defaultNumbers by section, for relabel.
	defNums map[*ir.ArchPolicy][]uint32
	spans   []span // section's scratch
	// The scratch of words.set and words.search32: each one's spans
	// are only read while its search is built, and set builds its own
	// after every search32 it calls.
	setSpans, wordSpans []span
	// words.set's: the low-word intervals of the parts, the parts, and
	// the segments of high words.
	setLows  []ival
	setParts []setPart
	setSegs  []setSeg
	// syscall's scratch, reused for every syscall with conditions.
	sysOrder []int
	sysConds []*ir.Expr
	sysRules []int
	sysRuns  []actionRun
	// spec specializes the code of each syscall (Optimize only).
	spec *specializer
	// lowered remembers, by their first entry, the groups of entries
	// with conditions already lowered (NoSources only; see syscall).
	lowered map[*ir.Entry]loweredGroup
	// bigSets are the set with the most ranges lowered for each
	// syscall, for the message of a program too long.
	bigSets map[string]setNote
}

// presize gives the empty arrays of a fresh scratch (the first compile
// in a process) room for what c.r needs, known from its sections,
// rather than grown through every power of two up to it: each size of
// allocation a process makes for the first time costs page faults.
func (c *compiler) presize() {
	most, mostNrs := 0, 0 // the largest group of entries, section
	for _, ap := range c.r.Arches {
		mostNrs = max(mostNrs, len(ap.Nrs))
		for i := range ap.Nrs {
			most = max(most, len(ap.EntriesAt(i)))
		}
	}
	// Beyond a thousand entries the doubling costs little against the
	// work, and a huge group whose rules have no condition (which
	// syscall decides without these arrays) must not cost 48 bytes an
	// entry here.
	most = min(most, 1<<10)
	if cap(c.sysConds) == 0 { // syscall's, for a group of entries
		c.sysOrder, c.sysConds = make([]int, 0, most), make([]*ir.Expr, 0, most)
		c.sysRules, c.sysRuns = make([]int, 0, most), make([]actionRun, 0, most)
	}
	if cap(c.wordSpans) == 0 {
		// A value set of the largest group has about one interval per
		// entry, and its search a span per interval.
		c.wordSpans = make([]span, 0, most)
	}
	if cap(c.spans) == 0 {
		// A section's search has at most two spans per number named,
		// and about half as many as adjacent numbers share their
		// leaves (Docker's default: 187 spans for its x86_64 section
		// of 310 numbers, room for 212): it grows beyond if need be.
		c.spans = make([]span, 0, mostNrs/2+32)
	}
}

// zeroCost returns the number of instructions a leaf of the dispatch
// runs when every argument is zero.
func (c *compiler) zeroCost(n emit.Node) int {
	if int(n) < len(c.cost) && c.cost[n] > 0 {
		return int(c.cost[n])
	}
	if int(n) >= len(c.cost) {
		c.cost = append(c.cost, make([]int32, c.b.Len()-len(c.cost))...)
	}
	steps := 0
	a := uint32(0)
	for m := n; ; steps++ {
		info, _ := c.b.Info(m)
		switch info.Code & bpfop.ClassMask {
		case bpfop.RET:
			c.cost[n] = int32(steps + 1)
			return steps + 1
		case bpfop.LD:
			a, m = 0, info.Jt // argument words; leaves load nothing else
		case bpfop.ALU:
			if info.Code&bpfop.OpMask == bpfop.AND {
				a &= info.K
			}
			m = info.Jt
		case bpfop.JMP:
			if jumpTaken(info.Code&bpfop.OpMask, info.K, a) {
				m = info.Jt
			} else {
				m = info.Jf
			}
		default:
			c.cost[n] = int32(steps + 1)
			return steps + 1
		}
	}
}

// ret returns the node that returns a. A filter has few distinct
// actions, and the Builder returns the first node made for a value
// whatever the source passed later, so the nodes are kept in a short
// list that saves most calls to the Builder.
func (c *compiler) ret(a ir.Action, src emit.Source) emit.Node {
	k := a.Ret()
	if n, ok := c.retMade(k); ok {
		return n
	}
	n := c.b.Ret(k, src)
	c.rets = append(c.rets, retNode{k, n})
	return n
}

// retMade returns the node ret made for the return value k, if any.
func (c *compiler) retMade(k uint32) (emit.Node, bool) {
	for _, r := range c.rets {
		if r.k == k {
			return r.n, true
		}
	}
	return noNode, false
}

type retNode struct {
	k uint32
	n emit.Node
}

// filter builds the whole program: the arch check, then one section
// per audit value.
func (c *compiler) filter() emit.Node {
	bad := c.ret(c.r.Policy.BadArchAction(), emit.Source{Part: emit.PartBadArch, Rule: -1})
	// Room on the stack for the usual few sections.
	var auditBuf [4]uint32
	audits := auditBuf[:0]
	for _, ap := range c.r.Arches {
		if !slices.Contains(audits, ap.Arch.Audit) {
			audits = append(audits, ap.Arch.Audit)
		}
	}
	// The sections are built in the filter's order, the target's first,
	// so that a node they share carries the first section's source.
	var secBuf [4]emit.Node
	var nameBuf [4]string
	secs, names := secBuf[:0], nameBuf[:0]
	for range audits {
		secs, names = append(secs, 0), append(names, "")
	}
	for i, audit := range audits {
		secs[i], names[i] = c.section(audit, bad)
	}
	next := bad
	for i := len(audits) - 1; i >= 0; i-- {
		next = c.b.Jump(bpfop.JEQ, audits[i], secs[i], next, emit.Source{Part: emit.PartArch, Rule: -1, Arch: names[i]})
	}
	if c.spec != nil && !c.spec.usesA(next) {
		return next // one decision for every architecture: no load of arch
	}
	return c.b.LoadAbs(bpfop.OffArch, next, emit.Source{Part: emit.PartArch, Rule: -1})
}

// section builds the code for one audit value: load nr, then a search
// over the spans of numbers with the same outcome.
func (c *compiler) section(audit uint32, bad emit.Node) (emit.Node, string) {
	var nameBuf [4]string
	names := nameBuf[:0]
	for _, ap := range c.r.Arches {
		if ap.Arch.Audit == audit {
			names = append(names, ap.Arch.Name)
		}
	}
	// The spans are only read while the search is built: one array
	// serves every section.
	l := spanList{spans: c.spans[:0]}
	defer func() { c.spans = l.spans }()
	for _, rg := range c.r.Regions(audit) {
		ap := rg.Arch
		if ap == nil {
			l.put(rg.Lo, bad, 0)
			continue
		}
		// The numbers of the region that can differ from an unassigned
		// one: the table's and those rules name (both sorted), merged.
		lv := leaves{c: c, ap: ap, def: noNode, sys: noNode}
		gap := c.unassigned(ap)
		l.next = uint64(rg.Lo)
		named, tab := ap.Nrs, ap.Table
		g, _ := slices.BinarySearch(named, rg.Lo) // the next named number
		for i := tab.Search(rg.Lo); i < tab.Len(); i++ {
			s := tab.At(i)
			if s.Nr > rg.Hi {
				break
			}
			for g < len(named) && named[g] < s.Nr {
				l.place(named[g], c.syscall(ap, "", ap.EntriesAt(g)), gap, 0)
				g++
			}
			if g < len(named) && named[g] == s.Nr {
				es, leaf := ap.EntriesAt(g), c.lastAct.n
				if !c.asLast(es) {
					leaf = c.syscall(ap, s.Name, es)
				}
				l.place(s.Nr, leaf, gap, 1)
				g++
			} else {
				l.place(s.Nr, lv.unnamed(s), gap, 1)
			}
		}
		for ; g < len(named) && named[g] <= rg.Hi; g++ {
			l.place(named[g], c.syscall(ap, "", ap.EntriesAt(g)), gap, 0)
		}
		if l.next <= uint64(rg.Hi) {
			l.put(uint32(l.next), gap, 0)
		}
	}
	spans := l.spans
	// Spans holding no syscall still need a place in the search, as far
	// from the root as the balance allows. A leaf that runs c
	// instructions for the common all-zero arguments counts 2^(c-1) times:
	// a weight-balanced search then puts it about c-1 levels nearer the
	// root, which evens out the longest paths at little cost to the mean.
	for i := range spans {
		if c.opt.Optimize {
			spans[i].w *= float64(uint64(1) << min(c.zeroCost(spans[i].leaf)-1, 16))
		}
		spans[i].w += 1e-3
	}
	name := names[0]
	if len(names) > 1 && !c.opt.NoSources { // only the sources show it
		name = "[" + strings.Join(names, " ") + "]" // as fmt.Sprint(names)
	}
	src := emit.Source{Part: emit.PartDispatch, Rule: -1, Arch: name}
	search := c.search(spans, ^uint32(0), func(uint32) emit.Source { return src })
	if c.spec != nil && !c.spec.usesA(search) {
		return search, name // one decision for every number: no load of nr
	}
	return c.b.LoadAbs(bpfop.OffNr, search, src), name
}

// spanList collects the spans of a section in the order of their
// numbers.
type spanList struct {
	spans []span
	next  uint64 // the first number of the region not yet placed
}

// put adds the span from lo, or merges it into the last span when both
// have one leaf.
func (l *spanList) put(lo uint32, leaf emit.Node, w float64) {
	if n := len(l.spans); n > 0 && l.spans[n-1].leaf == leaf {
		l.spans[n-1].w += w
		return
	}
	l.spans = append(l.spans, span{lo: lo, leaf: leaf, w: w})
}

// place adds number nr, of weight w, with its leaf, after a span of gap
// for the numbers between the last one placed and nr.
func (l *spanList) place(nr uint32, leaf, gap emit.Node, w float64) {
	if uint64(nr) > l.next {
		l.put(uint32(l.next), gap, 0)
	}
	l.put(nr, leaf, w)
	l.next = uint64(nr) + 1
}

// unassigned returns the decision for a number of ap's region that no
// syscall of its table has and no rule names.
func (c *compiler) unassigned(ap *ir.ArchPolicy) emit.Node {
	if ap.Tail {
		return c.ret(ir.Errno(ir.ENOSYS), emit.Source{Part: emit.PartTail, Rule: -1, Arch: ap.Arch.Name, Note: "unassigned"})
	}
	return c.ret(c.r.Policy.Default, emit.Source{Part: emit.PartDefault, Rule: -1, Arch: ap.Arch.Name})
}

// leaves makes the decisions of one section for the numbers that no
// rule names, each leaf on first use.
type leaves struct {
	c        *compiler
	ap       *ir.ArchPolicy
	def, sys emit.Node // the default action, ENOSYS; noNode until made
}

// unnamed returns the decision for table syscall sc, which no rule
// names: ENOSYS if it is newer than the baseline of a tail, the default
// action otherwise.
func (lv *leaves) unnamed(sc tables.Syscall) emit.Node {
	ap := lv.ap
	// ap.InTail(sc.Nr), without looking sc up in the table again.
	if ap.Tail && !sc.InBaseline(ap.Baseline) && !exempt(ap, sc.Nr) {
		if lv.sys == noNode {
			src := emit.Source{Part: emit.PartTail, Rule: -1, Arch: ap.Arch.Name}
			if !lv.c.opt.NoSources {
				src.Note = "baseline " + ap.Baseline.String()
			}
			lv.sys = lv.c.ret(ir.Errno(ir.ENOSYS), src)
		}
		return lv.sys
	}
	if lv.def == noNode {
		lv.def = lv.c.ret(lv.c.r.Policy.Default, emit.Source{Part: emit.PartDefault, Rule: -1, Arch: ap.Arch.Name})
	}
	return lv.def
}

// exempt reports whether nr is one of ap.Exempt.
func exempt(ap *ir.ArchPolicy, nr uint32) bool {
	if len(ap.Exempt) == 0 {
		return false
	}
	_, ok := slices.BinarySearch(ap.Exempt, nr)
	return ok
}

// asLast reports whether entries are one rule without a condition
// whose action is that of the last syscall decided outright: the
// commonest case, which syscall would decide by c.lastAct.n, checked
// without a call.
func (c *compiler) asLast(entries []ir.Entry) bool {
	return len(entries) == 1 && c.lastAct.ok && entries[0].Action == c.lastAct.a && entries[0].Cond.Op == ir.OpTrue
}

// syscall builds the decision for one number of one section that rules
// name: name is the table's name for it ("" for a number the table does
// not have), entries are the rules' entries for it.
func (c *compiler) syscall(ap *ir.ArchPolicy, name string, entries []ir.Entry) emit.Node {
	p := c.r.Policy
	// The common case: rules without conditions. The most restrictive
	// action wins, the earliest rule among equals.
	best := -1
	for i := range entries {
		e := &entries[i]
		if e.Cond.Op != ir.OpTrue {
			best = -1
			break
		}
		if best < 0 || e.Action.MoreRestrictive(entries[best].Action) {
			best = i
		}
	}
	if best >= 0 {
		e := &entries[best]
		if e.Action == c.lastAct.a && c.lastAct.ok {
			return c.lastAct.n // most syscalls have the action of the one before
		}
		n, ok := c.retMade(e.Action.Ret())
		if !ok { // the source is made only for a new return
			n = c.ret(e.Action, emit.Source{Part: emit.PartRule, Rule: e.Rule, Arch: ap.Arch.Name, Note: name})
		}
		c.lastAct.a, c.lastAct.n, c.lastAct.ok = e.Action, n, true
		return n
	}
	// Resolve stores a group of entries once for all the numbers and
	// sections that have it (x86 and x32 share socket's 30 rules), and
	// one group lowers to one DAG: the Builder would hand back the nodes
	// the first lowering made, node by node. Without sources (which name
	// the syscall, and the largest sets by name) the lowering is skipped,
	// and only the specialization is run again from the same unspecialized
	// node, as it would have been: its steps count against the budget as
	// before, so the program is the same byte for byte. (A number named
	// without entries, in an ArchPolicy not made by Resolve, has no group.)
	if c.opt.NoSources && len(entries) > 0 {
		if g, ok := c.lowered[&entries[0]]; ok && g.n == len(entries) {
			if c.spec != nil {
				return c.spec.leaf(g.raw)
			}
			return g.raw
		}
	}
	// Most restrictive first, rule order within one precedence class.
	order := slices.Grow(c.sysOrder[:0], len(entries))[:len(entries)]
	c.sysOrder = order
	for i := range order {
		order[i] = i
	}
	byPrecedence := func(i, j int) int {
		return int(entries[i].Action.Precedence()>>16) - int(entries[j].Action.Precedence()>>16)
	}
	if !slices.IsSortedFunc(order, byPrecedence) { // often one action: sorted
		slices.SortStableFunc(order, byPrecedence)
	}
	def := c.ret(p.Default, emit.Source{Part: emit.PartDefault, Rule: -1, Arch: ap.Arch.Name, Note: name})
	// Merge runs of one action into one disjunction; build from the end.
	conds, rules, groups := c.sysConds[:0], c.sysRules[:0], c.sysRuns[:0]
	for _, i := range order {
		e := entries[i]
		if n := len(groups); n > 0 && groups[n-1].action == e.Action {
			groups[n-1].hi++
		} else {
			groups = append(groups, actionRun{action: e.Action, lo: len(conds), hi: len(conds) + 1})
		}
		conds = append(conds, e.Cond)
		rules = append(rules, e.Rule)
	}
	c.sysConds, c.sysRules, c.sysRuns = conds, rules, groups
	defer clear(conds) // no pointers left in the scratch
	// Trailing groups whose action is the default change nothing.
	for len(groups) > 0 && groups[len(groups)-1].action == p.Default {
		groups = groups[:len(groups)-1]
	}
	next := def
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		gconds, grules := conds[g.lo:g.hi], rules[g.lo:g.hi]
		src := emit.Source{Part: emit.PartRule, Rule: grules[0], Arch: ap.Arch.Name, Note: name}
		w := &words{c: c, big: c.r.Target.BigEndian, src: src, rules: len(grules)}
		cond := gconds[0] // simplified by ir.Resolve
		if len(gconds) > 1 && trueIn(gconds) {
			// A disjunction with a true operand is true (ipc's on x86:
			// a rule allows it whatever its call, others some calls),
			// which Simplify finds after simplifying every operand, unless
			// the disjunction is invalid (too deep): then it returns it
			// as it is, and it is lowered as it is below.
			if or := ir.Or(gconds...); or.Validate() == nil {
				next = c.ret(g.action, src)
				continue
			}
		}
		if len(gconds) > 1 {
			if !c.opt.NoSources {
				w.owners = ownersOf(grules, gconds)
			}
			// A set of values of one argument (socket's list of families)
			// is lowered to one search as it is, as bool would lower it;
			// Simplify would only spend time on it, and the disjunction
			// is not even made.
			if c.opt.Optimize {
				if k, set, ok := junctionSet(ir.OpOr, gconds); ok {
					next = w.set(k, set, c.ret(g.action, src), next)
					continue
				}
			}
			cond = ir.Or(gconds...).Simplify()
		}
		next = w.bool(cond, c.ret(g.action, src), next)
	}
	if c.opt.NoSources && len(entries) > 0 {
		if c.lowered == nil {
			c.lowered = map[*ir.Entry]loweredGroup{}
		}
		c.lowered[&entries[0]] = loweredGroup{n: len(entries), raw: next}
	}
	if c.spec != nil {
		next = c.spec.leaf(next)
	}
	return next
}

// trueIn reports whether one of conds is true.
func trueIn(conds []*ir.Expr) bool {
	for _, x := range conds {
		if x.Op == ir.OpTrue {
			return true
		}
	}
	return false
}

// loweredGroup is a group of entries lowered by syscall: how many
// entries it has and the node of their code before specialization.
type loweredGroup struct {
	n   int
	raw emit.Node
}

// actionRun is a run of one action among a syscall's entries, most
// restrictive first: the conditions and rules [lo, hi) of syscall's
// scratch, to be joined into one disjunction.
type actionRun struct {
	action ir.Action
	lo, hi int
}

// words lowers conditions to tests of 32-bit words of seccomp_data. The
// kernel lays seccomp_data out in its own byte order, which is the
// target's for every section of the filter.
type words struct {
	c     *compiler
	big   bool
	src   emit.Source
	rules int // how many rules' conditions the condition joins
	// owners, when the condition joins those of several rules, tell
	// which rule a constant comes from, so that each instruction is
	// labelled with a rule that has the constant it tests: the first
	// rule, in the order of the joined conditions, whose condition can
	// be lowered to compare with the word.
	owners owners
}

// owners tells, for the constants of the words of a condition that
// joins those of several rules, the first rule that has each (see
// words.owners).
type owners struct {
	// keys are word<<32 | i, sorted, one per word: i indexes rules,
	// the smallest index of a condition that has the word.
	keys  []uint64
	rules []int
}

// ownersOf returns the owners of the words of the conditions of rules.
// A sorted slice of word and condition costs 8 bytes a candidate word;
// a map of them cost a long set of values (an OCI rule split into
// thousands) several times more.
func ownersOf(rules []int, conds []*ir.Expr) owners {
	n := 0
	for _, x := range conds {
		n += constsOf(x)
	}
	keys := make([]uint64, 0, 9*n)
	for i, x := range conds {
		keys = appendOwned(keys, x, uint32(i))
	}
	slices.Sort(keys)
	out := keys[:0]
	for _, k := range keys {
		if len(out) == 0 || out[len(out)-1]>>32 != k>>32 {
			out = append(out, k)
		}
	}
	return owners{keys: slices.Clip(out), rules: rules}
}

// constsOf returns how many constants x compares with.
func constsOf(x *ir.Expr) int {
	n := 0
	if x.Op == ir.OpCmp {
		n++
		if x.Cmp.Masked() {
			n++
		}
	}
	for _, s := range x.Sub {
		n += constsOf(s)
	}
	return n
}

// appendOwned appends to keys the words the comparisons of x may be
// lowered to test, each as word<<32 | i: for each constant c, the low
// and high words of c-1, c and c+1, and the high word plus one.
func appendOwned(keys []uint64, x *ir.Expr, i uint32) []uint64 {
	add := func(c uint64) {
		for _, v := range [3]uint64{c - 1, c, c + 1} {
			for _, w := range [3]uint32{uint32(v), uint32(v >> 32), uint32(v>>32) + 1} {
				keys = append(keys, uint64(w)<<32|uint64(i))
			}
		}
	}
	if x.Op == ir.OpCmp {
		add(x.Val)
		if x.Cmp.Masked() {
			add(x.Mask)
		}
	}
	for _, s := range x.Sub {
		keys = appendOwned(keys, s, i)
	}
	return keys
}

// of returns the owner of the word k.
func (o *owners) of(k uint32) (rule int, ok bool) {
	i, _ := slices.BinarySearch(o.keys, uint64(k)<<32)
	if i == len(o.keys) || uint32(o.keys[i]>>32) != k {
		return 0, false
	}
	return o.rules[uint32(o.keys[i])], true
}

// at returns the source of an instruction that tests or uses the
// constant k: the first rule of the condition that has it.
func (w *words) at(k uint32) emit.Source {
	if rule, ok := w.owners.of(k); ok {
		src := w.src
		src.Rule = rule
		return src
	}
	return w.src
}

// lo and hi return the offsets of the low and high words of args[i].
func (w *words) lo(i uint8) uint32 {
	off := bpfop.OffArgs + 8*uint32(i)
	if w.big {
		off += 4
	}
	return off
}

func (w *words) hi(i uint8) uint32 {
	off := bpfop.OffArgs + 8*uint32(i)
	if !w.big {
		off += 4
	}
	return off
}

// bool returns code that goes to t when x holds and to f otherwise
// (continuation passing, as Chromium's bpf_dsl).
func (w *words) bool(x *ir.Expr, t, f emit.Node) emit.Node {
	switch x.Op {
	case ir.OpTrue:
		return t
	case ir.OpFalse:
		return f
	case ir.OpNot:
		return w.bool(x.Sub[0], f, t)
	case ir.OpAnd, ir.OpOr:
		if !w.c.opt.Optimize {
			return w.junction(x.Op, x.Sub, t, f)
		}
		if k, s, ok := asSet(x); ok {
			return w.set(k, s, t, f)
		}
		return w.junction(x.Op, w.groupSets(x), t, f)
	case ir.OpCmp:
		return w.cmp(x, t, f)
	}
	panic(fmt.Sprintf("lower: unhandled op %v", x.Op))
}

// junction lowers the conjunction (op And) or disjunction (op Or) of
// subs, in order.
func (w *words) junction(op ir.Op, subs []*ir.Expr, t, f emit.Node) emit.Node {
	if op == ir.OpAnd {
		n := t
		for i := len(subs) - 1; i >= 0; i-- {
			n = w.bool(subs[i], n, f)
		}
		return n
	}
	n := f
	for i := len(subs) - 1; i >= 0; i-- {
		n = w.bool(subs[i], t, n)
	}
	return n
}

// groupSets returns the operands of the junction x with those that are
// value sets of one argument merged, one per argument, at the place of
// the first of them: a0 == 1 || a0 == 5 || a1 == 2 || a0 < 3 becomes
// a0 in {[0,2], 5} || a1 == 2, which the set lowering turns into one
// search.
func (w *words) groupSets(x *ir.Expr) []*ir.Expr {
	type group struct {
		key  setKey
		sets []iset
		at   int
	}
	var groups []*group
	var out []*ir.Expr
	byKey := map[setKey]*group{}
	for _, sub := range x.Sub {
		k, s, ok := asSet(sub)
		if !ok {
			out = append(out, sub)
			continue
		}
		g := byKey[k]
		if g == nil {
			g = &group{key: k, at: len(out)}
			byKey[k] = g
			groups = append(groups, g)
			out = append(out, sub)
		}
		g.sets = append(g.sets, s)
	}
	for _, g := range groups {
		if len(g.sets) > 1 {
			out[g.at] = setExpr(g.key, combine(x.Op, g.sets, g.key.max()))
		}
	}
	return out
}

func (w *words) load(off uint32, next emit.Node) emit.Node {
	return w.c.b.LoadAbs(off, next, w.src)
}

func (w *words) jump(op uint16, k uint32, t, f emit.Node) emit.Node {
	return w.c.b.Jump(op, k, t, f, w.at(k))
}

// cmp lowers one comparison. The expression is simplified, so Le and Gt
// do not occur, but they are handled for safety.
func (w *words) cmp(x *ir.Expr, t, f emit.Node) emit.Node {
	v, m := x.Val, x.Mask
	if x.Low32 {
		v, m = v&0xffffffff, m&0xffffffff
		lo := w.lo(x.Arg)
		switch x.Cmp {
		case ir.CmpEq:
			return w.load(lo, w.jump(bpfop.JEQ, uint32(v), t, f))
		case ir.CmpNe:
			return w.load(lo, w.jump(bpfop.JEQ, uint32(v), f, t))
		case ir.CmpLt:
			return w.load(lo, w.jump(bpfop.JGE, uint32(v), f, t))
		case ir.CmpLe:
			return w.load(lo, w.jump(bpfop.JGT, uint32(v), f, t))
		case ir.CmpGt:
			return w.load(lo, w.jump(bpfop.JGT, uint32(v), t, f))
		case ir.CmpGe:
			return w.load(lo, w.jump(bpfop.JGE, uint32(v), t, f))
		case ir.CmpMaskedEq:
			return w.masked(lo, uint32(m), uint32(v), t, f)
		case ir.CmpMaskedNe:
			return w.masked(lo, uint32(m), uint32(v), f, t)
		}
		panic(fmt.Sprintf("lower: unhandled comparison %v", x.Cmp))
	}
	hv, lv := uint32(v>>32), uint32(v)
	hiOff, loOff := w.hi(x.Arg), w.lo(x.Arg)
	switch x.Cmp {
	case ir.CmpEq:
		return w.load(hiOff, w.jump(bpfop.JEQ, hv, w.load(loOff, w.jump(bpfop.JEQ, lv, t, f)), f))
	case ir.CmpNe:
		return w.load(hiOff, w.jump(bpfop.JEQ, hv, w.load(loOff, w.jump(bpfop.JEQ, lv, f, t)), t))
	case ir.CmpGe:
		return w.ge(x.Arg, hv, lv, bpfop.JGE, t, f)
	case ir.CmpLt:
		return w.ge(x.Arg, hv, lv, bpfop.JGE, f, t)
	case ir.CmpGt:
		return w.ge(x.Arg, hv, lv, bpfop.JGT, t, f)
	case ir.CmpLe:
		return w.ge(x.Arg, hv, lv, bpfop.JGT, f, t)
	case ir.CmpMaskedEq, ir.CmpMaskedNe:
		if x.Cmp == ir.CmpMaskedNe {
			t, f = f, t
		}
		if v&^m != 0 {
			return f
		}
		low := w.masked(loOff, uint32(m), lv, t, f)
		return w.masked(hiOff, uint32(m>>32), hv, low, f)
	}
	panic(fmt.Sprintf("lower: unhandled comparison %v", x.Cmp))
}

// ge lowers the unsigned 64-bit a >= v (op JGE) or a > v (op JGT):
// the high word decides unless it equals v's, then the low word does.
func (w *words) ge(arg uint8, hv, lv uint32, op uint16, t, f emit.Node) emit.Node {
	low := w.load(w.lo(arg), w.jump(op, lv, t, f))
	if op == bpfop.JGE && lv == 0 {
		// a >= hv<<32 is hi >= hv.
		return w.load(w.hi(arg), w.jump(bpfop.JGE, hv, t, f))
	}
	eq := low
	if hv != 0 { // after hi > 0 fails, hi == 0 holds
		eq = w.jump(bpfop.JEQ, hv, low, f)
	}
	return w.load(w.hi(arg), w.jump(bpfop.JGT, hv, t, eq))
}

// masked tests (word & m) == v at offset off with the cheapest code.
func (w *words) masked(off, m, v uint32, t, f emit.Node) emit.Node {
	switch {
	case v&^m != 0:
		return f
	case m == 0:
		return t
	case m == 0xffffffff:
		return w.load(off, w.jump(bpfop.JEQ, v, t, f))
	case v == 0:
		return w.load(off, w.jump(bpfop.JSET, m, f, t))
	case m&(m-1) == 0: // one bit, v == m
		return w.load(off, w.jump(bpfop.JSET, m, t, f))
	}
	return w.load(off, w.c.b.ALU(bpfop.AND, m, w.jump(bpfop.JEQ, v, t, f), w.at(m)))
}
