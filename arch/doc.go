// Package arch holds the per-architecture facts a seccomp compiler needs:
// the value the kernel puts in seccomp_data.arch, byte order, argument
// width, how syscall numbers are offset, which syscall table applies, which
// multiplexing syscalls exist, and which architectures a host adds by
// default.
//
// An [Info] describes one syscall ABI as seccomp sees it. There are 23, the
// set libseccomp and the OCI runtime-spec name; [All] lists them in this
// order (the column order of libseccomp's syscalls.csv, each table's
// variants after it):
//
//	name         OCI                    audit       endian bits  nr       table        GOARCH    mux
//	x86          SCMP_ARCH_X86          0x40000003  little  32              x86          386       socketcall, ipc
//	x86_64       SCMP_ARCH_X86_64       0xc000003e  little  64              x86_64       amd64
//	x32          SCMP_ARCH_X32          0xc000003e  little  32   |0x40000000 x32
//	arm          SCMP_ARCH_ARM          0x40000028  little  32              arm          arm
//	aarch64      SCMP_ARCH_AARCH64      0xc00000b7  little  64              aarch64      arm64
//	loongarch64  SCMP_ARCH_LOONGARCH64  0xc0000102  little  64              loongarch64  loong64
//	m68k         SCMP_ARCH_M68K         0x00000004  big     32              m68k                   socketcall, ipc
//	mips         SCMP_ARCH_MIPS         0x00000008  big     32   +4000      mips         mips      socketcall, ipc
//	mipsel       SCMP_ARCH_MIPSEL       0x40000008  little  32   +4000      mips         mipsle    socketcall, ipc
//	mips64       SCMP_ARCH_MIPS64       0x80000008  big     64   +5000      mips64       mips64
//	mipsel64     SCMP_ARCH_MIPSEL64     0xc0000008  little  64   +5000      mips64       mips64le
//	mips64n32    SCMP_ARCH_MIPS64N32    0xa0000008  big     32   +6000      mips64n32
//	mipsel64n32  SCMP_ARCH_MIPSEL64N32  0xe0000008  little  32   +6000      mips64n32
//	parisc       SCMP_ARCH_PARISC       0x0000000f  big     32              parisc
//	parisc64     SCMP_ARCH_PARISC64     0x8000000f  big     64              parisc64
//	ppc          SCMP_ARCH_PPC          0x00000014  big     32              ppc                    socketcall, ipc
//	ppc64        SCMP_ARCH_PPC64        0x80000015  big     64              ppc64        ppc64     socketcall, ipc
//	ppc64le      SCMP_ARCH_PPC64LE      0xc0000015  little  64              ppc64        ppc64le   socketcall, ipc
//	riscv64      SCMP_ARCH_RISCV64      0xc00000f3  little  64              riscv64      riscv64
//	s390         SCMP_ARCH_S390         0x00000016  big     32              s390                   socketcall, ipc
//	s390x        SCMP_ARCH_S390X        0x80000016  big     64              s390x        s390x     socketcall, ipc
//	sh           SCMP_ARCH_SH           0x4000002a  little  32              sh                     socketcall, ipc
//	sheb         SCMP_ARCH_SHEB         0x0000002a  big     32              sh                     socketcall, ipc
//
// # Sources
//
// Names. The canonical short names are libseccomp's (src/arch.c,
// arch_def_lookup_name); the OCI names are the Arch constants of
// github.com/opencontainers/runtime-spec specs-go/config.go, which equal
// libseccomp's SCMP_ARCH_* macro names (include/seccomp.h.in).
//
// Audit values. The kernel fills seccomp_data.arch from syscall_get_arch,
// which returns an AUDIT_ARCH_* constant of include/uapi/linux/audit.h: the
// ELF machine number ORed with __AUDIT_ARCH_64BIT (0x80000000),
// __AUDIT_ARCH_LE (0x40000000) and, for MIPS n32,
// __AUDIT_ARCH_CONVENTION_MIPS64_N32 (0x20000000). On Linux the values come
// from the golang.org/x/sys/unix AUDIT_ARCH_* constants; elsewhere, where
// x/sys/unix lacks them, from that formula and debug/elf. Tests pin each
// value. x32 tasks report AUDIT_ARCH_X86_64, like native x86_64 tasks
// (arch/x86/include/asm/syscall.h, syscall_get_arch); they are told apart
// by __X32_SYSCALL_BIT (0x40000000, arch/x86/include/uapi/asm/unistd.h),
// which the kernel leaves set in seccomp_data.nr. libseccomp's arch-x32.c
// uses the same audit value and ORs the same bit into every x32 number. So
// [ByAudit] returns two Infos for 0xc000003e, and a filter must test the
// bit to tell them apart.
//
// SuperH. libseccomp's SCMP_ARCH_SH is little-endian and matches
// AUDIT_ARCH_SHEL (0x4000002a); SCMP_ARCH_SHEB is big-endian and matches
// AUDIT_ARCH_SH (0x2a), which lacks the LE bit (src/arch-sh.c). The names
// are therefore not the audit.h names: "sh" here means little-endian.
//
// Endianness. From the __AUDIT_ARCH_LE bit, which agrees with the endian
// field of each libseccomp arch_def. It fixes where the two 32-bit halves
// of each 64-bit seccomp_data.args[i] (offset 16+8i) lie: on little-endian
// ABIs the low word is at 16+8i and the high word at 20+8i, on big-endian
// ABIs the reverse. seccomp_data.nr (offset 0) and .arch (offset 4) are
// 32-bit fields in native byte order.
//
// Bits. The size field of libseccomp's arch_def. With ARCH_SIZE_32
// libseccomp compares only the low 32 bits of an argument (db.c,
// _db_rule_gen_32); with ARCH_SIZE_64 both halves. libseccomp declares x32
// (arch-x32.c) and mips64n32 (arch-mips64n32.c) ARCH_SIZE_32 even though
// their registers are 64 bits wide and the kernel passes full 64-bit
// register values in seccomp_data; this package follows libseccomp, so
// Bits is 32 for them, and a lowering that checks only the low word when
// Bits is 32 matches libseccomp's filters. See the note below on what the
// high words contain.
//
// Syscall numbers. The fact file gives MIPS numbers without the ABI base
// and x32 numbers without the x32 bit; seccomp_data.nr carries the full
// value, table number + NrBase, ORed with SyscallBit. The MIPS bases are
// __NR_O32_Linux 4000, __NR_64_Linux 5000 and __NR_N32_Linux 6000
// (arch/mips/include/uapi/asm/unistd.h; libseccomp's __SCMP_NR_BASE in
// arch-mips.c, arch-mips64.c, arch-mips64n32.c).
//
// Tables. Endian twins share a syscall table: mipsel uses mips, mipsel64
// uses mips64, mipsel64n32 uses mips64n32, ppc64le uses ppc64, sheb uses
// sh (libseccomp points both arch_defs at one resolver). That gives 18
// table names.
//
// GOARCH. The names `go tool dist list` shows for linux (386, amd64, arm,
// arm64, loong64, mips, mipsle, mips64, mips64le, ppc64, ppc64le, riscv64,
// s390x). The other ABIs have no Go port; Go's arm port is the
// little-endian EABI, which is what "arm" (AUDIT_ARCH_ARM) means. [Native]
// maps runtime.GOARCH through this field.
//
// Multiplexers. libseccomp sets sys_socketcall and sys_ipc (syscall 102 and
// 117 in each table) in the arch_defs of x86, m68k, mips and mipsel (o32),
// ppc, ppc64 and ppc64le, s390, s390x, sh and sheb, and in no other of the
// 23 (it also does so for sparc, which this package omits). The syscall
// fact file agrees: exactly the tables x86, m68k, mips, ppc, ppc64, s390,
// s390x and sh have numbers for socketcall and ipc; arm (EABI), aarch64,
// loongarch64, riscv64, x86_64, x32, the MIPS 64-bit ABIs and parisc have
// neither. The socketcall codes are the SYS_* constants of
// include/uapi/linux/net.h (socket=1 .. sendmmsg=20); the ipc codes are the
// operation constants of include/uapi/linux/ipc.h (semop=1, semget=2,
// semctl=3, semtimedop=4, msgsnd=11, msgrcv=12, msgget=13, msgctl=14,
// shmat=21, shmdt=22, shmget=23, shmctl=24). libseccomp's pseudo-syscall
// numbers encode the same codes (__PNR_socket=-101 .. __PNR_sendmmsg=-120,
// __PNR_semop=-201 .. __PNR_shmctl=-224), and libseccomp matches a
// multiplexed call with args[0] == code. Two details the lowering must
// decide on: ksys_ipc (ipc/syscall.c) splits its first argument into a
// version (bits 16-31, see IPCCALL in ipc.h) and the operation (bits 0-15),
// so an ipc call with a nonzero version selects the same operation but does
// not equal the code; and on most of these arches some multiplexed calls
// also have a direct syscall (x86 since Linux 4.3 for sockets and 5.1 for
// SysV IPC), so a policy on e.g. "socket" must cover both routes, as
// libseccomp's rule_add does.
//
// Compat. The architectures a host of this arch adds by default are the
// subArchitectures of the archMap in github.com/moby/profiles/seccomp
// v0.3.0 (default.json, generated from DefaultProfile's arches() in
// default_linux.go); the containers/common (Podman) seccomp.json archMap
// is the same except that it omits the empty riscv64 and loongarch64
// entries. Docker applies the entry whose architecture matches the host
// and adds nothing for other hosts (seccomp_linux.go, setupSeccomp):
//
//	x86_64       x86, x32
//	aarch64      arm
//	mips64       mips, mips64n32
//	mips64n32    mips, mips64
//	mipsel64     mipsel, mipsel64n32
//	mipsel64n32  mipsel, mipsel64
//	s390x        s390
//	(all others, including ppc64le, riscv64 and loongarch64: none)
//
// runc and libseccomp add nothing of their own: libseccomp's filter starts
// with the native arch only, and runc adds exactly the spec's
// architectures.
//
// # Names accepted by Lookup
//
// [Lookup] matches exactly and case-sensitively. It accepts the canonical
// name, the OCI name, the GOARCH name, and these aliases: i386, i486, i586,
// i686 (x86); armv6l, armv7l, armv8l, armhf, armel (arm); ppc64el
// (ppc64le); mips64el (mipsel64); powerpc, powerpc64, powerpc64le; the
// reserved GOARCH values mips64p32 (mips64n32) and mips64p32le
// (mipsel64n32), as moby's goToNative maps them; and mips3l64n32
// (mipsel64n32), moby's misspelling in nativeToSeccomp. Moby's own arch
// names for profile includes/excludes ("x86", "amd64", "arm64", "mipsel64",
// ...) are all among these.
//
// # The high 32 bits of seccomp_data.args
//
// populate_seccomp_data (kernel/seccomp.c) copies the six unsigned longs
// that the arch's syscall_get_arguments returns into the __u64 args[6]. So:
//
//   - Native 32-bit kernels (x86 without CONFIG_X86_64, arm, mips o32 on a
//     32-bit kernel, ppc, m68k, sh, parisc): unsigned long is 32 bits and
//     the conversion zero-extends; the high word is always 0.
//   - ia32 tasks on x86_64 (TS_COMPAT): syscall_get_arguments returns
//     regs->bx, cx, dx, si, di, bp unmasked (arch/x86/include/asm/syscall.h),
//     so the high word is whatever the upper half of the 64-bit register
//     holds. 32-bit code normally leaves it 0, but a 64-bit process can
//     issue int $0x80 with arbitrary upper halves and still be treated as
//     an ia32 syscall (seccomp_data.arch = AUDIT_ARCH_I386). The syscall
//     itself ignores them: the ia32 wrappers cast each register to
//     unsigned int (SC_IA32_REGS_TO_ARGS). seccomp(2) documents this caveat.
//   - AArch32 tasks on arm64: arguments are orig_x0 and x1..x5 unmasked
//     (arch/arm64/include/asm/syscall.h). An AArch32 task cannot write the
//     upper halves; the architecture lets an exception from AArch32 either
//     zero them or leave stale values, and arm64 zeroes x0 for compat
//     syscalls, so in practice the high word is 0, but nothing guarantees it.
//   - ppc32 tasks on ppc64 and s390 (31-bit) tasks on s390x: the arch's
//     syscall_get_arguments masks every argument with 0xffffffff, so the
//     high word is 0.
//   - MIPS o32 tasks on a 64-bit kernel: arguments 0-3 are the full 64-bit
//     registers and 4-5 are loaded from the user stack as int; MIPS64
//     32-bit operations sign-extend, so the high word is usually the sign
//     extension of bit 31 (0xffffffff for "negative" values), not 0.
//   - x32 and MIPS n32: 64-bit registers passed unmasked; the high word is
//     meaningful for 64-bit (long long) arguments and may be garbage for
//     32-bit ones.
//
// Hence, for every ABI with Bits == 32 a filter should compare only the
// low word of each argument, which is what libseccomp generates and what
// the syscall implementation itself sees (for compat and native 32-bit
// ABIs). For 64-bit ABIs the same garbage problem exists for arguments
// declared int (the callee ignores the upper half, seccomp sees it); that
// is a per-syscall matter for the policy, not an arch fact.
package arch
