package lint

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/internal/place"
	"github.com/seccompc/seccompc/ir/internal/sysnames"
	"github.com/seccompc/seccompc/tables"
)

// Severity is how bad a finding is.
type Severity uint8

// The severities. The zero Severity is invalid.
const (
	// Error: the profile certainly says something other than what its
	// author wrote (a rule that can never match, a name no architecture
	// knows).
	Error Severity = 1 + iota
	// Warning: the profile may be what its author wanted, but is worth
	// a second look.
	Warning
)

var severityNames = [...]string{Error: "error", Warning: "warning"}

func (s Severity) String() string {
	if int(s) < len(severityNames) && severityNames[s] != "" {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// MarshalText writes the severity's name, for JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Code names the kind of a finding. Codes are stable: scripts may
// filter on them.
type Code string

// The finding codes, with their severity.
const (
	// NeverMatches (error; warning when only some architectures are
	// affected): the rule's condition can never hold, decided exactly
	// for the condition as it applies on each architecture (on 32-bit
	// ABIs only the low 32 bits of arguments and values count).
	NeverMatches Code = "never-matches"
	// MaskValue (warning): a masked comparison whose value has bits
	// outside its mask, so that the comparison is constant ((a & m) ==
	// v is always false, != always true).
	MaskValue Code = "mask-value"
	// Duplicate (warning): a rule with the same syscall, action and
	// (simplified) condition as an earlier rule, on every architecture
	// (the 32-bit ABIs compare only the low halves). It changes nothing; it
	// is worth removing, not a mistake in what the profile means.
	Duplicate Code = "duplicate"
	// Shadowed (warning): for every argument vector the rule's condition
	// accepts, other rules decide the verdict (rules with a more
	// restrictive action, or an earlier one of the same kind), or give
	// the same action: removing the rule changes nothing.
	Shadowed Code = "shadowed"
	// DefaultAction (warning): the rule's action is the default action.
	DefaultAction Code = "default-action"
	// UnknownSyscall (warning): syscall names that some architectures
	// of the filter do not define (their rules are skipped there, as
	// runc does), one finding per set of such architectures; an error
	// for a name that no architecture at all defines (a typo).
	UnknownSyscall Code = "unknown-syscall"
	// NativeArch (warning): the architecture list does not include the
	// compile target.
	NativeArch Code = "native-arch"
	// X32 (warning): an x86_64 filter without x32 and without rules on
	// x32 numbers; x32 calls get the bad-architecture action.
	X32 Code = "x32"
	// TailCoverage (warning): the ENOSYS tail covers more than the
	// syscalls newer than the profile. With an explicit baseline older
	// than the newest syscall the profile names, the syscalls between
	// the two, which existed when the profile was written and which it
	// leaves to the default action, get ERRNO(ENOSYS) instead.
	TailCoverage Code = "tail-coverage"
	// EquivalentGap (warning): one member of a group of equivalent
	// syscalls (groups.go) is allowed unconditionally and another
	// falls to a default that denies it.
	EquivalentGap Code = "equivalent-gap"
	// BadArchAllow (error): the bad-architecture action lets the
	// syscall run (ALLOW, or LOG): every syscall of an architecture the
	// filter does not cover bypasses it. The compiler refuses such a
	// policy unless asked for it explicitly.
	BadArchAllow Code = "badarch-allow"
	// Undecided (warning): for some rules, whether they can never
	// match or are shadowed was not decided, because deciding it would
	// pass lint's limits on its work (see the package documentation);
	// one finding for the whole policy, naming the first such rule.
	// The findings lint reports are certain; this one says where it
	// may have missed some.
	Undecided Code = "undecided"
)

// Finding is one problem lint found.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     Code     `json:"code"`
	Where    string   `json:"where"`   // file:line or the rule's label, as in ir.Rule.Pos
	Message  string   `json:"message"` // one line
}

// String formats the finding as "where: severity: message [code]".
func (f Finding) String() string {
	where := f.Where
	if where == "" {
		where = "policy"
	}
	return fmt.Sprintf("%s: %s: %s [%s]", where, f.Severity, f.Message, f.Code)
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == Error })
}

// JSON returns the findings as a JSON array of objects with the keys
// severity, code, where and message ([] when there are none).
func JSON(fs []Finding) ([]byte, error) {
	if fs == nil {
		fs = []Finding{}
	}
	return json.MarshalIndent(fs, "", "  ")
}

// Options control [Policy].
type Options struct {
	// Target is the compile target, an arch.Lookup name; "" is the host.
	Target string
}

// Policy lints p for the target: every check of the package
// documentation except those that need the profile's text (rules that
// the OCI front end dropped, see [Profile]). The findings are in a
// stable order: policy-level findings first, then by rule.
func Policy(p *ir.Policy, opts Options) ([]Finding, error) {
	if p == nil {
		return nil, fmt.Errorf("lint: %w", p.Validate())
	}
	return lintPolicy(p, opts, p.Arches, place.Pos(p.Source, "arch"))
}

