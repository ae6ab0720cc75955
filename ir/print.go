package ir

import (
	"strconv"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
)

// formatValue prints v as the policy language writes numbers: decimal up
// to 255, hexadecimal above.
func formatValue(v uint64) string {
	if v <= 0xff {
		return strconv.FormatUint(v, 10)
	}
	return "0x" + strconv.FormatUint(v, 16)
}

// String returns x in the expression syntax of the policy language (see
// [ParseExpr]). For a valid x, ParseExpr(x.String()) is Equal to x,
// except that OpAnd and OpOr nodes with fewer than two operands print as
// their value. Nodes nested deeper than the expression limit print as
// "<too deep>".
func (x *Expr) String() string {
	var b strings.Builder
	writeExpr(&b, x, 0)
	return b.String()
}

// collapse returns what a node prints as: an OpAnd or OpOr with fewer
// than two operands is its constant or its only operand.
func collapse(x *Expr) *Expr {
	for i := 0; i <= maxDepth && x != nil && (x.Op == OpAnd || x.Op == OpOr) && len(x.Sub) < 2; i++ {
		if len(x.Sub) == 1 {
			x = x.Sub[0]
		} else if x.Op == OpAnd {
			x = trueExpr
		} else {
			x = falseExpr
		}
	}
	return x
}

// isSet reports whether x prints as a set "aN in {...}": an OpOr of at
// least two items on one operand, each an equality test or a range
// (an OpAnd of exactly ">= lo" and "<= hi" with lo <= hi). Such an OpOr
// is exactly what the parser makes of the set.
func isSet(x *Expr) bool {
	if x == nil || x.Op != OpOr || len(x.Sub) < 2 {
		return false
	}
	first := setOperand(x.Sub[0])
	if first == nil {
		return false
	}
	for _, s := range x.Sub[1:] {
		o := setOperand(s)
		if o == nil || o.Arg != first.Arg || o.Low32 != first.Low32 {
			return false
		}
	}
	return true
}

// setOperand returns the comparison naming the operand of the set item
// x, or nil when x is not a set item.
func setOperand(x *Expr) *Expr {
	if x == nil {
		return nil
	}
	switch x.Op {
	case OpCmp:
		if x.Cmp == CmpEq && validCmp(x) {
			return x
		}
	case OpAnd:
		if len(x.Sub) != 2 {
			return nil
		}
		lo, hi := x.Sub[0], x.Sub[1]
		if lo == nil || hi == nil || lo.Op != OpCmp || hi.Op != OpCmp ||
			lo.Cmp != CmpGe || hi.Cmp != CmpLe || !validCmp(lo) || !validCmp(hi) ||
			lo.Arg != hi.Arg || lo.Low32 != hi.Low32 || lo.Val > hi.Val {
			return nil
		}
		return lo
	}
	return nil
}

// validCmp reports whether the operand and value of the comparison x
// can be written so that they parse back.
func validCmp(x *Expr) bool {
	return int(x.Arg) < MaxArgs && (!x.Low32 || x.Val>>32 == 0)
}

func writeOperand(b *strings.Builder, x *Expr) {
	if x.Low32 {
		b.WriteString("lo32(a")
		b.WriteString(strconv.Itoa(int(x.Arg)))
		b.WriteString(")")
		return
	}
	b.WriteString("a")
	b.WriteString(strconv.Itoa(int(x.Arg)))
}

func writeSet(b *strings.Builder, x *Expr, not bool) {
	writeOperand(b, setOperand(x.Sub[0]))
	if not {
		b.WriteString(" not")
	}
	b.WriteString(" in {")
	for i, s := range x.Sub {
		if i > 0 {
			b.WriteString(", ")
		}
		if s.Op == OpCmp {
			b.WriteString(formatValue(s.Val))
			continue
		}
		b.WriteString(formatValue(s.Sub[0].Val))
		b.WriteString("..")
		b.WriteString(formatValue(s.Sub[1].Val))
	}
	b.WriteString("}")
}

func writeCmp(b *strings.Builder, x *Expr) {
	if x.Cmp.Masked() {
		b.WriteString("(")
		writeOperand(b, x)
		b.WriteString(" & ")
		b.WriteString(formatValue(x.Mask))
		b.WriteString(")")
		if x.Cmp == CmpMaskedEq {
			b.WriteString(" == ")
		} else {
			b.WriteString(" != ")
		}
	} else {
		writeOperand(b, x)
		b.WriteString(" ")
		b.WriteString(x.Cmp.String())
		b.WriteString(" ")
	}
	b.WriteString(formatValue(x.Val))
}

