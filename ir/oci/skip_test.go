package oci

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/testdiff"
	"github.com/seccompc/seccompc/ir"
)

// randomRepeats returns a random OCI profile of n rules on a few
// syscalls (socket goes through x86's socketcall), many of them without
// conditions and with one action (or all with conditions), so that a syscall's rules pass
// maxRefusalReplay with rules that libseccompOrder drops.
func randomRepeats(rnd *rand.Rand, n int) string {
	names := []string{"personality", "socket", "read"}
	acts := []string{"ALLOW", "ALLOW", "ALLOW", "ALLOW", "TRAP", "LOG", "ERRNO", "KILL_PROCESS"}
	ops := []string{"SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_MASKED_EQ"}
	// One profile in four has only conditional rules of one action:
	// libseccompOrder keeps them all.
	conditional := rnd.Intn(4) == 0
	var b strings.Builder
	b.WriteString(`{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86"],"syscalls":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		list := []string{names[max(0, rnd.Intn(2*len(names))-len(names))]} // mostly the first
		if rnd.Intn(20) == 0 {
			list = append(list, names[rnd.Intn(len(names))])
		}
		act := acts[rnd.Intn(len(acts))]
		if rnd.Intn(3) != 0 || conditional {
			act = acts[0] // mostly one action
		}
		fmt.Fprintf(&b, `{"names":["%s"],"action":"SCMP_ACT_%s"`, strings.Join(list, `","`), act)
		if act == "ERRNO" {
			fmt.Fprintf(&b, `,"errnoRet":%d`, 1+rnd.Intn(3)) // 1 is the default's EPERM
		}
		if rnd.Intn(2) == 0 || conditional {
			b.WriteString(`,"args":[`)
			for k := range 1 + rnd.Intn(2) {
				if k > 0 {
					b.WriteByte(',')
				}
				v := rnd.Intn(4)
				if conditional {
					v = 1 + rnd.Intn(3) // no mask 0, which libseccomp omits
				}
				fmt.Fprintf(&b, `{"index":%d,"value":%d,"valueTwo":%d,"op":%q}`, rnd.Intn(2), v, rnd.Intn(4), ops[rnd.Intn(len(ops))])
			}
			b.WriteByte(']')
		}
		b.WriteByte('}')
	}
	b.WriteString(`]}`)
	return b.String()
}

// TestSkipChangesNothing checks that the rules expand leaves out
// (ruleGroups.skip) change nothing: on random profiles whose syscalls
// have more than maxRefusalReplay rules, the translation with and
// without skipping gives the same rules, positions, warnings and
// errors, and the same decision (ir's semantics, Decide) for every
// syscall number of both architectures and arguments from the values
// the rules compare with.
func TestSkipChangesNothing(t *testing.T) {
	defer func() { skipRepeats = true }()
	rnd := rand.New(rand.NewSource(1))
	vals := []uint64{0, 1, 2, 3, 4, 1 << 32}
	total := 0
	for iter := range 40 {
		data := []byte(randomRepeats(rnd, maxRefusalReplay-20+rnd.Intn(700)))
		for _, opts := range []Options{{Target: "x86_64"}, {Target: "x86", RefuseAsRunc: true}} {
			skipRepeats = true
			p1, ws1, err1 := Parse(data, opts)
			skipRepeats = false
			p2, ws2, err2 := Parse(data, opts)
			skipRepeats = true
			if fmt.Sprint(err1) != fmt.Sprint(err2) {
				t.Fatalf("profile %d, %+v: error %v, without skipping %v", iter, opts, err1, err2)
			}
			if err1 != nil {
				continue
			}
			if d := testdiff.Diff(ws2, ws1); d != "" {
				t.Fatalf("profile %d, %+v: warnings differ (-without skipping +with):\n%s", iter, opts, d)
			}
			if d := testdiff.Diff(p2, p1); d != "" {
				t.Fatalf("profile %d, %+v: policies differ (-without skipping +with):\n%s", iter, opts, d)
			}
			total += skipped(t, data, opts)
			r1, _, err := ir.Resolve(p1, opts.Target)
			if err != nil {
				t.Fatal(err)
			}
			r2, _, err := ir.Resolve(p2, opts.Target)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range p1.Arches {
				info, err := arch.Lookup(name)
				if err != nil {
					t.Fatal(err)
				}
				for nr := uint32(0); nr < 460; nr++ {
					for range 4 {
						d := ir.Data{Arch: info.Audit, Nr: nr | info.SyscallBit}
						for k := range d.Args {
							d.Args[k] = vals[rnd.Intn(len(vals))]
						}
						a, b := r1.Decide(d), r2.Decide(d)
						if a.Action != b.Action || a.Reason != b.Reason || a.Entry != b.Entry || (a.Arch == nil) != (b.Arch == nil) {
							t.Fatalf("profile %d, %+v, %s nr %d args %v: %v, without skipping %v", iter, opts, name, nr, d.Args, a, b)
						}
					}
				}
			}
		}
	}
	// The profiles must have had rules to leave out.
	t.Logf("%d rules left out", total)
	if total < 1000 {
		t.Errorf("only %d rules left out in all: the test does not exercise skip", total)
	}
}

// skipped returns the number of rules expand leaves out of data.
func skipped(t *testing.T, data []byte, opts Options) int {
	t.Helper()
	s := new(specs.LinuxSeccomp)
	if err := json.Unmarshal(data, s); err != nil {
		t.Fatal(err)
	}
	c := &converter{opts: opts}
	p, err := c.header(s)
	if err != nil {
		t.Fatal(err)
	}
	sys, err := c.expand(p, pointers(s.Syscalls))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, k := range sys.skipped {
		n += int(k)
	}
	return n
}
