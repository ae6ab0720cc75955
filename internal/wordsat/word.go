package wordsat

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// Atom is one constraint on a 32-bit word w of struct seccomp_data:
// (w & Mask) lies in the inclusive interval [Lo, Hi], or, when Out is set,
// outside it. An interval with Lo > Hi is empty: such an atom never holds,
// or, with Out, always holds.
//
// Every branch condition of a seccomp filter on a loaded word is an Atom:
// JEQ k is [k, k], JGT k is [k+1, max], JGE k is [k, max], JSET k is
// (w & k) outside [0, 0], an ALU AND K before the jump becomes the Mask,
// and the branch not taken is the same Atom with Out flipped.
type Atom struct {
	Mask   uint32
	Lo, Hi uint32
	Out    bool
}

// Holds reports whether the word value v satisfies a.
func (a Atom) Holds(v uint32) bool {
	m := v & a.Mask
	in := a.Lo <= m && m <= a.Hi
	return in != a.Out
}

// Not returns the atom that holds exactly when a does not.
func (a Atom) Not() Atom {
	a.Out = !a.Out
	return a
}

func (a Atom) String() string {
	var b strings.Builder
	b.WriteString("w")
	if a.Mask != math.MaxUint32 {
		fmt.Fprintf(&b, "&%#x", a.Mask)
	}
	switch {
	case a.Lo > a.Hi:
		if a.Out {
			return "true"
		}
		return "false"
	case a.Lo == a.Hi && a.Out:
		fmt.Fprintf(&b, " != %#x", a.Lo)
	case a.Lo == a.Hi:
		fmt.Fprintf(&b, " == %#x", a.Lo)
	case a.Out:
		fmt.Fprintf(&b, " not in [%#x, %#x]", a.Lo, a.Hi)
	case a.Hi == math.MaxUint32:
		fmt.Fprintf(&b, " >= %#x", a.Lo)
	case a.Lo == 0:
		fmt.Fprintf(&b, " <= %#x", a.Hi)
	default:
		fmt.Fprintf(&b, " in [%#x, %#x]", a.Lo, a.Hi)
	}
	return b.String()
}

// Atom constructors on the whole word (mask all ones) or a masked word.
// The relations are unsigned.

// Eq is (w & mask) == v.
func Eq(mask, v uint32) Atom { return Atom{Mask: mask, Lo: v, Hi: v} }

// Ne is (w & mask) != v.
func Ne(mask, v uint32) Atom { return Atom{Mask: mask, Lo: v, Hi: v, Out: true} }

// Gt is (w & mask) > v.
func Gt(mask, v uint32) Atom {
	if v == math.MaxUint32 {
		return Atom{Mask: mask, Lo: 1, Hi: 0}
	}
	return Atom{Mask: mask, Lo: v + 1, Hi: math.MaxUint32}
}

// Ge is (w & mask) >= v.
func Ge(mask, v uint32) Atom { return Atom{Mask: mask, Lo: v, Hi: math.MaxUint32} }

// Lt is (w & mask) < v.
func Lt(mask, v uint32) Atom { return Ge(mask, v).Not() }

// Le is (w & mask) <= v.
func Le(mask, v uint32) Atom { return Gt(mask, v).Not() }

// In is lo <= w <= hi.
func In(lo, hi uint32) Atom { return Atom{Mask: math.MaxUint32, Lo: lo, Hi: hi} }

// Word is a conjunction of [Atom]s on one 32-bit word.
type Word []Atom

// Holds reports whether v satisfies every atom of w.
func (w Word) Holds(v uint32) bool {
	for _, a := range w {
		if !a.Holds(v) {
			return false
		}
	}
	return true
}

// Min returns the smallest value satisfying w, and false when there is
// none. The search is exact: see [Word.Max].
func (w Word) Min() (uint32, bool) { return w.solve(false) }

// Max returns the largest value satisfying w, and false when there is
// none.
//
// The decision procedure chooses the word's bits from the most
// significant down. For each atom it keeps two tightness flags: whether
// the masked prefix chosen so far still equals the prefix of Lo, and of
// Hi. A bit that drops below a tight Lo or rises above a tight Hi settles
// the atom (false for an interval, true for an Out atom); once an
// interval atom is tight on neither bound it holds whatever follows, and
// an Out atom tight on neither lies strictly inside and fails. Bits that
// no unsettled atom masks are set freely. Failed states (the bit position
// and every atom's flags) are memoised, so the search visits each
// distinct state once.
func (w Word) Max() (uint32, bool) { return w.solve(true) }