// linter holds one run.
type linter struct {
	p *ir.Policy
	r *ir.Resolved
	// dup holds the rules reported as removable: those that repeat an
	// earlier rule, and those shadowed() found redundant. Later rules are
	// judged without them, so that removing every reported rule at once
	// changes no verdict (two equivalent rules are not each reported as
	// covered by the other).
	dup []bool
	out []Finding
	// The entries of rule i are locs[locOff[i]:locOff[i+1]], in the
	// order of the sections, numbers and entries.
	locs   []loc
	locOff []int32
	// covers holds, per group of entries (one syscall of a section;
	// sections that share a group share it), what shadowed needs to
	// find the entries that can cover one of them.
	covers map[group]*coverIndex
	// firstOverride maps a syscall to the first rule of it whose
	// action is neither the default nor more restrictive than it (for
	// defaultAction).
	firstOverride map[string]int
	// work counts the rules compared with other rules, for the tests
	// that check that it grows linearly; budget is what cover may
	// still compare (see maxCover).
	work, budget int
	// satBudget is the solver's work left for the whole run (atoms
	// given to the word solver; see satBudgetBase).
	satBudget int
	// sats holds what sat decided.
	sats map[loc]tri
	// undecided counts the rules whose never-matches or shadowed
	// answer was unknown; firstUndecided and lastUndecided are the
	// first and the last of them (rules are checked in order).
	undecided, firstUndecided, lastUndecided int
	// muxSaid maps a multiplexed call ("x86 socketcall(SYS_SOCKET)") to
	// the finding that explained it, so that later ones refer to it.
	muxSaid map[string]string
}

// loc is one entry of a rule in the resolved policy.
type loc struct {
	ap  *ir.ArchPolicy
	at  int32 // the syscall's index in ap.Nrs
	idx int32 // index in ap.EntriesAt(at)
}

// nr returns the syscall number of lc.
func (lc loc) nr() uint32 { return lc.ap.Nrs[lc.at] }

// rule returns the entries of rule i.
func (l *linter) rule(i int) []loc { return l.locs[l.locOff[i]:l.locOff[i+1]] }

func (l *linter) add(sev Severity, code Code, at, format string, args ...any) {
	l.out = append(l.out, Finding{Severity: sev, Code: code, Where: at, Message: fmt.Sprintf(format, args...)})
}

func (l *linter) pos(i int) string {
	r := &l.p.Rules[i]
	if r.Pos != "" {
		return r.Pos
	}
	return place.Pos(l.p.Source, fmt.Sprintf("rule %d (%s)", i, r.Target()))
}

func lintPolicy(p *ir.Policy, opts Options, arches []string, archWhere string) ([]Finding, error) {
	l, err := newLinter(p, opts)
	if err != nil {
		return nil, err
	}
	l.run(arches, archWhere)
	return l.out, nil
}

// newLinter resolves p and indexes each rule's entries.
func newLinter(p *ir.Policy, opts Options) (*linter, error) {
	r, _, err := ir.Resolve(p, opts.Target)
	if err != nil {
		return nil, fmt.Errorf("lint: %w", err)
	}
	l := &linter{p: p, r: r, muxSaid: map[string]string{}, covers: map[group]*coverIndex{}, sats: map[loc]tri{}}
	// Count each rule's entries, then place them (one array for all).
	l.locOff = make([]int32, len(p.Rules)+1)
	for _, ap := range r.Arches {
		for i := range ap.Nrs {
			for _, e := range ap.EntriesAt(i) {
				l.locOff[e.Rule+1]++
			}
		}
	}
	for i := range p.Rules {
		l.locOff[i+1] += l.locOff[i]
	}
	l.locs = make([]loc, l.locOff[len(p.Rules)])
	l.budget = budgetBase + budgetPerEntry*len(l.locs)
	l.satBudget = satBudgetBase + satBudgetPerEntry*len(l.locs)
	next := slices.Clone(l.locOff[:len(p.Rules)])
	for _, ap := range r.Arches {
		for i := range ap.Nrs {
			for k, e := range ap.EntriesAt(i) {
				l.locs[next[e.Rule]] = loc{ap, int32(i), int32(k)}
				next[e.Rule]++
			}
		}
	}
	return l, nil
}

// run makes every check, appending to l.out.
func (l *linter) run(arches []string, archWhere string) {
	p := l.p
	l.badArch(place.Pos(p.Source, "badarch"))
	l.arches(arches, archWhere)
	l.tailCoverage(place.Pos(p.Source, "baseline"))
	l.equivalentGaps()
	l.unknownNames()
	for _, rep := range p.Repeats {
		l.add(Warning, Duplicate, rep.Pos, "%s", repeatsMessage(rep.Names, rep.Count))
	}
	l.dup = l.duplicates()
	policyLevel := len(l.out)
	for i := range p.Rules {
		l.maskValues(i)
		if l.dup[i] {
			continue
		}
		if l.neverMatches(i) {
			continue
		}
		l.defaultAction(i)
		l.shadowed(i)
	}
	if l.undecided > 0 {
		// A policy-level finding, so it goes before the rules' ones.
		n := len(l.out)
		l.add(Warning, Undecided, "", "never-matches and shadowed not decided for %d rules (the first at %s): deciding them would pass lint's limits on its work, so findings of these kinds may be missing there", l.undecided, l.pos(l.firstUndecided))
		l.out = slices.Insert(l.out[:n], policyLevel, l.out[n])
	}
}

