// Package wordsat is the module's one word-constraint solver: it
// decides whether comparisons of one integer with constants can hold
// together, exactly, and finds the smallest and largest values that
// satisfy them.
//
// An [Atom] is one constraint on a 32-bit word w: (w & Mask) lies in
// [Lo, Hi], or outside it. A [Word] is a conjunction of atoms;
// [Word.Min], [Word.Max] and [Word.Sat] decide it by a search over the
// word's bits from the top with two tightness flags per atom, memoising
// failed states, so no value is ever enumerated. A 64-bit value is two
// words: [Sat64] decides a conjunction of [Atom64]s (masked intervals of
// a 64-bit value, which the relations of seccomp argument comparisons,
// 64-bit or on the low 32 bits only, all are) by splitting each atom into
// the cases of the high word it depends on and deciding the high and the
// low word of each case with the word solver.
//
// Three claims of the product rest on the answers being exact, not
// merely safe:
//
//   - verify's prover and Diff ("equal for every input", "the
//     differences on every input") decide every path and region with
//     [Word] (32-bit words of struct seccomp_data);
//   - ir/lint's "certain" findings (a condition that never matches, a
//     rule shadowed by earlier ones) call a condition impossible only
//     when [Sat64] says so;
//   - ir/oci's replay of libseccomp's tree ("the verdicts libseccomp's
//     filter gives, exactly") drops a path or an exclusion only when
//     [Sat64] or [Word] proves it empty, and ir.Simplify folds a
//     conjunction on one word to false only then.
//
// Every answer is exact except that [Sat64] gives up (known false)
// after a budget of work (case splits, weighted by the atoms they are
// decided on); each user then keeps the answer that is
// safe for its claim (lint: "may hold", no certain finding; the replay:
// "may overlap").
//
// The compiler (package lower) keeps its own propagation of argument
// facts, on purpose: the prover checks the compiler, so the two must not
// share the code whose mistakes the proof is there to catch.
package wordsat
