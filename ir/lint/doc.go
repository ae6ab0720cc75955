// Package lint finds mistakes in seccomp policies: rules that can never
// match, rules that never change a verdict, duplicates, rules that
// repeat the default action, syscall names an architecture lacks,
// architecture lists without the target or without x32, and groups of
// equivalent syscalls allowed only in part.
//
// [Policy] lints an [ir.Policy]; [Profile] loads any input of package
// ir/profile and adds the checks that need the profile's text. Each
// [Finding] has a [Severity], a stable [Code], a location (the rule's
// ir.Rule.Pos: "file:line" for the policy language, the rule label
// "file: syscalls[3] (\"personality\")" for JSON profiles) and a
// one-line message.
//
// # Severities
//
// Errors are findings that certainly mean the profile does not say what
// its author wrote: a rule whose condition can never hold on any
// architecture of the filter (never-matches), and a syscall name no
// architecture at all defines (unknown-syscall, a typo), and a
// bad-architecture action that lets syscalls run (badarch-allow: every
// syscall of a foreign architecture bypasses the filter; the compiler
// refuses it unless asked explicitly). Everything else
// is a warning: duplicate, shadowed and redundant rules, rules whose action is the
// default, a condition that can never hold only on the 32-bit ABIs, a
// masked comparison whose value has bits outside its mask, names
// unknown on some architectures of the filter (normal in profiles
// written for many architectures), native-arch, x32 and equivalent-gap.
// The seccompc lint command exits with status 1 when there are errors.
//
// # Exactness
//
// "Can never match" and "shadowed" are decided exactly, not by
// sampling. A rule's condition, as it applies on each architecture
// (simplified, and reduced to the low 32 bits on 32-bit ABIs), is put
// in disjunctive normal form; each conjunction is split by argument, and
// the comparisons on one argument (intervals of the 64-bit value and of
// its low word, masked == and !=, excluded points) are decided by a
// memoized search over the bits of the value. A rule is shadowed when
// its condition implies the disjunction of the conditions of the rules
// that take precedence over it or give the same action (under the
// policy's "most restrictive matching rule wins" semantics), on every
// architecture; the implication is decided as the unsatisfiability of
// the condition and the negated disjunction.
//
// Limits keep this cheap: more than 4096 conjunctions in a normal form,
// more cases than the word solver allows itself, a rule compared with
// more than 256 rules of its syscall that can hold together with it
// (rules that require another value of an equality cannot), or a policy
// whose rules together need more than 16384 plus two per entry such
// comparisons, or more solver work in all than 2^18 plus 16 per entry
// (atoms given to the word solver; Docker's default profile needs about
// 1400). Past them the answer is "unknown": lint reports neither
// never-matches nor shadowed for the rule, so every reported finding of
// these kinds is certain, and one undecided finding for the policy
// counts the rules left undecided and names the first; linting stays
// linear in the rules.
//
// A rule that reaches a socket or ipc call both directly and through
// the socketcall or ipc multiplexer is judged on its direct entries
// (the multiplexed form drops argument-0 conditions, and a rule reached
// only through a multiplexer is there for other architectures): for
// never-matches, a rule without direct entries is judged on its
// multiplexed ones; for shadowed, it is not judged. A rule for the
// multiplexer itself that the multiplexed form of another rule covers
// is shadowed, and the finding says why: on x86 a socket rule applies
// to socketcall(SYS_SOCKET) without its argument tests, since socketcall
// passes socket's arguments in memory the filter cannot read, so a rule
// such as "allow socketcall if a0 == 1 && a1 == 2" (Docker's profile of
// late 2016, meant to restrict the address family) is redundant, and
// every family goes through socketcall.
//
// # Default actions
//
// In the policy language a rule whose action is the default still has
// an effect when it overrides a less restrictive rule of its syscall or
// keeps the syscall out of the ENOSYS tail; the message says which. The
// OCI and Docker front ends drop such rules, as runc does, so for JSON
// profiles [Profile] reports them from the profile's text.
package lint
