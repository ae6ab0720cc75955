// Package scalegen generates the large profiles the scaling benchmarks
// measure (issue 14): argument allowlists with many values, rules with
// random masked tests, value sets, and huge JSON profiles. Every
// generator is deterministic: the same arguments give the same bytes.
package scalegen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

// preamble is the common head of the generated .policy files: a
// denying default, one architecture, and a few unconditional rules so
// that the filter has a syscall-number search around the rule under
// test.
const preamble = "default errno(1)\narch x86_64\nallow read, write, close, exit_group\n"

// IoctlAllowlist returns a policy that allows ioctl for n distinct
// request numbers, one rule "allow ioctl if a1 == V" each, as sandboxes
// write their ioctl allowlists. The values are random 32-bit numbers.
func IoctlAllowlist(n int) []byte {
	var b bytes.Buffer
	b.WriteString(preamble)
	rng := rand.New(rand.NewPCG(14, uint64(n)))
	seen := map[uint32]bool{}
	for len(seen) < n {
		v := rng.Uint32()
		if seen[v] {
			continue
		}
		seen[v] = true
		fmt.Fprintf(&b, "allow ioctl if a1 == %#x\n", v)
	}
	return b.Bytes()
}

// maskedActions are the actions of MaskedRules, so that the rules
// compete by precedence.
var maskedActions = []string{"allow", "errno(1)", "errno(13)", "trap", "log", "kill_process", "trace(7)"}

// maskedSyscalls are the syscalls MaskedRules gives rules to, eight
// rules each.
var maskedSyscalls = []string{"prctl", "fcntl", "ioctl", "setsockopt", "mmap", "mprotect", "madvise", "socket"}

// MaskedRules returns a policy of n rules, eight on each syscall of a
// fixed list (up to 64 rules), each with an action drawn from a fixed
// list and the conjunction of three tests "(aI & M) == V" on random
// arguments with random 64-bit masks and values inside them. seed picks
// the random stream, so two seeds give two unrelated profiles of the
// same shape.
func MaskedRules(n int, seed uint64) []byte {
	if n > 8*len(maskedSyscalls) {
		panic(fmt.Sprintf("scalegen: MaskedRules(%d): at most %d rules", n, 8*len(maskedSyscalls)))
	}
	var b bytes.Buffer
	b.WriteString(preamble)
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	for i := range n {
		act := maskedActions[rng.IntN(len(maskedActions))]
		var tests []string
		for range 3 {
			m := rng.Uint64()
			v := rng.Uint64() & m
			tests = append(tests, fmt.Sprintf("(a%d & %#x) == %#x", rng.IntN(6), m, v))
		}
		fmt.Fprintf(&b, "%s %s if %s\n", act, maskedSyscalls[i/8], strings.Join(tests, " && "))
	}
	return b.Bytes()
}

// ValueSet returns a policy with one rule "allow socket if a0 in {...}"
// over n distinct values, written one by one in random order. The
// values come in runs of 16 consecutive numbers from random 32-bit
// starts, as recorders write the values they saw, so the set is n/16
// intervals.
func ValueSet(n int) []byte {
	vals := setValues(n)
	var b bytes.Buffer
	b.WriteString(preamble)
	b.WriteString("allow socket if a0 in {")
	for i, v := range vals {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "%#x", v)
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// setValues returns ValueSet's n values, in its order.
func setValues(n int) []uint64 {
	const run = 16
	rng := rand.New(rand.NewPCG(15, uint64(n)))
	var vals []uint64
	seen := map[uint64]bool{}
	for len(vals) < n {
		start := uint64(rng.Uint32()) &^ (run - 1)
		if seen[start] {
			continue
		}
		seen[start] = true
		for v := start; v < start+run && len(vals) < n; v++ {
			vals = append(vals, v)
		}
	}
	rng.Shuffle(len(vals), func(i, j int) { vals[i], vals[j] = vals[j], vals[i] })
	return vals
}

// ValueSetRules returns an OCI profile (a LinuxSeccomp object) with
// ValueSet's n values as n rules on socket, "args": [{"index": 0,
// "value": V, "op": "SCMP_CMP_EQ"}] each, as a generator of JSON
// profiles writes an allowlist. With mixed, every other rule's action
// is SCMP_ACT_ERRNO instead of SCMP_ACT_ALLOW (an allowlist and a
// denylist of one argument in one profile).
func ValueSetRules(n int, mixed bool) []byte {
	var b bytes.Buffer
	b.WriteString(`{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [`)
	b.WriteString(`{"names": ["read", "write", "close", "exit_group"], "action": "SCMP_ACT_ALLOW"}`)
	for i, v := range setValues(n) {
		act := "SCMP_ACT_ALLOW"
		if mixed && i%2 == 1 {
			act = "SCMP_ACT_ERRNO"
		}
		fmt.Fprintf(&b, ",\n{\"names\": [\"socket\"], \"action\": \"%s\", \"args\": [{\"index\": 0, \"value\": %d, \"op\": \"SCMP_CMP_EQ\"}]}", act, v)
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

// repeatedNames are the names RepeatedNames cycles through.
var repeatedNames = []string{"read", "write", "openat", "close", "fstat", "mmap", "futex", "epoll_wait"}

// RepeatedNames returns a Docker (moby) profile of about size bytes:
// one rule whose names list repeats a few syscall names until the
// profile reaches size, as a careless generator might write it.
func RepeatedNames(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 128)
	b.WriteString(`{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}], "syscalls": [{"names": [`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('"')
		b.WriteString(repeatedNames[i%len(repeatedNames)])
		b.WriteByte('"')
	}
	b.WriteString(`], "action": "SCMP_ACT_ALLOW"}]}`)
	b.WriteByte('\n')
	return b.Bytes()
}

// OneNameRules returns a Docker (moby) profile of about size bytes:
// one rule per entry, each naming one syscall (cycling through a few
// names) with the same action, as a syscall recorder might write it.
// Unlike RepeatedNames, every entry is a rule of its own.
func OneNameRules(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 128)
	b.WriteString(`{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}], "syscalls": [`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"names": ["`)
		b.WriteString(repeatedNames[i%len(repeatedNames)])
		b.WriteString(`"], "action": "SCMP_ACT_ALLOW"}`)
	}
	b.WriteString("]}\n")
	return b.Bytes()
}
