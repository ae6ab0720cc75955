package oci

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
	"github.com/seccompc/seccompc/internal/sysid"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/internal/dockerjson"
	"github.com/seccompc/seccompc/ir/internal/jsonread"
	"github.com/seccompc/seccompc/ir/internal/names"
	"github.com/seccompc/seccompc/ir/internal/ocihook"
	"github.com/seccompc/seccompc/ir/internal/place"
	"github.com/seccompc/seccompc/ir/internal/sysnames"
)

// Options control the translation of a profile.
type Options struct {
	// Filename names the input in positions of errors and warnings, and
	// becomes Policy.Source. It may be empty.
	Filename string

	// Target is the compile target, an architecture name accepted by
	// arch.Lookup; "" means the host (arch.Native). It is always the
	// first architecture of the policy.
	Target string

	// KeepRepeatedArgs ANDs all conditions of a rule even when two of
	// them test the same argument, instead of splitting the rule into
	// one rule per condition as runc does.
	KeepRepeatedArgs bool

	// Strict makes a syscall name that no architecture's table defines
	// (a typo, most likely) an error, as crun's
	// run.oci.seccomp_fail_unknown_syscall annotation does; without it
	// the name is skipped, as runc skips it, and ir.Resolve reports it
	// as an ir.WarnUnknownSyscall.
	Strict bool

	// RefuseAsRunc makes an error of every profile that runc, with
	// libseccomp 2.5, refuses to load (or hangs loading) and that this
	// package otherwise translates with an ir.WarnRuncRefuses warning:
	// conditional rules that libseccomp refuses (EEXIST) before an
	// unconditional rule of the same syscall decides it, and rules of a
	// socket or ipc call that libseccomp refuses in the multiplexer's
	// tree (socketcall, ipc) of an architecture that has one. A runtime
	// that replaces runc's libseccomp with seccompc sets it so that it
	// does not start containers runc would not start. The rules of a
	// syscall with more than 256 rules are not replayed for this (the
	// replay's time grows with the square of the rules): they compile
	// with an ir.WarnRuncUnchecked warning, not an error.
	RefuseAsRunc bool
}

// Parse reads an OCI LinuxSeccomp object (the value of linux.seccomp in
// a config.json) from JSON and translates it with [FromSpec].
func Parse(data []byte, opts Options) (*ir.Policy, []ir.Warning, error) {
	res, ok := dockerjson.DecodeOCI(data)
	if !ok {
		return nil, nil, invalid(data, opts.Filename, &specs.LinuxSeccomp{})
	}
	var ws []ir.Warning
	if !res.OCIFields() {
		ws = seccompFieldWarnings(data, opts.Filename, "")
	}
	p, ws2, err := fromSpec(res.Seccomp, pointers(res.Seccomp.Syscalls), opts, "", nil)
	if err != nil {
		return nil, nil, err
	}
	return p, append(ws, ws2...), nil
}

// ParseConfig reads an OCI bundle config.json and translates its
// linux.seccomp object with [FromSpec]. A configuration without
// linux.seccomp is an error.
func ParseConfig(data []byte, opts Options) (*ir.Policy, []ir.Warning, error) {
	res, ok := dockerjson.DecodeConfig(data)
	if !ok {
		var doc struct {
			Linux *struct {
				Seccomp *specs.LinuxSeccomp `json:"seccomp"`
			} `json:"linux"`
		}
		return nil, nil, invalid(data, opts.Filename, &doc)
	}
	if res.Seccomp == nil {
		return nil, nil, &ir.Error{Code: ir.ErrFormat, Pos: opts.Filename, Detail: "the configuration has no linux.seccomp object"}
	}
	var ws []ir.Warning
	if !res.OCIFields() {
		ws = configFieldWarnings(data, opts.Filename)
	}
	p, ws2, err := fromSpec(res.Seccomp, pointers(res.Seccomp.Syscalls), opts, "linux.seccomp.", nil)
	if err != nil {
		return nil, nil, err
	}
	return p, append(ws, ws2...), nil
}

