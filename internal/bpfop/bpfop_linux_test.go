package bpfop

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestAgainstUnix checks every constant that golang.org/x/sys/unix also
// defines (generated there from the kernel's headers) against it: an
// independent source for the facts this package names. unix has these
// for Linux only, which is why the packages that build everywhere
// cannot use them directly.
func TestAgainstUnix(t *testing.T) {
	tests := []struct {
		name      string
		got, want uint64
	}{
		{"LD", LD, unix.BPF_LD}, {"LDX", LDX, unix.BPF_LDX}, {"ST", ST, unix.BPF_ST},
		{"STX", STX, unix.BPF_STX}, {"ALU", ALU, unix.BPF_ALU}, {"JMP", JMP, unix.BPF_JMP},
		{"RET", RET, unix.BPF_RET}, {"MISC", MISC, unix.BPF_MISC},
		{"W", W, unix.BPF_W}, {"H", H, unix.BPF_H}, {"B", B, unix.BPF_B},
		{"IMM", IMM, unix.BPF_IMM}, {"ABS", ABS, unix.BPF_ABS}, {"IND", IND, unix.BPF_IND},
		{"MEM", MEM, unix.BPF_MEM}, {"LEN", LEN, unix.BPF_LEN}, {"MSH", MSH, unix.BPF_MSH},
		{"ADD", ADD, unix.BPF_ADD}, {"SUB", SUB, unix.BPF_SUB}, {"MUL", MUL, unix.BPF_MUL},
		{"DIV", DIV, unix.BPF_DIV}, {"OR", OR, unix.BPF_OR}, {"AND", AND, unix.BPF_AND},
		{"LSH", LSH, unix.BPF_LSH}, {"RSH", RSH, unix.BPF_RSH}, {"NEG", NEG, unix.BPF_NEG},
		{"MOD", MOD, unix.BPF_MOD}, {"XOR", XOR, unix.BPF_XOR},
		{"JA", JA, unix.BPF_JA}, {"JEQ", JEQ, unix.BPF_JEQ}, {"JGT", JGT, unix.BPF_JGT},
		{"JGE", JGE, unix.BPF_JGE}, {"JSET", JSET, unix.BPF_JSET},
		{"K", K, unix.BPF_K}, {"X", X, unix.BPF_X}, {"A", A, unix.BPF_A},
		{"TAX", TAX, unix.BPF_TAX}, {"TXA", TXA, unix.BPF_TXA},
		{"MaxInsns", MaxInsns, unix.BPF_MAXINSNS}, {"MemWords", MemWords, unix.BPF_MEMWORDS},
		{"RetKillProcess", RetKillProcess, unix.SECCOMP_RET_KILL_PROCESS},
		{"RetKillThread", RetKillThread, unix.SECCOMP_RET_KILL_THREAD},
		{"RetTrap", RetTrap, unix.SECCOMP_RET_TRAP},
		{"RetErrno", RetErrno, unix.SECCOMP_RET_ERRNO},
		{"RetUserNotif", RetUserNotif, unix.SECCOMP_RET_USER_NOTIF},
		{"RetTrace", RetTrace, unix.SECCOMP_RET_TRACE},
		{"RetLog", RetLog, unix.SECCOMP_RET_LOG},
		{"RetAllow", RetAllow, unix.SECCOMP_RET_ALLOW},
		{"RetActionFull", RetActionFull, unix.SECCOMP_RET_ACTION_FULL},
		{"RetData", RetData, unix.SECCOMP_RET_DATA},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %#x, unix says %#x", tt.name, tt.got, tt.want)
		}
	}
}
