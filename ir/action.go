package ir

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
)

// ActionKind is the kind of an [Action]. The zero value is invalid.
type ActionKind uint8

// The actions, in the kernel's order of precedence: when a filter stack
// produces several verdicts the kernel keeps the first in this list.
const (
	ActKillProcess ActionKind = 1 + iota // SECCOMP_RET_KILL_PROCESS
	ActKillThread                        // SECCOMP_RET_KILL_THREAD (OCI SCMP_ACT_KILL)
	ActTrap                              // SECCOMP_RET_TRAP
	ActErrno                             // SECCOMP_RET_ERRNO with Data as errno
	ActNotify                            // SECCOMP_RET_USER_NOTIF
	ActTrace                             // SECCOMP_RET_TRACE with Data as the tracer's message
	ActLog                               // SECCOMP_RET_LOG
	ActAllow                             // SECCOMP_RET_ALLOW
)

// Return values of the seccomp actions (include/uapi/linux/seccomp.h).
const (
	RetKillProcess uint32 = bpfop.RetKillProcess // 0x80000000
	RetKillThread  uint32 = bpfop.RetKillThread  // 0x00000000
	RetTrap        uint32 = bpfop.RetTrap        // 0x00030000
	RetErrno       uint32 = bpfop.RetErrno       // 0x00050000
	RetUserNotif   uint32 = bpfop.RetUserNotif   // 0x7fc00000
	RetTrace       uint32 = bpfop.RetTrace       // 0x7ff00000
	RetLog         uint32 = bpfop.RetLog         // 0x7ffc0000
	RetAllow       uint32 = bpfop.RetAllow       // 0x7fff0000

	RetActionFull uint32 = bpfop.RetActionFull // SECCOMP_RET_ACTION_FULL, 0xffff0000
	RetData       uint32 = bpfop.RetData       // SECCOMP_RET_DATA, 0x0000ffff
)

// MaxErrno is the largest errno an ERRNO action may carry (the kernel's
// MAX_ERRNO); larger values would not be recognised as errors by libc.
const MaxErrno = 4095

// Errno values the compiler itself uses.
const (
	EPERM  = 1
	ENOSYS = 38
)

var actionNames = [...]string{
	ActKillProcess: "kill_process",
	ActKillThread:  "kill_thread",
	ActTrap:        "trap",
	ActErrno:       "errno",
	ActNotify:      "notify",
	ActTrace:       "trace",
	ActLog:         "log",
	ActAllow:       "allow",
}

var actionRets = [...]uint32{
	ActKillProcess: RetKillProcess,
	ActKillThread:  RetKillThread,
	ActTrap:        RetTrap,
	ActErrno:       RetErrno,
	ActNotify:      RetUserNotif,
	ActTrace:       RetTrace,
	ActLog:         RetLog,
	ActAllow:       RetAllow,
}

func (k ActionKind) String() string {
	if int(k) < len(actionNames) && actionNames[k] != "" {
		return actionNames[k]
	}
	return fmt.Sprintf("ActionKind(%d)", uint8(k))
}

// HasData reports whether actions of kind k carry a data value.
func (k ActionKind) HasData() bool { return k == ActErrno || k == ActTrace }

// Action is a seccomp verdict: a kind and, for ERRNO and TRACE, its data.
type Action struct {
	Kind ActionKind
	Data uint16 // ActErrno: the errno (at most MaxErrno); ActTrace: the message
}

// Common actions.
var (
	Allow       = Action{Kind: ActAllow}
	KillThread  = Action{Kind: ActKillThread}
	KillProcess = Action{Kind: ActKillProcess}
	Log         = Action{Kind: ActLog}
	Trap        = Action{Kind: ActTrap}
	Notify      = Action{Kind: ActNotify}
)

// Errno returns ERRNO(n).
func Errno(n uint16) Action { return Action{Kind: ActErrno, Data: n} }

// Trace returns TRACE(n).
func Trace(n uint16) Action { return Action{Kind: ActTrace, Data: n} }