// FromSpec translates a LinuxSeccomp profile into a policy for
// opts.Target, with the semantics described in the package
// documentation. The warnings say what was accepted but dropped,
// changed or ignored. The policy it returns passes Policy.Validate.
func FromSpec(s *specs.LinuxSeccomp, opts Options) (*ir.Policy, []ir.Warning, error) {
	if s == nil {
		return fromSpec(nil, nil, opts, "", nil)
	}
	return fromSpec(s, pointers(s.Syscalls), opts, "", nil)
}

// pointers returns a pointer to each of rules, which fromSpec reads.
func pointers(rules []specs.LinuxSyscall) []*specs.LinuxSyscall {
	ps := make([]*specs.LinuxSyscall, len(rules))
	for i := range rules {
		ps[i] = &rules[i]
	}
	return ps
}

func init() {
	// The Docker front end translates the OCI profile it builds through
	// this package, naming rules by their index in its own input.
	ocihook.FromSpec = func(s *specs.LinuxSeccomp, o ocihook.Options) (*ir.Policy, []ir.Warning, error) {
		opts := Options{Filename: o.Filename, Target: o.Target, KeepRepeatedArgs: o.KeepRepeatedArgs, Strict: o.Strict, RefuseAsRunc: o.RefuseAsRunc}
		rules := o.Rules
		if rules == nil && s != nil {
			rules = pointers(s.Syscalls)
		}
		return fromSpec(s, rules, opts, "", o.RuleIndex)
	}
	ocihook.Invalid = invalid
}

// configFieldWarnings reports the unknown fields of the linux.seccomp
// object of a config.json: the last seccomp value of the linux objects,
// as encoding/json would read it into a json.RawMessage.
func configFieldWarnings(data []byte, file string) []ir.Warning {
	var raw []byte
	keys, vals, _ := jsonread.Members(data)
	for i, k := range keys {
		if !strings.EqualFold(k, "linux") {
			continue
		}
		lk, lv, _ := jsonread.Members(vals[i])
		for j, k := range lk {
			if strings.EqualFold(k, "seccomp") {
				raw = lv[j]
			}
		}
	}
	return seccompFieldWarnings(raw, file, "linux.seccomp.")
}

// seccompFieldWarnings reports unknown fields of a LinuxSeccomp object
// given as raw JSON, of its rules and of their conditions. prefix is the
// path of the object in the file ("" or "linux.seccomp.").
func seccompFieldWarnings(raw []byte, file, prefix string) []ir.Warning {
	ws := unknownFields(raw, seccompFields, place.Pos(file, strings.TrimSuffix(prefix, ".")))
	rules := member(raw, "syscalls")
	for i, r := range rules {
		rp := place.Pos(file, fmt.Sprintf("%ssyscalls[%d]", prefix, i))
		ws = append(ws, unknownFields(r, syscallFields, rp)...)
		for j, a := range member(r, "args") {
			ws = append(ws, unknownFields(a, argFields, fmt.Sprintf("%s args[%d]", rp, j))...)
		}
	}
	return ws
}

// member returns the elements of the array in field key of the JSON
// object raw (matched case-insensitively, the last one winning as in
// encoding/json), or nil.
func member(raw []byte, key string) [][]byte {
	keys, vals, _ := jsonread.Members(raw)
	var found []byte
	for i, k := range keys {
		if strings.EqualFold(k, key) {
			found = vals[i]
		}
	}
	elems, _ := jsonread.Elements(found)
	return elems
}

// converter holds the state of one translation.
type converter struct {
	opts      Options
	ruleIndex []int32 // for each rule, the index positions show; see ocihook.Options
	prefix    string  // field path prefix: "" or "linux.seccomp."
	warns     []ir.Warning
	has32     []string // names of the policy's 32-bit architectures
	widths    widths

	// conds holds the conditions of the rule being translated, reused
	// from rule to rule; exprs is room for the comparisons of all
	// rules, which the policy's rules point into (one allocation, not
	// one a comparison).
	conds []cond
	exprs []ir.Expr
	// ids holds the sysid of each name of the rule being translated,
	// -1 for a name no table has (checkNames).
	ids []int32
}

