// Package emit builds classic-BPF seccomp programs from a decision DAG.
//
// A [Builder] holds a hash-consed DAG of instructions. Each constructor
// takes the instruction's successors, so a node can only point at nodes
// that already exist and the graph is acyclic by construction:
//
//	Ret(k)                     ret #k                  (BPF_RET|BPF_K)
//	LoadAbs(off, next)         ld [off]; then next     (BPF_LD|BPF_W|BPF_ABS)
//	ALU(op, k, next)           A op= k; then next      (BPF_ALU|op|BPF_K)
//	Jump(op, k, jt, jf)        if A op k then jt else jf  (BPF_JMP|op|BPF_K)
//
// Two calls that describe the same instruction (same opcode, operand and
// successors) return the same [Node]; the [Source] of the first call is
// the one kept. Jump with jt == jf returns jt and adds nothing. Because
// identical tails are shared, a caller that builds boolean conditions by
// continuation passing (lowerBool(e, then, else)) gets a reduced decision
// DAG without further work.
//
// # Assembling
//
// [Builder.Assemble] turns the part of the DAG reachable from a root into
// a [Program] that the kernel accepts: every jump goes forward, every
// conditional offset fits in 8 bits, the last instruction is a return,
// and nodes shared by several paths appear once. The layout works in two
// steps.
//
// First it orders the nodes. A load or ALU instruction has no jump field,
// so it must be followed by its successor; such pairs are glued into
// chains (when several of them share a successor, the one created first
// gets it). Chains are ordered by a reverse post-order walk from the root.
// At a conditional jump the walk visits the larger successor first
// (measured by the size of its subtree, shared nodes counted once per
// path), so the smaller one falls through and the jump over it is short;
// on a tie the false branch falls through.
//
// Then it emits the ordered nodes back to front, as Chromium's
// sandbox/linux/bpf_dsl CodeGen does, so that every target is emitted
// before the jump that needs it and distances are known exactly. When a
// conditional target is more than 255 instructions ahead, emit first looks
// for an equivalent instruction within range (an earlier trampoline to the
// same node, or a copy of it) and otherwise inserts one right after the
// jump: a copy of the target when it is a return, or a conditional jump
// whose own targets are in range, and a BPF_JMP|BPF_JA with a 32-bit
// offset otherwise. A load or ALU instruction whose successor was placed
// elsewhere gets the same kind of one-instruction stub. A final pass drops
// the instructions no path reaches any more (a node whose predecessors all
// use copies of it) and JAs to the next instruction; removing
// instructions only shortens forward jumps, so all offsets stay in range.
// The output depends only on the sequence of Builder calls, never on map
// iteration order.
//
// # Errors
//
// Misuse of the Builder (a handle that names no node, an opcode outside
// the seccomp instruction set, a load outside struct seccomp_data, a
// division by zero or a shift by 32 or more) does not panic: the
// constructor returns a negative Node, the Builder remembers the first
// such problem, and [Builder.Err] and [Builder.Assemble] report it as an
// *[Error]. Assemble also reports a program longer than [MaxInstructions]
// with its full length; it never truncates. The only panics are internal
// consistency checks of the layout (messages start with "emit: internal
// error"), which indicate a bug in this package, not in its caller.
//
// # Provenance
//
// Every instruction carries a [Source]: the architecture, the [Part] of
// the filter and, for rules, the rule index, plus a free-text note.
// [Program.Src] runs parallel to [Program.Insns], and [Program.String]
// prints one instruction per line with its source as a comment.
package emit
