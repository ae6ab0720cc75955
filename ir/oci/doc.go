// Package oci turns OCI runtime-spec seccomp profiles into seccompc's
// policy representation ([ir.Policy]).
//
// It reads the LinuxSeccomp object ([Parse], [FromSpec]) and whole
// bundle config.json files ([ParseConfig], which takes linux.seccomp).
// The translation follows what runc (libcontainer/seccomp) and
// libseccomp make of a profile, so that a filter compiled from the
// policy behaves as the filter runc would load:
//
//   - SCMP_ACT_KILL is KILL_THREAD. SCMP_ACT_ERRNO without errnoRet
//     returns EPERM, and so does the default action without
//     defaultErrnoRet. SCMP_ACT_TRACE takes errnoRet as the tracer's
//     message and defaults it to EPERM too, as runc does. errnoRet on
//     any other action is an error, as the runtime spec requires and
//     crun does (runc ignores it). ERRNO values above 4095 are errors.
//   - A rule whose action (with its errno) equals the default action is
//     dropped without a warning: runc skips it, because libseccomp would
//     refuse it, and keeping it would change the meaning of the
//     remaining rules under the policy's "most restrictive wins" rule.
//   - Architectures are looked up with package arch and stored under
//     their canonical names; the compile target (Options.Target, or the
//     host) is always the first. An unknown architecture is an error.
//   - Syscall names unknown on an architecture are skipped there when the
//     policy is compiled, as runc does; ir.Resolve reports them: a name
//     unknown on every architecture of the policy gets the warning
//     "unknown syscall", one unknown on some of them a warning listing
//     those. An empty name is an error.
//   - The conditions of one rule are ANDed. When a rule has two
//     conditions on the same argument index, runc adds every condition
//     of the rule as a rule of its own (so they are ORed); this package
//     does the same, with a warning, unless Options.KeepRepeatedArgs is
//     set (then they are ANDed).
//   - SCMP_CMP_MASKED_EQ takes the mask from value and the datum from
//     valueTwo. libseccomp clears the datum's bits outside the mask
//     before comparing; so does this package, with a warning naming the
//     condition. A mask of zero makes the comparison always true, and
//     libseccomp then omits it: a rule left without conditions becomes
//     unconditional. On 32-bit architectures libseccomp also omits a
//     comparison whose mask has no bits in the low 32; that gets a
//     warning, and the rule is treated as on 64-bit architectures.
//     valueTwo on any other operator is ignored, with a warning.
//   - Rules of one syscall are rewritten so that the policy's "most
//     restrictive matching rule wins" semantics gives libseccomp's
//     result; see the Rule merging section below.
//   - Flags must be SECCOMP_FILTER_FLAG_* names known to package ir; they
//     are carried to Policy.Flags. runc adds SECCOMP_FILTER_FLAG_SPEC_ALLOW
//     when a profile has no flags field at all; that is a property of how
//     runc loads the filter, and this package does not add it.
//   - listenerPath and listenerMetadata are carried. SCMP_ACT_NOTIFY
//     without a listenerPath is an error, and so is NOTIFY as the default
//     action (runc refuses both). NOTIFY on write gets a warning: runc
//     refuses it, because it would deadlock runc's own start-up.
//
// # Rule merging
//
// libseccomp does not evaluate rules independently: it merges the rules
// of each syscall into one decision tree. The policy representation
// instead lets the most restrictive matching rule win. [FromSpec]
// rewrites the rules of each syscall so that the two agree on every
// profile libseccomp accepts (libseccompOrder in order.go documents
// each case):
//
//   - The first rule of a syscall without conditions decides that
//     syscall for every argument; every other rule of the syscall is
//     dropped, with a warning when its action differs.
//   - Conditional rules are kept as they are when libseccomp's verdict
//     is provably the action of a rule that holds and no two rules with
//     different actions can hold together (an exact check).
//   - Otherwise (rules with different actions that overlap, or rules
//     whose 64-bit trees share subtrees) the rules are replaced by rules
//     with exclusive conditions computed by replaying libseccomp's tree
//     construction and evaluation (tree.go), with a warning. Rules that
//     libseccomp refuses (EEXIST, which makes runc fail) are errors, and
//     so are rules libseccomp 2.5 loops forever on and ERRNO(4095),
//     which it refuses.
//   - libseccomp also builds, and may refuse, trees whose verdicts do
//     not matter here: the tree of the conditional rules that come
//     before the first unconditional rule (which then replaces it); the
//     tree of rules with different actions that never hold together,
//     which can still meet on one node (a 64-bit datum cut to its low
//     word on a 32-bit architecture); and on architectures with a socketcall or ipc multiplexer (x86, s390,
//     ppc, mips o32, ...) the multiplexer's tree, where each rule of a
//     socket or ipc call is added with its condition on a0 replaced by
//     a0 == the call's code. All three are replayed (for a syscall of at
//     most 256 rules: the replay's time grows with the square of the
//     rules); a rule libseccomp refuses
//     (or loops on) there gets an [ir.WarnRuncRefuses] warning, and is an
//     error with [Options].RefuseAsRunc, since runc fails to start the
//     container. A syscall with more rules, which libseccomp might
//     refuse, gets an [ir.WarnRuncUnchecked] warning instead.
//
// A known gap, found by the random differential test against
// libseccomp (test/libseccomp/libseccomp_random_test.go, which counts
// it): the verdicts of the multiplexed forms. The rewrite above works
// per syscall name, and ir.Resolve derives each call's multiplexed
// entries (socketcall or ipc with a0 == the call's code) from the
// rewritten rules, with the policy's "most restrictive matching rule
// wins"; libseccomp instead evaluates the multiplexer's tree, whose
// order can differ where rules of one call overlap once their a0
// conditions are replaced. The direct syscalls are unaffected, and
// seccompc's verdict is the one the rules mean on the direct call.
//
// # Errors and warnings
//
// Errors are *ir.Error values whose Pos names the file, the rule index,
// the syscall and the argument, as in
//
//	profile.json: syscalls[3] ("personality") args[1]: invalid operator: "SCMP_CMP_EQUAL" (did you mean "SCMP_CMP_EQ"?); want one of SCMP_CMP_EQ, ...
//
// A rejected name (action, operator, flag, architecture) comes with the
// nearest valid one and the valid ones, nearest first.
//
// Malformed JSON is reported with its line and column. Nothing in this
// package panics on bad input. Warnings ([ir.Warning]) report what was
// accepted but changed or ignored, including JSON fields that are not
// part of the format.
package oci
