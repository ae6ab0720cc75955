package verify

import "github.com/seccompc/seccompc/internal/wordsat"

// Atom is one constraint on a 32-bit word w of struct seccomp_data:
// (w & Mask) lies in the inclusive interval [Lo, Hi], or, when Out is set,
// outside it. An interval with Lo > Hi is empty: such an atom never holds,
// or, with Out, always holds. Its methods are Holds (whether a value
// satisfies it), Not (its negation) and String.
//
// Every branch condition of a seccomp filter on a loaded word is an Atom:
// JEQ k is [k, k], JGT k is [k+1, max], JGE k is [k, max], JSET k is
// (w & k) outside [0, 0], an ALU AND K before the jump becomes the Mask,
// and the branch not taken is the same Atom with Out flipped.
//
// Atom is the atom of the module's one word-constraint solver, which
// the prover, [Diff], the linter's certain findings and the OCI
// front end's replay of libseccomp all decide with.
type Atom = wordsat.Atom

// Atom constructors on the whole word (mask all ones) or a masked word.
// The relations are unsigned.

// AtomEq is (w & mask) == v.
func AtomEq(mask, v uint32) Atom { return wordsat.Eq(mask, v) }

// AtomNe is (w & mask) != v.
func AtomNe(mask, v uint32) Atom { return wordsat.Ne(mask, v) }

// AtomGt is (w & mask) > v.
func AtomGt(mask, v uint32) Atom { return wordsat.Gt(mask, v) }

// AtomGe is (w & mask) >= v.
func AtomGe(mask, v uint32) Atom { return wordsat.Ge(mask, v) }

// AtomLt is (w & mask) < v.
func AtomLt(mask, v uint32) Atom { return wordsat.Lt(mask, v) }

// AtomLe is (w & mask) <= v.
func AtomLe(mask, v uint32) Atom { return wordsat.Le(mask, v) }

// AtomIn is lo <= w <= hi.
func AtomIn(lo, hi uint32) Atom { return wordsat.In(lo, hi) }

// Word is a conjunction of [Atom]s on one 32-bit word.
type Word []Atom

// Holds reports whether v satisfies every atom of w.
func (w Word) Holds(v uint32) bool { return wordsat.Word(w).Holds(v) }

// Min returns the smallest value satisfying w, and false when there is
// none. The search is exact: see [Word.Max].
func (w Word) Min() (uint32, bool) { return wordsat.Word(w).Min() }

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
func (w Word) Max() (uint32, bool) { return wordsat.Word(w).Max() }

// Sat reports whether some value satisfies w.
func (w Word) Sat() bool { return wordsat.Word(w).Sat() }

// And returns w with a added, simplified where cheap, and whether the
// result is satisfiable. The result never shares a backing array with w
// beyond w's length, so w stays valid for other branches.
func (w Word) And(a Atom) (Word, bool) {
	nw, ok := wordsat.Word(w).And(a)
	return Word(nw), ok
}
