//go:build cgo && linux

package libseccomp_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	libseccomp "github.com/seccomp/libseccomp-golang"
	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/oci"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// difference is one input on which seccompc's and libseccomp's filters
// disagree.
type difference struct {
	d        verify.SeccompData
	arch     string // section of the seccompc policy ("" for a bad architecture)
	name     string // syscall name, if known
	ours     uint32
	theirs   uint32
	allowed  bool   // an ENOSYS-tail difference the test accepts
	describe string // one line for the test log
}

// randomVectors is how many random argument vectors compareFilters
// tries for each syscall number a rule names.
const randomVectors = 32

// compareFilters runs ours and theirs on every input of r's equivalence
// set, and on random argument vectors for the numbers rules name, and
// returns the number of inputs and the differences. A
// difference is allowed (and marked so) when tail is set, ours returns
// ERRNO(ENOSYS), theirs the policy's default action, and the policy
// names no syscall with that number on that architecture.
func compareFilters(t *testing.T, ours, theirs []bpf.RawInstruction, r *ir.Resolved, tail bool) (int, []difference) {
	t.Helper()
	fo, err := verify.NewFilter(ours)
	if err != nil {
		t.Fatalf("seccompc program: %v", err)
	}
	ft, err := verify.NewFilter(theirs)
	if err != nil {
		t.Fatalf("libseccomp program: %v", err)
	}
	big := r.Target.BigEndian
	enosys := ir.Errno(ir.ENOSYS).Ret()
	def := r.Policy.Default.Ret()
	n := 0
	var diffs []difference
	check := func(d *verify.SeccompData) bool {
		n++
		a, err := fo.Run(d, big)
		if err != nil {
			t.Fatalf("seccompc program: %v", err)
		}
		b, err := ft.Run(d, big)
		if err != nil {
			t.Fatalf("libseccomp program: %v", err)
		}
		if a == b {
			return true
		}
		df := difference{d: *d, ours: a, theirs: b}
		named := false
		if ap := r.ArchFor(d.Arch, d.Nr); ap != nil {
			df.arch = ap.Arch.Name
			if s, ok := ap.Table.ByNr(d.Nr); ok {
				df.name = s.Name
			}
			_, named = ap.Entries(d.Nr)
		}
		df.allowed = tail && df.arch != "" && !named && a == enosys && b == def
		oa, _ := ir.ActionFromRet(a)
		ta, _ := ir.ActionFromRet(b)
		name := df.name
		if name == "" {
			name = "?"
		}
		df.describe = fmt.Sprintf("arch %#x (%s) nr %d (%#x, %s) args %#x: seccompc %v (%#x), libseccomp %v (%#x)%s",
			d.Arch, df.arch, int32(d.Nr), d.Nr, name, d.Args, oa, a, ta, b, tableNote(df.arch, df.name, d.Nr))
		diffs = append(diffs, df)
		return true
	}
	verify.Inputs(r, check)
	// Beyond the equivalence set: for every number a rule names, random
	// vectors that set all six arguments at once, each from the
	// boundary values of the syscall's conditions or random.
	rng := rand.New(rand.NewPCG(1, 2))
	for _, ap := range r.Arches {
		for _, nr := range ap.Nrs {
			var conds []*ir.Expr
			entries, _ := ap.Entries(nr)
			for _, e := range entries {
				conds = append(conds, e.Cond)
			}
			bv := ir.BoundaryValues(conds...)
			for range randomVectors {
				d := verify.SeccompData{Arch: ap.Arch.Audit, Nr: nr}
				for i := range d.Args {
					if len(bv[i]) > 0 && rng.IntN(4) != 0 {
						d.Args[i] = bv[i][rng.IntN(len(bv[i]))]
					} else {
						d.Args[i] = rng.Uint64()
					}
				}
				check(&d)
			}
		}
	}
	return n, diffs
}