// Ret returns the 32-bit value a filter returns for a.
func (a Action) Ret() uint32 {
	if int(a.Kind) >= len(actionRets) || a.Kind == 0 {
		return RetKillProcess
	}
	r := actionRets[a.Kind]
	if a.Kind.HasData() {
		r |= uint32(a.Data)
	}
	return r
}

// ActionFromRet decodes a filter's return value. The kernel treats
// unknown action values as KILL_PROCESS; so does ActionFromRet, and ok
// reports whether the value was a known action with data only where the
// action has data.
func ActionFromRet(ret uint32) (a Action, ok bool) {
	act, data := ret&RetActionFull, uint16(ret&RetData)
	for k := ActKillProcess; k <= ActAllow; k++ {
		if actionRets[k] != act {
			continue
		}
		if k.HasData() {
			return Action{Kind: k, Data: data}, true
		}
		return Action{Kind: k}, data == 0
	}
	return KillProcess, false
}

// Precedence orders actions as the kernel does for stacked filters:
// the smaller value wins. It is the signed value of the action bits.
func (a Action) Precedence() int32 { return int32(a.Ret() & RetActionFull) }

// MoreRestrictive reports whether the kernel would prefer a over b
// (strictly).
func (a Action) MoreRestrictive(b Action) bool { return a.Precedence() < b.Precedence() }

// Validate checks the kind and the data range.
func (a Action) Validate() error {
	if a.Kind < ActKillProcess || a.Kind > ActAllow {
		return &Error{Code: ErrAction, Detail: fmt.Sprintf("unknown action kind %d", a.Kind)}
	}
	if a.Kind == ActErrno && a.Data > MaxErrno {
		return &Error{Code: ErrErrno, Detail: fmt.Sprintf("errno %d is above %d", a.Data, MaxErrno)}
	}
	if !a.Kind.HasData() && a.Data != 0 {
		return &Error{Code: ErrAction, Detail: fmt.Sprintf("%s takes no data (got %d)", a.Kind, a.Data)}
	}
	return nil
}

// String returns the action in the policy language: "allow", "errno(1)",
// "trace(7)", "kill_process" and so on.
func (a Action) String() string {
	if a.Kind.HasData() {
		return a.Kind.String() + "(" + strconv.Itoa(int(a.Data)) + ")"
	}
	return a.Kind.String()
}

// ParseAction reads an action in the form [Action.String] prints. ERRNO
// and TRACE take an optional number in parentheses (default 0 for
// TRACE; ERRNO requires it).
func ParseAction(s string) (Action, error) {
	name, arg, hasArg := strings.Cut(s, "(")
	if hasArg {
		if !strings.HasSuffix(arg, ")") {
			return Action{}, &Error{Code: ErrAction, Detail: "unterminated action " + quote.Value(s)}
		}
		arg = strings.TrimSuffix(arg, ")")
	}
	for k := ActKillProcess; k <= ActAllow; k++ {
		if actionNames[k] != name {
			continue
		}
		a := Action{Kind: k}
		switch {
		case hasArg && !k.HasData():
			return Action{}, &Error{Code: ErrAction, Detail: fmt.Sprintf("%s takes no argument: %s", name, quote.Value(s))}
		case !hasArg && k == ActErrno:
			return Action{}, &Error{Code: ErrAction, Detail: "errno needs a value, as errno(1): " + quote.Value(s)}
		case hasArg:
			n, err := strconv.ParseUint(strings.TrimSpace(arg), 0, 16)
			if err != nil {
				// The *strconv.NumError would repeat the input whole: keep
				// its cause (strconv.ErrRange or ErrSyntax) only.
				return Action{}, &Error{Code: ErrAction, Detail: fmt.Sprintf("bad %s value %s", name, quote.Value(arg)), Err: numErrCause(err)}
			}
			a.Data = uint16(n)
		}
		if err := a.Validate(); err != nil {
			return Action{}, err
		}
		return a, nil
	}
	return Action{}, &Error{Code: ErrAction, Detail: "unknown action " + quote.Value(s) + suggest.Hint(s, actionNames[1:])}
}

// numErrCause returns the cause of a *strconv.NumError (ErrRange,
// ErrSyntax), whose own message repeats the input whole, or err.
func numErrCause(err error) error {
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		return ne.Err
	}
	return err
}
