package ir

import (
	"fmt"
	"math/bits"
)

// Op is the kind of an [Expr] node.
type Op uint8

// The expression ops. The zero Op is invalid.
const (
	OpTrue  Op = 1 + iota // always true
	OpFalse               // always false
	OpCmp                 // Arg Cmp Val (with Mask for the masked forms), see Cmp
	OpNot                 // not Sub[0]
	OpAnd                 // all of Sub (at least two after Simplify)
	OpOr                  // any of Sub (at least two after Simplify)
)

var opNames = [...]string{
	OpTrue:  "true",
	OpFalse: "false",
	OpCmp:   "cmp",
	OpNot:   "not",
	OpAnd:   "and",
	OpOr:    "or",
}

func (op Op) String() string {
	if int(op) < len(opNames) && opNames[op] != "" {
		return opNames[op]
	}
	return fmt.Sprintf("Op(%d)", uint8(op))
}

// Cmp is the comparison of an [OpCmp] node. All comparisons are unsigned.
type Cmp uint8

// The comparisons. The zero Cmp is invalid.
const (
	CmpEq       Cmp = 1 + iota // a == v
	CmpNe                      // a != v
	CmpLt                      // a < v
	CmpLe                      // a <= v
	CmpGt                      // a > v
	CmpGe                      // a >= v
	CmpMaskedEq                // (a & m) == v
	CmpMaskedNe                // (a & m) != v
)

var cmpNames = [...]string{
	CmpEq:       "==",
	CmpNe:       "!=",
	CmpLt:       "<",
	CmpLe:       "<=",
	CmpGt:       ">",
	CmpGe:       ">=",
	CmpMaskedEq: "&==",
	CmpMaskedNe: "&!=",
}

func (c Cmp) String() string {
	if int(c) < len(cmpNames) && cmpNames[c] != "" {
		return cmpNames[c]
	}
	return fmt.Sprintf("Cmp(%d)", uint8(c))
}

// Negate returns the comparison that holds exactly when c does not.
func (c Cmp) Negate() Cmp {
	switch c {
	case CmpEq:
		return CmpNe
	case CmpNe:
		return CmpEq
	case CmpLt:
		return CmpGe
	case CmpGe:
		return CmpLt
	case CmpLe:
		return CmpGt
	case CmpGt:
		return CmpLe
	case CmpMaskedEq:
		return CmpMaskedNe
	case CmpMaskedNe:
		return CmpMaskedEq
	}
	return c
}

// Masked reports whether c is one of the masked comparisons.
func (c Cmp) Masked() bool { return c == CmpMaskedEq || c == CmpMaskedNe }

// MaxArgs is the number of syscall arguments seccomp can inspect.
const MaxArgs = 6

// Expr is a boolean condition on the six 64-bit syscall arguments.
// It is one node type switched on Op, in the style of regexp/syntax.
//
// Expressions are immutable once built: passes return new trees that may
// share structure with their input.
type Expr struct {
	Op    Op      // operator
	Cmp   Cmp     // OpCmp: the comparison
	Arg   uint8   // OpCmp: argument index, 0 to 5
	Low32 bool    // OpCmp: compare only the low 32 bits of the argument (Mask and Val must fit in 32 bits)
	Mask  uint64  // OpCmp with CmpMaskedEq/CmpMaskedNe: the mask
	Val   uint64  // OpCmp: the value compared with
	Sub   []*Expr // OpNot: one operand; OpAnd, OpOr: the operands
}

var (
	trueExpr  = &Expr{Op: OpTrue}
	falseExpr = &Expr{Op: OpFalse}
)

// True returns the expression that always holds.
func True() *Expr { return trueExpr }

// False returns the expression that never holds.
func False() *Expr { return falseExpr }

// Compare returns the comparison Arg(arg) c val. For the masked
// comparisons use [Masked].
func Compare(arg int, c Cmp, val uint64) *Expr {
	return &Expr{Op: OpCmp, Cmp: c, Arg: uint8(arg), Val: val}
}

// Masked returns (Arg(arg) & mask) == val, or != val when eq is false.
func Masked(arg int, mask, val uint64, eq bool) *Expr {
	c := CmpMaskedEq
	if !eq {
		c = CmpMaskedNe
	}
	return &Expr{Op: OpCmp, Cmp: c, Arg: uint8(arg), Mask: mask, Val: val}
}

// Not returns the negation of x.
func Not(x *Expr) *Expr { return &Expr{Op: OpNot, Sub: []*Expr{x}} }

// And returns the conjunction of xs; And() is true.
func And(xs ...*Expr) *Expr {
	switch len(xs) {
	case 0:
		return trueExpr
	case 1:
		return xs[0]
	}
	return &Expr{Op: OpAnd, Sub: append([]*Expr(nil), xs...)}
}

// Or returns the disjunction of xs; Or() is false.
func Or(xs ...*Expr) *Expr {
	switch len(xs) {
	case 0:
		return falseExpr
	case 1:
		return xs[0]
	}
	return &Expr{Op: OpOr, Sub: append([]*Expr(nil), xs...)}
}