// tableNote says whether libseccomp's syscall table disagrees with
// seccompc's about the syscall with number nr on architecture
// archName, which seccompc's table calls name: the usual cause of a
// difference with baseline none.
func tableNote(archName, name string, nr uint32) string {
	if archName == "" || name == "" {
		return ""
	}
	la, err := libseccomp.GetArchFromString(archName)
	if err != nil {
		return ""
	}
	n, err := libseccomp.GetSyscallFromNameByArch(name, la)
	switch {
	case err != nil:
		return fmt.Sprintf(" [libseccomp does not know %s]", name)
	case int32(n) < 0:
		return fmt.Sprintf(" [syscall tables disagree: seccompc has %s on %s as %#x, libseccomp has no %s there]", name, archName, nr, name)
	case uint32(n) != nr:
		return fmt.Sprintf(" [syscall tables disagree: %s on %s is %#x in seccompc, %#x in libseccomp]", name, archName, nr, uint32(n))
	}
	return ""
}

// TestLibseccompDifferential compiles Docker's and podman's default
// profiles for an x86_64 host (x86_64, x86, x32) and an aarch64 host
// (aarch64, arm), both with seccompc and with libseccomp as runc drives
// it (linear and binary-tree forms), and runs both filters on seccompc's
// whole equivalence input set (verify.Inputs) plus random argument
// vectors for every syscall a rule names. With baseline none the verdicts must be
// identical; with baseline auto and 5.4 the only differences allowed are
// seccompc's ERRNO(ENOSYS) where libseccomp returns the default action,
// for syscall numbers the policy does not name.
//
// Names libseccomp does not know (syscalls newer than its tables) are
// removed from the profile for both compilers: runc skips them, so the
// comparison is of the same rule set.
func TestLibseccompDifferential(t *testing.T) {
	maj, min, mic := libseccomp.GetLibraryVersion()
	t.Logf("libseccomp %d.%d.%d", maj, min, mic)
	profiles, err := libProfiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, prof := range profiles {
		for _, host := range libHosts {
			t.Run(prof.name+"/"+host, func(t *testing.T) {
				spec, err := ociFor(prof.data, host)
				if err != nil {
					t.Fatal(err)
				}
				linear, unknown, err := libBuild(spec, host, libOptions{})
				if err != nil {
					t.Fatal(err)
				}
				tree, _, err := libBuild(spec, host, libOptions{tree: true})
				if err != nil {
					t.Fatal(err)
				}
				if len(unknown) > 0 {
					t.Logf("names libseccomp does not know, removed for both: %s", strings.Join(unknown, " "))
				}
				spec = withoutNames(spec, unknown)
				for _, base := range []string{"none", "auto", "5.4"} {
					p, _, err := oci.FromSpec(spec, oci.Options{Target: host})
					if err != nil {
						t.Fatal(err)
					}
					if p.Baseline, err = ir.ParseBaseline(base); err != nil {
						t.Fatal(err)
					}
					r, _, err := ir.Resolve(p, host)
					if err != nil {
						t.Fatal(err)
					}
					prog, err := lower.Compile(r)
					if err != nil {
						t.Fatal(err)
					}
					for _, lib := range []struct {
						form string
						prog []bpf.RawInstruction
					}{{"linear", linear}, {"tree", tree}} {
						n, diffs := compareFilters(t, prog.Insns, lib.prog, r, base != "none")
						// Report each (arch, nr) once, with its first
						// input and the number of inputs that differ.
						allowed, bad := 0, 0
						type place struct{ audit, nr uint32 }
						count := map[place]int{}
						var first []difference
						for _, d := range diffs {
							if d.allowed {
								allowed++
								continue
							}
							bad++
							k := place{d.d.Arch, d.d.Nr}
							if count[k] == 0 {
								first = append(first, d)
							}
							count[k]++
						}
						for i, d := range first {
							if i == 20 {
								t.Errorf("baseline %s, libseccomp %s: differences at %d more syscall numbers", base, lib.form, len(first)-20)
								break
							}
							t.Errorf("baseline %s, libseccomp %s: %d inputs differ, the first: %s", base, lib.form, count[place{d.d.Arch, d.d.Nr}], d.describe)
						}
						t.Logf("baseline %s, libseccomp %s (%d insns) vs seccompc (%d insns): %d inputs, %d differences (%d ENOSYS-tail, allowed)",
							base, lib.form, len(lib.prog), len(prog.Insns), n, len(diffs), allowed)
						if base != "none" {
							continue
						}
						// Not only on the sampled inputs: the prover shows
						// libseccomp's own program equal to seccompc's
						// policy (tail off) for every input.
						proof, err := verify.Prove(lib.prog, r)
						if err != nil {
							t.Errorf("libseccomp %s against the policy: %v", lib.form, err)
							continue
						}
						t.Logf("libseccomp %s proved equal to the policy: %d arches, %d classes, %d paths", lib.form, proof.Arches, proof.Classes, proof.Paths)
					}
				}
			})
		}
	}
}

