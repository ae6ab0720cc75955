package verify

import (
	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

// ConstAllow reports whether the kernel's constant-action cache would record
// the syscall nr of the architecture audit as always allowed by prog, that
// is, whether seccomp_is_const_allow (kernel/seccomp.c, Linux 5.11 and
// later) proves that prog returns exactly SECCOMP_RET_ALLOW for that (arch,
// nr) whatever the arguments and instruction pointer.
//
// The emulation accepts only LD W ABS of nr (offset 0) or arch (offset 4),
// JEQ/JGE/JGT/JSET with K, JA, ALU AND K and RET K; anything else, a load of
// any other field included, means "not constant" and ConstAllow returns
// false. Programs that [Check] rejects never reach the kernel's emulator;
// ConstAllow returns false for them.
//
// bigEndian has no effect: nr and arch are whole 32-bit fields, so the
// emulator's loads do not depend on byte order. It is accepted so that
// callers can pass the same target description as to [Run].
//
// ConstAllow models one filter. The kernel caches a syscall only if every
// filter in the task's stack const-allows it, and it does so only for the
// native and compat architectures and numbers below their syscall counts.
// Recent kernels also pass the native uretprobe and uprobe syscalls without
// consulting any filter; that exception is not modelled here.
func ConstAllow(prog []bpf.RawInstruction, audit uint32, nr uint32, bigEndian bool) bool {
	if Check(prog) != nil {
		return false
	}
	return constAllow(prog, audit, nr)
}

// constAllow is ConstAllow for a program that passed Check.
func constAllow(prog []bpf.RawInstruction, audit uint32, nr uint32) bool {
	var reg uint32 // the emulator's only register, zero at the start
	for pc := 0; pc < len(prog); pc++ {
		ins := prog[pc]
		switch ins.Op {
		case bpfop.LdAbsW:
			switch ins.K {
			case bpfop.OffNr:
				reg = nr
			case bpfop.OffArch:
				reg = audit
			default:
				return false // a load of args or instruction_pointer
			}
		case bpfop.RetK:
			return ins.K == bpfop.RetAllow
		case bpfop.Ja:
			pc += int(ins.K)
		case bpfop.JeqK, bpfop.JgeK, bpfop.JgtK, bpfop.JsetK:
			var taken bool
			switch ins.Op {
			case bpfop.JeqK:
				taken = reg == ins.K
			case bpfop.JgeK:
				taken = reg >= ins.K
			case bpfop.JgtK:
				taken = reg > ins.K
			case bpfop.JsetK:
				taken = reg&ins.K != 0
			}
			if taken {
				pc += int(ins.Jt)
			} else {
				pc += int(ins.Jf)
			}
		case bpfop.ALU | bpfop.AND | bpfop.K:
			reg &= ins.K
		default:
			return false
		}
	}
	return false // the kernel warns: ran off the end (Check makes this impossible)
}
