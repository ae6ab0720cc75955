// Package lower turns a resolved policy ([ir.Resolved]) into a decision
// DAG of classic-BPF instructions, built with [emit.Builder], and
// assembles it into a seccomp filter.
//
// # Shape of a filter
//
//	ld  [4]                      ; arch
//	jeq #AUDIT_ARCH_target ...   ; one test per audit value, the target first
//	ret #bad-arch action         ; any other architecture
//	section:
//	ld  [0]                      ; nr
//	search (jge, jeq) over the maximal runs of numbers with one outcome
//	leaf: ret #action            ; syscalls decided by the number alone
//	leaf: argument tests...      ; syscalls with conditions
//
// The search covers the whole 32-bit number space of each audit value:
// unassigned numbers, numbers newer than the baseline (ERRNO(ENOSYS)),
// and for x86_64 the x32 numbers (the x32 section's leaves, or the
// bad-arch action) are all ranges of the same search, so no linear
// chains of compares remain. Leaves are hash-consed, so syscalls with
// identical decisions share one subtree and adjacent numbers with one
// outcome merge into one range. A syscall allowed for every argument is
// reached through loads of arch and nr only, so the kernel's
// constant-action cache (Linux 5.11+) can skip the filter for it.
//
// # Arguments
//
// A 64-bit comparison is lowered to tests of the two 32-bit words of the
// argument in struct seccomp_data (args[i] at offset 16+8i; on
// big-endian architectures the high word comes first), with unsigned
// semantics for every operator: a >= v is hi > vhi || (hi == vhi && lo
// >= vlo). On 32-bit ABIs (and for Low32 comparisons) only the low word
// is tested, as libseccomp does, and that is the word the kernel's
// syscall code uses. On an x86_64 kernel populate_seccomp_data copies
// syscall_get_arguments, which for a compat syscall returns the saved
// 64-bit registers bx, cx, dx, si, di and bp unchanged; nothing
// zero-extends them, while the ia32 syscall wrappers
// (SC_IA32_REGS_TO_ARGS) truncate each to 32 bits. A 32-bit program
// cannot set the upper halves, so its high words are 0, but a 64-bit
// program that executes int $0x80 (arch AUDIT_ARCH_I386), or a 64-bit
// ptracer, can put anything there: a test of the high word would only
// offer a way around a rule. TestKernelCompatArgs shows both in the
// running kernel. x32 differs: its syscalls arrive with
// AUDIT_ARCH_X86_64 and the full 64-bit registers, which some x32
// syscalls use whole (lseek's offset, for one), so the low-word test
// there, kept for libseccomp compatibility, ignores bits the kernel
// uses; a rule on a 64-bit-typed x32 argument should say so with a
// range on the low word. Each masked test uses the cheapest
// form: no code for a zero mask, jeq for a full mask, jset for a zero
// value or a single bit, and and+jeq otherwise.
//
// On s390 and s390x a syscall whose number does not fit the svc
// instruction is made with "svc 0" and the number in a register; when
// the kernel does not know that number, seccomp sees nr 0. Number 0 is
// unassigned in both tables, so with a tail it gets ERRNO(ENOSYS) and
// userspace falls back, as runc's patched filters do; without a tail it
// gets the default action, as in libseccomp.
//
// # The optimizer
//
// [Compile] uses [DefaultOptions]; [Options].Optimize off gives the
// plain reference lowering, which the tests check against the optimized
// one. With it on:
//
//   - The dispatch search is weight-balanced: a span of numbers weighs
//     as many as the table syscalls in it, times 2^(c-1) for a leaf that
//     runs c instructions with zero arguments, so the mean path over the
//     table is near the entropy of the spans and argument-checked
//     syscalls sit nearer the root. Up to three isolated numbers on one
//     background are tested with jeq instead of two jge each.
//   - A condition that is a set of values of one argument (an Or of ==,
//     a range, a negation, mixed; socket's list of families, say) is one
//     search over that set: over the high word, whose leaves are "all",
//     "none" or a search over the low word. Operands of an And or Or
//     that are sets of the same argument are merged first.
//   - The optimization passes (passes.go) rewrite each syscall's code,
//     as it is built, to a fixed point: the "specialize" pass follows
//     every path with what it has learnt about each 32-bit word (an
//     interval, known bits, excluded values) and drops tests whose
//     outcome is already known, loads of the word A already holds, and
//     loads whose value is never used. The dispatch searches need no
//     pass (every test splits its spans, and a syscall's code tests
//     neither nr nor arch), and the whole DAG is then checked for its
//     invariants.
//
// The facts about argument words (the value sets of sets.go, the
// specialize pass's intervals, known bits and excluded values) are
// lower's own, on purpose: the rest of the module decides word
// constraints with one solver (internal/wordsat), and the prover
// (package verify) that checks every program against its policy is
// built on it. Were the compiler to share that solver, a mistake in it
// could make the compiler drop a test and the prover agree; kept apart,
// the two must make the same mistake independently for a wrong program
// to pass.
//
// # Several rules
//
// The entries of one syscall are tried in the order of [ir.Policy]'s
// conflict rule: most restrictive action first, rule order within one
// action; consecutive entries with the same action are merged into one
// disjunction. The first condition that holds decides; if none does, the
// default action applies.
package lower