// TestLibseccompDifferentialCatches shows that the comparison finds a
// real difference: seccompc compiles Docker's default profile for an
// aarch64 host without getpid while libseccomp keeps it, and the
// differences that are not allowed must be exactly the getpid numbers
// of aarch64 and arm.
func TestLibseccompDifferentialCatches(t *testing.T) {
	const host = "aarch64"
	profiles, err := libProfiles()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := ociFor(profiles[0].data, host)
	if err != nil {
		t.Fatal(err)
	}
	lib, unknown, err := libBuild(spec, host, libOptions{tree: true})
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := oci.FromSpec(withoutNames(spec, append(unknown, "getpid")), oci.Options{Target: host})
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{"none", "5.4"} {
		if p.Baseline, err = ir.ParseBaseline(base); err != nil {
			t.Fatal(err)
		}
		r, _, err := ir.Resolve(p, host)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := lower.Compile(r)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, ap := range r.Arches {
			s, ok := ap.Table.ByName("getpid")
			if !ok {
				t.Fatalf("no getpid on %s", ap.Arch.Name)
			}
			want[fmt.Sprintf("%s %#x", ap.Arch.Name, s.Nr)] = true
		}
		_, diffs := compareFilters(t, prog.Insns, lib, r, base != "none")
		got := map[string]bool{}
		for _, d := range diffs {
			key := fmt.Sprintf("%s %#x", d.arch, d.d.Nr)
			switch {
			case d.allowed && want[key]:
				t.Errorf("baseline %s: getpid difference counted as allowed: %s", base, d.describe)
			case d.allowed:
				continue // the ENOSYS tail, checked by TestLibseccompDifferential
			case !want[key]:
				t.Errorf("baseline %s: unexpected difference: %s", base, d.describe)
			}
			got[key] = true
		}
		for k := range want {
			if !got[k] {
				t.Errorf("baseline %s: no difference found for getpid at %s", base, k)
			}
		}
	}
}

// The tools BenchmarkLibseccomp compares.
const (
	toolLinear   = "libseccomp-linear"
	toolTree     = "libseccomp-tree"
	toolSeccompc = "seccompc"
)

var benchTools = []string{toolLinear, toolTree, toolSeccompc}

// compileWith compiles the Docker-format profile data for a host of
// architecture host with one tool, starting from the JSON bytes: for
// libseccomp, moby's resolution of the profile, runc's conversion, the
// filter and its export; for seccompc, what a runtime calls:
// seccompc.CompileProfile (baseline auto, no instruction sources).
func compileWith(tool string, data []byte, host string) ([]bpf.RawInstruction, error) {
	switch tool {
	case toolLinear, toolTree:
		spec, err := ociFor(data, host)
		if err != nil {
			return nil, err
		}
		prog, _, err := libBuild(spec, host, libOptions{tree: tool == toolTree})
		return prog, err
	case toolSeccompc:
		f, err := seccompc.CompileProfile(data, seccompc.Options{Target: host})
		if err != nil {
			return nil, fmt.Errorf("compileWith: %w", err)
		}
		return f.Program, nil
	}
	return nil, fmt.Errorf("compileWith: unknown tool %q", tool)
}

// pathStats returns, for each architecture of r, the mean and maximum
// number of instructions prog executes over the architecture's syscall
// table with all arguments zero.
func pathStats(prog []bpf.RawInstruction, r *ir.Resolved) (names []string, means, maxes []float64, err error) {
	for _, ap := range r.Arches {
		sum, most := 0, 0
		calls := ap.Table.Syscalls()
		for _, s := range calls {
			d := verify.SeccompData{Arch: ap.Arch.Audit, Nr: s.Nr}
			_, pcs, err := verify.Trace(prog, &d, r.Target.BigEndian)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("pathStats %s %s: %w", ap.Arch.Name, s.Name, err)
			}
			sum += len(pcs)
			most = max(most, len(pcs))
		}
		names = append(names, ap.Arch.Name)
		means = append(means, float64(sum)/float64(max(len(calls), 1)))
		maxes = append(maxes, float64(most))
	}
	return names, means, maxes, nil
}

