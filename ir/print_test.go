package ir

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/internal/testdiff"
)

func cmpEq(arg int, v uint64) *Expr { return Compare(arg, CmpEq, v) }

func withLow32(x *Expr) *Expr {
	y := *x
	y.Low32 = true
	return &y
}

func rangeExpr(arg int, lo, hi uint64) *Expr {
	return And(Compare(arg, CmpGe, lo), Compare(arg, CmpLe, hi))
}

func TestExprString(t *testing.T) {
	tests := []struct {
		x    *Expr
		want string
	}{
		{True(), "true"},
		{False(), "false"},
		{cmpEq(0, 255), "a0 == 255"},
		{cmpEq(0, 256), "a0 == 0x100"},
		{Compare(5, CmpNe, 1<<64-1), "a5 != 0xffffffffffffffff"},
		{Compare(1, CmpLt, 2), "a1 < 2"},
		{Compare(1, CmpLe, 2), "a1 <= 2"},
		{Compare(1, CmpGt, 2), "a1 > 2"},
		{Compare(1, CmpGe, 2), "a1 >= 2"},
		{Masked(0, 0x7e020000, 0, true), "(a0 & 0x7e020000) == 0"},
		{withLow32(Masked(1, 0xff, 3, false)), "(lo32(a1) & 255) != 3"},
		{withLow32(cmpEq(1, 0x5401)), "lo32(a1) == 0x5401"},
		{And(cmpEq(0, 1), cmpEq(1, 2), cmpEq(2, 3)), "a0 == 1 && a1 == 2 && a2 == 3"},
		{And(cmpEq(0, 1), And(cmpEq(1, 2), cmpEq(2, 3))), "a0 == 1 && (a1 == 2 && a2 == 3)"},
		{Or(And(cmpEq(0, 1), cmpEq(1, 2)), cmpEq(2, 3)), "(a0 == 1 && a1 == 2) || a2 == 3"},
		{And(Or(cmpEq(0, 1), cmpEq(1, 2)), cmpEq(2, 3)), "(a0 == 1 || a1 == 2) && a2 == 3"},
		{Or(Or(cmpEq(0, 1), cmpEq(1, 2)), cmpEq(2, 3)), "(a0 == 1 || a1 == 2) || a2 == 3"},
		{Or(cmpEq(0, 1), cmpEq(0, 2)), "a0 in {1, 2}"},
		{Or(cmpEq(0, 1), cmpEq(1, 2)), "a0 == 1 || a1 == 2"},
		{Or(cmpEq(0, 1), withLow32(cmpEq(0, 2))), "a0 == 1 || lo32(a0) == 2"},
		{Or(withLow32(cmpEq(3, 1)), withLow32(cmpEq(3, 0x300))), "lo32(a3) in {1, 0x300}"},
		{Or(cmpEq(2, 9), rangeExpr(2, 0, 7)), "a2 in {9, 0..7}"},
		{Or(rangeExpr(2, 7, 0), cmpEq(2, 1)), "(a2 >= 7 && a2 <= 0) || a2 == 1"},
		{Or(And(Compare(2, CmpLe, 7), Compare(2, CmpGe, 0)), cmpEq(2, 9)), "(a2 <= 7 && a2 >= 0) || a2 == 9"},
		{Or(cmpEq(0, 0), Or(cmpEq(0, 8), cmpEq(0, 0x20000))), "a0 == 0 || a0 in {8, 0x20000}"},
		{And(Or(cmpEq(0, 8), cmpEq(0, 9)), cmpEq(1, 1)), "a0 in {8, 9} && a1 == 1"},
		{rangeExpr(2, 3, 4), "a2 >= 3 && a2 <= 4"},
		{Not(Or(cmpEq(0, 1), cmpEq(0, 2))), "a0 not in {1, 2}"},
		{Not(Not(Or(cmpEq(0, 1), cmpEq(0, 2)))), "!a0 not in {1, 2}"},
		{Not(cmpEq(0, 1)), "!(a0 == 1)"},
		{Not(True()), "!true"},
		{Not(Not(cmpEq(0, 1))), "!!(a0 == 1)"},
		{Not(And(cmpEq(0, 1), cmpEq(1, 2))), "!(a0 == 1 && a1 == 2)"},
		{Or(Not(cmpEq(0, 1)), False()), "!(a0 == 1) || false"},
		// Not round-trippable shapes print as their value.
		{&Expr{Op: OpAnd}, "true"},
		{&Expr{Op: OpOr}, "false"},
		{&Expr{Op: OpOr, Sub: []*Expr{And(cmpEq(0, 1), cmpEq(1, 1))}}, "a0 == 1 && a1 == 1"},
		{And(cmpEq(0, 1), &Expr{Op: OpAnd, Sub: []*Expr{Or(cmpEq(1, 1), cmpEq(2, 1))}}), "a0 == 1 && (a1 == 1 || a2 == 1)"},
		// Invalid nodes print something recognisable.
		{nil, "<nil>"},
		{&Expr{}, "<Op(0)>"},
		{&Expr{Op: OpNot}, "<not with 0 operands>"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.x.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExprStringRoundTrip(t *testing.T) {
	// Every valid shape above except the collapsed ones parses back
	// Equal; the random test covers the rest.
	for _, x := range []*Expr{
		Or(cmpEq(2, 9), rangeExpr(2, 0, 7)),
		Or(rangeExpr(2, 7, 0), cmpEq(2, 1)),
		Not(Not(Or(cmpEq(0, 1), cmpEq(0, 2)))),
		Or(cmpEq(0, 0), Or(cmpEq(0, 8), cmpEq(0, 0x20000))),
		withLow32(Masked(1, 0xffffffff, 3, false)),
	} {
		checkPrintRoundTrip(t, x)
	}
}

func checkPrintRoundTrip(t *testing.T, x *Expr) {
	t.Helper()
	s := x.String()
	y, err := ParseExpr(s)
	if err != nil {
		t.Fatalf("ParseExpr(%q): %v\ntree: %s", s, err, parseDump(x))
	}
	if !x.Equal(y) {
		t.Fatalf("round trip of %q:\n got %s\nwant %s", s, parseDump(y), parseDump(x))
	}
	if s2 := y.String(); s2 != s {
		t.Fatalf("String not a fixpoint: %q then %q", s, s2)
	}
}

// randPrintable builds a random valid expression whose And and Or nodes have
// at least two operands, with a bias towards the shapes the printer
// treats specially (sets, ranges, nesting of one junction in the same).
func randPrintable(r *rand.Rand, depth int) *Expr {
	value := func(low32 bool) uint64 {
		var v uint64
		switch r.IntN(4) {
		case 0:
			v = uint64(r.IntN(300))
		case 1:
			v = 1<<64 - 1 - uint64(r.IntN(3))
		default:
			v = r.Uint64() >> r.IntN(64)
		}
		if low32 {
			v &= 0xffffffff
		}
		return v
	}
	leafCmp := func(arg int, low32 bool) *Expr {
		c := Cmp(1 + r.IntN(int(CmpMaskedNe)))
		x := &Expr{Op: OpCmp, Cmp: c, Arg: uint8(arg), Low32: low32, Val: value(low32)}
		if c.Masked() {
			x.Mask = value(low32)
		}
		return x
	}
	n := 4
	if depth <= 0 {
		n = 1
	}
	switch k := r.IntN(n + 3); {
	case k == 0 && n > 1:
		return Not(randPrintable(r, depth-1))
	case (k == 1 || k == 2) && n > 1:
		subs := make([]*Expr, 2+r.IntN(3))
		for i := range subs {
			subs[i] = randPrintable(r, depth-1)
		}
		if k == 1 {
			return And(subs...)
		}
		return Or(subs...)
	case k == 3 && n > 1:
		// A set, sometimes with a range item or a stray item that spoils it.
		arg, low32 := r.IntN(MaxArgs), r.IntN(2) == 0
		subs := make([]*Expr, 2+r.IntN(3))
		for i := range subs {
			switch r.IntN(3) {
			case 0:
				lo, hi := value(low32), value(low32)
				if r.IntN(4) != 0 && lo > hi {
					lo, hi = hi, lo
				}
				subs[i] = And(setLow32(Compare(arg, CmpGe, lo), low32), setLow32(Compare(arg, CmpLe, hi), low32))
			case 1:
				if r.IntN(4) == 0 {
					subs[i] = leafCmp(r.IntN(MaxArgs), r.IntN(2) == 0)
					continue
				}
				fallthrough
			default:
				subs[i] = setLow32(Compare(arg, CmpEq, value(low32)), low32)
			}
		}
		x := Or(subs...)
		if r.IntN(3) == 0 {
			x = Not(x)
		}
		return x
	case k == n:
		if r.IntN(2) == 0 {
			return True()
		}
		return False()
	}
	return leafCmp(r.IntN(MaxArgs), r.IntN(3) == 0)
}

func setLow32(x *Expr, low32 bool) *Expr {
	x.Low32 = low32
	return x
}

func TestRandomExprRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sets := 0
	for i := 0; i < 3000; i++ {
		x := randPrintable(r, 1+i%5)
		if err := x.Validate(); err != nil {
			t.Fatalf("generator made an invalid expression %s: %v", parseDump(x), err)
		}
		if strings.Contains(x.String(), " in {") {
			sets++
		}
		checkPrintRoundTrip(t, x)
	}
	if sets < 100 {
		t.Errorf("only %d of the random expressions printed a set", sets)
	}
}

func TestRuleString(t *testing.T) {
	tests := []struct {
		r    Rule
		want string
	}{
		{Rule{Syscall: "read", Action: Allow}, "allow read"},
		{Rule{Nr: 400, Action: KillProcess}, "kill_process 400"},
		{Rule{Syscall: "socket", Action: Errno(1), Cond: cmpEq(0, 40)}, "errno(1) socket if a0 == 40"},
		{Rule{Syscall: "ptrace", Action: Trace(7), Cond: True()}, "trace(7) ptrace if true"},
		{Rule{Nr: 0, Action: Log}, "log 0"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestPolicyString(t *testing.T) {
	v, err := ParseBaseline("6.1")
	if err != nil {
		t.Fatal(err)
	}
	p := &Policy{
		Default:          Errno(1),
		BadArch:          Trap,
		Arches:           []string{"x86_64", "x32"},
		Baseline:         v,
		Flags:            FlagTSYNC | FlagWaitKillableRecv,
		ListenerPath:     "/run/a \"b\".sock",
		ListenerMetadata: "m",
		Rules: []Rule{
			{Syscall: "read", Action: Allow},
			{Syscall: "personality", Action: Allow, Cond: Or(cmpEq(0, 0), cmpEq(0, 8))},
			{Nr: 400, Action: KillProcess},
		},
	}
	want := `default errno(1)
badarch trap
arch x86_64 x32
baseline 6.1
flag tsync wait_killable_recv
listener "/run/a \"b\".sock" "m"
allow read
allow personality if a0 in {0, 8}
kill_process 400
`
	got := p.String()
	if diff := testdiff.Diff(want, got); diff != "" {
		t.Errorf("String mismatch (-want +got):\n%s", diff)
	}
	q, err := Parse([]byte(got), "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := testdiff.Diff(withoutPlaces(p), withoutPlaces(q)); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}

	// The zero parts are left out; baseline none is kept.
	min := &Policy{Default: Allow, Baseline: Baseline{Mode: BaselineNone}}
	if got, want := min.String(), "default allow\nbaseline none\n"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