func (c *converter) at(where string) string { return place.Pos(c.opts.Filename, c.prefix+where) }

func (c *converter) warn(kind ir.WarningKind, at, format string, args ...any) {
	c.warns = append(c.warns, ir.Warning{Kind: kind, Pos: at, Msg: fmt.Sprintf(format, args...)})
}

// ruleLabel names rule i by its index (mapped through c.ruleIndex) and
// syscall names: `syscalls[3] ("personality")`.
func (c *converter) ruleLabel(i int, names []string) string {
	if i < len(c.ruleIndex) {
		i = int(c.ruleIndex[i])
	}
	return place.RuleLabel(i, names)
}

// fromSpec translates the profile s whose rules are syscalls (s.Syscalls
// itself is not read).
func fromSpec(s *specs.LinuxSeccomp, syscalls []*specs.LinuxSyscall, opts Options, prefix string, ruleIndex []int32) (*ir.Policy, []ir.Warning, error) {
	c := &converter{opts: opts, prefix: prefix, ruleIndex: ruleIndex}
	if s == nil {
		return nil, nil, &ir.Error{Code: ir.ErrFormat, Pos: opts.Filename, Detail: "no seccomp profile"}
	}
	p, err := c.header(s)
	if err != nil {
		return nil, nil, err
	}
	sys, err := c.expand(p, syscalls)
	if err != nil {
		return nil, nil, err
	}
	rules, ws, err := libseccompOrder(p.Rules, sys, c.widths, c.opts.RefuseAsRunc)
	if err != nil {
		return nil, nil, err
	}
	p.Rules = rules
	c.warns = append(c.warns, ws...)
	// Names unknown on some architecture are reported by ir.Resolve,
	// once, with the architectures that lack them.

	// The policy passes p.Validate by construction (FuzzParse checks
	// it): header, parseAction, checkNames and conditions refuse
	// whatever Validate would, and libseccompOrder validates the
	// conditions it builds. ir.Resolve validates it again.
	return p, c.warns, nil
}

// header translates the profile's fields other than its rules: the
// default action, the listener, the architectures and the flags.
func (c *converter) header(s *specs.LinuxSeccomp) (*ir.Policy, error) {
	p := &ir.Policy{
		Source:           c.opts.Filename,
		ListenerPath:     s.ListenerPath,
		ListenerMetadata: s.ListenerMetadata,
	}
	if s.DefaultAction == "" {
		return nil, &ir.Error{Code: ir.ErrAction, Pos: c.at("defaultAction"), Detail: "missing defaultAction"}
	}
	if d := place.ListenerPathProblem(s.ListenerPath); d != "" {
		return nil, &ir.Error{Code: ir.ErrNotify, Pos: c.at("listenerPath"), Detail: d}
	}
	def, err := parseAction(s.DefaultAction, s.DefaultErrnoRet, "defaultErrnoRet")
	if err != nil {
		return nil, ir.At(c.at("defaultAction"), err)
	}
	if def.Kind == ir.ActNotify {
		return nil, &ir.Error{Code: ir.ErrNotify, Pos: c.at("defaultAction"), Detail: "SCMP_ACT_NOTIFY cannot be the default action"}
	}
	p.Default = def
	if err := c.arches(p, s.Architectures); err != nil {
		return nil, err
	}
	if err := c.flags(p, s.Flags); err != nil {
		return nil, err
	}
	return p, nil
}

