package emit

// ErrorCode says what kind of problem an [Error] reports.
type ErrorCode string

// The error codes.
const (
	ErrTooLong     ErrorCode = "program too long"    // more than MaxInstructions
	ErrInvalidNode ErrorCode = "invalid node"        // a handle that names no node of the Builder
	ErrInvalidInsn ErrorCode = "invalid instruction" // an opcode or operand seccomp rejects
)

// Error is a problem found while building or assembling a program.
type Error struct {
	Code   ErrorCode
	Detail string // what, with the offending value: "5000 instructions, max 4096"
	Len    int    // ErrTooLong: the length the program would have had
}

func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	s := "emit: " + string(e.Code)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}