// undecide notes that rule i's never-matches or shadowed answer was
// unknown (once per rule).
func (l *linter) undecide(i int) {
	if l.undecided > 0 && l.lastUndecided == i {
		return
	}
	if l.undecided == 0 {
		l.firstUndecided = i
	}
	l.undecided++
	l.lastUndecided = i
}

// arches checks the architecture list as the profile wrote it.
func (l *linter) arches(names []string, at string) {
	t := l.r.Target
	var infos []*arch.Info
	var canon []string
	for _, n := range names {
		if a, err := arch.Lookup(n); err == nil {
			infos = append(infos, a)
			canon = append(canon, a.Name)
		}
	}
	if len(infos) > 0 && !slices.Contains(infos, t) {
		l.add(Warning, NativeArch, at, "the architectures (%s) do not include the target %s; the filter covers it anyway, as libseccomp always includes the native architecture", strings.Join(canon, ", "), t.Name)
	}
	has64, has32 := false, false
	for _, ap := range l.r.Arches {
		has64 = has64 || ap.Arch.Name == "x86_64"
		has32 = has32 || ap.Arch.Name == "x32"
	}
	if !has64 || has32 {
		return
	}
	for i := range l.p.Rules {
		if r := &l.p.Rules[i]; r.Syscall == "" && r.Nr >= 0x40000000 && r.Nr != 0xffffffff {
			return // the author thought about x32 numbers
		}
	}
	l.add(Warning, X32, at, "x86_64 filter without x32: x32 syscalls (numbers with bit 0x40000000) get the bad-architecture action %s, not this policy's rules; add x32 to the architectures to apply them", l.p.BadArchAction())
}

// badArch reports a bad-architecture action that lets syscalls run
// (BadArchAllow).
func (l *linter) badArch(at string) {
	if a := l.p.BadArchAction(); a.Kind == ir.ActAllow || a.Kind == ir.ActLog {
		l.add(Error, BadArchAllow, at, "the bad-architecture action %s lets every syscall of an architecture the filter does not cover bypass it (on x86_64, any syscall made through the i386 ABI); use kill_process or kill_thread", a)
	}
}

// tailCoverage reports an explicit baseline older than the profile
// (TailCoverage): the profile's age is the auto baseline, the newest
// kernel version among the syscalls it names on any architecture.
func (l *linter) tailCoverage(at string) {
	p := l.p
	if p.Baseline.Mode != ir.BaselineVersion || !p.HasTail() {
		return
	}
	var newest tables.Version
	newestName := ""
	note := func(s tables.Syscall) {
		if newest.Less(s.Since) {
			newest, newestName = s.Since, s.Name
		}
	}
	for _, ap := range l.r.Arches {
		for _, nr := range ap.Nrs {
			if s, ok := ap.Table.ByNr(nr); ok {
				note(s)
			}
		}
		for _, name := range p.DefaultNamed {
			if s, ok := ap.Table.ByName(name); ok {
				note(s)
			}
		}
	}
	x := p.Baseline.Version
	if !x.Less(newest) {
		return
	}
	var parts []string
	for _, ap := range l.r.Arches {
		var names []string
		n := 0
		for s := range ap.Table.All() {
			if s.Since.IsZero() || newest.Less(s.Since) || !ap.InTail(s.Nr) {
				continue
			}
			if n++; len(names) < 3 {
				names = append(names, s.Name)
			}
		}
		if n == 0 {
			continue
		}
		if n > len(names) {
			names = append(names, "...")
		}
		parts = append(parts, fmt.Sprintf("%d on %s (%s)", n, ap.Arch.Name, strings.Join(names, ", ")))
	}
	if len(parts) == 0 {
		return
	}
	l.add(Warning, TailCoverage, at, "the baseline %s is older than the profile, which names syscalls up to kernel %s (%s): syscalls added in between that it leaves to the default %s get ERRNO(ENOSYS) instead: %s; use baseline auto (%s) unless that is meant", x, newest, newestName, p.Default, strings.Join(parts, "; "), newest)
}

