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
//	binary search (jge) over the maximal runs of numbers with one outcome
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
// is tested, as libseccomp does. Each masked test uses the cheapest
// form: no code for a zero mask, jeq for a full mask, jset for a zero
// value or a single bit, and and+jeq otherwise.
//
// # Several rules
//
// The entries of one syscall are tried in the order of [ir.Policy]'s
// conflict rule: most restrictive action first, rule order within one
// action; consecutive entries with the same action are merged into one
// disjunction. The first condition that holds decides; if none does, the
// default action applies.
package lower
