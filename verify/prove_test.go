package verify_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// testCase is a policy resolved and compiled for one target.
type testCase struct {
	name string
	r    *ir.Resolved
	prog []bpf.RawInstruction
}

// loadPolicy reads a testdata policy or profile and resolves it for
// target.
func loadPolicy(t testing.TB, path, target string) *ir.Policy {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, _, _, err := profile.Load(data, profile.Options{Filename: filepath.Base(path), Target: target})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return p
}

func dockerDefault(t testing.TB, target string) *ir.Policy {
	t.Helper()
	d := docker.Default()
	if d == nil {
		t.Skip("no Docker default profile on this platform")
	}
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := docker.Load(data, docker.Options{Filename: "docker-default", Target: target})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func compile(t testing.TB, name string, p *ir.Policy, target string) testCase {
	t.Helper()
	r, _, err := ir.Resolve(p, target)
	if err != nil {
		t.Fatalf("%s: Resolve: %v", name, err)
	}
	prog, err := lower.Compile(r)
	if err != nil {
		t.Fatalf("%s: Compile: %v", name, err)
	}
	return testCase{name: name + "/" + target, r: r, prog: prog.Insns}
}

// testdataCases compiles every testdata policy and profile for each of
// the targets.
func testdataCases(t testing.TB, targets ...string) []testCase {
	t.Helper()
	var files []string
	for _, pat := range []string{"../testdata/policies/*.policy", "../testdata/profiles/*.json"} {
		fs, err := filepath.Glob(pat)
		if err != nil || len(fs) == 0 {
			t.Fatalf("no testdata for %s: %v", pat, err)
		}
		files = append(files, fs...)
	}
	var out []testCase
	for _, f := range files {
		for _, target := range targets {
			out = append(out, compile(t, filepath.Base(f), loadPolicy(t, f, target), target))
		}
	}
	return out
}

func allArchNames() []string {
	var names []string
	for _, a := range arch.All() {
		names = append(names, a.Name)
	}
	return names
}

// TestProveTestdata proves every testdata policy and profile compiled
// for every architecture.
func TestProveTestdata(t *testing.T) {
	targets := allArchNames()
	if testing.Short() {
		targets = []string{"x86_64", "aarch64", "s390x", "mips", "x32"}
	}
	for _, c := range testdataCases(t, targets...) {
		proof, err := verify.Prove(c.prog, c.r)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if proof.Arches != len(c.r.Arches) || proof.Paths == 0 || proof.Classes <= proof.Arches {
			t.Errorf("%s: implausible proof %+v", c.name, proof)
		}
	}
}

// TestProveDefaultsAllArches proves Docker's default profile and
// podman's on every architecture.
func TestProveDefaultsAllArches(t *testing.T) {
	start := time.Now()
	podman := "../testdata/profiles/podman-seccomp.json"
	targets := allArchNames()
	if testing.Short() {
		targets = []string{"x86_64", "s390x"}
	}
	total := verify.Proof{}
	for _, target := range targets {
		for _, c := range []testCase{
			compile(t, "docker-default", dockerDefault(t, target), target),
			compile(t, "podman", loadPolicy(t, podman, target), target),
		} {
			proof, err := verify.Prove(c.prog, c.r)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			total.Arches += proof.Arches
			total.Classes += proof.Classes
			total.Paths += proof.Paths
			total.Checks += proof.Checks
		}
	}
	t.Logf("%d targets: %d sections, %d classes, %d paths, %d checks in %v",
		len(targets), total.Arches, total.Classes, total.Paths, total.Checks, time.Since(start))
}

// TestProveRejectsBrokenFilter breaks a compiled filter in ways the
// policy must notice and checks that Prove returns a counterexample the
// interpreter and the policy confirm.
func TestProveRejectsBrokenFilter(t *testing.T) {
	for _, target := range []string{"x86_64", "s390x", "mips"} {
		c := compile(t, "docker-default", dockerDefault(t, target), target)
		for _, tc := range []struct {
			name   string
			break_ func(prog []bpf.RawInstruction) bool
		}{
			{"first allow becomes errno", func(prog []bpf.RawInstruction) bool {
				for i := range prog {
					if prog[i].Op == bpfop.RetK && prog[i].K == ir.RetAllow {
						prog[i].K = ir.Errno(ir.EPERM).Ret()
						return true
					}
				}
				return false
			}},
			{"last conditional jump inverted", func(prog []bpf.RawInstruction) bool {
				for i := len(prog) - 1; i >= 0; i-- {
					if prog[i].Op&bpfop.ClassMask == bpfop.JMP && prog[i].Op != bpfop.Ja && prog[i].Jt != prog[i].Jf {
						prog[i].Jt, prog[i].Jf = prog[i].Jf, prog[i].Jt
						return true
					}
				}
				return false
			}},
		} {
			prog := append([]bpf.RawInstruction(nil), c.prog...)
			if !tc.break_(prog) {
				t.Fatalf("%s: %s: nothing to break", c.name, tc.name)
			}
			_, err := verify.Prove(prog, c.r)
			var cex *verify.Counterexample
			if !errors.As(err, &cex) {
				t.Errorf("%s: %s: Prove = %v, want a counterexample", c.name, tc.name, err)
				continue
			}
			confirmCounterexample(t, prog, c.r, cex)
			t.Logf("%s: %s: %v", c.name, tc.name, cex)
		}
	}
}

// confirmCounterexample runs the counterexample through the interpreter
// and the policy's reference semantics.
func confirmCounterexample(t *testing.T, prog []bpf.RawInstruction, r *ir.Resolved, cex *verify.Counterexample) bool {
	t.Helper()
	got, err := verify.Run(prog, &cex.Data, r.Target.BigEndian)
	if err != nil {
		t.Errorf("Run: %v", err)
		return false
	}
	want := r.Eval(ir.Data{Arch: cex.Data.Arch, Nr: cex.Data.Nr, Args: cex.Data.Args})
	if got != cex.Program || want != cex.Policy || got == want.Ret() {
		t.Errorf("unconfirmed counterexample %v: Run %#x, Eval %v", cex, got, want)
		return false
	}
	return true
}

// TestPathsPartition checks that the paths of a compiled filter partition
// the input space: random inputs (biased towards the policy's numbers
// and constants) satisfy exactly one path's cube, whose verdict and
// instructions are Run's.
func TestPathsPartition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range testdataCases(t, "x86_64", "s390x", "mipsel") {
		big := c.r.Target.BigEndian
		var paths []*verify.Path
		if err := verify.Paths(c.prog, nil, func(p *verify.Path) bool {
			paths = append(paths, p)
			return true
		}); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var inputs []verify.SeccompData
		verify.Inputs(c.r, func(d *verify.SeccompData) bool {
			if rng.IntN(20) == 0 {
				inputs = append(inputs, *d)
			}
			return true
		})
		for range 200 {
			d := verify.SeccompData{Nr: rng.Uint32(), Arch: rng.Uint32(), IP: rng.Uint64()}
			for i := range d.Args {
				d.Args[i] = rng.Uint64()
			}
			inputs = append(inputs, d)
		}
		for _, d := range inputs {
			ret, pcs, err := verify.Trace(c.prog, &d, big)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, p := range paths {
				if !p.Cube.Holds(&d, big) {
					continue
				}
				n++
				if p.Ret != ret || !equalInts(p.PCs, pcs) {
					t.Errorf("%s: %+v: path returns %#x via %v, Run %#x via %v", c.name, d, p.Ret, p.PCs, ret, pcs)
				}
			}
			if n != 1 {
				t.Fatalf("%s: %+v satisfies %d paths", c.name, d, n)
			}
		}
		// Every path's witness follows that path.
		for _, p := range paths {
			d, ok := p.Cube.Witness(big)
			if !ok {
				t.Fatalf("%s: path %v has no witness", c.name, p.PCs)
			}
			_, pcs, _ := verify.Trace(c.prog, &d, big)
			if !equalInts(p.PCs, pcs) {
				t.Fatalf("%s: witness of %v runs %v", c.name, p.PCs, pcs)
			}
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
