package ir

import (
	"fmt"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/ir/internal/place"
	"github.com/seccompc/seccompc/tables"
)

// BaselineMode says how the ENOSYS tail of a filter is chosen.
type BaselineMode uint8

// The baseline modes. The zero value is BaselineAuto, the default.
const (
	// BaselineAuto takes X to be the newest kernel version that
	// introduced a syscall the policy names (in a rule, or in
	// Policy.DefaultNamed) on any architecture of the filter, the
	// version of the newest syscall the profile's author knew of; it is
	// the same X on every architecture. A policy that names no syscall
	// known on any of its architectures says nothing about its age:
	// it gets no tail, and every syscall gets the default action.
	// In both modes, an architecture's baseline is never older than the
	// port's first kernel (aarch64 3.7, riscv64 4.15, ...: see
	// tables.Table.Oldest), since before it every syscall of the port
	// would count as new.
	BaselineAuto BaselineMode = iota
	// BaselineVersion uses Baseline.Version on every architecture.
	BaselineVersion
	// BaselineNone emits no tail: every syscall no rule names gets the
	// default action, as libseccomp does.
	BaselineNone
)

// Baseline chooses the kernel version X of the ENOSYS tail: syscalls
// that no rule names and that did not exist in kernel X get
// ERRNO(ENOSYS) instead of the default action, so that a program newer
// than the profile sees the answer an older kernel gives and falls back
// (clone3 to clone, faccessat2 to faccessat), instead of failing with
// the default's EPERM. The tail applies only where it is a better
// answer than the default (see [Policy.HasTail]); numbers that are no
// syscall of the architecture get ENOSYS too, as from the kernel. It
// never applies to a syscall the profile names, whatever the rule's
// action: the rule or the default decides it.
type Baseline struct {
	Mode    BaselineMode
	Version tables.Version // BaselineVersion only
}

// String returns "auto", "none" or the version.
func (b Baseline) String() string {
	switch b.Mode {
	case BaselineAuto:
		return "auto"
	case BaselineNone:
		return "none"
	}
	return b.Version.String()
}

// ParseBaseline reads "auto", "none" or a kernel version such as "5.10".
func ParseBaseline(s string) (Baseline, error) {
	switch s {
	case "auto", "":
		return Baseline{Mode: BaselineAuto}, nil
	case "none":
		return Baseline{Mode: BaselineNone}, nil
	}
	v, err := tables.ParseVersion(s)
	if err != nil || v.IsZero() {
		return Baseline{}, &Error{Code: ErrBaseline, Detail: quote.Value(s) + " is not auto, none or a kernel version like 5.10", Err: err}
	}
	return Baseline{Mode: BaselineVersion, Version: v}, nil
}

// Rule gives the action for one syscall when its condition holds.
type Rule struct {
	Syscall string // syscall name, resolved per architecture; "" when the rule names a number
	Nr      uint32 // Syscall == "": the raw seccomp_data.nr value, on every architecture
	Action  Action
	Cond    *Expr  // the condition on the arguments; nil means true
	Pos     string // where the rule came from, for errors, warnings and provenance
}

// Target returns the syscall name, or "#nr" for a rule on a raw number.
// A nil Rule answers as the zero Rule, here and in its other methods.
func (r *Rule) Target() string {
	if r == nil {
		r = &Rule{}
	}
	if r.Syscall != "" {
		return r.Syscall
	}
	return fmt.Sprintf("#%d", r.Nr)
}

// Condition returns r.Cond, or True when it is nil (or r is nil).
func (r *Rule) Condition() *Expr {
	if r == nil || r.Cond == nil {
		return trueExpr
	}
	return r.Cond
}

// Policy is a whole seccomp policy: what every later stage compiles and
// what [Resolved.Decide] defines the meaning of, once resolved for a target.
//
// # Which rule wins
//
// When several rules name the same syscall and more than one condition
// holds, the most restrictive action wins, in the kernel's order for
// stacked filters (KILL_PROCESS, KILL_THREAD, TRAP, ERRNO, NOTIFY,
// TRACE, LOG, ALLOW; see [Action.Precedence]); between actions of the
// same kind, the earliest rule wins. The result does not depend on rule
// order except for that tie, and adding a rule never makes a policy more
// permissive for the inputs that rule matches than the rule's own
// action. When no rule of the syscall holds, the default action applies.
// The OCI front end rewrites profiles so that this rule reproduces what
// libseccomp makes of them.
//
// The zero Policy is not valid: its default action is the zero Action,
// which is none. A nil *Policy is no policy: Validate and Resolve refuse
// it, and its other methods answer as for the zero Policy.
type Policy struct {
	Default Action   // the action when no rule applies
	BadArch Action   // the action for an architecture not in the filter; zero means KILL_THREAD
	Arches  []string // architectures, canonical names (see package arch); the compile target is always added
	Rules   []Rule
	Flags   Flags // seccomp(2) filter flags the profile asks for
	// FlagsAbsent records that the profile has no flags field at all
	// (OCI and Docker profiles). runc and crun then load the filter
	// with SECCOMP_FILTER_FLAG_SPEC_ALLOW; an empty list means no flags.
	FlagsAbsent bool

	Baseline Baseline // the ENOSYS tail

	// DefaultNamed lists syscalls the profile names only in rules with
	// the default action, which the OCI front end drops as runc does.
	// They count as named for the ENOSYS tail: they set the auto
	// baseline and get the default action, never ENOSYS.
	DefaultNamed []string

	// Repeats lists the rules of a policy-language profile whose list
	// of syscalls named one more than once ("allow read, write,
	// read"): the parser keeps each name once, since a repeat adds
	// nothing, and package ir/lint reports them.
	Repeats []Repeat

	ListenerPath     string // OCI listenerPath: where to send the notify fd
	ListenerMetadata string // OCI listenerMetadata

	Source string // file the policy came from, if any
}

