package ir

import "github.com/seccompc/seccompc/tables"

// CondTrace is a condition evaluated for one argument vector: the node,
// whether it held, and the same for its operands.
type CondTrace struct {
	Expr  *Expr
	Holds bool
	Sub   []CondTrace // the operands of OpNot, OpAnd and OpOr
}

// traceCond evaluates every node of x, not only those that decide the
// result, so that an explanation shows every comparison.
func traceCond(x *Expr, args *[MaxArgs]uint64) CondTrace {
	t := CondTrace{Expr: x, Holds: x.Holds(args)}
	for _, s := range x.Sub {
		t.Sub = append(t.Sub, traceCond(s, args))
	}
	return t
}

// EntryTrace is one entry of a syscall's rules evaluated for one input.
type EntryTrace struct {
	Entry           // the entry: rule index, condition as it applies on the architecture, action, multiplexer
	Cond  CondTrace // the condition's evaluation
}

// Explanation is a verdict with everything that led to it: the decision
// of [Resolved.Decide] and, when rules name the syscall, each of their
// entries with the value of every comparison.
type Explanation struct {
	Decision
	Nr      uint32
	Syscall tables.Syscall // the syscall's name and introducing kernel on Arch; zero when the number is unassigned or the arch is bad
	Named   bool           // rules name the syscall (Entries is not empty)
	Entries []EntryTrace   // in rule order; Decision.Entry indexes it when Reason is ReasonRule
}

// Explain returns the verdict for d as [Resolved.Decide] does, with the
// evaluation of every rule entry of the syscall.
func (r *Resolved) Explain(d Data) Explanation {
	x := Explanation{Decision: r.Decide(d), Nr: d.Nr}
	ap := x.Arch
	if ap == nil {
		return x
	}
	if sc, ok := ap.Table.ByNr(d.Nr); ok {
		x.Syscall = sc
	}
	entries, _ := ap.Entries(d.Nr)
	for _, e := range entries {
		x.Named = true
		x.Entries = append(x.Entries, EntryTrace{Entry: e, Cond: traceCond(e.Cond, &d.Args)})
	}
	return x
}
