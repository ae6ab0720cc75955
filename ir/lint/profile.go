package lint

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/internal/dockerjson"
	"github.com/seccompc/seccompc/ir/internal/loadhook"
	"github.com/seccompc/seccompc/ir/internal/names"
	"github.com/seccompc/seccompc/ir/internal/place"
	"github.com/seccompc/seccompc/ir/profile"
)

// FrontEnd is the code of findings that are warnings of the front end
// that read the profile (package ir/oci, ir/docker): rules dropped or
// rewritten to match libseccomp, ignored fields. A rule the front end
// dropped because an earlier rule without conditions decides its
// syscall is reported as [Shadowed] instead, and the front end's
// warnings about unknown syscall names are left to [UnknownSyscall].
const FrontEnd Code = "front-end"

// Profile loads data (any input package ir/profile accepts) and lints
// it for opts.Target; a profile that does not load is an error.
//
// For JSON profiles it adds what the policy no longer shows, because
// the OCI front end rewrites rules as runc and libseccomp do: rules
// whose action equals the default action (runc skips them), rules
// repeated after a rule without conditions for the same syscall and
// action (libseccomp ignores them), the warnings of the front end (see
// [FrontEnd]), and the architecture list as written (the front end
// always puts the target first). Docker profiles are checked as Docker
// resolves them for the target and opts.Caps. Positions name the rules
// of the input: "file: syscalls[3] (\"personality\")".
func Profile(data []byte, opts profile.Options) ([]Finding, error) {
	p, ws, k, dec, err := loadhook.Load(data, opts)
	if err != nil {
		return nil, err
	}
	kind := profile.Kind(k)
	arches, archWhere := p.Arches, place.Pos(p.Source, "arch")
	var pre []Finding
	data = bytes.TrimPrefix(data, []byte{0xef, 0xbb, 0xbf})
	switch kind {
	case profile.KindOCI, profile.KindConfig:
		// The decoder keeps each name of a list once and says what it
		// dropped (a list of millions of repeats would otherwise
		// cost more memory per name than the whole compile takes).
		// The object profile.Load translated is the one to check;
		// where it read data otherwise (unknown fields, a
		// config.json, a byte order mark), data is decoded here.
		var (
			res    dockerjson.Result
			ok     bool
			prefix string
		)
		if dec.Spec != nil {
			res = dockerjson.Result{Seccomp: dec.Spec, Repeats: dec.Res.Repeats}
		} else if kind == profile.KindConfig {
			res, ok = dockerjson.DecodeConfig(data)
			if !ok || res.Seccomp == nil {
				return nil, fmt.Errorf("lint: %s: config.json without linux.seccomp", opts.Filename)
			}
			prefix = "linux.seccomp."
		} else if res, ok = dockerjson.DecodeOCI(data); !ok {
			return nil, fmt.Errorf("lint: %s: not a valid OCI profile", opts.Filename)
		}
		s, repeats := res.Seccomp, repeatsByRule(res.Repeats)
		arches, archWhere = specArches(s), place.Pos(p.Source, prefix+"architectures")
		pre = specRules(s, nil, nil, p.Source, prefix, func(k int) *dockerjson.Repeat { return repeats[k] })
	case profile.KindDocker:
		// profile.Load read data with dockerjson.Decode: its result,
		// when it kept it, is the one to check.
		var (
			res dockerjson.Result
			ok  bool
		)
		if dec.Res != nil {
			res = *dec.Res
		} else if res, ok = dockerjson.Decode(data); !ok {
			return nil, fmt.Errorf("lint: %s: not a valid Docker profile", opts.Filename)
		}
		repeats := repeatsByRule(res.Repeats)
		// The rules as Docker resolves them, read where they are in
		// the profile, named by their index there.
		s, rules, idx, err := loadhook.DockerRules(res.Profile, opts.Target, opts.Caps, opts.Kernel)
		if err != nil {
			return nil, fmt.Errorf("lint: %w", err)
		}
		arches, archWhere = specArches(s), place.Pos(p.Source, "archMap")
		pre = specRules(s, rules, idx, p.Source, "", func(k int) *dockerjson.Repeat { return repeats[int(idx[k])] })
	}
	for _, w := range ws {
		switch w.Kind {
		case ir.WarnUnknownSyscall, ir.WarnMissingSyscall:
			// Reported by the unknown-syscall check.
		case ir.WarnRuleDropped:
			pre = append(pre, Finding{Severity: Warning, Code: Shadowed, Where: w.Pos, Message: strings.TrimPrefix(w.Msg, "rule dropped: ")})
		default:
			pre = append(pre, Finding{Severity: Warning, Code: FrontEnd, Where: w.Pos, Message: w.Msg})
		}
	}
	fs, err := lintPolicy(p, Options{Target: opts.Target}, arches, archWhere)
	if err != nil {
		return nil, err
	}
	return append(pre, fs...), nil
}