// Repeat says which syscall names one rule's list repeated.
type Repeat struct {
	Pos   string         // the rule's position
	Names map[string]int // each name listed again, and how many more times
	Count int            // the repeats in all
}

// BadArchAction returns the bad-architecture action, defaulting to
// KILL_THREAD as libseccomp and runc do.
func (p *Policy) BadArchAction() Action {
	if p == nil || p.BadArch.Kind == 0 {
		return KillThread
	}
	return p.BadArch
}

// HasTail reports whether the policy's filters end in the ENOSYS tail:
// the baseline is not "none" and the default action is one for which
// ENOSYS is a better answer (not ALLOW, LOG or TRACE).
func (p *Policy) HasTail() bool {
	if p == nil {
		p = &Policy{}
	}
	if p.Baseline.Mode == BaselineNone {
		return false
	}
	switch p.Default.Kind {
	case ActAllow, ActLog, ActTrace:
		return false
	}
	return true
}

// UsesNotify reports whether any action of the policy is NOTIFY.
func (p *Policy) UsesNotify() bool {
	if p == nil {
		return false
	}
	if p.Default.Kind == ActNotify || p.BadArch.Kind == ActNotify {
		return true
	}
	for i := range p.Rules {
		if p.Rules[i].Action.Kind == ActNotify {
			return true
		}
	}
	return false
}

// surroundingSpace reports whether the non-empty name starts or ends
// with white space (what strings.TrimSpace trims); a name beginning and
// ending with a printable ASCII character, as syscall names do, is
// answered without the call.
func surroundingSpace(name string) bool {
	if first, last := name[0], name[len(name)-1]; first > ' ' && first < 0x7f && last > ' ' && last < 0x7f {
		return false
	}
	return strings.TrimSpace(name) != name
}

// Validate checks actions, flags, baseline and every rule's condition,
// and returns the first problem found, naming its rule.
func (p *Policy) Validate() error {
	if p == nil {
		return &Error{Code: ErrNil, Detail: "no policy (nil *Policy)"}
	}
	if err := p.Default.Validate(); err != nil {
		return At("default action", err)
	}
	if p.BadArch.Kind != 0 {
		if err := p.BadArch.Validate(); err != nil {
			return At("bad-arch action", err)
		}
	}
	if !p.Flags.Valid() {
		return &Error{Code: ErrFlag, Detail: fmt.Sprintf("unknown flags %#x", uint32(p.Flags&^flagsKnown))}
	}
	if p.Baseline.Mode > BaselineNone {
		return &Error{Code: ErrBaseline, Detail: fmt.Sprintf("unknown baseline mode %d", p.Baseline.Mode)}
	}
	if p.Baseline.Mode == BaselineVersion && p.Baseline.Version.IsZero() {
		return &Error{Code: ErrBaseline, Detail: "baseline version missing"}
	}
	if d := place.ListenerPathProblem(p.ListenerPath); d != "" {
		return &Error{Code: ErrNotify, Pos: place.Pos(p.Source, "listener"), Detail: d}
	}
	// Rules written as "allow a, b, c if X" share one condition, and
	// come one after the other: check it once; likewise an action
	// (most rules of a profile have the same).
	var checked *Expr
	checkedAction := p.Default // valid: checked above
	for i := range p.Rules {
		r := &p.Rules[i]
		pos := func() string {
			if r.Pos == "" {
				return fmt.Sprintf("rule %d (%s)", i, r.Target())
			}
			return r.Pos
		}
		if r.Syscall != "" && surroundingSpace(r.Syscall) {
			return &Error{Code: ErrSyscall, Pos: pos(), Detail: "syscall name " + quote.Value(r.Syscall) + " has surrounding space"}
		}
		if r.Action != checkedAction {
			if err := r.Action.Validate(); err != nil {
				return At(pos(), err)
			}
			checkedAction = r.Action
		}
		if r.Cond != nil && r.Cond != checked {
			if err := r.Cond.Validate(); err != nil {
				return At(pos(), err)
			}
			checked = r.Cond
		}
	}
	return nil
}
