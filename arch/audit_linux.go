package arch

import "golang.org/x/sys/unix"

// AUDIT_ARCH_* values (include/uapi/linux/audit.h) as golang.org/x/sys/unix
// exports them. audit_other.go derives the same values for other GOOSes,
// where x/sys/unix lacks these constants.
const (
	auditI386        = unix.AUDIT_ARCH_I386
	auditX86_64      = unix.AUDIT_ARCH_X86_64
	auditARM         = unix.AUDIT_ARCH_ARM
	auditAARCH64     = unix.AUDIT_ARCH_AARCH64
	auditLOONGARCH64 = unix.AUDIT_ARCH_LOONGARCH64
	auditM68K        = unix.AUDIT_ARCH_M68K
	auditMIPS        = unix.AUDIT_ARCH_MIPS
	auditMIPSEL      = unix.AUDIT_ARCH_MIPSEL
	auditMIPS64      = unix.AUDIT_ARCH_MIPS64
	auditMIPSEL64    = unix.AUDIT_ARCH_MIPSEL64
	auditMIPS64N32   = unix.AUDIT_ARCH_MIPS64N32
	auditMIPSEL64N32 = unix.AUDIT_ARCH_MIPSEL64N32
	auditPARISC      = unix.AUDIT_ARCH_PARISC
	auditPARISC64    = unix.AUDIT_ARCH_PARISC64
	auditPPC         = unix.AUDIT_ARCH_PPC
	auditPPC64       = unix.AUDIT_ARCH_PPC64
	auditPPC64LE     = unix.AUDIT_ARCH_PPC64LE
	auditRISCV64     = unix.AUDIT_ARCH_RISCV64
	auditS390        = unix.AUDIT_ARCH_S390
	auditS390X       = unix.AUDIT_ARCH_S390X
	auditSH          = unix.AUDIT_ARCH_SH
	auditSHEL        = unix.AUDIT_ARCH_SHEL
)