const coldEnv = "SECCOMPC_LIBSECCOMP_COLD"

// coldRuns is how many fresh processes the cold figure is the median of.
const coldRuns = 5

// coldCompile runs TestHelperColdCompile in coldRuns fresh processes for
// profile name, host and tool and returns the median of the nanoseconds
// each took for its very first compile.
func coldCompile(name, host, tool string) (time.Duration, error) {
	var ds []time.Duration
	for range coldRuns {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperColdCompile$", "-test.v")
		cmd.Env = append(os.Environ(), coldEnv+"="+name+"/"+host+"/"+tool)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return 0, fmt.Errorf("coldCompile: child: %w\n%s", err, out)
		}
		found := false
		for _, line := range strings.Split(string(out), "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "COLD-NS "); ok {
				ns, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return 0, fmt.Errorf("coldCompile: %w", err)
				}
				ds = append(ds, time.Duration(ns))
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("coldCompile: no COLD-NS line from the child:\n%s", out)
		}
	}
	slices.Sort(ds)
	return ds[len(ds)/2], nil
}

// TestHelperColdCompile is the child of coldCompile: it compiles the
// profile named in $SECCOMPC_LIBSECCOMP_COLD (profile/host/tool) once and
// prints the time that first compile took.
func TestHelperColdCompile(t *testing.T) {
	sel := os.Getenv(coldEnv)
	if sel == "" {
		t.Skip("runs only as the child of BenchmarkLibseccomp")
	}
	parts := strings.Split(sel, "/")
	if len(parts) != 3 {
		t.Fatalf("%s=%q: want profile/host/tool", coldEnv, sel)
	}
	profiles, err := libProfiles()
	if err != nil {
		t.Fatal(err)
	}
	var data []byte
	for _, p := range profiles {
		if p.name == parts[0] {
			data = p.data
		}
	}
	if data == nil {
		t.Fatalf("no profile %q", parts[0])
	}
	start := time.Now()
	prog, err := compileWith(parts[2], data, parts[1])
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if len(prog) == 0 {
		t.Fatal("empty program")
	}
	fmt.Printf("COLD-NS %d\n", elapsed.Nanoseconds())
}

// BenchmarkLibseccomp gives reference figures for libseccomp (as runc
// drives it, linear and binary tree) and seccompc (baseline auto) on
// Docker's and podman's default profiles for an x86_64 and an aarch64
// host: the compile time per iteration, and as metrics the program
// length (insns), per architecture the mean and maximum instructions
// executed over its syscall table with zero arguments (x86_64-mean,
// x86_64-max, ...), and the median time of the first compile in a fresh
// process (cold-ms).
func BenchmarkLibseccomp(b *testing.B) {
	profiles, err := libProfiles()
	if err != nil {
		b.Fatal(err)
	}
	for _, prof := range profiles {
		for _, host := range libHosts {
			// The architectures to measure come from seccompc's view
			// of the profile; libseccomp's filter has the same ones.
			p, _, _, err := profile.Load(prof.data, profile.Options{Target: host})
			if err != nil {
				b.Fatal(err)
			}
			r, _, err := ir.Resolve(p, host)
			if err != nil {
				b.Fatal(err)
			}
			for _, tool := range benchTools {
				b.Run(prof.name+"/"+host+"/"+tool, func(b *testing.B) {
					var prog []bpf.RawInstruction
					b.ResetTimer()
					for range b.N {
						prog, err = compileWith(tool, prof.data, host)
						if err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(len(prog)), "insns")
					names, means, maxes, err := pathStats(prog, r)
					if err != nil {
						b.Fatal(err)
					}
					for i, n := range names {
						b.ReportMetric(means[i], n+"-mean")
						b.ReportMetric(maxes[i], n+"-max")
					}
					cold, err := coldCompile(prof.name, host, tool)
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(cold.Nanoseconds())/1e6, "cold-ms")
				})
			}
		}
	}
}