// Holds reports whether x is true for the argument vector args.
// It is the reference semantics of expressions. x must be valid
// (see [Expr.Validate]); an invalid node (nil, too few operands) counts
// as false. A nil args is all zeros.
func (x *Expr) Holds(args *[MaxArgs]uint64) bool {
	if x == nil {
		return false
	}
	switch x.Op {
	case OpTrue:
		return true
	case OpFalse:
		return false
	case OpNot:
		if len(x.Sub) != 1 {
			return false
		}
		return !x.Sub[0].Holds(args)
	case OpAnd:
		for _, s := range x.Sub {
			if !s.Holds(args) {
				return false
			}
		}
		return true
	case OpOr:
		for _, s := range x.Sub {
			if s.Holds(args) {
				return true
			}
		}
		return false
	case OpCmp:
		if int(x.Arg) >= MaxArgs {
			return false
		}
		if args == nil {
			return x.cmpHolds(0)
		}
		return x.cmpHolds(args[x.Arg])
	}
	return false
}

// cmpHolds evaluates an OpCmp node on the argument value a.
func (x *Expr) cmpHolds(a uint64) bool {
	v, m := x.Val, x.Mask
	if x.Low32 {
		a, v, m = a&0xffffffff, v&0xffffffff, m&0xffffffff
	}
	switch x.Cmp {
	case CmpEq:
		return a == v
	case CmpNe:
		return a != v
	case CmpLt:
		return a < v
	case CmpLe:
		return a <= v
	case CmpGt:
		return a > v
	case CmpGe:
		return a >= v
	case CmpMaskedEq:
		return a&m == v
	case CmpMaskedNe:
		return a&m != v
	}
	return false
}

// Equal reports whether x and y are structurally identical.
func (x *Expr) Equal(y *Expr) bool {
	if x == y {
		return true
	}
	if x == nil || y == nil || x.Op != y.Op {
		return false
	}
	switch x.Op {
	case OpTrue, OpFalse:
		return true
	case OpCmp:
		return x.Cmp == y.Cmp && x.Arg == y.Arg && x.Low32 == y.Low32 &&
			x.Val == y.Val && (!x.Cmp.Masked() || x.Mask == y.Mask)
	}
	if len(x.Sub) != len(y.Sub) {
		return false
	}
	for i := range x.Sub {
		if !x.Sub[i].Equal(y.Sub[i]) {
			return false
		}
	}
	return true
}

// maxDepth bounds the nesting of expressions, so that recursive passes
// cannot exhaust the stack on hostile input.
const maxDepth = 1000

// Validate checks that x is well formed: known ops, argument indices
// below [MaxArgs], operand counts, and 32-bit comparisons whose mask and
// value fit in 32 bits. Masked values with bits outside the mask are
// legal (they make the comparison constant); lint reports them.
func (x *Expr) Validate() error { return x.validate(0) }

func (x *Expr) validate(depth int) error {
	if x == nil {
		return &Error{Code: ErrInvalidExpr, Detail: "nil expression"}
	}
	if depth > maxDepth {
		return &Error{Code: ErrNestingDepth, Detail: fmt.Sprintf("more than %d levels", maxDepth)}
	}
	switch x.Op {
	case OpTrue, OpFalse:
		return nil
	case OpCmp:
		if int(x.Arg) >= MaxArgs {
			return &Error{Code: ErrArgIndex, Detail: fmt.Sprintf("argument index %d (must be 0 to %d)", x.Arg, MaxArgs-1)}
		}
		if x.Cmp < CmpEq || x.Cmp > CmpMaskedNe {
			return &Error{Code: ErrInvalidExpr, Detail: fmt.Sprintf("unknown comparison %d", x.Cmp)}
		}
		if x.Low32 && (x.Val>>32 != 0 || (x.Cmp.Masked() && x.Mask>>32 != 0)) {
			return &Error{Code: ErrValueRange, Detail: fmt.Sprintf("arg%d: 32-bit comparison with value %#x mask %#x wider than 32 bits", x.Arg, x.Val, x.Mask)}
		}
		return nil
	case OpNot:
		if len(x.Sub) != 1 {
			return &Error{Code: ErrInvalidExpr, Detail: fmt.Sprintf("not with %d operands", len(x.Sub))}
		}
	case OpAnd, OpOr:
	default:
		return &Error{Code: ErrInvalidExpr, Detail: fmt.Sprintf("unknown op %d", x.Op)}
	}
	for _, s := range x.Sub {
		if err := s.validate(depth + 1); err != nil {
			return err
		}
	}
	return nil
}

// constants returns the distinct constants that x compares arguments
// with, per argument: values and masks. Tests build boundary inputs from
// them (v-1, v, v+1 and their 32-bit halves).
func (x *Expr) constants() [MaxArgs][]uint64 {
	var out [MaxArgs][]uint64
	seen := map[[2]uint64]bool{}
	add := func(arg uint8, v uint64) {
		k := [2]uint64{uint64(arg), v}
		if !seen[k] {
			seen[k] = true
			out[arg] = append(out[arg], v)
		}
	}
	var walk func(*Expr)
	walk = func(e *Expr) {
		if e == nil {
			return
		}
		if e.Op == OpCmp && int(e.Arg) < MaxArgs {
			add(e.Arg, e.Val)
			if e.Cmp.Masked() {
				add(e.Arg, e.Mask)
				// The smallest value with exactly the masked bits equal to Val.
				add(e.Arg, e.Val&e.Mask)
				if e.Mask != 0 {
					add(e.Arg, e.Val|^e.Mask)
					add(e.Arg, e.Val^(1<<bits.TrailingZeros64(e.Mask)))
				}
			}
		}
		for _, s := range e.Sub {
			walk(s)
		}
	}
	walk(x)
	return out
}