// expand translates the profile's rules into p's rules, in the
// profile's order (libseccompOrder sorts them later), with their
// positions, grouping them by syscall, and returns the groups. It
// leaves out the rules that libseccompOrder would drop silently
// (ruleGroups.skip).
func (c *converter) expand(p *ir.Policy, syscalls []*specs.LinuxSyscall) (*ruleGroups, error) {
	n, args, most, mostArgs := 0, 0, 0, 0
	// The positions' text, for rules of one name: "file: " prefix
	// "syscalls[" i `] ("` name `")`.
	var text posText
	fixed := len(c.prefix) + len(`syscalls[] ("")`)
	if c.opts.Filename != "" {
		fixed += len(c.opts.Filename) + len(": ")
	}
	for i, sc := range syscalls {
		n += min(len(sc.Names), 1024)
		args += len(sc.Args)
		most = max(most, len(sc.Names))
		mostArgs = max(mostArgs, len(sc.Args))
		if i < len(c.ruleIndex) {
			i = int(c.ruleIndex[i])
		}
		text.left += len(sc.Names) * (fixed + digits(i))
		for _, name := range sc.Names {
			text.left += len(name)
		}
	}
	c.exprs = make([]ir.Expr, 0, args)
	c.ids = make([]int32, 0, most)
	c.conds = make([]cond, 0, mostArgs)
	// A large profile's rules may mostly be left out: its slices grow
	// as needed beyond this.
	n = min(n, 1<<14)
	var dd names.Dedup
	p.Rules = make([]ir.Rule, 0, n)
	sys := makeGroups(n)
	var posBuf [128]byte
	pos := posBuf[:0] // the position being made
	notifyAt := ""
	for i, sc := range syscalls {
		rpos := func() string { return c.at(c.ruleLabel(i, sc.Names)) }
		act, err := parseAction(sc.Action, sc.ErrnoRet, "errnoRet")
		if err != nil {
			return nil, ir.At(rpos(), err)
		}
		ids, err := c.checkNames(i, sc.Names)
		if err != nil {
			return nil, err
		}
		conds, err := c.conditions(sc.Args, rpos)
		if err != nil {
			return nil, err
		}
		// A name repeated in a long list adds nothing: each is kept
		// once (the reader already keeps each once, except where a
		// repeated key makes it keep the lists as written).
		// The rules' names are kept once by their groups (below).
		once := len(sc.Names) > 16
		if len(sc.Names) == 0 {
			c.warn(ir.WarnEmptyRule, rpos(), "rule names no syscall and has no effect")
			continue
		}
		if act == p.Default {
			// runc skips rules that repeat the default action. Their
			// names still count as named for the ENOSYS tail.
			list := sc.Names
			if once {
				list = keepOnce(list, &dd)
			}
			p.DefaultNamed = append(p.DefaultNamed, list...)
			continue
		}
		if act.Kind == ir.ActNotify {
			if notifyAt == "" {
				notifyAt = rpos()
			}
			for _, n := range sc.Names {
				if n == "write" {
					c.warn(ir.WarnNotifyWrite, rpos(), "SCMP_ACT_NOTIFY on write: runc refuses this, as the notifying process could not finish starting the container")
				}
			}
		}
		var one [1]group
		groups := c.group(conds, rpos, &one)
		// The rules of one group share its condition, as the rules of
		// "allow a, b if X" do in the policy language.
		var cbuf [4]*ir.Expr
		gconds := cbuf[:0]
		for _, g := range groups {
			gconds = append(gconds, g.cond())
		}
		mark := int32(i) + 1
		// runc's split of a long args list makes a rule per arg: room
		// for them at once, not by doubling.
		if k := len(groups) * len(sc.Names); k > 1 {
			p.Rules = slices.Grow(p.Rules, k)
		}
		head := 0 // pos[:head] is the rules' common start, once made
		start := len(p.Rules)
		for j, n := range sc.Names {
			id := ids[j]
			sg, slot := sys.find(p.Rules, n, id)
			if once && sg != 0 && sys.named(sg, start, mark) {
				continue // named before in this list
			}
			for k, g := range groups {
				if sys.skip(p.Rules, sg, act) {
					continue
				}
				arg := -1
				if g.split {
					arg = g.conds[0].k
				}
				// A name of the tables needs no quoting
				// (TestTableNamesPlain).
				pos = c.appendPos(pos, &head, i, n, id >= 0, arg)
				// The rule's fields are set in place: an
				// append of an ir.Rule value copies it with a
				// bulk write barrier while the GC runs.
				if len(p.Rules) == cap(p.Rules) {
					p.Rules = slices.Grow(p.Rules, 1)
				}
				p.Rules = p.Rules[:len(p.Rules)+1]
				r := &p.Rules[len(p.Rules)-1]
				r.Syscall, r.Cond, r.Action, r.Pos = n, gconds[k], act, text.add(pos)
				sg = sys.add(p.Rules, len(p.Rules)-1, sg, slot, id)
			}
			sys.mark(sg, mark)
		}
	}
	if notifyAt != "" && p.ListenerPath == "" {
		return nil, &ir.Error{Code: ir.ErrNotify, Pos: notifyAt, Detail: "SCMP_ACT_NOTIFY needs a listenerPath"}
	}
	return &sys, nil
}