// Sat reports whether some value satisfies w.
func (w Word) Sat() bool {
	if ok, done := pointSat(w, nil); done {
		return ok
	}
	_, ok := w.solve(false)
	return ok
}

// pointSat decides quickly, without allocating, whether some value
// satisfies w and extra (if not nil) when every atom is a masked
// equality (w & m) == v or inequality (w & m) != v, the atoms of
// JEQ and JSET tests and of masked policy conditions. The equalities
// fix the bits of their masks (or contradict); each inequality that
// agrees with them excludes the values whose other bits of its mask
// take its value, a fraction 2^-k of the rest for k such bits. When
// those fractions sum to less than one, something is left. done is
// false when some atom is a wider interval or the sum does not decide.
func pointSat(w Word, extra *Atom) (ok, done bool) {
	var fixed, val uint32 // the bits the equalities fix, and their values
	each := func(f func(a Atom) bool) bool {
		for _, a := range w {
			if !f(a) {
				return false
			}
		}
		return extra == nil || f(*extra)
	}
	point := true
	contra := false
	each(func(a Atom) bool {
		if a.Lo != a.Hi {
			point = false
			return false
		}
		if a.Out || a.Lo&^a.Mask != 0 {
			return true
		}
		if (a.Lo^val)&a.Mask&fixed != 0 {
			contra = true
			return false
		}
		fixed |= a.Mask
		val |= a.Lo & a.Mask
		return true
	})
	switch {
	case !point:
		return false, false
	case contra:
		return false, true
	}
	// An equality whose value has bits outside its mask never holds.
	for _, a := range w {
		if !a.Out && a.Lo&^a.Mask != 0 {
			return false, true
		}
	}
	if extra != nil && !extra.Out && extra.Lo&^extra.Mask != 0 {
		return false, true
	}
	covered := 0.0
	full := false
	each(func(a Atom) bool {
		if !a.Out || a.Lo&^a.Mask != 0 || (a.Lo^val)&a.Mask&fixed != 0 {
			return true // an equality, or an inequality that always holds here
		}
		free := bits.OnesCount32(a.Mask &^ fixed)
		if free == 0 {
			full = true // excludes every value left
			return false
		}
		covered += math.Ldexp(1, -free)
		return true
	})
	switch {
	case full:
		return false, true
	case covered < 1:
		return true, true
	}
	return false, false
}

// And returns w with a added, simplified where cheap, and whether the
// result is satisfiable. The result never shares a backing array with w
// beyond w's length, so w stays valid for other branches.
func (w Word) And(a Atom) (Word, bool) {
	switch triv := a.trivial(); triv {
	case 1:
		return w, w.Sat()
	case -1:
		return append(w[:len(w):len(w)], a), false
	}
	if !a.Out {
		// Intersect with an interval on the same mask, and drop the
		// exclusions on that mask the interval makes redundant.
		nw := make(Word, 0, len(w)+1)
		merged := false
		for _, b := range w {
			if b.Mask == a.Mask && !b.Out {
				a.Lo, a.Hi = max(a.Lo, b.Lo), min(a.Hi, b.Hi)
				merged = true
			}
		}
		if merged && a.Lo > a.Hi {
			return append(w[:len(w):len(w)], a), false
		}
		for _, b := range w {
			switch {
			case b.Mask != a.Mask:
				nw = append(nw, b)
			case b.Out && !(b.Hi < a.Lo || b.Lo > a.Hi):
				nw = append(nw, b) // still cuts the interval
			}
		}
		nw = append(nw, a)
		return nw, nw.Sat()
	} else {
		for _, b := range w {
			if b.Mask != a.Mask {
				continue
			}
			if !b.Out && (b.Hi < a.Lo || b.Lo > a.Hi) {
				return w, w.Sat() // implied by b
			}
			if b.Out && b.Lo <= a.Lo && a.Hi <= b.Hi {
				return w, w.Sat() // the same or a wider exclusion
			}
		}
	}
	nw := append(w[:len(w):len(w)], a)
	return nw, nw.Sat()
}

// SatWith reports whether some value satisfies every atom of w and a,
// as append(w, a).Sat() does. It does not allocate when all of them are
// on the whole word, the common case.
func (w Word) SatWith(a Atom) bool {
	if a.Mask == math.MaxUint32 {
		whole := true
		for _, b := range w {
			if b.Mask != math.MaxUint32 {
				whole = false
				break
			}
		}
		if whole {
			return wholeSat(w, a)
		}
	}
	if ok, done := pointSat(w, &a); done {
		return ok
	}
	nw := append(w[:len(w):len(w)], a)
	return nw.Sat()
}

