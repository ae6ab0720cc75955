// Package ir is seccompc's policy representation: boolean expressions
// over the six 64-bit syscall arguments, rules, policies, and the
// reference semantics that every compiled filter must match.
//
// # Expressions
//
// An [Expr] is one node type switched on its [Op]:
//
//	expr = true | false
//	     | not expr | and expr... | or expr...
//	     | arg cmp value                 (cmp: == != < <= > >=, unsigned 64-bit)
//	     | (arg & mask) == value         (masked equal)
//	     | (arg & mask) != value         (masked not equal: the inverse mask
//	                                      libseccomp cannot express)
//
// A comparison may be marked Low32: it then compares only the low 32
// bits of the argument, for 32-bit ABIs and for ioctl-style arguments
// whose upper half is garbage. [Expr.Simplify] puts an expression in a
// canonical form whose invariants it documents; [Expr.Holds] evaluates
// it.
//
// # Policies and their meaning
//
// A [Policy] has a default action, a bad-architecture action, the
// architectures of the filter, rules (syscall by name or raw number,
// condition, [Action]), seccomp flags, and the [Baseline] of the ENOSYS
// tail. [Resolve] binds a policy to a compile target: every
// architecture's syscall names become numbers (unknown names are
// skipped there with a [Warning], as runc does), and [Resolved.Eval]
// gives the verdict for any seccomp_data. The verdict is decided as
// follows:
//
//  1. The architecture (audit value, and for x86_64 and x32 the x32
//     syscall bit of the number) selects a section of the filter; an
//     architecture not in the filter gets the bad-arch action. A number
//     with the x32 bit on an x86_64 filter without x32 is a bad
//     architecture, never an x86_64 syscall.
//  2. If rules name the syscall, the most restrictive action among the
//     rules whose condition holds wins (the kernel's order for stacked
//     filters, [Action.Precedence]; the earliest rule breaks ties between
//     two actions of one kind). If none holds, the default action.
//  3. If no rule names the syscall: when the policy has a tail
//     ([Policy.HasTail]) and the syscall did not exist in the baseline
//     kernel on that architecture (or the number is unassigned), the
//     verdict is ERRNO(ENOSYS); otherwise the default action.
//
// On 32-bit ABIs every comparison applies to the low 32 bits of the
// argument and of the value, as libseccomp does: the argument is one
// 32-bit register there.
//
// The OCI front end (package ir/oci) rewrites profiles so that these
// rules reproduce what libseccomp and runc make of them.
package ir
