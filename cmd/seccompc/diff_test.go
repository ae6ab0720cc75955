package main

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/verify"
)

// diffPolicyA and diffPolicyB differ in one denied syscall (write), in
// argument conditions (personality, kill, ioctl, mmap, getpid) and in the
// baseline (none against 5.10).
const diffPolicyA = `default errno(1)
arch x86_64
baseline none
allow read, write, close, exit_group
allow personality if a0 == 40
allow kill if a1 != 9
allow ioctl if (a1 & 0xff00) == 0x5400
allow mmap if a2 <= 7
allow getpid if (a0 == 1 && a1 == 2) || (a0 == 3 && a1 == 4)
`

const diffPolicyB = `default errno(1)
arch x86_64
baseline 5.10
allow read, close, exit_group
kill_process write
allow personality if a0 == 8
allow kill if a1 < 9
allow ioctl if (a1 & 0xff00) == 0x5400 && a1 != 0x5412
allow mmap if a2 <= 7 || a2 > 0xffffffff
`

func writeTemp(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// compileFile compiles a profile file for target, as diff does.
func compileFile(t *testing.T, path, target string) *compiled {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	base := ""
	c, err := compileBytes(data, path, &compileFlags{target: &target, baseline: &base})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func decodeDiffJSON(t *testing.T, out string) []diffJSON {
	t.Helper()
	var js []diffJSON
	if err := json.Unmarshal([]byte(out), &js); err != nil {
		t.Fatalf("diff json: %v\n%s", err, out)
	}
	return js
}

// checkAgainstPolicies checks every reported change with the reference
// semantics of both policies (ir.Resolved.Decide) and the interpreter:
// the example, and the last and middle numbers of a run, get the
// reported verdicts from A and from B.
func checkAgainstPolicies(t *testing.T, js []diffJSON, a, b *compiled) {
	t.Helper()
	big := a.resolved.Target.BigEndian
	for _, j := range js {
		if j.Audit == nil {
			t.Errorf("%+v: a change outside every arch section", j)
			continue
		}
		nrs := []uint32{j.Nr}
		if j.NrLast != nil {
			nrs = append(nrs, *j.NrLast, j.Nr+(*j.NrLast-j.Nr)/2)
		}
		for _, nr := range nrs {
			d := verify.SeccompData{Nr: nr, Arch: *j.Audit, Args: j.Example}
			da := a.resolved.Decide(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args}).Action.Ret()
			db := b.resolved.Decide(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args}).Action.Ret()
			ra, errA := verify.Run(a.prog.Insns, &d, big)
			rb, errB := verify.Run(b.prog.Insns, &d, big)
			if errA != nil || errB != nil || da != j.FromRet || db != j.ToRet || ra != da || rb != db {
				t.Errorf("%s nr %d args %#x: reported %s -> %s (%#x -> %#x); policies say %#x -> %#x, filters %#x -> %#x (%v %v)",
					j.Arch, nr, d.Args, j.From, j.To, j.FromRet, j.ToRet, da, db, ra, rb, errA, errB)
			}
		}
	}
}

// checkComplete checks that every input on which the policies differ,
// among numbers 0 to 1023 (and a few large ones) of each of the
// target's audit values and a sample of argument vectors, falls in a
// reported change with the same verdicts.
func checkComplete(t *testing.T, js []diffJSON, a, b *compiled, argSets [][6]uint64) {
	t.Helper()
	covered := func(audit, nr, from, to uint32) bool {
		for _, j := range js {
			last := j.Nr
			if j.NrLast != nil {
				last = *j.NrLast
			}
			if j.Audit != nil && *j.Audit == audit && j.Nr <= nr && nr <= last && j.FromRet == from && j.ToRet == to {
				return true
			}
		}
		return false
	}
	var audits []uint32
	for _, ap := range a.resolved.Arches {
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
				da, db := a.resolved.Decide(d).Action.Ret(), b.resolved.Decide(d).Action.Ret()
				if da != db && !covered(audit, nr, da, db) {
					if missed++; missed < 10 {
						t.Errorf("audit %#x nr %d args %#x: policies differ (%#x -> %#x), diff does not say so", audit, nr, args, da, db)
					}
				}
			}
		}
	}
}

