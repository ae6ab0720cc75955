package ir

import "strings"

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
)

// Error is a problem in a policy, with the place it was found.
type Error struct {
	Code   ErrorCode
	Pos    string // where: "profile.json: syscalls[3] (\"personality\") args[1]", "x.policy:12:5"
	Detail string // what, with the offending value
	Err    error  // underlying error, if any
}

func (e *Error) Error() string {
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
	if e.Err != nil && (e.Detail == "" || !strings.Contains(e.Detail, e.Err.Error())) {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

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

// Warning is something a front end or compiler accepted but that the
// caller should know about, such as a syscall name unknown on one
// architecture (skipped, as runc does).
type Warning struct {
	Pos string
	Msg string
	// For a syscall name some architectures of the filter do not define:
	// the name, and those architectures (its rules are skipped there).
	Syscall string
	Missing []string
}

func (w Warning) String() string {
	if w.Pos == "" {
		return w.Msg
	}
	return w.Pos + ": " + w.Msg
}