// checkNames refuses the names of rule i that name no syscall: empty,
// with white space, or (Options.Strict) defined by no architecture. It
// returns the sysid of each name, -1 for a name no table has, in c.ids.
// A table's name is none of those refused (TestTableNamesPlain).
func (c *converter) checkNames(i int, list []string) ([]int32, error) {
	ids := c.ids[:0]
	for j, n := range list {
		id, ok := sysid.Lookup(n)
		if ok {
			ids = append(ids, int32(id))
			continue
		}
		ids = append(ids, -1)
		detail := ""
		switch {
		case n == "":
			detail = "empty syscall name"
		case hasSpace(n):
			detail = "syscall name " + quote.Value(n) + " contains space"
		case c.opts.Strict:
			detail = sysnames.Unknown(n)
		default:
			continue
		}
		return nil, &ir.Error{Code: ir.ErrSyscall, Pos: c.at(fmt.Sprintf("%s names[%d]", c.ruleLabel(i, nil), j)), Detail: detail}
	}
	c.ids = ids
	return ids, nil
}

// digits returns the number of decimal digits of i >= 0.
func digits(i int) int {
	n := 1
	for ; i >= 10; i /= 10 {
		n++
	}
	return n
}

// posText holds the text of the rules' positions, which are slices of
// it, written as expand makes the rules: in chunks, a chunk's bytes
// never moved (strings.Builder does not change the bytes its String
// returned), so that a generated profile's hundreds of thousands of
// positions cost no copy and no second pass.
type posText struct {
	b    strings.Builder // the current chunk
	left int             // the bytes expand expects yet, for the size of the next chunk
}

// maxChunk bounds the chunks of a posText, and so what an estimate that
// is too high (rules left out, see ruleGroups.skip) wastes.
const maxChunk = 64 << 10

// add appends pos and returns it as a slice of the text. A chunk is as
// long as the bytes expected yet, or, past the estimate (split rules),
// twice the last one, up to maxChunk.
func (t *posText) add(pos []byte) string {
	if t.b.Cap()-t.b.Len() < len(pos) {
		size := max(t.left, 2*t.b.Cap())
		t.b = strings.Builder{}
		t.b.Grow(max(len(pos), min(size, maxChunk)))
	}
	t.b.Write(pos)
	t.left -= len(pos)
	all := t.b.String()
	return all[len(all)-len(pos):]
}

// appendPos appends the position of a rule of syscall name, made from
// profile rule i, to b: c.at(c.ruleLabel(i, []string{name})) with "
// args[arg]" for a split rule (arg >= 0). b[:head] is the part before
// the name, the same for all the rules of profile rule i, made when
// head is 0 (and returned). plain says that name needs no quoting.
func (c *converter) appendPos(b []byte, head *int, i int, name string, plain bool, arg int) []byte {
	if *head == 0 {
		b = b[:0]
		if c.opts.Filename != "" {
			b = append(b, c.opts.Filename...)
			b = append(b, ": "...)
		}
		b = append(b, c.prefix...)
		if i < len(c.ruleIndex) {
			i = int(c.ruleIndex[i])
		}
		b = place.AppendRuleHead(b, i)
		*head = len(b)
	}
	if plain {
		// place.AppendOneName of a name that needs no escapes.
		b = append(b[:*head], '"')
		b = append(b, name...)
		b = append(b, `")`...)
	} else {
		b = place.AppendOneName(b[:*head], name)
	}
	if arg >= 0 {
		b = append(b, " args["...)
		b = strconv.AppendInt(b, int64(arg), 10)
		b = append(b, ']')
	}
	return b
}

