package semdiff_test

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
	"github.com/seccompc/seccompc/verify/semdiff"
)

// policyA and policyB (testdata/diff/a.policy and b.policy) differ in
// one denied syscall (write), in argument conditions (personality,
// kill, ioctl, mmap, getpid) and in the baseline (none against 5.10).
var policyA, policyB = readPolicy("a.policy"), readPolicy("b.policy")

func readPolicy(name string) string {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "diff", name))
	if err != nil {
		panic(err)
	}
	return string(data)
}

// compiled is a profile compiled for a target: its meaning and program.
type compiled struct {
	r    *ir.Resolved
	prog []bpf.RawInstruction
}

func compile(t *testing.T, data []byte, name, target string) *compiled {
	t.Helper()
	p, _, _, err := profile.Load(data, profile.Options{Filename: name, Target: target})
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := ir.Resolve(p, target)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := lower.Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	return &compiled{r, prog.Insns}
}

func compileFile(t *testing.T, path, target string) *compiled {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return compile(t, data, path, target)
}

// checkAgainstPolicies checks every change with the reference semantics
// of both policies (ir.Resolved.Decide) and the interpreter: the
// example, and the last and middle numbers of a run, get the reported
// verdicts from A and from B.
func checkAgainstPolicies(t *testing.T, cs []semdiff.Change, a, b *compiled) {
	t.Helper()
	big := a.r.Target.BigEndian
	for _, c := range cs {
		d := c.Example
		nrs := []uint32{d.Nr}
		if !c.Section.Other {
			if d.Arch != c.Section.Audit || d.Nr != c.Lo {
				t.Errorf("%+v: the example is not the first input of the change", c)
			}
			nrs = append(nrs, c.Hi, c.Lo+(c.Hi-c.Lo)/2)
		}
		for _, nr := range nrs {
			d.Nr = nr
			da := a.r.Decide(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args}).Action.Ret()
			db := b.r.Decide(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args}).Action.Ret()
			ra, errA := verify.Run(a.prog, &d, big)
			rb, errB := verify.Run(b.prog, &d, big)
			if errA != nil || errB != nil || da != c.From || db != c.To || ra != da || rb != db {
				t.Errorf("%s nr %d args %#x: reported %#x -> %#x; policies say %#x -> %#x, filters %#x -> %#x (%v %v)",
					c.Section.Name, nr, d.Args, c.From, c.To, da, db, ra, rb, errA, errB)
			}
		}
	}
}

// checkComplete checks that every input on which the policies differ,
// among numbers 0 to 1023 (and a few large ones) of each of the
// target's audit values and a sample of argument vectors, falls in a
// reported change with the same verdicts.
func checkComplete(t *testing.T, cs []semdiff.Change, a, b *compiled, argSets [][6]uint64) {
	t.Helper()
	covered := func(audit, nr, from, to uint32) bool {
		for _, c := range cs {
			if !c.Section.Other && c.Section.Audit == audit && c.Lo <= nr && nr <= c.Hi && c.From == from && c.To == to {
				return true
			}
		}
		return false
	}
	var audits []uint32
	for _, ap := range a.r.Arches {
		if !slices.Contains(audits, ap.Arch.Audit) {
			audits = append(audits, ap.Arch.Audit)
		}
	}
	var nrs []uint32
	for nr := uint32(0); nr < 1024; nr++ {
		nrs = append(nrs, nr)
	}
	nrs = append(nrs, 4000, 4183, 5040, 6040, 0x3fffffff, 0x40000000, 0x40000029, 0xfffffffe, 0xffffffff)
	missed := 0
	for _, audit := range audits {
		for _, nr := range nrs {
			for _, args := range argSets {
				d := ir.Data{Arch: audit, Nr: nr, Args: args}
				da, db := a.r.Decide(d).Action.Ret(), b.r.Decide(d).Action.Ret()
				if da != db && !covered(audit, nr, da, db) {
					if missed++; missed < 10 {
						t.Errorf("audit %#x nr %d args %#x: policies differ (%#x -> %#x), Filters does not say so", audit, nr, args, da, db)
					}
				}
			}
		}
	}
}