// wholeSat is SatWith for atoms on the whole word: the intersection of
// the intervals, minus the excluded ones.
func wholeSat(w Word, extra Atom) bool {
	lo, hi := uint32(0), uint32(math.MaxUint32)
	in := func(a Atom) {
		if !a.Out {
			if a.Lo > a.Hi {
				lo, hi = 1, 0
				return
			}
			lo, hi = max(lo, a.Lo), min(hi, a.Hi)
		}
	}
	for _, a := range w {
		in(a)
	}
	in(extra)
	if lo > hi {
		return false
	}
	// Walk up from lo over the exclusions that cover the current value.
	v := lo
	for {
		moved := false
		cover := func(a Atom) bool {
			if a.Out && a.Lo <= a.Hi && a.Lo <= v && v <= a.Hi {
				if a.Hi >= hi {
					return true
				}
				v, moved = a.Hi+1, true
			}
			return false
		}
		for _, a := range w {
			if cover(a) {
				return false
			}
		}
		if cover(extra) {
			return false
		}
		if !moved {
			return true
		}
	}
}

// Status decides a on a word whose constraints are w: -1 when no value
// of w satisfies it, 1 when all do, 0 otherwise.
func (w Word) Status(a Atom) int {
	if !w.SatWith(a) {
		return -1
	}
	if !w.SatWith(a.Not()) {
		return 1
	}
	return 0
}

// Trivial returns 1 if a always holds, -1 if it never does, 0 otherwise.
// (A function, not a method, so that it does not join the methods of
// the types that alias Atom.)
func Trivial(a Atom) int { return a.trivial() }

// trivial is [Trivial].
func (a Atom) trivial() int {
	if a.Lo > a.Hi {
		if a.Out {
			return 1
		}
		return -1
	}
	if a.Mask == 0 {
		if a.Holds(0) {
			return 1
		}
		return -1
	}
	if a.Lo == 0 && a.Hi >= a.Mask {
		if a.Out {
			return -1
		}
		return 1
	}
	return 0
}

// Per-atom search states: settled (holds whatever follows) or tight on
// the low bound, the high bound or both.
const (
	wsDone = 0
	wsLo   = 1
	wsHi   = 2
	wsBoth = wsLo | wsHi
	wsDead = 4 // internal: the atom fails
)

// solve finds the smallest (or largest, with high) value satisfying w.
func (w Word) solve(high bool) (uint32, bool) {
	var buf [8]Atom
	atoms := buf[:0]
	for _, a := range w {
		switch a.trivial() {
		case -1:
			return 0, false
		case 1:
			continue
		}
		atoms = append(atoms, a)
	}
	if len(atoms) == 0 {
		if high {
			return math.MaxUint32, true
		}
		return 0, true
	}
	if v, ok, done := solveWhole(atoms, high); done {
		return v, ok
	}
	if v, ok := pointExtreme(atoms, high); ok {
		return v, true
	}
	// One slot of per-atom states per bit position (and one for the
	// start): the search at bit b reads the slot of b+1 and writes b's.
	n := len(atoms)
	var sbuf [8 * 33]byte
	var states []byte
	if n <= 8 {
		states = sbuf[:n*33]
	} else {
		states = make([]byte, n*33)
	}
	s := wordSearch{atoms: atoms, high: high, states: states}
	state := s.slot(32)
	for i := range state {
		state[i] = wsBoth
	}
	if s.search(31, state, 0) {
		return s.val, true
	}
	return 0, false
}

// pointExtreme returns the smallest (or largest) value that satisfies
// the masked equalities among atoms, when every atom is a masked
// equality or inequality and that value satisfies them all; ok is
// false otherwise.
func pointExtreme(atoms []Atom, high bool) (uint32, bool) {
	var fixed, val uint32
	for _, a := range atoms {
		if a.Lo != a.Hi {
			return 0, false
		}
		if !a.Out {
			fixed |= a.Mask
			val |= a.Lo & a.Mask
		}
	}
	if high {
		val |= ^fixed
	}
	for _, a := range atoms {
		if !a.Holds(val) {
			return 0, false
		}
	}
	return val, true
}