// keepOnce returns list with each string once, in the order of first
// appearance: list itself when it has no repeat.
func keepOnce(list []string, dd *names.Dedup) []string {
	dd.Begin()
	for i, s := range list {
		if !dd.Seen(list[:i], s) {
			continue
		}
		// The first repeat: copy the strings before it, then keep only
		// new ones.
		out := append([]string(nil), list[:i]...)
		for _, s := range list[i+1:] {
			if !dd.Seen(out, s) {
				out = append(out, s)
			}
		}
		return out
	}
	return list
}

// arches sets p.Arches: the target, then the profile's architectures.
func (c *converter) arches(p *ir.Policy, list []specs.Arch) error {
	var (
		t   *arch.Info
		err error
	)
	if c.opts.Target == "" {
		t, err = arch.Native()
	} else {
		t, err = arch.Lookup(c.opts.Target)
	}
	if err != nil {
		return &ir.Error{Code: ir.ErrArch, Pos: "target", Err: err}
	}
	var buf [4]*arch.Info
	infos := append(buf[:0], t)
	for i, a := range list {
		info, err := arch.Lookup(string(a))
		if err != nil {
			return &ir.Error{Code: ir.ErrArch, Pos: c.at(fmt.Sprintf("architectures[%d]", i)), Err: err}
		}
		// A profile names a few architectures: a search beats a map.
		if !slices.Contains(infos, info) {
			infos = append(infos, info)
		}
	}
	c.widths.target32 = t.Bits == 32
	p.Arches = make([]string, 0, len(infos))
	for _, info := range infos {
		p.Arches = append(p.Arches, info.Name)
		if info.Socketcall != nil || info.IPC != nil {
			if c.widths.mux == nil {
				c.widths.mux = make([]*arch.Info, 0, len(infos))
			}
			c.widths.mux = append(c.widths.mux, info)
		}
		if info.Bits == 32 {
			if c.has32 == nil {
				c.has32 = make([]string, 0, len(infos))
			}
			c.has32 = append(c.has32, info.Name)
			c.widths.has32 = true
		} else {
			c.widths.has64 = true
		}
	}
	return nil
}

// flags sets p.Flags from the profile's flags (repeats are harmless)
// and records a missing flags field in p.FlagsAbsent.
func (c *converter) flags(p *ir.Policy, list []specs.LinuxSeccompFlag) error {
	p.FlagsAbsent = list == nil
	for i, f := range list {
		v, err := ir.ParseFlag(string(f))
		if err != nil || string(f) != v.String() {
			return &ir.Error{Code: ir.ErrFlag, Pos: c.at(fmt.Sprintf("flags[%d]", i)), Detail: "unknown flag " + quote.Value(string(f)) + suggest.Hint(string(f), ir.FlagNames())}
		}
		p.Flags |= v
	}
	return nil
}

// hasSpace reports whether name contains white space (unicode.IsSpace).
func hasSpace(name string) bool {
	for i := 0; i < len(name); i++ {
		if maybeSpace[name[i]] {
			return strings.ContainsFunc(name, unicode.IsSpace)
		}
	}
	return false
}

// maybeSpace holds the bytes that can be or begin white space: ASCII
// space and the control characters \t to \r, and every non-ASCII byte.
var maybeSpace = func() (t [256]bool) {
	for b := range t {
		t[b] = b >= utf8.RuneSelf || b == ' ' || '\t' <= b && b <= '\r'
	}
	return t
}()

// cond is one translated argument condition.
type cond struct {
	k    int      // index in the rule's args
	arg  uint     // argument index
	expr *ir.Expr // nil when libseccomp omits the comparison (mask 0)
}

// group is the conditions that become one rule.
type group struct {
	conds []cond
	split bool // one of several rules split from one OCI rule
}

