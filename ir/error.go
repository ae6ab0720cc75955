package ir

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrorCode says what kind of problem an [Error] reports.
type ErrorCode string

// The error codes.
const (
	ErrSyntax       ErrorCode = "syntax error"
	ErrInvalidExpr  ErrorCode = "invalid expression"
	ErrNestingDepth ErrorCode = "expression nested too deeply"
	ErrArgIndex     ErrorCode = "invalid argument index"
	ErrValueRange   ErrorCode = "value out of range"
	ErrAction       ErrorCode = "invalid action"
	ErrErrno        ErrorCode = "invalid errno"
	ErrSyscall      ErrorCode = "invalid syscall"
	ErrArch         ErrorCode = "invalid architecture"
	ErrFlag         ErrorCode = "invalid flag"
	ErrBaseline     ErrorCode = "invalid baseline"
	ErrNotify       ErrorCode = "invalid notify setup"
	ErrOperator     ErrorCode = "invalid operator"
	ErrFormat       ErrorCode = "malformed input"
	ErrNil          ErrorCode = "missing input" // a nil pointer where a value is needed
)

// Error is a problem in a policy, with the place it was found.
type Error struct {
	Code   ErrorCode
	Pos    string // where: "profile.json: syscalls[3] (\"personality\") args[1]", "x.policy:12:5"
	Detail string // what, with the offending value
	Err    error  // underlying error, if any
}

func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	if e.Pos != "" {
		b.WriteString(e.Pos)
		b.WriteString(": ")
	}
	b.WriteString(string(e.Code))
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	var d describer
	switch {
	case e.Err == nil:
	case e.Detail == "" && errors.As(e.Err, &d):
		b.WriteString(": ")
		b.WriteString(d.Describe())
	case e.Detail == "":
		// A Detail says what is wrong in the input's terms; Err is
		// there for errors.Is and errors.As.
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// describer is an error that can say what is wrong without repeating
// the error code, as [arch.UnknownError] does: "unknown architecture"
// after "invalid architecture" would stutter.
type describer interface {
	error
	Describe() string
}

func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// At returns err with pos prefixed to its position when err is an
// *Error, or wrapped in one otherwise.
func At(pos string, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*Error); ok {
		c := *e
		switch {
		case c.Pos == "":
			c.Pos = pos
		case pos != "":
			c.Pos = pos + " " + c.Pos
		}
		return &c
	}
	return &Error{Code: ErrFormat, Pos: pos, Err: err}
}

// WarningKind says what a [Warning] reports, so that a caller can act
// on some kinds and not others: fail on [WarnUnknownSyscall] (as crun's
// run.oci.seccomp_fail_unknown_syscall does; the front ends' Strict
// option makes it an error), log [WarnMissingSyscall] at debug level (as
// runc does), show the rest. The zero WarningKind is invalid.
type WarningKind uint8