// unknownNames reports syscall names unknown on architectures of the
// filter. A name that no syscall table of any architecture knows is an
// error (a typo); names defined elsewhere but not on some architectures
// of the filter (common in profiles written for many architectures) are
// warnings, one per set of architectures lacking them, at the first
// rule naming one of them.
func (l *linter) unknownNames() {
	seen := map[string]bool{}
	type group struct {
		first int
		names []string
	}
	var keys []string
	groups := map[string]*group{}
	for i := range l.p.Rules {
		r := &l.p.Rules[i]
		if r.Syscall == "" || seen[r.Syscall] {
			continue
		}
		seen[r.Syscall] = true
		var missing []string
		for _, ap := range l.r.Arches {
			if _, ok := ap.Table.ByName(r.Syscall); ok {
				continue
			}
			if _, _, ok := ap.Arch.MuxCall(r.Syscall); ok {
				continue
			}
			missing = append(missing, ap.Arch.Name)
		}
		if len(missing) == 0 {
			continue
		}
		if !sysnames.Known(r.Syscall) {
			l.add(Error, UnknownSyscall, l.pos(i), "syscall %s: its rules have no effect", sysnames.Unknown(r.Syscall))
			continue
		}
		k := strings.Join(missing, ", ")
		g := groups[k]
		if g == nil {
			g = &group{first: i}
			groups[k] = g
			keys = append(keys, k)
		}
		g.names = append(g.names, quote.Cut(r.Syscall))
	}
	for _, k := range keys {
		g := groups[k]
		if len(g.names) == 1 {
			l.add(Warning, UnknownSyscall, l.pos(g.first), "syscall %s is not defined on %s: its rules are skipped there", g.names[0], k)
			continue
		}
		l.add(Warning, UnknownSyscall, l.pos(g.first), "%d syscalls are not defined on %s, and their rules are skipped there: %s", len(g.names), k, strings.Join(g.names, ", "))
	}
}

// duplicates reports rules equal to an earlier rule and returns them.
// Rules are compared only with earlier ones of the same syscall, action
// and hash of the simplified condition.
func (l *linter) duplicates() []bool {
	type key struct {
		target string
		act    ir.Action
		cond   uint64
	}
	seen := map[key][]int{}
	simple := map[*ir.Expr]*ir.Expr{}
	cond := func(i int) *ir.Expr {
		c := l.p.Rules[i].Condition()
		s, ok := simple[c]
		if !ok {
			s = c.Simplify()
			simple[c] = s
		}
		return s
	}
	dup := make([]bool, len(l.p.Rules))
	// The later copies of one rule make one finding, at the first copy,
	// with their count (see repeatGroup).
	groups := map[int]*repeatGroup{}
	var order []*repeatGroup
	// The first rule of each syscall and action is hashed only when a
	// second one comes (simplifying a large condition is not free).
	type tkey struct {
		target string
		act    ir.Action
	}
	first := map[tkey]int{}
	for i := range l.p.Rules {
		r := &l.p.Rules[i]
		tk := tkey{r.Target(), r.Action}
		j0, ok := first[tk]
		if !ok {
			first[tk] = i
			continue
		}
		if j0 >= 0 {
			k0 := key{tk.target, tk.act, hashExpr(cond(j0))}
			seen[k0] = append(seen[k0], j0)
			first[tk] = -1
		}
		k := key{tk.target, tk.act, hashExpr(cond(i))}
		for _, j := range seen[k] {
			l.work++
			if cond(j).Equal(cond(i)) && l.sameEntries(i, j) {
				dup[i] = true
				if g := groups[j]; g != nil {
					g.add(l.pos(i))
					break
				}
				g := &repeatGroup{at: len(l.out)}
				groups[j] = g
				order = append(order, g)
				l.add(Warning, Duplicate, l.pos(i), "%s repeats %s", r, l.pos(j))
				break
			}
		}
		if !dup[i] {
			seen[k] = append(seen[k], i)
		}
	}
	for _, g := range order {
		if g.more > 0 {
			l.out[g.at].Message += g.suffix()
		}
	}
	return dup
}

// hashExpr hashes x so that expressions that are Equal hash alike.
func hashExpr(x *ir.Expr) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	mix := func(v uint64) { h = (h ^ v) * prime }
	var walk func(x *ir.Expr)
	walk = func(x *ir.Expr) {
		if x == nil {
			mix(0xff)
			return
		}
		mix(uint64(x.Op))
		switch x.Op {
		case ir.OpTrue, ir.OpFalse:
			return
		case ir.OpCmp:
			mix(uint64(x.Cmp))
			mix(uint64(x.Arg))
			if x.Low32 {
				mix(1)
			}
			mix(x.Val)
			if x.Cmp.Masked() {
				mix(x.Mask)
			}
			return
		}
		mix(uint64(len(x.Sub)))
		for _, s := range x.Sub {
			walk(s)
		}
	}
	walk(x)
	return h
}

// sameEntries reports whether rules i and j have the same entries on
// every architecture: the same syscall numbers with equal conditions as
// they apply there. Conditions equal on 64-bit arguments may differ on
// the 32-bit ABIs, where only the low halves are compared
// ("a0 > 0x100000001" is "a0 > 1" there).
func (l *linter) sameEntries(i, j int) bool {
	a, b := l.rule(i), l.rule(j)
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k].ap != b[k].ap || a[k].at != b[k].at || !a[k].entry().Cond.Equal(b[k].entry().Cond) {
			return false
		}
	}
	return true
}

