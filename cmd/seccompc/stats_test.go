package main

import (
	"encoding/json"
	"fmt"
	"math/bits"
	"strings"
	"testing"
	"time"
)

// TestStatsJSON checks the stats report against the compiled program:
// its size, the arches of the filter, the floor of each arch's ranges,
// and the cache lists.
func TestStatsJSON(t *testing.T) {
	for _, tc := range []struct {
		profile, target string
		arches          []string
	}{
		{"", "x86_64", []string{"x86_64", "x86", "x32"}},
		{"", "aarch64", []string{"aarch64", "arm"}},
		{"../../testdata/policies/docker-excerpt.policy", "s390x", nil},
	} {
		t.Run(tc.profile+"/"+tc.target, func(t *testing.T) {
			args := []string{"stats", "--format", "json", "--cache", "--repeat", "2", "--target", tc.target}
			if tc.profile != "" {
				args = append(args, tc.profile)
			}
			out, errs, code := runCLI(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var rep statsReport
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("%v in %s", err, out)
			}
			baseline := ""
			cf := &compileFlags{target: &tc.target, baseline: &baseline}
			c, err := compileProfile(&env{stdin: strings.NewReader("")}, tc.profile, cf)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Instructions != len(c.prog.Insns) {
				t.Errorf("instructions %d, the compiled program has %d", rep.Instructions, len(c.prog.Insns))
			}
			if rep.CompileMs <= 0 || rep.CompileWarmMs <= 0 {
				t.Errorf("compile times %v, %v ms", rep.CompileMs, rep.CompileWarmMs)
			}
			var names []string
			for _, a := range rep.Arches {
				names = append(names, a.Arch)
				if a.Floor != bits.Len(uint(a.Ranges-1)) {
					t.Errorf("%s: floor %d for %d ranges", a.Arch, a.Floor, a.Ranges)
				}
				if !(float64(a.Max) >= a.Mean && a.Mean > 0 && a.MaxBoundary >= a.Max) {
					t.Errorf("%s: mean %v, max %d, max over args %d", a.Arch, a.Mean, a.Max, a.MaxBoundary)
				}
				if len(a.Cached) != a.Cacheable || a.Cacheable+len(a.Uncached) != a.AlwaysAllow {
					t.Errorf("%s: cacheable %d of %d always allowed, lists %d and %d", a.Arch, a.Cacheable, a.AlwaysAllow, len(a.Cached), len(a.Uncached))
				}
			}
			if tc.arches != nil && strings.Join(names, " ") != strings.Join(tc.arches, " ") {
				t.Errorf("arches %v, want %v", names, tc.arches)
			}
			if names[0] != tc.target {
				t.Errorf("first arch %s, want the target %s", names[0], tc.target)
			}
		})
	}
}

func TestStatsText(t *testing.T) {
	out, errs, code := runCLI(t, "", "stats", "--repeat", "1", "../../testdata/policies/negated.policy")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"instructions ", "compile ", "mean", "floor", "cacheable"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, _, code := runCLI(t, "", "stats", "--format", "yaml"); code != 2 {
		t.Errorf("--format yaml: exit %d, want 2", code)
	}
}

// TestNoOptimize checks the debugging flag: the reference lowering is
// larger than the optimized one and still proves equal to the policy.
func TestNoOptimize(t *testing.T) {
	size := func(args ...string) int {
		out, errs, code := runCLI(t, "", append([]string{"stats", "--format", "json", "--repeat", "1"}, args...)...)
		if code != 0 {
			t.Fatalf("stats %v: exit %d: %s", args, code, errs)
		}
		var rep statsReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		return rep.Instructions
	}
	opt, noopt := size("--target", "x86_64"), size("--target", "x86_64", "--no-optimize")
	if noopt <= opt {
		t.Errorf("--no-optimize: %d instructions, optimized %d", noopt, opt)
	}
	if _, errs, code := runCLI(t, "", "verify", "--target", "x86_64", "--no-optimize"); code != 0 {
		t.Errorf("verify --no-optimize: exit %d: %s", code, errs)
	}
}

// TestStatsTimeBudget: the warm compiles that stats times stop once they
// have taken statsBudget, so that a huge profile (each compile taking
// longer than the budget) is compiled twice, not --repeat+1 times; the
// report says how many it timed.
func TestStatsTimeBudget(t *testing.T) {
	old := statsBudget
	defer func() { statsBudget = old }()
	for _, tt := range []struct {
		budget time.Duration
		repeat string
		runs   int
	}{
		{0, "30", 1},                 // over budget after the first: one warm compile
		{time.Hour, "3", 3},          // within budget: --repeat of them
		{time.Nanosecond, "1000", 1}, // any compile takes more than a nanosecond
	} {
		statsBudget = tt.budget
		out, errs, code := runCLI(t, "", "stats", "--format", "json", "--repeat", tt.repeat, "../../testdata/policies/negated.policy")
		if code != 0 {
			t.Fatalf("stats: exit %d: %s", code, errs)
		}
		var rep statsReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.CompileWarmRuns != tt.runs {
			t.Errorf("budget %v, --repeat %s: %d warm compiles, want %d", tt.budget, tt.repeat, rep.CompileWarmRuns, tt.runs)
		}
		text, _, _ := runCLI(t, "", "stats", "--repeat", tt.repeat, "../../testdata/policies/negated.policy")
		if want := fmt.Sprintf("(median of %d)", tt.runs); !strings.Contains(text, want) {
			t.Errorf("budget %v, --repeat %s: text report without %q:\n%s", tt.budget, tt.repeat, want, text)
		}
	}
}