// The kinds of warnings.
const (
	// WarnUnknownSyscall: a syscall name that no architecture's table
	// defines, most likely a typo; its rules have no effect. Syscalls
	// holds the name, Suggest the nearest defined name ("" if none is
	// near), Arches the architectures of the filter.
	WarnUnknownSyscall WarningKind = 1 + iota

	// WarnMissingSyscall: syscall names that other architectures define
	// but those in Arches, architectures of the filter, do not; their
	// rules are skipped there, as runc skips them. Normal for a profile
	// written for several architectures. One warning per set of
	// architectures, Syscalls in the order of their first rules.
	WarnMissingSyscall

	// WarnUnknownField: a JSON key the input's format does not define;
	// it is ignored.
	WarnUnknownField

	// WarnUnknownArch: an architecture name the reader does not know; it
	// never matches.
	WarnUnknownArch

	// WarnMaskValue: a masked comparison whose value has bits outside
	// its mask; they are cleared, as libseccomp clears them.
	WarnMaskValue

	// WarnIgnoredCondition: a part of a condition that has no effect: a
	// value the operator does not use, a mask of 0 (always true), a mask
	// with no low bits (omitted on 32-bit architectures).
	WarnIgnoredCondition

	// WarnSplitRule: a rule that compares one argument more than once
	// became one rule per comparison, ORed, as runc does.
	WarnSplitRule

	// WarnEmptyRule: a rule that names no syscall; it has no effect.
	WarnEmptyRule

	// WarnRuleDropped: a rule that libseccomp, and so runc, never
	// applies, because a rule without conditions decides its syscall.
	WarnRuleDropped

	// WarnMerged: rules of one syscall that overlap with different
	// actions, rewritten to give libseccomp's verdicts (or, where the
	// message says so, left as they are because those verdicts cannot be
	// reproduced).
	WarnMerged

	// WarnNotifyWrite: SCMP_ACT_NOTIFY on write, which runc refuses (the
	// runtime could not finish starting the container).
	WarnNotifyWrite

	// WarnFlagIgnored: a filter flag of the profile that is not passed
	// to the kernel, as runc does not pass it (the message says why).
	WarnFlagIgnored

	// WarnRuncRefuses: rules that libseccomp 2.5 refuses (EEXIST) or
	// never finishes adding, so that runc fails to start (or hangs
	// starting) a container with the profile, where seccompc can still
	// give the profile libseccomp's meaning for the rules it keeps (the
	// message says which decide). The OCI front end's RefuseAsRunc
	// option makes it an error.
	WarnRuncRefuses

	// WarnRuncUnchecked: a syscall with more rules than seccompc replays
	// libseccomp's trees for (256), so it cannot tell whether libseccomp
	// 2.5 refuses them and runc fails to start a container with the
	// profile. The rules compile; RefuseAsRunc does not refuse them.
	WarnRuncUnchecked
)

var warningKindNames = [...]string{
	WarnUnknownSyscall:   "unknown-syscall",
	WarnMissingSyscall:   "missing-syscall",
	WarnUnknownField:     "unknown-field",
	WarnUnknownArch:      "unknown-arch",
	WarnMaskValue:        "mask-value",
	WarnIgnoredCondition: "ignored-condition",
	WarnSplitRule:        "split-rule",
	WarnEmptyRule:        "empty-rule",
	WarnRuleDropped:      "rule-dropped",
	WarnMerged:           "merged",
	WarnNotifyWrite:      "notify-write",
	WarnFlagIgnored:      "flag-ignored",
	WarnRuncRefuses:      "runc-refuses",
	WarnRuncUnchecked:    "runc-unchecked",
}

// String returns the kind's short name, such as "unknown-syscall".
func (k WarningKind) String() string {
	if int(k) < len(warningKindNames) && warningKindNames[k] != "" {
		return warningKindNames[k]
	}
	return "WarningKind(" + strconv.Itoa(int(k)) + ")"
}

// Warning is something a front end or [Resolve] accepted but that the
// caller should know about: one warning per cause (a typo, a set of
// architectures lacking some names, a field ignored), at the place of
// the cause's first occurrence.
type Warning struct {
	Kind     WarningKind
	Pos      string   // where: "profile.json: syscalls[3] (\"personality\")", "x.policy:12"; the first place for a group
	Msg      string   // what, without Pos, in at most a few hundred bytes
	Syscalls []string // the syscall names concerned, if any
	Arches   []string // the architectures concerned, if any (see the kind)
	Suggest  string   // WarnUnknownSyscall: the defined name nearest to the unknown one, or ""
}

// MaxWarningLen bounds the length of [Warning.String] in bytes.
const MaxWarningLen = 512

// String returns "Pos: Msg", cut to at most [MaxWarningLen] bytes.
func (w Warning) String() string {
	s := w.Msg
	if w.Pos != "" {
		s = w.Pos + ": " + w.Msg
	}
	return truncate(s, MaxWarningLen)
}

// truncate returns s cut to at most n bytes (n at least 4), on a UTF-8
// boundary, ending in "..." when it was cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("...")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