func TestDiffEquivalent(t *testing.T) {
	dir := t.TempDir()
	policy := writeTemp(t, dir, "p.policy", `default errno(1)
arch x86_64
allow read, write
allow personality if a0 == 40
errno(38) clone3
allow ioctl if (a1 & 0xff00) == 0x5400
`)
	oci := writeTemp(t, dir, "p.json", `{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
 "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [
  {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
  {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}]},
  {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
  {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 65280, "valueTwo": 21504, "op": "SCMP_CMP_MASKED_EQ"}]}
 ]}`)
	raw := filepath.Join(dir, "p.bpf")
	if _, errs, code := runCLI(t, "", "compile", "--target", "s390x", "--format", "raw", "-o", raw, policy); code != 0 {
		t.Fatalf("compile: %s", errs)
	}
	docker := filepath.Join("..", "..", "testdata", "profiles", "moby-default.json")
	for _, tc := range []struct {
		name   string
		target string
		a, b   string
	}{
		{"docker-itself", "x86_64", docker, docker},
		{"docker-itself-aarch64", "aarch64", docker, docker},
		{"policy-oci", "x86_64", policy, oci},
		{"oci-policy-s390x", "s390x", oci, policy},
		{"raw-policy", "s390x", raw, policy},
		{"oci-raw", "s390x", oci, raw},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, format := range []string{"text", "json"} {
				out, errs, code := runCLI(t, "", "diff", "--target", tc.target, "--format", format, tc.a, tc.b)
				want := ""
				if format == "json" {
					want = "[]\n"
				}
				if code != 0 || out != want {
					t.Errorf("%s: exit %d, stdout %q, want 0 and %q; stderr:\n%s", format, code, out, want, errs)
				}
			}
		})
	}
}