// TestFiltersChanges checks the changes between two policies against
// both policies' meaning, and that they cover every sampled input on
// which the policies differ; on x86_64, also the changes worked out
// from the two policies by hand (besides the baseline's).
func TestFiltersChanges(t *testing.T) {
	type line struct {
		syscall  string
		from, to uint32
		region   string
	}
	errno1, kill := ir.Errno(1).Ret(), ir.KillProcess.Ret()
	allow := ir.Allow.Ret()
	want := []line{
		{"write", allow, kill, "any arguments"},
		{"mmap", errno1, allow, "a2 >= 0x100000000"},
		{"ioctl", allow, errno1, "a1 == 0x5412"},
		{"getpid", allow, errno1, "a0 == 1 && a1 == 2"},
		{"getpid", allow, errno1, "a0 == 3 && a1 == 4"},
		{"kill", allow, errno1, "a1 > 9"},
		{"personality", errno1, allow, "a0 == 8"},
		{"personality", allow, errno1, "a0 == 40"},
	}
	argSets := [][6]uint64{{}, {8}, {40}, {40 | 1<<32}, {0, 9}, {0, 10}, {0, 9 | 1<<32}, {0, 0x5412}, {0, 0x5400},
		{0, 0x15412}, {1, 2}, {3, 4}, {1, 4}, {3, 2}, {0, 0, 7}, {0, 0, 8}, {0, 0, 1 << 32}, {math.MaxUint64, math.MaxUint64, math.MaxUint64}}
	for _, target := range []string{"x86_64", "s390x", "arm"} {
		t.Run(target, func(t *testing.T) {
			a := compile(t, []byte(policyA), "a.policy", target)
			b := compile(t, []byte(policyB), "b.policy", target)
			cs, err := semdiff.Filters(a.prog, b.prog, a.r.Target.BigEndian)
			if err != nil || len(cs) == 0 {
				t.Fatalf("Filters: %d changes, %v", len(cs), err)
			}
			checkAgainstPolicies(t, cs, a, b)
			checkComplete(t, cs, a, b, argSets)
			if target != "x86_64" {
				return
			}
			var got []line
			for _, c := range cs {
				if c.Section.Name == "x86_64" && c.To != ir.Errno(38).Ret() {
					got = append(got, line{c.Syscall, c.From, c.To, c.Region})
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("x86_64 changes besides the baseline's:\n%+v\nwant:\n%+v", got, want)
			}
		})
	}
}

// TestFiltersEquivalent checks that equal and equivalent filters have
// no changes: a profile with itself, and with a program padded with an
// unreachable instruction.
func TestFiltersEquivalent(t *testing.T) {
	for _, target := range []string{"x86_64", "aarch64", "s390x"} {
		a := compileFile(t, filepath.Join("..", "..", "testdata", "profiles", "moby-default.json"), target)
		padded := append(slices.Clone(a.prog), bpf.RawInstruction{Op: 0x06, K: ir.RetAllow})
		for _, b := range [][]bpf.RawInstruction{a.prog, padded} {
			if cs, err := semdiff.Filters(a.prog, b, a.r.Target.BigEndian); err != nil || len(cs) != 0 {
				t.Errorf("%s: %d changes, %v", target, len(cs), err)
			}
		}
	}
}

// TestFiltersBadArch changes the action for architectures the filter
// does not take: the x32 numbers of x86_64's audit value change as one
// section, and other audit values as one region of other inputs.
func TestFiltersBadArch(t *testing.T) {
	a := compile(t, []byte(policyA), "a.policy", "x86_64")
	b := compile(t, []byte(policyA+"badarch errno(5)\n"), "b.policy", "x86_64")
	cs, err := semdiff.Filters(a.prog, b.prog, false)
	if err != nil || len(cs) != 2 {
		t.Fatalf("Filters: %+v, %v", cs, err)
	}
	if s := cs[0].Section; s.Name != "x32" || !cs[0].Whole || cs[0].Lo != 0x40000000 || cs[0].Hi != 0xfffffffe || cs[0].Region != "any arguments" {
		t.Errorf("first change %+v", cs[0])
	}
	if !cs[1].Section.Other || cs[1].Region != "arch != 0xc000003e" {
		t.Errorf("second change %+v", cs[1])
	}
	checkAgainstPolicies(t, cs, a, b)
}

// TestFiltersRelease compares two releases of Docker's default profile,
// moby/profiles/seccomp v0.2.4 and v0.3.0, on x86_64. v0.3.0 replaced
// "socket if a0 < 38 or a0 == 39 ..." by a list of allowed address
// families, so some families are now refused, on each ABI.
func TestFiltersRelease(t *testing.T) {
	a := compileFile(t, filepath.Join("..", "..", "testdata", "diff", "moby-default-v0.2.4.json"), "x86_64")
	b := compileFile(t, filepath.Join("..", "..", "testdata", "profiles", "moby-default.json"), "x86_64")
	cs, err := semdiff.Filters(a.prog, b.prog, false)
	if err != nil {
		t.Fatal(err)
	}
	var sections []string
	for _, c := range cs {
		if c.Syscall != "socket" || c.From != ir.Allow.Ret() || c.To != ir.Errno(1).Ret() {
			t.Errorf("unexpected change %+v", c)
		}
		if !slices.Contains(sections, c.Section.Name) {
			sections = append(sections, c.Section.Name)
		}
	}
	if want := []string{"x86", "x86_64", "x32"}; !slices.Equal(sections, want) {
		t.Errorf("sections %q, want %q", sections, want)
	}
	checkAgainstPolicies(t, cs, a, b)
	var families [][6]uint64
	for af := uint64(0); af < 50; af++ {
		families = append(families, [6]uint64{af, 1})
	}
	families = append(families, [6]uint64{1 << 32}, [6]uint64{math.MaxUint64})
	checkComplete(t, cs, a, b, families)
}
