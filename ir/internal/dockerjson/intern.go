package dockerjson

import "github.com/seccompc/seccompc/internal/sysid"

// otherName returns b as a string for a syscall name that names.Static
// does not find: the generated string of another table's syscall (no
// allocation), or a copy.
func otherName(b []byte) string {
	if id, ok := sysid.Lookup(b); ok {
		return sysid.Name(id)
	}
	return string(b)
}

// intern returns the string of interned equal to b, which then costs no
// allocation.
func intern(b []byte) (string, bool) {
	if len(b) < 2 {
		return "", false // none that short
	}
	for h := internHash(b); internIndex[h] != 0; h++ {
		if s := interned[internIndex[h]-1]; s == string(b) {
			return s, true
		}
	}
	return "", false
}

// internHash hashes a string of at least two bytes for internIndex.
func internHash(b []byte) uint8 {
	n := len(b)
	return uint8(n*0x2f ^ int(b[n-1])*0x1d ^ int(b[n/2])*0x0b ^ int(b[n-2])*0x61)
}

// internIndex is interned's open-addressing hash index (internHash,
// linear probing; 256 slots, so that a uint8 wraps): 1 + the index of
// a string, 0 for an empty slot.
var internIndex = func() (index [256]uint8) {
	for i, s := range interned {
		h := internHash([]byte(s))
		for index[h] != 0 {
			h++
		}
		index[h] = uint8(i + 1)
	}
	return index
}()

// interned are the strings other than syscall names that profiles
// repeat: actions, operators, architectures (SCMP_ARCH_* for
// architectures and archMap, the GOARCH and other names of Docker's
// arches filters), Linux's capabilities (caps filters); by length.
var interned = [...]string{
	"sh",
	"386", "arm", "ppc", "x32", "x86",
	"m68k", "mips", "s390", "sheb",
	"amd64", "arm64", "ppc64", "s390x",
	"mips64", "mipsel", "mipsle", "parisc", "x86_64",
	"CAP_BPF", "aarch64", "loong64", "ppc64le", "riscv64",
	"CAP_KILL", "mips64le", "mipsel64", "parisc64",
	"CAP_CHOWN", "CAP_LEASE", "CAP_MKNOD", "mips64n32",
	"CAP_FOWNER", "CAP_FSETID", "CAP_SETGID", "CAP_SETUID", "CAP_SYSLOG",
	"CAP_NET_RAW", "CAP_PERFMON", "CAP_SETFCAP", "CAP_SETPCAP", "SCMP_CMP_EQ", "SCMP_CMP_GE",
	"SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_NE", "loongarch64", "mipsel64n32",
	"CAP_IPC_LOCK", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_TIME", "SCMP_ACT_LOG", "SCMP_ARCH_SH",
	"CAP_IPC_OWNER", "CAP_MAC_ADMIN", "CAP_NET_ADMIN", "CAP_SYS_ADMIN", "CAP_SYS_PACCT",
	"CAP_SYS_RAWIO", "SCMP_ACT_KILL", "SCMP_ACT_TRAP", "SCMP_ARCH_ARM", "SCMP_ARCH_PPC",
	"SCMP_ARCH_X32", "SCMP_ARCH_X86",
	"CAP_AUDIT_READ", "CAP_SYS_CHROOT", "CAP_SYS_MODULE", "CAP_SYS_PTRACE", "CAP_WAKE_ALARM",
	"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ARCH_M68K", "SCMP_ARCH_MIPS",
	"SCMP_ARCH_S390", "SCMP_ARCH_SHEB",
	"CAP_AUDIT_WRITE", "SCMP_ACT_NOTIFY", "SCMP_ARCH_PPC64", "SCMP_ARCH_S390X",
	"CAP_DAC_OVERRIDE", "CAP_MAC_OVERRIDE", "CAP_SYS_RESOURCE", "SCMP_ARCH_MIPS64",
	"SCMP_ARCH_MIPSEL", "SCMP_ARCH_PARISC", "SCMP_ARCH_X86_64",
	"CAP_AUDIT_CONTROL", "CAP_BLOCK_SUSPEND", "CAP_NET_BROADCAST", "SCMP_ARCH_AARCH64",
	"SCMP_ARCH_PPC64LE", "SCMP_ARCH_RISCV64",
	"CAP_SYS_TTY_CONFIG", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_PARISC64", "SCMP_CMP_MASKED_EQ",
	"CAP_DAC_READ_SEARCH", "CAP_LINUX_IMMUTABLE", "SCMP_ARCH_MIPS64N32",
	"CAP_NET_BIND_SERVICE", "SCMP_ACT_KILL_THREAD",
	"SCMP_ACT_KILL_PROCESS", "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_MIPSEL64N32",
	"CAP_CHECKPOINT_RESTORE",
}