// maskValues reports masked comparisons whose value has bits outside
// the mask. Rules that share a condition ("allow a, b if X") are
// reported once.
func (l *linter) maskValues(i int) {
	r := &l.p.Rules[i]
	if r.Cond == nil || (i > 0 && l.p.Rules[i-1].Cond == r.Cond) {
		return
	}
	var walk func(x *ir.Expr)
	walk = func(x *ir.Expr) {
		if x.Op == ir.OpCmp && x.Cmp.Masked() && x.Val&^x.Mask != 0 {
			always := "false"
			if x.Cmp == ir.CmpMaskedNe {
				always = "true"
			}
			l.add(Warning, MaskValue, l.pos(i), "%s is always %s: the value %#x has bits outside the mask %#x", x, always, x.Val, x.Mask)
		}
		for _, s := range x.Sub {
			walk(s)
		}
	}
	walk(r.Cond)
}

// directLocs returns the entries of rule i that test the syscall itself
// (not through socketcall or ipc), or all of them when there are none.
func (l *linter) directLocs(i int) []loc {
	var direct []loc
	for _, lc := range l.rule(i) {
		if lc.entry().Via == "" {
			direct = append(direct, lc)
		}
	}
	if len(direct) == 0 {
		return l.rule(i)
	}
	return direct
}

func (lc loc) entry() *ir.Entry { return &lc.entries()[lc.idx] }

// entries returns the entries of lc's syscall number.
func (lc loc) entries() []ir.Entry { return lc.ap.EntriesAt(int(lc.at)) }

// sat returns whether lc's condition can hold, decided once.
func (l *linter) sat(lc loc) tri {
	if t, ok := l.sats[lc]; ok {
		return t
	}
	t := satisfiableIn(lc.entry().Cond, &l.satBudget)
	l.sats[lc] = t
	return t
}

// neverMatches reports a rule whose condition cannot hold, and returns
// whether it did.
func (l *linter) neverMatches(i int) bool {
	r := &l.p.Rules[i]
	if r.Cond == nil {
		return false
	}
	locs := l.directLocs(i)
	if len(locs) == 0 {
		return false
	}
	var dead, live []string
	for _, lc := range locs {
		name := lc.ap.Arch.Name
		t := l.sat(lc)
		if t == unknown {
			l.undecide(i)
		}
		if t == no {
			if !slices.Contains(dead, name) {
				dead = append(dead, name)
			}
		} else if !slices.Contains(live, name) {
			live = append(live, name)
		}
	}
	switch {
	case len(dead) == 0:
		return false
	case len(live) == 0:
		l.add(Error, NeverMatches, l.pos(i), "%s can never match: no arguments satisfy the condition", r)
		return true
	}
	l.add(Warning, NeverMatches, l.pos(i), "%s can never match on %s (arguments are compared as 32-bit values there)", r, strings.Join(dead, ", "))
	return false
}

// defaultAction reports a rule whose action is the default action, and
// what it still does: under "most restrictive wins" it overrides less
// restrictive rules of its syscall, and naming a syscall keeps it out
// of the ENOSYS tail.
func (l *linter) defaultAction(i int) {
	r := &l.p.Rules[i]
	if r.Action != l.p.Default {
		return
	}
	if l.firstOverride == nil {
		// The rules that a rule with the default action overrides: the
		// first of each syscall with another action that is not more
		// restrictive.
		l.firstOverride = map[string]int{}
		for j := range l.p.Rules {
			o := &l.p.Rules[j]
			if _, ok := l.firstOverride[o.Target()]; !ok && o.Action != l.p.Default && !o.Action.MoreRestrictive(l.p.Default) {
				l.firstOverride[o.Target()] = j
			}
		}
	}
	var effects []string
	if j, ok := l.firstOverride[r.Target()]; ok {
		effects = append(effects, fmt.Sprintf("it overrides %s where both hold", l.pos(j)))
	}
	var tailArches []string
	for _, lc := range l.rule(i) {
		ap := lc.ap
		if !ap.InTail(lc.nr()) || slices.Contains(tailArches, ap.Arch.Name) {
			continue
		}
		only := true
		for _, e := range lc.entries() {
			only = only && e.Action == l.p.Default
		}
		if only {
			tailArches = append(tailArches, fmt.Sprintf("%s (baseline %s)", ap.Arch.Name, ap.Baseline))
		}
	}
	if len(tailArches) > 0 {
		effects = append(effects, fmt.Sprintf("it keeps %s out of the ENOSYS tail on %s", quote.Cut(r.Target()), strings.Join(tailArches, ", ")))
	}
	if len(effects) == 0 {
		l.add(Warning, DefaultAction, l.pos(i), "%s: the action is the default action, so the rule has no effect", r)
		return
	}
	l.add(Warning, DefaultAction, l.pos(i), "%s: the action is the default action; %s", r, strings.Join(effects, "; "))
}

