package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/ir"
)

// diffPolicyA and diffPolicyB (testdata/diff/a.policy and b.policy,
// which the library's tests diff too) differ in one denied syscall
// (write), in argument conditions (personality, kill, ioctl, mmap,
// getpid) and in the baseline (none against 5.10).
var diffPolicyA, diffPolicyB = readDiffPolicy("a.policy"), readDiffPolicy("b.policy")

func readDiffPolicy(name string) string {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "diff", name))
	if err != nil {
		panic(err)
	}
	return string(data)
}

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
	if len(js) != 2 || js[1].Audit != nil || js[1].ExampleArch == nil || js[0].NrLast == nil || *js[0].NrLast != 0xfffffffe {
		t.Fatalf("json: %s", jout)
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
