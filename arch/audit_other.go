//go:build !linux

package arch

import "debug/elf"

// Flag bits of include/uapi/linux/audit.h. An AUDIT_ARCH_* value is the
// ELF machine number (EM_*) ORed with these.
const (
	auditArch64Bit     = 0x80000000 // __AUDIT_ARCH_64BIT
	auditArchLE        = 0x40000000 // __AUDIT_ARCH_LE
	auditConvMIPS64N32 = 0x20000000 // __AUDIT_ARCH_CONVENTION_MIPS64_N32
)

// AUDIT_ARCH_* values built as include/uapi/linux/audit.h builds them, for
// GOOSes where golang.org/x/sys/unix does not export them (audit_linux.go
// uses the x/sys/unix constants). The tests pin every value.
const (
	auditI386        = uint32(elf.EM_386) | auditArchLE
	auditX86_64      = uint32(elf.EM_X86_64) | auditArch64Bit | auditArchLE
	auditARM         = uint32(elf.EM_ARM) | auditArchLE
	auditAARCH64     = uint32(elf.EM_AARCH64) | auditArch64Bit | auditArchLE
	auditLOONGARCH64 = uint32(elf.EM_LOONGARCH) | auditArch64Bit | auditArchLE
	auditM68K        = uint32(elf.EM_68K)
	auditMIPS        = uint32(elf.EM_MIPS)
	auditMIPSEL      = uint32(elf.EM_MIPS) | auditArchLE
	auditMIPS64      = uint32(elf.EM_MIPS) | auditArch64Bit
	auditMIPSEL64    = uint32(elf.EM_MIPS) | auditArch64Bit | auditArchLE
	auditMIPS64N32   = uint32(elf.EM_MIPS) | auditArch64Bit | auditConvMIPS64N32
	auditMIPSEL64N32 = uint32(elf.EM_MIPS) | auditArch64Bit | auditArchLE | auditConvMIPS64N32
	auditPARISC      = uint32(elf.EM_PARISC)
	auditPARISC64    = uint32(elf.EM_PARISC) | auditArch64Bit
	auditPPC         = uint32(elf.EM_PPC)
	auditPPC64       = uint32(elf.EM_PPC64) | auditArch64Bit
	auditPPC64LE     = uint32(elf.EM_PPC64) | auditArch64Bit | auditArchLE
	auditRISCV64     = uint32(elf.EM_RISCV) | auditArch64Bit | auditArchLE
	auditS390        = uint32(elf.EM_S390)
	auditS390X       = uint32(elf.EM_S390) | auditArch64Bit
	auditSH          = uint32(elf.EM_SH)
	auditSHEL        = uint32(elf.EM_SH) | auditArchLE
)