// cover returns the entries of lc's syscall that, when one of them
// holds, make lc's rule irrelevant: those that beat it (a more
// restrictive action, or an earlier rule of the same action kind) and,
// when no entry of the same kind has different data, those with the
// same action. Rules in l.dup (duplicates, reported as such) are left
// out, so that a rule and its copy do not make each other redundant.
// Unless all is set, entries that cannot hold together with lc's (see
// coverIndex) are left out too: they change no implication from a
// condition that can hold.
//
// ok is false when more than maxCover entries would have to be
// considered: the answer is then unknown.
func (l *linter) cover(lc loc, all bool) (_ []int, ok bool) {
	es := lc.entries()
	e := &es[lc.idx]
	ci := l.coverIndex(lc)
	cands, some := ci.candidates(int(lc.idx))
	n := len(cands)
	if !some || all {
		cands, n = nil, len(es)
	}
	if n > maxCover || n > l.budget {
		return nil, false
	}
	l.budget -= n
	var out []int
	consider := func(k int) {
		l.work++
		if k == int(lc.idx) || l.dup[es[k].Rule] {
			return
		}
		f := &es[k]
		switch {
		case f.Action.MoreRestrictive(e.Action),
			f.Action.Precedence() == e.Action.Precedence() && f.Rule < e.Rule,
			f.Action == e.Action && !ci.sameKindOther[lc.idx]:
			out = append(out, k)
		}
	}
	if cands != nil {
		for _, k := range cands {
			consider(int(k))
		}
		return out, true
	}
	for k := range es {
		consider(k)
	}
	return out, true
}

// maxCover bounds the entries of a syscall that shadowed compares a
// rule with, and budgetBase plus budgetPerEntry times the entries of
// the policy bound the comparisons of all rules: past them (a syscall
// with more rules that can hold together with this one, or a policy
// with many such syscalls), the answer is unknown and lint stays
// silent, so that linting stays linear in the rules. Docker's default
// profile makes about 500 comparisons.
//
// satBudgetBase plus satBudgetPerEntry times the entries bound the
// solver's work of never-matches and shadowed together (atoms given to
// the word solver; a conjunction of n rules each testing k arguments
// has a normal form of up to k^n terms, cut at maxTerms): past it, the
// answers are unknown. Docker's default profile takes about 1400.
const (
	satBudgetBase     = 1 << 18
	satBudgetPerEntry = 16
	maxCover          = 256
	budgetBase        = 1 << 14
	budgetPerEntry    = 2
)

// coverIndex describes the entries of one syscall of a section for
// cover: which entries have another of the same precedence with another
// action, and, for the equality that most of them test ((aN & m) == v
// or aN == v on one argument), the entries by the value they require.
// Two entries that require different values there cannot both hold, so
// an entry that has the equality is compared only with the entries of
// its value and those without the equality: an allowlist of n values is
// linted in O(n), not O(n^2).
type coverIndex struct {
	sameKindOther []bool
	key           eqKey
	val           []uint64 // per entry: the value of key, when has
	has           []bool
	byVal         map[uint64][]int32
	others        []int32 // entries without key, in order
	merged        []int32 // scratch of candidates
}

// group names a group of entries: its first entry and its length.
type group struct {
	first *ir.Entry
	n     int
}

// eqKey is an equality test's left side: the argument, its width and
// the mask.
type eqKey struct {
	arg   uint8
	low32 bool
	mask  uint64
}

// eqAtoms calls f for the equalities that x requires at its top level
// (x itself, or the operands of a conjunction).
func eqAtoms(x *ir.Expr, f func(k eqKey, v uint64)) {
	atom := func(c *ir.Expr) {
		if c.Op != ir.OpCmp {
			return
		}
		full := ^uint64(0)
		if c.Low32 {
			full = 0xffffffff
		}
		switch c.Cmp {
		case ir.CmpEq:
			f(eqKey{c.Arg, c.Low32, full}, c.Val)
		case ir.CmpMaskedEq:
			f(eqKey{c.Arg, c.Low32, c.Mask & full}, c.Val)
		}
	}
	if x == nil {
		return
	}
	if x.Op == ir.OpAnd {
		for _, s := range x.Sub {
			atom(s)
		}
		return
	}
	atom(x)
}