// repeatsByRule indexes the decoder's repeats by rule.
func repeatsByRule(rs []dockerjson.Repeat) map[int]*dockerjson.Repeat {
	m := make(map[int]*dockerjson.Repeat, len(rs))
	for i := range rs {
		m[rs[i].Rule] = &rs[i]
	}
	return m
}

func specArches(s *specs.LinuxSeccomp) []string {
	out := make([]string, len(s.Architectures))
	for i, a := range s.Architectures {
		out[i] = string(a)
	}
	return out
}

// specAction returns an OCI action with the data it carries, in the
// form runc compares: SCMP_ACT_KILL is SCMP_ACT_KILL_THREAD, and ERRNO
// and TRACE default their value to EPERM.
func specAction(a specs.LinuxSeccompAction, ret *uint) string {
	s := string(a)
	switch s {
	case "SCMP_ACT_KILL":
		return "SCMP_ACT_KILL_THREAD"
	case "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE":
		v := uint(ir.EPERM)
		if ret != nil {
			v = *ret
		}
		return fmt.Sprintf("%s(%d)", s, v)
	}
	return s
}

// specRules checks the rules of s as written: rules whose action
// equals the default action (runc skips them, because libseccomp
// refuses a rule with the default action), and, per syscall name, rules
// after a rule without conditions with the same action (libseccomp
// ignores them; the OCI front end drops them, and reports those with a
// different action itself). The rules are rules, or s.Syscalls when
// rules is nil; idx maps their indices to the positions shown (nil:
// their own).
func specRules(s *specs.LinuxSeccomp, rules []*specs.LinuxSyscall, idx []int32, file, prefix string, dropped func(k int) *dockerjson.Repeat) []Finding {
	def := specAction(s.DefaultAction, s.DefaultErrnoRet)
	n := len(rules)
	rule := func(i int) *specs.LinuxSyscall { return rules[i] }
	if rules == nil {
		n = len(s.Syscalls)
		rule = func(i int) *specs.LinuxSyscall { return &s.Syscalls[i] }
	}
	at := func(i int) int {
		if idx == nil {
			return i
		}
		return int(idx[i])
	}
	label := func(i int, name string) string {
		return place.Pos(file, prefix+place.RuleLabel(at(i), []string{name}))
	}
	var out []Finding
	uncond := map[string]int{} // name -> first rule without conditions
	// A name's later rules that repeat or cannot change its first rule
	// without conditions make one finding each kind, at the first of
	// them, with the count (see repeatGroup).
	type groupKey struct {
		name     string
		shadowed bool
	}
	groups := map[groupKey]*repeatGroup{}
	var order []*repeatGroup
	var dd names.Dedup
	for i := range n {
		r := rule(i)
		if len(r.Names) == 0 || r.Action == "" {
			continue
		}
		// Names repeated within the list: one finding for the list, and
		// the checks below see each name once.
		list, rep := r.Names, repeatsOf(r.Names, &dd)
		if rep != nil {
			list = rep.kept
		} else if dropped != nil {
			if d := dropped(i); d != nil {
				rep = &listRepeats{names: d.Names, count: d.Count}
			}
		}
		if rep != nil {
			out = append(out, Finding{Severity: Warning, Code: Duplicate, Where: place.Pos(file, prefix+place.RuleLabel(at(i), list)),
				Message: rep.message()})
		}
		act := specAction(r.Action, r.ErrnoRet)
		if act == def {
			out = append(out, Finding{
				Severity: Warning,
				Code:     DefaultAction,
				Where:    place.Pos(file, prefix+place.RuleLabel(at(i), list)),
				Message:  fmt.Sprintf("the action %s is the default action; runc skips such rules, so it has no effect", quote.Cut(strings.TrimSuffix(def, "(1)"))+errnoNote(def)),
			})
			continue
		}
		for _, n := range list {
			j, ok := uncond[n]
			if !ok {
				if len(r.Args) == 0 {
					uncond[n] = i
				}
				continue
			}
			o := rule(j)
			if specAction(o.Action, o.ErrnoRet) != act {
				continue // the front end warns
			}
			k := groupKey{n, len(r.Args) > 0}
			if g := groups[k]; g != nil {
				g.add(prefix + place.RuleLabel(at(i), nil))
				continue
			}
			g := &repeatGroup{at: len(out), name: n, shadowed: len(r.Args) > 0}
			groups[k] = g
			order = append(order, g)
			if len(r.Args) == 0 {
				out = append(out, Finding{Severity: Warning, Code: Duplicate, Where: label(i, n),
					Message: fmt.Sprintf("%s: repeats %s (%s without conditions)", quote.Cut(n), label(j, n), quote.Cut(act))})
				continue
			}
			out = append(out, Finding{Severity: Warning, Code: Shadowed, Where: label(i, n),
				Message: fmt.Sprintf("%s: redundant: %s already gives %s for all arguments, and libseccomp ignores this rule", quote.Cut(n), label(j, n), quote.Cut(act))})
		}
	}
	for _, g := range order {
		if g.more > 0 {
			out[g.at].Message += g.suffix()
		}
	}
	return out
}