func TestDiffChanges(t *testing.T) {
	dir := t.TempDir()
	pa := writeTemp(t, dir, "a.policy", diffPolicyA)
	pb := writeTemp(t, dir, "b.policy", diffPolicyB)
	// The changes other than the baseline's, worked out from the two
	// policies by hand, on x86_64.
	want := []string{
		"  write (1): ALLOW -> KILL_PROCESS for any arguments",
		"  mmap (9): ERRNO(1) -> ALLOW if a2 >= 0x100000000",
		"  ioctl (16): ALLOW -> ERRNO(1) if a1 == 0x5412",
		"  getpid (39): ALLOW -> ERRNO(1) if a0 == 1 && a1 == 2",
		"  getpid (39): ALLOW -> ERRNO(1) if a0 == 3 && a1 == 4",
		"  kill (62): ALLOW -> ERRNO(1) if a1 > 9",
		"  personality (135): ERRNO(1) -> ALLOW if a0 == 8",
		"  personality (135): ALLOW -> ERRNO(1) if a0 == 40",
	}
	argSets := [][6]uint64{{}, {8}, {40}, {40 | 1<<32}, {0, 9}, {0, 10}, {0, 9 | 1<<32}, {0, 0x5412}, {0, 0x5400},
		{0, 0x15412}, {1, 2}, {3, 4}, {1, 4}, {3, 2}, {0, 0, 7}, {0, 0, 8}, {0, 0, 1 << 32}, {math.MaxUint64, math.MaxUint64, math.MaxUint64}}
	for _, target := range []string{"x86_64", "s390x", "arm"} {
		t.Run(target, func(t *testing.T) {
			out, errs, code := runCLI(t, "", "diff", "--target", target, pa, pb)
			if code != 1 || !strings.Contains(errs, "differ") {
				t.Fatalf("exit %d, want 1; stderr %s", code, errs)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if target != "arm" {
				// arm has no mmap, and a 32-bit kill (no high half).
				if lines[0] != "x86_64 (audit 0xc000003e):" && target == "x86_64" {
					t.Errorf("first line %q", lines[0])
				}
				var got []string
				section := ""
				for _, l := range lines {
					if !strings.HasPrefix(l, "  ") {
						section = l
						continue
					}
					if section == "x86_64 (audit 0xc000003e):" && !strings.HasSuffix(l, "ERRNO(1) -> ERRNO(38) for any arguments") {
						got = append(got, l)
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("x86_64 changes besides the baseline's:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			}
			for _, w := range []string{
				"  nr 472..0x3fffffff (unassigned): ERRNO(1) -> ERRNO(38) for any arguments",
				"  cachestat (451): ERRNO(1) -> ERRNO(38) for any arguments",
			} {
				if target == "x86_64" && !strings.Contains(out, w+"\n") {
					t.Errorf("missing %q", w)
				}
			}
			if target == "arm" && !strings.Contains(out, "  kill (37): ALLOW -> ERRNO(1) if a1 >= 10\n") {
				t.Errorf("arm: kill line missing:\n%s", out)
			}
			jout, _, code := runCLI(t, "", "diff", "--target", target, "--format", "json", pa, pb)
			js := decodeDiffJSON(t, jout)
			if code != 1 || len(js) != len(lines)-strings.Count(out, "(audit ") {
				t.Errorf("json: exit %d, %d changes for %d text lines", code, len(js), len(lines))
			}
			a, b := compileFile(t, pa, target), compileFile(t, pb, target)
			checkAgainstPolicies(t, js, a, b)
			checkComplete(t, js, a, b, argSets)
		})
	}
}

// TestDiffRawFilter diffs a raw filter against a profile: the result is
// the same as for the profile it was compiled from.
// TestDiffBadArch changes the action for architectures the filter does
// not take: the x32 numbers of the x86_64 audit value, which a policy
// for x86_64 alone does not take, change as one section, and other
// audit values as one region.
func TestDiffBadArch(t *testing.T) {
	dir := t.TempDir()
	pa := writeTemp(t, dir, "a.policy", diffPolicyA)
	pb := writeTemp(t, dir, "b.policy", strings.Replace(diffPolicyA, "baseline none\n", "baseline none\nbadarch errno(5)\n", 1))
	out, _, code := runCLI(t, "", "diff", "--target", "x86_64", pa, pb)
	want := `x32 (audit 0xc000003e):
  every syscall number: KILL_THREAD -> ERRNO(5) for any arguments
other inputs:
  KILL_THREAD -> ERRNO(5) if arch != 0xc000003e
`
	if code != 1 || out != want {
		t.Errorf("exit %d, want 1; got:\n%s\nwant:\n%s", code, out, want)
	}
	jout, _, _ := runCLI(t, "", "diff", "--target", "x86_64", "--format", "json", pa, pb)
	js := decodeDiffJSON(t, jout)
	a, b := compileFile(t, pa, "x86_64"), compileFile(t, pb, "x86_64")
	if len(js) != 2 || js[1].Audit != nil || js[1].ExampleArch == nil || js[0].NrLast == nil || *js[0].NrLast != 0xfffffffe {
		t.Fatalf("json: %s", jout)
	}
	checkAgainstPolicies(t, js[:1], a, b)
	d := ir.Data{Arch: *js[1].ExampleArch, Nr: js[1].Nr, Args: js[1].Example}
	if a.resolved.Decide(d).Action.Ret() != js[1].FromRet || b.resolved.Decide(d).Action.Ret() != js[1].ToRet {
		t.Errorf("other inputs: example %+v does not change as reported", d)
	}
}

func TestDiffRawFilter(t *testing.T) {
	dir := t.TempDir()
	pa := writeTemp(t, dir, "a.policy", diffPolicyA)
	pb := writeTemp(t, dir, "b.policy", diffPolicyB)
	for _, target := range []string{"x86_64", "s390x"} {
		raw := filepath.Join(dir, target+".bpf")
		if _, errs, code := runCLI(t, "", "compile", "--target", target, "--format", "raw", "-o", raw, pa); code != 0 {
			t.Fatalf("compile: %s", errs)
		}
		want, _, _ := runCLI(t, "", "diff", "--target", target, pa, pb)
		got, errs, code := runCLI(t, "", "diff", "--target", target, raw, pb)
		if code != 1 || got != want || want == "" {
			t.Errorf("%s: raw filter against b: exit %d, stderr %s\n%s\nwant:\n%s", target, code, errs, got, want)
		}
		// From stdin too.
		data, err := os.ReadFile(raw)
		if err != nil {
			t.Fatal(err)
		}
		got, _, code = runCLI(t, string(data), "diff", "--target", target, "-", pb)
		if code != 1 || got != want {
			t.Errorf("%s: raw filter on stdin: exit %d\n%s", target, code, got)
		}
	}
}

func TestDiffUsage(t *testing.T) {
	dir := t.TempDir()
	pa := writeTemp(t, dir, "a.policy", diffPolicyA)
	short := writeTemp(t, dir, "short.bpf", "\x06\x00\x00\x00\x00\x00")
	bad := writeTemp(t, dir, "bad.bpf", "\x07\x00\x00\x00\x00\x00\x00\x00") // TAX only: no final RET
	raw := filepath.Join(dir, "a.bpf")
	if _, errs, code := runCLI(t, "", "compile", "--target", "x86_64", "--format", "raw", "-o", raw, pa); code != 0 {
		t.Fatalf("compile: %s", errs)
	}
	for _, args := range [][]string{
		{"diff"},
		{"diff", pa},
		{"diff", pa, pa, pa},
		{"diff", "-", "-"},
		{"diff", "--format", "yaml", pa, pa},
		{"diff", "--target", "vax", pa, pa},
		{"diff", "--baseline", "later", pa, pa},
		{"diff", "--baseline", "5.10", raw, raw},
		{"diff", short, pa},
		{"diff", bad, pa},
		{"diff", filepath.Join(dir, "missing.policy"), pa},
	} {
		out, errs, code := runCLI(t, "", args...)
		if code != 2 || out != "" || errs == "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, a message", args, code, out, errs)
		}
	}
}

// TestDiffRelease compares two releases of Docker's default profile,
// moby/profiles/seccomp v0.2.4 and v0.3.0, on x86_64. v0.3.0 replaced
// "socket if a0 < 38 or a0 == 39 ..." by a list of allowed address
// families, so some families are now refused.
func TestDiffRelease(t *testing.T) {
	old := filepath.Join("..", "..", "testdata", "diff", "moby-default-v0.2.4.json")
	cur := filepath.Join("..", "..", "testdata", "profiles", "moby-default.json")
	out, _, code := runCLI(t, "", "diff", "--target", "x86_64", old, cur)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	got := "$ seccompc diff --target x86_64 testdata/diff/moby-default-v0.2.4.json testdata/profiles/moby-default.json\n" +
		"exit 1\n-- stdout --\n" + out
	checkGolden(t, "diff-moby-v0.2.4-x86_64", got)

	jout, _, _ := runCLI(t, "", "diff", "--target", "x86_64", "--format", "json", old, cur)
	js := decodeDiffJSON(t, jout)
	var sections []string
	for _, j := range js {
		if j.Syscall != "socket" || j.From != "ALLOW" || j.To != "ERRNO(1)" {
			t.Errorf("unexpected change %+v", j)
		}
		if !slices.Contains(sections, j.Arch) {
			sections = append(sections, j.Arch)
		}
	}
	if want := []string{"x86", "x86_64", "x32"}; !slices.Equal(sections, want) {
		t.Errorf("sections %q, want %q", sections, want)
	}
	a, b := compileFile(t, old, "x86_64"), compileFile(t, cur, "x86_64")
	checkAgainstPolicies(t, js, a, b)
	var families [][6]uint64
	for af := uint64(0); af < 50; af++ {
		families = append(families, [6]uint64{af, 1})
	}
	families = append(families, [6]uint64{1 << 32}, [6]uint64{math.MaxUint64})
	checkComplete(t, js, a, b, families)
}

func TestWordRanges(t *testing.T) {
	const all = math.MaxUint32
	for _, tc := range []struct {
		name string
		w    verify.Word
		want []rng
	}{
		{"any", nil, []rng{{0, all}}},
		{"ne", verify.Word{verify.AtomNe(all, 5)}, []rng{{0, 4}, {6, all}}},
		{"interval minus point", verify.Word{verify.AtomIn(10, 20), verify.AtomNe(all, 15)}, []rng{{10, 14}, {16, 20}}},
		{"x32 bit clear", verify.Word{verify.AtomEq(0x40000000, 0)}, []rng{{0, 0x3fffffff}, {0x80000000, 0xbfffffff}}},
		{"empty", verify.Word{verify.AtomLt(all, 3), verify.AtomGt(all, 5)}, nil},
		{"top", verify.Word{verify.AtomGe(all, all)}, []rng{{all, all}}},
	} {
		got, ok := wordRanges(tc.w, 16)
		if !ok || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v %v, want %v", tc.name, got, ok, tc.want)
		}
	}
	// The alternating bit 0: far more ranges than the limit.
	if got, ok := wordRanges(verify.Word{verify.AtomEq(1, 0)}, 16); ok {
		t.Errorf("bit 0 clear: %d ranges within the limit", len(got))
	}
}

// TestRegionFormat formats hand-built argument regions.
func TestRegionFormat(t *testing.T) {
	const all = math.MaxUint32
	type atom struct {
		arg  int
		hi   bool
		atom verify.Atom
	}
	cube := func(big bool, as ...atom) *verify.Cube {
		var c verify.Cube
		for _, a := range as {
			lo, hi := verify.ArgWords(a.arg, big)
			w := lo
			if a.hi {
				w = hi
			}
			if !c.And(w, a.atom) {
				t.Fatalf("empty cube %v", as)
			}
		}
		return &c
	}
	hiZero := func(arg int) atom { return atom{arg, true, verify.AtomEq(all, 0)} }
	for _, tc := range []struct {
		name    string
		c       *verify.Cube
		bits    int
		want    string
		negated string
	}{
		{"nothing", cube(false), 64, "any arguments", ""},
		{"eq", cube(false, hiZero(0), atom{0, false, verify.AtomEq(all, 40)}), 64, "a0 == 40", "a0 != 40"},
		{"eq big-endian", cube(true, hiZero(0), atom{0, false, verify.AtomEq(all, 40)}), 64, "a0 == 40", "a0 != 40"},
		{"wide eq", cube(false, atom{1, true, verify.AtomEq(all, 1)}, atom{1, false, verify.AtomEq(all, 2)}), 64, "a1 == 0x100000002", "a1 != 0x100000002"},
		{"high half set", cube(false, atom{2, true, verify.AtomNe(all, 0)}), 64, "a2 >= 0x100000000", "a2 < 0x100000000"},
		{"low half free", cube(false, hiZero(3)), 64, "a3 <= 0xffffffff", "a3 > 0xffffffff"},
		{"masked", cube(false, atom{1, false, verify.AtomEq(0xff00, 0x5400)}), 64, "(a1 & 0xff00) == 0x5400", "(a1 & 0xff00) != 0x5400"},
		{"masked high", cube(false, atom{1, true, verify.AtomNe(0x80000000, 0)}), 64, "(a1.hi & 0x80000000) != 0", "(a1.hi & 0x80000000) == 0"},
		{"set", cube(false, hiZero(0), atom{0, false, verify.AtomIn(3, 12)}, atom{0, false, verify.AtomNe(all, 7)},
			atom{0, false, verify.AtomNe(all, 8)}, atom{0, false, verify.AtomNe(all, 9)}, atom{0, false, verify.AtomNe(all, 10)}),
			64, "a0 in {3..6, 11, 12}", "a0 not in {3..6, 11, 12}"},
		{"two args", cube(false, hiZero(0), atom{0, false, verify.AtomEq(all, 1)}, hiZero(1), atom{1, false, verify.AtomGt(all, 9)}),
			64, "a0 == 1 && a1 in [10, 0xffffffff]", "!(a0 == 1 && a1 in [10, 0xffffffff])"},
		{"halves apart", cube(false, atom{0, true, verify.AtomGe(all, 2)}, atom{0, false, verify.AtomEq(all, 5)}), 64,
			"a0.hi >= 2 && a0.lo == 5", "!(a0.hi >= 2 && a0.lo == 5)"},
		{"32-bit ABI", cube(false, atom{0, false, verify.AtomNe(all, 37)}), 32, "a0 != 37", "a0 == 37"},
		{"32-bit ABI on 64", cube(false, atom{0, false, verify.AtomNe(all, 37)}), 64, "a0.lo != 37", "a0.lo == 37"},
		{"implied mask", cube(false, hiZero(1), atom{1, false, verify.AtomEq(0xff00, 0x5400)}, atom{1, false, verify.AtomEq(all, 0x5412)}), 64,
			"a1 == 0x5412", "a1 != 0x5412"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := argConds(&argCubes([]verify.Cube{*tc.c})[0], tc.name == "eq big-endian", tc.bits)
			if got := joinConds(cs); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if tc.negated != "" {
				if got := negateConds(cs); got != tc.negated {
					t.Errorf("negated: got %q, want %q", got, tc.negated)
				}
			}
		})
	}
}

// TestMergeCubes merges the pieces a filter's paths cut a region into.
func TestMergeCubes(t *testing.T) {
	const all = math.MaxUint32
	lo, hi := verify.ArgWords(0, false)
	mk := func(ws map[int]verify.Word) verify.Cube {
		var c verify.Cube
		for i, w := range ws {
			c[i] = w
		}
		return c
	}
	for _, tc := range []struct {
		name string
		in   []verify.Cube
		want string
	}{
		{"values", []verify.Cube{
			mk(map[int]verify.Word{hi: {verify.AtomEq(all, 0)}, lo: {verify.AtomEq(all, 1)}}),
			mk(map[int]verify.Word{hi: {verify.AtomEq(all, 0)}, lo: {verify.AtomEq(all, 2)}}),
			mk(map[int]verify.Word{hi: {verify.AtomEq(all, 0)}, lo: {verify.AtomEq(all, 9)}}),
		}, "a0 in {1, 2, 9}"},
		{"atom and negation", []verify.Cube{
			mk(map[int]verify.Word{lo: {verify.AtomEq(0xff, 1)}, 6: {verify.AtomEq(all, 3)}}),
			mk(map[int]verify.Word{lo: {verify.AtomNe(0xff, 1)}, 6: {verify.AtomEq(all, 3)}}),
		}, "a1.lo == 3"},
		{"two words apart", []verify.Cube{
			mk(map[int]verify.Word{hi: {verify.AtomNe(all, 0)}}),
			mk(map[int]verify.Word{hi: {verify.AtomEq(all, 0)}, lo: {verify.AtomNe(all, 40)}}),
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mergeCubes(argCubes(tc.in))
			if tc.want == "" {
				if len(got) != len(tc.in) {
					t.Errorf("merged %d cubes into %d", len(tc.in), len(got))
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("%d cubes after merging, want 1", len(got))
			}
			if s := joinConds(argConds(&got[0], false, 64)); s != tc.want {
				t.Errorf("got %q, want %q", s, tc.want)
			}
		})
	}
}

// TestCheckInstalled checks dump's comparison of an installed filter
// with a profile: identical, proved equivalent, a counterexample, and
// the sampled fallback for a filter the prover cannot follow.
func TestCheckInstalled(t *testing.T) {
	dir := t.TempDir()
	pa := writeTemp(t, dir, "a.policy", diffPolicyA)
	pb := writeTemp(t, dir, "b.policy", diffPolicyB)
	a, b := compileFile(t, pa, "x86_64"), compileFile(t, pb, "x86_64")
	// An unreachable RET at the end: a different but equivalent program.
	padded := append(slices.Clone(a.prog.Insns), bpf.RawInstruction{Op: 0x06, K: ir.RetAllow})
	// A jump on nr+1 whose branches meet: the prover refuses it (it
	// cannot follow ADD), the interpreter runs it like the original.
	opaque := append([]bpf.RawInstruction{
		{Op: 0x20, K: 0},         // ld [0]
		{Op: 0x04, K: 1},         // add #1
		{Op: 0x15, Jt: 0, Jf: 0}, // jeq #0, +0, +0
	}, a.prog.Insns...)
	for _, tc := range []struct {
		name  string
		prog  []bpf.RawInstruction
		equal bool
		want  []string
	}{
		{"identical", a.prog.Insns, true, []string{"identical to "}},
		{"equivalent", padded, true, []string{"equivalent to ", "proved over "}},
		{"different", b.prog.Insns, false, []string{"NOT equivalent to ", " on x86_64 with args ", "the filter returns"}},
		{"unsupported", opaque, true, []string{"sampled inputs", "not proved"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			equal, detail, err := checkInstalled(tc.prog, a)
			if err != nil || equal != tc.equal {
				t.Fatalf("equal %v, err %v (%s); want %v", equal, err, detail, tc.equal)
			}
			for _, w := range tc.want {
				if !strings.Contains(detail, w) {
					t.Errorf("detail %q lacks %q", detail, w)
				}
			}
		})
	}
}

// TestWholeRanges checks the direct computation of a word's values
// against the halving walk, on words of whole-word atoms near the ends
// of the range.
func TestWholeRanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 4))
	pick := func() uint32 { return uint32(rng.IntN(40)) + []uint32{0, 1 << 20, math.MaxUint32 - 39}[rng.IntN(3)] }
	for range 3000 {
		var w verify.Word
		for range rng.IntN(6) {
			lo, hi := pick(), pick()
			w = append(w, verify.Atom{Mask: math.MaxUint32, Lo: lo, Hi: hi, Out: rng.IntN(3) != 0})
		}
		limit := 1 + rng.IntN(4)
		got, gotOK, done := wholeRanges(w, limit)
		want, wantOK := walkRanges(w, limit)
		if !done || gotOK != wantOK || gotOK && !slices.Equal(got, want) {
			t.Fatalf("wholeRanges(%v, %d) = %v, %v, %v; walkRanges: %v, %v", w, limit, got, gotOK, done, want, wantOK)
		}
	}
}