// coverIndex returns the index of lc's group of entries, made on first
// use.
func (l *linter) coverIndex(lc loc) *coverIndex {
	es := lc.entries()
	g := group{&es[0], len(es)}
	if ci := l.covers[g]; ci != nil {
		return ci
	}
	ci := &coverIndex{sameKindOther: make([]bool, len(es))}
	// Actions per precedence: the first seen, and whether there is
	// another.
	type kind struct {
		act   ir.Action
		multi bool
	}
	kinds := map[int32]*kind{}
	counts := map[eqKey]int{}
	for k := range es {
		prec := es[k].Action.Precedence()
		if kd := kinds[prec]; kd == nil {
			kinds[prec] = &kind{act: es[k].Action}
		} else if kd.act != es[k].Action {
			kd.multi = true
		}
		seen := map[eqKey]bool{}
		eqAtoms(es[k].Cond, func(key eqKey, _ uint64) {
			if !seen[key] {
				seen[key] = true
				counts[key]++
			}
		})
	}
	for k := range es {
		ci.sameKindOther[k] = kinds[es[k].Action.Precedence()].multi
	}
	best := 1
	for key, n := range counts {
		if n > best || n == best && best > 1 && keyLess(key, ci.key) {
			ci.key, best = key, n
		}
	}
	ci.has = make([]bool, len(es))
	if best > 1 {
		ci.val = make([]uint64, len(es))
		ci.byVal = map[uint64][]int32{}
		for k := range es {
			eqAtoms(es[k].Cond, func(key eqKey, v uint64) {
				if key == ci.key && !ci.has[k] {
					ci.has[k], ci.val[k] = true, v
					ci.byVal[v] = append(ci.byVal[v], int32(k))
				}
			})
			if !ci.has[k] {
				ci.others = append(ci.others, int32(k))
			}
		}
	}
	l.covers[g] = ci
	return ci
}

// keyLess orders equality keys, so that the choice of coverIndex's key
// does not depend on map order.
func keyLess(a, b eqKey) bool {
	if a.arg != b.arg {
		return a.arg < b.arg
	}
	if a.low32 != b.low32 {
		return !a.low32
	}
	return a.mask < b.mask
}

// candidates returns, in order, the entries that can hold together
// with entry k: those that require the same value for the index's
// equality, and those that do not test it. ok is false when k does not
// test it (every entry is a candidate).
func (ci *coverIndex) candidates(k int) (cands []int32, ok bool) {
	if !ci.has[k] {
		return nil, false
	}
	same, others := ci.byVal[ci.val[k]], ci.others
	ci.merged = ci.merged[:0]
	for len(same) > 0 || len(others) > 0 {
		if len(others) == 0 || len(same) > 0 && same[0] < others[0] {
			ci.merged, same = append(ci.merged, same[0]), same[1:]
		} else {
			ci.merged, others = append(ci.merged, others[0]), others[1:]
		}
	}
	return ci.merged, true
}

// shadowed reports a rule that never changes a verdict on any
// architecture (decided exactly; shapes past the solver's limits are
// not reported). Only the rule's direct entries count: a rule that an
// architecture reaches only through socketcall or ipc (send and recv on
// x86) is there for the other architectures, and a rule for the
// multiplexer itself covering it there is no finding.
func (l *linter) shadowed(i int) {
	var locs []loc
	for _, lc := range l.rule(i) {
		if lc.entry().Via == "" {
			locs = append(locs, lc)
		}
	}
	if len(locs) == 0 {
		return
	}
	// covering returns the entries that may cover lc: those that can
	// hold together with it or, when its condition cannot hold there
	// (then every covering entry covers it), all.
	covering := func(lc loc) ([]int, bool) {
		if c, ok := l.cover(lc, false); !ok || len(c) > 0 || l.sat(lc) != no {
			return c, ok
		}
		return l.cover(lc, true)
	}
	for _, lc := range locs {
		es := lc.entries()
		var conds []*ir.Expr
		cov, ok := covering(lc)
		if !ok {
			l.undecide(i)
			return
		}
		for _, k := range cov {
			conds = append(conds, es[k].Cond)
		}
		if len(conds) == 0 {
			return
		}
		if t := impliesIn(&l.satBudget, es[lc.idx].Cond, conds...); t != yes {
			if t == unknown {
				l.undecide(i)
			}
			return
		}
	}
	// Name the covering rules on the first (target) entry: one that
	// covers alone if there is one, else every one that overlaps.
	lc := locs[0]
	es := lc.entries()
	e := &es[lc.idx]
	cov, _ := covering(lc)
	var by []int
	for _, k := range cov {
		if impliesIn(&l.satBudget, e.Cond, es[k].Cond) == yes {
			by = []int{k}
			break
		}
	}
	if by == nil {
		for _, k := range cov {
			if satisfiableIn(ir.And(e.Cond, es[k].Cond), &l.satBudget) != no {
				by = append(by, k)
			}
		}
	}
	same := true
	var names []string
	for _, k := range by {
		same = same && es[k].Action == e.Action
		names = append(names, l.pos(es[k].Rule))
	}
	r := &l.p.Rules[i]
	l.dup[i] = true
	why := l.muxWhy(i, locs, by)
	if same {
		l.add(Warning, Shadowed, l.pos(i), "%s is redundant: %s gives the same action whenever it holds%s", r, strings.Join(names, " and "), why)
		return
	}
	l.add(Warning, Shadowed, l.pos(i), "%s never decides a verdict: %s holds whenever it does and takes precedence%s", r, strings.Join(names, " and "), why)
}