// cond returns the rule condition: the AND of the comparisons, nil when
// there are none left.
func (g group) cond() *ir.Expr {
	var buf [8]*ir.Expr
	xs := buf[:0]
	for _, c := range g.conds {
		if c.expr != nil {
			xs = append(xs, c.expr)
		}
	}
	if len(xs) == 0 {
		return nil
	}
	return ir.And(xs...)
}

// group splits a rule's conditions into rules as runc does: all in one
// rule, or, when an argument index repeats, one rule per condition.
// The unsplit group is returned in *one.
func (c *converter) group(conds []cond, rpos func() string, one *[1]group) []group {
	var count [ir.MaxArgs]int // conditions validates the indexes
	repeated := -1
	for _, x := range conds {
		count[x.arg]++
		if count[x.arg] == 2 && repeated < 0 {
			repeated = int(x.arg)
		}
	}
	if repeated < 0 || c.opts.KeepRepeatedArgs {
		one[0] = group{conds: conds}
		return one[:]
	}
	c.warn(ir.WarnSplitRule, rpos(), "argument %d is compared more than once, so each of the rule's %d conditions becomes a rule of its own (ORed, as runc does)", repeated, len(conds))
	gs := make([]group, len(conds))
	for i, x := range conds {
		gs[i] = group{conds: []cond{x}, split: true}
	}
	return gs
}

// conditions translates a rule's args.
func (c *converter) conditions(args []specs.LinuxSeccompArg, rpos func() string) ([]cond, error) {
	if len(args) == 0 {
		return nil, nil
	}
	out := c.conds[:0]
	defer func() { c.conds = out[:0] }()
	for k, a := range args {
		apos := func() string { return fmt.Sprintf("%s args[%d]", rpos(), k) }
		if a.Index >= ir.MaxArgs {
			return nil, &ir.Error{Code: ir.ErrArgIndex, Pos: apos(), Detail: fmt.Sprintf("index %d is above %d", a.Index, ir.MaxArgs-1)}
		}
		if a.Op == "" {
			return nil, &ir.Error{Code: ir.ErrOperator, Pos: apos(), Detail: `missing "op"`}
		}
		cmp, ok := operators[a.Op]
		if !ok {
			return nil, &ir.Error{Code: ir.ErrOperator, Pos: apos(), Detail: quote.Value(string(a.Op)) + suggest.Hint(string(a.Op), operatorNames)}
		}
		x := cond{k: k, arg: a.Index}
		if cmp != ir.CmpMaskedEq {
			if a.ValueTwo != 0 {
				c.warn(ir.WarnIgnoredCondition, apos(), "valueTwo %#x ignored: only SCMP_CMP_MASKED_EQ uses it", a.ValueTwo)
			}
			x.expr = c.expr(*ir.Compare(int(a.Index), cmp, a.Value))
			out = append(out, x)
			continue
		}
		mask, datum := a.Value, a.ValueTwo
		if datum&^mask != 0 {
			c.warn(ir.WarnMaskValue, apos(), "SCMP_CMP_MASKED_EQ datum (valueTwo) %#x has bits outside the mask (value) %#x; libseccomp clears them and compares with %#x",
				datum, mask, datum&mask)
			datum &= mask
		}
		switch {
		case mask == 0:
			c.warn(ir.WarnIgnoredCondition, apos(), "SCMP_CMP_MASKED_EQ with mask 0 always holds; libseccomp omits it")
		case mask&0xffffffff == 0 && len(c.has32) > 0:
			c.warn(ir.WarnIgnoredCondition, apos(), "SCMP_CMP_MASKED_EQ mask %#x has no bits in the low 32; libseccomp omits the comparison on the 32-bit architectures %s", mask, strings.Join(c.has32, ", "))
			x.expr = c.expr(*ir.Masked(int(a.Index), mask, datum, true))
		default:
			x.expr = c.expr(*ir.Masked(int(a.Index), mask, datum, true))
		}
		out = append(out, x)
	}
	return out, nil
}

