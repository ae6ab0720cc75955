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

// ociHead is the head of the generated OCI profiles (LinuxSeccomp
// objects), up to the opening of the syscalls list.
const ociHead = `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], "syscalls": [`

// dockerHead is the head of the generated Docker profiles, up to the
// opening of the syscalls list.
const dockerHead = `{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}], "syscalls": [`

// entries writes head, then rule(i) for i = 0, 1, ... separated by
// ",\n" until the profile reaches size bytes, then tail.
func entries(size int, head, tail string, rule func(b *bytes.Buffer, i int)) []byte {
	var b bytes.Buffer
	b.Grow(size + 256)
	b.WriteString(head)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		rule(&b, i)
	}
	b.WriteString(tail)
	return b.Bytes()
}

// OneNameRulesOCI is [OneNameRules] as an OCI profile (a LinuxSeccomp
// object).
func OneNameRulesOCI(size int) []byte {
	return entries(size, ociHead, "]}\n", func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, `{"names": ["%s"], "action": "SCMP_ACT_ALLOW"}`, repeatedNames[i%len(repeatedNames)])
	})
}

// argSyscalls are the syscalls ArgRules gives rules to.
var argSyscalls = []string{"ioctl", "fcntl", "prctl", "setsockopt", "socket", "mmap", "mprotect", "madvise"}

// ArgRules returns an OCI profile of about size bytes whose rules each
// test all six arguments for equality with values drawn from a small
// range, cycling through a few syscalls: a recorder's output of many
// conditioned rules, some of them repeated.
func ArgRules(size int) []byte {
	rng := rand.New(rand.NewPCG(16, uint64(size)))
	return entries(size, ociHead, "]}\n", func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, `{"names": ["%s"], "action": "SCMP_ACT_ALLOW", "args": [`, argSyscalls[i%len(argSyscalls)])
		for a := range 6 {
			if a > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, `{"index": %d, "value": %d, "op": "SCMP_CMP_EQ"}`, a, rng.IntN(4))
		}
		b.WriteString("]}")
	})
}

// LongArgs returns an OCI profile of about size bytes with one rule
// whose args list is long: "a0 != V" for distinct values V, which
// libseccomp joins with "and" (a denylist of values written as one
// rule).
func LongArgs(size int) []byte {
	return entries(size, ociHead+`{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [`, "]}]}\n", func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, `{"index": 0, "value": %d, "op": "SCMP_CMP_NE"}`, 3*i+1)
	})
}

// capNames are the capabilities DockerConditions lists.
var capNames = []string{"CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_NET_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_MODULE", "CAP_SYSLOG", "CAP_BPF", "CAP_PERFMON"}

// DockerConditions returns a Docker profile of about size bytes whose
// rules have includes and excludes (capabilities, architectures, a
// minimum kernel), as Docker's default profile has, many times over.
func DockerConditions(size int) []byte {
	return entries(size, dockerHead, "]}\n", func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, `{"names": ["%s", "%s"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["%s", "%s"], "arches": ["amd64", "x32"], "minKernel": "4.%d"}, "excludes": {"caps": ["%s"], "arches": ["s390x"]}}`,
			repeatedNames[i%len(repeatedNames)], maskedSyscalls[i%len(maskedSyscalls)],
			capNames[i%len(capNames)], capNames[(i+3)%len(capNames)], i%20, capNames[(i+5)%len(capNames)])
	})
}

// PolicyRules returns a policy of about size bytes of one rule a line,
// "allow NAME if a0 == V" with V below 64 on a few syscalls: 512
// distinct rules, each written many times.
func PolicyRules(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 64)
	b.WriteString(preamble)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "allow %s if a0 == %d\n", argSyscalls[i%len(argSyscalls)], (i/len(argSyscalls))%64)
	}
	return b.Bytes()
}

// PolicyValueSet is [ValueSet] of about size bytes.
func PolicyValueSet(size int) []byte { return ValueSet(size / 12) }

// WideJSON returns a Docker profile of about size bytes: Docker's
// shape of one rule, and an unknown key holding an object of many keys
// and a deep array (nested 5000 deep, under encoding/json's limit),
// which readers must skip.
func WideJSON(size int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}], "deep": `)
	b.WriteString(strings.Repeat("[", 5000) + strings.Repeat("]", 5000))
	b.WriteString(`, "wide": {`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `"k%d": [%d, "v"]`, i, i)
	}
	b.WriteString("}}\n")
	return b.Bytes()
}

// LongNames returns a Docker profile of about size bytes whose rules
// name syscalls with long names that no architecture defines (4 KiB
// each, all distinct), next to a real one.
func LongNames(size int) []byte {
	pad := strings.Repeat("x", 4<<10)
	return entries(size, dockerHead, "]}\n", func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, `{"names": ["read", "n%d%s"], "action": "SCMP_ACT_ALLOW"}`, i, pad)
	})
}

// InvalidAtEnd returns a Docker profile of about size bytes of one-name
// rules (as OneNameRules) that gives its syscalls key again, at the
// end, a number: valid JSON, refused at its last value, so that every
// reader reads all of it before it can word the error.
func InvalidAtEnd(size int) []byte {
	return entries(size, dockerHead, "], \"syscalls\": 5}\n", func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, `{"names": ["%s"], "action": "SCMP_ACT_ALLOW"}`, repeatedNames[i%len(repeatedNames)])
	})
}