// muxWhy explains a covering entry (of locs[0]'s syscall, indexes by)
// that a rule for another syscall reaches through a multiplexer: on x86
// a socket rule becomes a socketcall rule on the call code, and its
// tests of socket's arguments are lost, because socketcall passes them
// in memory the filter cannot read. A socketcall rule that tests the
// address family in a1 is then redundant, and every family goes
// through socketcall on those architectures. It returns "" when no
// covering entry is multiplexed.
func (l *linter) muxWhy(i int, locs []loc, by []int) string {
	lc := locs[0]
	es := lc.entries()
	for _, k := range by {
		e := &es[k]
		if e.Via == "" {
			continue
		}
		var mux *arch.Mux
		for _, m := range []*arch.Mux{lc.ap.Arch.Socketcall, lc.ap.Arch.IPC} {
			if m != nil && m.Name == e.Via {
				mux = m
			}
		}
		rule := &l.p.Rules[e.Rule]
		code, ok := uint32(0), false
		if mux != nil {
			code, ok = mux.Calls[rule.Syscall]
		}
		if !ok {
			continue
		}
		call := strings.ToUpper(rule.Syscall)
		if mux.Name == "socketcall" {
			call = "SYS_" + call
		}
		var arches []string
		for _, o := range locs {
			if !slices.Contains(arches, o.ap.Arch.Name) {
				arches = append(arches, o.ap.Arch.Name)
			}
		}
		on := strings.Join(arches, ", ")
		key := fmt.Sprintf("%s %s(%s)", on, mux.Name, call)
		if at, ok := l.muxSaid[key]; ok {
			return fmt.Sprintf(": on %s, through %s(%s), as said at %s", on, mux.Name, call, at)
		}
		l.muxSaid[key] = l.pos(i)
		msg := fmt.Sprintf(": on %s, %s rules apply to %s(%s) (a0 == %d) without their tests of %s's arguments, which %s passes in memory the filter cannot read (its a1 is their address)",
			on, rule.Syscall, mux.Name, call, code, rule.Syscall, mux.Name)
		if testsOnlyArg0(rule.Cond) {
			msg += fmt.Sprintf(", so %s(%s) gets %s there whatever %s", mux.Name, call, rule.Action, firstArgName(rule.Syscall))
		}
		return msg
	}
	return ""
}

// testsOnlyArg0 reports whether every comparison of x is on argument 0.
func testsOnlyArg0(x *ir.Expr) bool {
	if x == nil {
		return true
	}
	if x.Op == ir.OpCmp {
		return x.Arg == 0
	}
	for _, s := range x.Sub {
		if !testsOnlyArg0(s) {
			return false
		}
	}
	return true
}

// firstArgName names the first argument of a multiplexed call.
func firstArgName(syscall string) string {
	switch syscall {
	case "socket", "socketpair":
		return "the address family"
	}
	return syscall + "'s a0"
}

// equivalentGaps reports groups with an unconditionally allowed member
// and a member that the default action denies.
func (l *linter) equivalentGaps() {
	denies := func(a ir.Action) bool {
		switch a.Kind {
		case ir.ActAllow, ir.ActLog:
			return false
		case ir.ActErrno:
			return a.Data != ir.ENOSYS
		}
		return true
	}
	if !denies(l.p.Default) {
		return
	}
	allowed := func(name string) (int, bool) {
		for i := range l.p.Rules {
			r := &l.p.Rules[i]
			if r.Syscall == name && r.Cond == nil && (r.Action.Kind == ir.ActAllow || r.Action.Kind == ir.ActLog) {
				return i, true
			}
		}
		return 0, false
	}
	for _, g := range groups {
		var ok []string
		first := -1
		for _, n := range g {
			if i, found := allowed(n); found {
				ok = append(ok, n)
				if first < 0 {
					first = i
				}
			}
		}
		if first < 0 {
			continue
		}
		type gap struct {
			name   string
			arches []string
		}
		var gaps []gap
		for _, n := range g {
			if slices.Contains(ok, n) {
				continue
			}
			var on []string
			for _, ap := range l.r.Arches {
				sc, exists := ap.Table.ByName(n)
				if !exists {
					continue
				}
				// The allowed member must exist here too for the gap
				// to matter on this architecture.
				here := false
				for _, m := range ok {
					_, e := ap.Table.ByName(m)
					here = here || e
				}
				if !here {
					continue
				}
				d := l.r.Decide(ir.Data{Arch: ap.Arch.Audit, Nr: sc.Nr})
				if d.Reason == ir.ReasonDefault && denies(d.Action) {
					on = append(on, ap.Arch.Name)
				}
			}
			if len(on) > 0 {
				gaps = append(gaps, gap{n, on})
			}
		}
		if len(gaps) == 0 {
			continue
		}
		var parts []string
		for _, g := range gaps {
			parts = append(parts, fmt.Sprintf("%s (on %s)", g.name, strings.Join(g.arches, ", ")))
		}
		l.add(Warning, EquivalentGap, l.pos(first), "%s allowed unconditionally, but the equivalent %s fall%s to the default %s", strings.Join(ok, ", "), strings.Join(parts, ", "), plural(len(gaps)), l.p.Default)
	}
}

func plural(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}
