// Package verify executes and checks classic BPF programs exactly as the
// Linux kernel does for seccomp filters. It is the oracle the rest of
// seccompc is tested against, so every rule here is taken from a named
// kernel function rather than from the generic classic BPF semantics that
// golang.org/x/net/bpf implements.
//
// The package has four parts:
//
//   - [Check] applies the load-time rules the kernel enforces when a filter
//     is installed with seccomp(SECCOMP_SET_MODE_FILTER).
//   - [Run] and [Trace] execute an accepted program on a [SeccompData] and
//     return the 32-bit verdict the kernel would compute.
//   - [ConstAllow] emulates the kernel's constant-action cache, which
//     decides at load time which syscalls a filter always allows.
//   - [Prove] proves that a filter returns a policy's verdict on every
//     input, and [Diff] and [ProveEquivalent] compare two filters the same
//     way; see "The prover" below.
//
// # The input: struct seccomp_data
//
// A filter's only input is struct seccomp_data (include/uapi/linux/seccomp.h),
// 64 bytes:
//
//	offset  size  field
//	     0     4  nr                   (int, the syscall number)
//	     4     4  arch                 (__u32, an AUDIT_ARCH_* value)
//	     8     8  instruction_pointer  (__u64)
//	    16  6 x 8 args[6]              (__u64 each)
//
// populate_seccomp_data (kernel/seccomp.c) fills it from the task's
// registers and the kernel hands its address to the program as is: byte
// order is left to the filter author. A 32-bit load at offset 16+8i therefore
// reads the low half of args[i] on a little-endian machine and the high half
// on a big-endian one. [SeccompData.Bytes] builds that in-memory image, and
// [Run] loads words from it in the byte order it is told.
//
// # Load-time rules
//
// seccomp_prepare_filter (kernel/seccomp.c) accepts 1 to BPF_MAXINSNS (4096)
// instructions and passes the program to bpf_prog_create_from_user
// (net/core/filter.c). That function repeats the length test
// (bpf_check_basics_ok), keeps a copy of the program as the user wrote it,
// and calls bpf_check_classic followed by seccomp's own hook,
// seccomp_check_filter. The rules, all of which [Check] applies:
//
//   - chk_code_allowed: the opcode must be one of the classic opcodes the
//     kernel knows, spelled exactly (no stray bits).
//   - bpf_check_classic: division or modulo by a constant zero is refused;
//     shifts by a constant must be below 32; scratch memory indexes (LD/LDX
//     MEM, ST, STX) must be below BPF_MEMWORDS (16); JA's k and the jt/jf of
//     conditional jumps are unsigned offsets from the next instruction and
//     must land inside the program, so every jump goes forward; absolute
//     loads at or above SKF_AD_OFF must be a known ancillary load; the last
//     instruction must be RET K or RET A.
//   - check_load_and_stores: a forward data-flow pass that refuses any load
//     from a scratch slot which is not stored on every path reaching it. It
//     walks the program in order, intersects the "written" mask of each
//     jump target with the mask at the jump, and, like the kernel, lets the
//     mask flow through a RET into the next instruction.
//   - seccomp_check_filter: only a whitelist of opcodes is kept. LD W ABS is
//     allowed with k < 64 and k%4 == 0; LD W LEN and LDX W LEN are rewritten
//     to load the constant 64 (sizeof(struct seccomp_data)). Everything else
//     in the whitelist is the ALU operations ADD SUB MUL DIV AND OR XOR LSH
//     RSH (K and X) and NEG, LD/LDX IMM, LD/LDX MEM, ST, STX, TAX, TXA, JA,
//     JEQ JGT JGE JSET (K and X), RET K and RET A. Notably absent: MOD, the
//     16- and 8-bit and indirect loads, and LDX MSH.
//
// The kernel reports every violation as EINVAL without saying which. [Check]
// reports one offending instruction with an [ErrorCode]: it applies the
// per-instruction rules of bpf_check_classic and seccomp_check_filter
// together, in pc order, then the final-RET rule, then check_load_and_stores,
// whereas the kernel runs each function over the whole program in turn. The
// set of accepted programs is the same; only the diagnostic chosen for a
// program with several faults can differ from the kernel's order.
//
// # Run-time semantics
//
// An accepted filter is translated to eBPF by bpf_convert_filter
// (net/core/filter.c) and run by the eBPF interpreter or JIT. [Run] follows
// the translated program, not the generic classic BPF description:
//
//   - A and X are 32-bit and start at zero (the translation's prologue clears
//     both).
//   - Scratch memory M[0..15] lives on the eBPF stack and is not cleared.
//     Check guarantees no program reads a slot before writing it, so the
//     initial contents cannot be observed; Run starts them at zero.
//   - ALU operations are eBPF ALU32 operations: results wrap modulo 2^32.
//   - DIV by X: the translation inserts a test that, when X is zero, sets A
//     to zero and exits, so the whole filter returns 0 (which seccomp treats
//     as SECCOMP_RET_KILL_THREAD). Run does the same.
//   - LSH/RSH by X use only the low five bits of X: ALU32 shifts are masked
//     with 31 (the SHT macro in kernel/bpf/core.c's ___bpf_prog_run since
//     2021, and the hardware rule on the x86-64 and arm64 JITs). A shift by
//     X = 33 shifts by 1. This is where the kernel and x/net/bpf's VM, which
//     returns zero for such shifts, disagree.
//   - Conditional jumps compare unsigned 32-bit values. (A constant with the
//     top bit set is moved into a scratch register first so that eBPF's
//     sign extension of immediates does not apply.)
//   - LD W ABS becomes a plain 32-bit load from the seccomp_data at offset k,
//     in the machine's byte order. Check makes out-of-range or unaligned
//     offsets impossible; were one executed, Run would end the program with
//     verdict 0 as classic BPF does for loads past the packet, but since Run
//     refuses programs Check rejects, it never gets there.
//   - The verdict is the full 32-bit return value; seccomp then splits it
//     into action (SECCOMP_RET_ACTION_FULL) and data (SECCOMP_RET_DATA).
//
// Run and Trace call [Check] first and return its error instead of running a
// program the kernel would not load. They never panic.
//
// # The constant-action cache
//
// Since Linux 5.11, seccomp_attach_filter calls seccomp_cache_prepare, which
// calls seccomp_cache_prepare_bitmap for the native (and compat) audit
// architecture. For each syscall number below the architecture's syscall
// count whose bit is still set in the previous filter's bitmap, it runs
// seccomp_is_const_allow on the copy of the program as the user wrote it.
// When a syscall's bit survives every filter in the stack, later calls skip
// the filters altogether.
//
// seccomp_is_const_allow is a small emulator with a single register. It
// accepts exactly these instructions and gives up ("not constant") on
// anything else:
//
//   - LD W ABS with k = 0 (nr) or k = 4 (arch); any other offset gives up.
//   - JEQ, JGE, JGT, JSET with K (never with X).
//   - JA.
//   - ALU AND K. This was part of the emulator from the first merged version
//     (Linux 5.11, the "seccomp/cache" series); [ConstAllow] emulates that
//     version and every later one, whose instruction set is unchanged.
//   - RET K, which ends the emulation: the syscall is constant-allowed iff k
//     is exactly SECCOMP_RET_ALLOW (0x7fff0000). RET K 0x7fff0001 is an ALLOW
//     when run but is not cached.
//
// RET A, LD IMM, scratch memory and every other instruction make the
// emulator give up, even where [Run] would return ALLOW for every input.
// Because nr and arch are whole 32-bit fields at fixed offsets, the result
// does not depend on byte order.
//
// [ConstAllow] emulates one filter; the kernel ANDs the answers of all
// filters in the stack. Kernels from 2025 on also treat the uretprobe and
// uprobe syscalls of the native architecture as always allowed before
// consulting the emulator (seccomp_uprobe_exception); that exception depends
// on the kernel's own architecture and is not part of ConstAllow.
//
// # The prover
//
// The sixteen 32-bit words of struct seccomp_data are independent inputs.
// A filter branches only on comparisons of one word (possibly ANDed with a
// constant) with a constant, so the inputs that follow one path through
// the program form a [Cube]: for each word, a conjunction of [Atom]s of the
// form (w & mask) in [lo, hi] or not in it. [Paths] enumerates the paths
// of a program by symbolic execution, pruning every branch whose cube is
// empty, so the paths returned partition the input space exactly. A
// conjunction of atoms on one word is decided exactly, with a witness, by
// a search over the word's bits from the top with tightness flags per
// atom ([Word.Min]); no enumeration of values is involved. That solver
// (internal/wordsat) is the module's one: diff (verify/semdiff), lint's
// certain findings, the OCI front end's replay of libseccomp and
// ir's Simplify decide with it too. The compiler (package lower) does
// not: it keeps its own propagation of argument facts, so that the
// prover checking its programs stays independent of it.
//
// [Prove] cuts the policy into classes ([ir.Resolved.Decide] is constant
// on each range of syscall numbers no rule names, per audit value and x32
// split; a number whose rules have conditions is its own class) and, for a
// conditional number, into the argument regions where each verdict wins:
// one formula per verdict, in negation normal form over word atoms (a
// 64-bit comparison becomes a formula over the argument's two words, only
// the low word for the Low32 comparisons of 32-bit ABIs). For every path
// and every class and competing verdict that differs from the path's, it
// decides whether their conjunction is satisfiable. A satisfiable one
// yields a [Counterexample], checked with [Run] and [ir.Resolved.Eval]
// before it is returned.
//
// The formulas travel with the paths: once a path's cube has told the
// syscalls apart, each branch simplifies them against the cube, deciding
// every atom on the branch's word alone (an atom no input of the cube
// satisfies is false, one all satisfy is true) and revisiting only the
// nodes that mention that word, so paths that share a prefix share the
// work. What is left at a path's end is decided by a case analysis that
// applies its atoms first, splits the disjunction with the fewest
// alternatives, and assumes the earlier alternatives false in the later
// branches. Simplification is exact, so the proof is too. The cost grows
// with the paths times the size of the conditions the branches on each
// path touch: an allowlist of n values of one argument proves in
// O(n log n) formula steps, not n^2 satisfiability questions.
//
// [Diff] compares two filters the same way, with the paths of the second
// (enumerated once, as conjunctions of atoms) in the place of the
// policy's formulas: a's walk drops the paths of b its branches exclude,
// and only the paths of b still possible with another verdict are
// intersected at the end of a path of a. Its cost grows with the paths
// of both filters and with the regions it reports.
//
// The prover handles every shape lower emits and libseccomp generates: LD
// W ABS of any word, ALU AND K, JEQ/JGT/JGE/JSET K, JA, RET K; beyond
// them, scratch memory, TAX/TXA, LD/LDX IMM and LEN, constant folding,
// and X holding a constant or a masked word. It refuses (with an [Error]
// of code [ErrUnsupported]) a branch or RET A on a value computed by any
// other ALU operation, a comparison of two words, and DIV by an X that is
// not constant; and (with [ErrTooComplex]) a program or condition whose
// case analysis exceeds a fixed budget (2^22 instructions explored, 2^25
// formula steps). Satisfiability of masked tests is NP-hard in general,
// so some programs must hit the budget; the prover then says so, and
// never guesses.
package verify