// repeatGroup is the later rules of one syscall name that a rule
// without conditions already decides, after the first of them, which
// has the finding: their number and the first few labels. A profile
// that repeats one rule a hundred thousand times gets one finding, not
// a hundred thousand.
type repeatGroup struct {
	at       int    // index of the finding
	name     string // the syscall, "" for copies of one rule of a policy
	shadowed bool   // the rules have conditions (Shadowed), not (Duplicate)
	more     int
	labels   []string
}

// maxGroupListed is how many rules of a group a finding lists.
const maxGroupListed = 3

func (g *repeatGroup) add(label string) {
	g.more++
	if len(g.labels) < maxGroupListed {
		g.labels = append(g.labels, label)
	}
}

// suffix says what the group adds to its first finding.
func (g *repeatGroup) suffix() string {
	list := strings.Join(g.labels, ", ")
	if g.more > len(g.labels) {
		list += fmt.Sprintf(" and %d more", g.more-len(g.labels))
	}
	rules := "rules"
	if g.more == 1 {
		rules = "rule"
	}
	switch {
	case g.shadowed:
		return fmt.Sprintf("; so it ignores %d more %s of %s with conditions after it: %s", g.more, rules, quote.Cut(g.name), list)
	case g.name == "":
		return fmt.Sprintf("; so do %d more %s after it: %s", g.more, rules, list)
	}
	return fmt.Sprintf("; so do %d more %s of %s after it: %s", g.more, rules, quote.Cut(g.name), list)
}

// listRepeats says which names a rule's list repeated: each repeated
// name with the number of its repeats, and the list with each name once.
type listRepeats struct {
	names map[string]int
	count int
	kept  []string
}

// repeatsOf returns the names list repeats, or nil when it repeats none.
func repeatsOf(list []string, dd *names.Dedup) *listRepeats {
	dd.Begin()
	var rep *listRepeats
	for i, n := range list {
		kept := list[:i]
		if rep != nil {
			kept = rep.kept
		}
		if !dd.Seen(kept, n) {
			if rep != nil {
				rep.kept = append(rep.kept, n)
			}
			continue
		}
		if rep == nil {
			rep = &listRepeats{names: map[string]int{}, kept: append([]string(nil), list[:i]...)}
		}
		rep.names[n]++
		rep.count++
	}
	return rep
}

// maxRepeatsListed is how many repeated names a finding lists.
const maxRepeatsListed = 8

// message describes the repeats.
func (r *listRepeats) message() string { return repeatsMessage(r.names, r.count) }

// repeatsMessage describes the names a rule's list repeated, and how
// many more times each, the names most repeated first.
func repeatsMessage(names map[string]int, count int) string {
	type named struct {
		name string
		n    int
	}
	var all []named
	for name, n := range names {
		all = append(all, named{name, n})
	}
	slices.SortFunc(all, func(a, b named) int { return cmp.Or(b.n-a.n, strings.Compare(a.name, b.name)) })
	var parts []string
	for _, x := range all[:min(len(all), maxRepeatsListed)] {
		times := "times"
		if x.n == 1 {
			times = "time"
		}
		parts = append(parts, fmt.Sprintf("%s %d more %s", quote.Cut(x.name), x.n, times))
	}
	if len(all) > maxRepeatsListed {
		parts = append(parts, fmt.Sprintf("and %d more names", len(all)-maxRepeatsListed))
	}
	noun := "names"
	if count == 1 {
		noun = "name"
	}
	return fmt.Sprintf("%d syscall %s listed again in this rule (%s); a name listed again adds nothing", count, noun, strings.Join(parts, ", "))
}

// errnoNote spells out EPERM when ERRNO or TRACE data is the default.
func errnoNote(a string) string {
	if strings.HasSuffix(a, "(1)") {
		return " (errno 1, EPERM)"
	}
	return ""
}