// solveWhole solves the common case directly: every atom on the whole
// word, so one interval minus excluded intervals. done is false when some
// atom is masked.
func solveWhole(atoms []Atom, high bool) (v uint32, ok, done bool) {
	lo, hi := uint32(0), uint32(math.MaxUint32)
	var outs []Atom
	for _, a := range atoms {
		switch {
		case a.Mask != math.MaxUint32:
			return 0, false, false
		case a.Out:
			outs = append(outs, a)
		default:
			lo, hi = max(lo, a.Lo), min(hi, a.Hi)
		}
	}
	if lo > hi {
		return 0, false, true
	}
	if !high {
		// Walk up from lo over the exclusions in order of their start.
		slices.SortFunc(outs, func(a, b Atom) int { return cmp.Compare(a.Lo, b.Lo) })
		v := lo
		for _, o := range outs {
			if o.Lo > v {
				break
			}
			if o.Hi >= v {
				if o.Hi >= hi {
					return 0, false, true
				}
				v = o.Hi + 1
			}
		}
		return v, true, true
	}
	slices.SortFunc(outs, func(a, b Atom) int { return cmp.Compare(b.Hi, a.Hi) })
	v = hi
	for _, o := range outs {
		if o.Hi < v {
			break
		}
		if o.Lo <= v {
			if o.Lo <= lo {
				return 0, false, true
			}
			v = o.Lo - 1
		}
	}
	return v, true, true
}

type wordSearch struct {
	atoms  []Atom
	high   bool
	states []byte // per-atom states, one slot per bit position
	failed map[string]bool
	key    []byte
	val    uint32
}

// slot returns the states of bit position b (32: the start).
func (s *wordSearch) slot(b int) []byte {
	n := len(s.atoms)
	return s.states[b*n : (b+1)*n]
}

// step returns an atom's state after the bit c at position b.
func (a *Atom) step(st byte, b int, c uint32) byte {
	m := (c & (a.Mask >> b)) & 1
	l, h := (a.Lo>>b)&1, (a.Hi>>b)&1
	if st&wsLo != 0 {
		switch {
		case m > l:
			st &^= wsLo
		case m < l:
			if a.Out {
				return wsDone // below Lo: outside
			}
			return wsDead
		}
	}
	if st&wsHi != 0 {
		switch {
		case m < h:
			st &^= wsHi
		case m > h:
			if a.Out {
				return wsDone // above Hi: outside
			}
			return wsDead
		}
	}
	if st == 0 {
		// Strictly between the bounds.
		if a.Out {
			return wsDead
		}
		return wsDone
	}
	return st
}

// search chooses bits b down to 0 given the atoms' states and the bits
// chosen above b (prefix). state is the slot of a position above b,
// which search may change.
func (s *wordSearch) search(b int, state []byte, prefix uint32) bool {
	// Bits that no unsettled atom masks are chosen freely: each atom
	// sees a zero there whatever the choice.
	for b >= 0 {
		live := false
		for i, st := range state {
			if st != wsDone && (s.atoms[i].Mask>>b)&1 != 0 {
				live = true
				break
			}
		}
		if live {
			break
		}
		for i, st := range state {
			if st == wsDone {
				continue
			}
			n := s.atoms[i].step(st, b, 0)
			if n == wsDead {
				return false
			}
			state[i] = n
		}
		if s.high {
			prefix |= 1 << b
		}
		b--
	}
	if b < 0 {
		// Every atom still tight sits on a bound: intervals hold, Out
		// atoms fail.
		for i, st := range state {
			if st != wsDone && s.atoms[i].Out {
				return false
			}
		}
		s.val = prefix
		return true
	}
	if s.failed != nil {
		s.key = append(append(s.key[:0], state...), byte(b))
		if s.failed[string(s.key)] {
			return false
		}
	}
	first, second := uint32(0), uint32(1)
	if s.high {
		first, second = 1, 0
	}
	next := s.slot(b)
	for _, c := range [2]uint32{first, second} {
		ok := true
		for i, st := range state {
			if st == wsDone {
				next[i] = wsDone
				continue
			}
			n := s.atoms[i].step(st, b, c)
			if n == wsDead {
				ok = false
				break
			}
			next[i] = n
		}
		if ok && s.search(b-1, next, prefix|c<<b) {
			return true
		}
	}
	if s.failed == nil {
		s.failed = map[string]bool{}
	}
	s.key = append(append(s.key[:0], state...), byte(b))
	s.failed[string(s.key)] = true
	return false
}