// writeExpr prints x. Operands of && and || that are themselves && or
// || (other than sets) get parentheses, so that the parser rebuilds the
// same tree instead of flattening it; an && inside || gets them too,
// for the reader's sake.
func writeExpr(b *strings.Builder, x *Expr, depth int) {
	x = collapse(x)
	if x == nil {
		b.WriteString("<nil>")
		return
	}
	if depth > maxDepth {
		b.WriteString("<too deep>")
		return
	}
	switch x.Op {
	case OpTrue:
		b.WriteString("true")
	case OpFalse:
		b.WriteString("false")
	case OpCmp:
		writeCmp(b, x)
	case OpNot:
		if len(x.Sub) != 1 {
			b.WriteString("<not with " + strconv.Itoa(len(x.Sub)) + " operands>")
			return
		}
		s := collapse(x.Sub[0])
		switch {
		case isSet(s):
			writeSet(b, s, true)
		case s != nil && (s.Op == OpTrue || s.Op == OpFalse || s.Op == OpNot):
			b.WriteString("!")
			writeExpr(b, s, depth+1)
		default:
			b.WriteString("!(")
			writeExpr(b, s, depth+1)
			b.WriteString(")")
		}
	case OpAnd, OpOr:
		if x.Op == OpOr && isSet(x) {
			writeSet(b, x, false)
			return
		}
		sep := " && "
		if x.Op == OpOr {
			sep = " || "
		}
		for i, s := range x.Sub {
			if i > 0 {
				b.WriteString(sep)
			}
			s = collapse(s)
			if s != nil && (s.Op == OpAnd || s.Op == OpOr && !isSet(s)) {
				b.WriteString("(")
				writeExpr(b, s, depth+1)
				b.WriteString(")")
			} else {
				writeExpr(b, s, depth+1)
			}
		}
	default:
		b.WriteString("<" + x.Op.String() + ">")
	}
}

// String returns the rule as one line of the policy language:
// "allow read", "errno(1) socket if a0 == 40", "kill_process 400". A
// syscall name the language cannot hold (a profile may name anything)
// is shown Go-quoted and cut, as quote.Value does, so that the line
// stays one line of bounded size.
func (r *Rule) String() string {
	if r == nil {
		r = &Rule{}
	}
	var b strings.Builder
	b.WriteString(r.Action.String())
	b.WriteString(" ")
	switch {
	case r.Syscall != "" && isSyscallName(r.Syscall) && r.Syscall != "if":
		b.WriteString(r.Syscall)
	case r.Syscall != "":
		b.WriteString(quote.Value(r.Syscall))
	default:
		b.WriteString(strconv.FormatUint(uint64(r.Nr), 10))
	}
	if r.Cond != nil {
		b.WriteString(" if ")
		writeExpr(&b, r.Cond, 0)
	}
	return b.String()
}

// String returns the policy in the policy language, one directive or
// rule per line, directives first in a fixed order (default, badarch,
// arch, baseline, flag, listener) and then the rules in order. Parts at
// their zero value are left out (the baseline when it is auto). For a
// valid policy, [Parse] of the result gives back an equal policy, the
// rules' Pos and the Source aside.
func (p *Policy) String() string {
	if p == nil {
		p = &Policy{}
	}
	var b strings.Builder
	b.WriteString("default ")
	b.WriteString(p.Default.String())
	b.WriteString("\n")
	if p.BadArch.Kind != 0 {
		b.WriteString("badarch ")
		b.WriteString(p.BadArch.String())
		b.WriteString("\n")
	}
	if len(p.Arches) > 0 {
		b.WriteString("arch")
		for _, a := range p.Arches {
			b.WriteString(" ")
			b.WriteString(a)
		}
		b.WriteString("\n")
	}
	if p.Baseline.Mode != BaselineAuto {
		b.WriteString("baseline ")
		b.WriteString(p.Baseline.String())
		b.WriteString("\n")
	}
	if p.Flags != 0 {
		b.WriteString("flag")
		for _, f := range p.Flags.ShortNames() {
			b.WriteString(" ")
			b.WriteString(f)
		}
		b.WriteString("\n")
	}
	if p.ListenerPath != "" || p.ListenerMetadata != "" {
		b.WriteString("listener ")
		b.WriteString(strconv.Quote(p.ListenerPath))
		if p.ListenerMetadata != "" {
			b.WriteString(" ")
			b.WriteString(strconv.Quote(p.ListenerMetadata))
		}
		b.WriteString("\n")
	}
	for i := range p.Rules {
		b.WriteString(p.Rules[i].String())
		b.WriteString("\n")
	}
	return b.String()
}