// expr returns a copy of x in c.exprs, which expand sizes for all the
// comparisons of the profile (or else one on the heap).
func (c *converter) expr(x ir.Expr) *ir.Expr {
	if len(c.exprs) == cap(c.exprs) {
		y := new(ir.Expr)
		*y = x
		return y
	}
	c.exprs = append(c.exprs, x)
	return &c.exprs[len(c.exprs)-1]
}

// operators maps the OCI operators to comparisons.
var operators = map[specs.LinuxSeccompOperator]ir.Cmp{
	specs.OpNotEqual:     ir.CmpNe,
	specs.OpLessThan:     ir.CmpLt,
	specs.OpLessEqual:    ir.CmpLe,
	specs.OpEqualTo:      ir.CmpEq,
	specs.OpGreaterEqual: ir.CmpGe,
	specs.OpGreaterThan:  ir.CmpGt,
	specs.OpMaskedEqual:  ir.CmpMaskedEq,
}

// operatorNames are the OCI operators in the runtime-spec's order.
var operatorNames = []string{
	string(specs.OpNotEqual), string(specs.OpLessThan), string(specs.OpLessEqual), string(specs.OpEqualTo),
	string(specs.OpGreaterEqual), string(specs.OpGreaterThan), string(specs.OpMaskedEqual),
}

// ociActionNames are the OCI action names, in the runtime-spec's order.
var ociActionNames = []string{
	string(specs.ActKill), string(specs.ActKillProcess), string(specs.ActKillThread), string(specs.ActTrap),
	string(specs.ActErrno), string(specs.ActTrace), string(specs.ActAllow), string(specs.ActLog), string(specs.ActNotify),
}

// actionKinds maps the OCI actions to action kinds.
var actionKinds = map[specs.LinuxSeccompAction]ir.ActionKind{
	specs.ActKill:        ir.ActKillThread,
	specs.ActKillThread:  ir.ActKillThread,
	specs.ActKillProcess: ir.ActKillProcess,
	specs.ActTrap:        ir.ActTrap,
	specs.ActErrno:       ir.ActErrno,
	specs.ActTrace:       ir.ActTrace,
	specs.ActAllow:       ir.ActAllow,
	specs.ActLog:         ir.ActLog,
	specs.ActNotify:      ir.ActNotify,
}

// parseAction translates an OCI action and its errnoRet (field names
// the errno field in messages). ERRNO and TRACE default to EPERM, as in
// runc.
func parseAction(name specs.LinuxSeccompAction, errnoRet *uint, field string) (ir.Action, error) {
	if name == "" {
		return ir.Action{}, &ir.Error{Code: ir.ErrAction, Detail: `missing "action"`}
	}
	k, ok := actionKinds[name]
	if !ok {
		return ir.Action{}, &ir.Error{Code: ir.ErrAction, Detail: "unknown action " + quote.Value(string(name)) + suggest.Hint(string(name), ociActionNames)}
	}
	if !k.HasData() {
		if errnoRet != nil {
			return ir.Action{}, &ir.Error{Code: ir.ErrAction, Detail: fmt.Sprintf("%s %d given for %s, which returns no errno", field, *errnoRet, name)}
		}
		return ir.Action{Kind: k}, nil
	}
	n := uint(ir.EPERM)
	if errnoRet != nil {
		n = *errnoRet
	}
	switch {
	case k == ir.ActErrno && n >= ir.MaxErrno:
		// The kernel accepts 4095 (MAX_ERRNO), but libseccomp 2.5
		// (sys_chk_seccomp_action) refuses it, so runc cannot load it.
		return ir.Action{}, &ir.Error{Code: ir.ErrErrno, Detail: fmt.Sprintf("%s %d is above %d (libseccomp refuses 4095)", field, n, ir.MaxErrno-1)}
	case n > 0xffff:
		return ir.Action{}, &ir.Error{Code: ir.ErrAction, Detail: fmt.Sprintf("%s %d for %s is above 65535", field, n, name)}
	}
	return ir.Action{Kind: k, Data: uint16(n)}, nil
}
