package wordsat

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// mutants are deliberate mistakes in the solver, one line each, that
// its tests must catch: each changes an answer somewhere (none is an
// equivalent rewrite), in the bit search, the quick decisions, the
// incremental And, the 64-bit split and the ranges.
var mutants = []struct {
	file, old, new string
}{
	{"word.go", "case m > l:", "case m >= l:"},                                                                // tightness on Lo dropped on equal bits
	{"word.go", "if st != wsDone && s.atoms[i].Out {", "if st == wsBoth && s.atoms[i].Out {"},                 // an Out atom tight on one bound survives
	{"word.go", "case covered < 1:", "case covered <= 1:"},                                                    // pointSat: exclusions that cover all
	{"word.go", "\t\t\t\tv = o.Hi + 1\n", "\t\t\t\tv = o.Hi\n"},                                               // solveWhole: Min lands on an excluded value
	{"word.go", "if b.Out && b.Lo <= a.Lo && a.Hi <= b.Hi {", "if b.Out && (b.Lo <= a.Lo || a.Hi <= b.Hi) {"}, // And drops an exclusion it needs
	{"word.go", "if a.Lo == 0 && a.Hi >= a.Mask {", "if a.Lo == 0 && a.Hi+1 >= a.Mask {"},                     // trivial: an atom that can fail always holds
	{"word.go", "\t\t\tlo, hi = max(lo, a.Lo), min(hi, a.Hi)\n\t\t}\n\t}\n\tfor _, a := range w {\n\t\tin(a)", "\t\t\tlo, hi = max(lo, a.Lo), max(hi, a.Hi)\n\t\t}\n\t}\n\tfor _, a := range w {\n\t\tin(a)"}, // wholeSat ignores upper bounds
	{"word.go", "\t\tval |= ^fixed\n", "\t\tval |= ^fixed &^ 1\n"},                                                                                    // pointExtreme: Max one short
	{"wide.go", "add(Eq(mh, hiH), &Atom{Mask: ml, Lo: 0, Hi: hiL, Out: a.Out})", "add(Eq(mh, hiH), &Atom{Mask: ml, Lo: 0, Hi: hiL - 1, Out: a.Out})"}, // Sat64: the high end's low word
	{"wide.go", "\t\t\t\tadd(Ne(mh, loH), nil)\n", "\t\t\t\t_ = Ne(mh, loH)\n"},                                                                       // Sat64 loses the "other high word" case
	{"wide.go", "return Atom64{Mask: w, Lo: v + 1, Hi: w}", "return Atom64{Mask: w, Lo: v, Hi: w}"},                                                   // Compare64: > as >=
	{"ranges.go", "rs = append(rs, Range{uint32(lo), o.Lo - 1})", "rs = append(rs, Range{uint32(lo), o.Lo})"},                                         // a range runs into the gap
}

// TestMutantsAreCaught runs the package's tests on each mutant, in a
// copy of the package, and fails when they still pass: the tests can
// fail, and do on each of these mistakes. (Not in -short mode: each
// mutant is a build and a test run, about a second.)
func TestMutantsAreCaught(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests every mutant of the solver")
	}
	if os.Getenv("WORDSAT_MUTANT") != "" {
		t.Skip("inside a mutant's run")
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	src, err := filepath.Glob("*.go")
	if err != nil || len(src) == 0 {
		t.Fatalf("the package's files: %v %v", src, err)
	}
	for _, m := range mutants {
		t.Run(m.file+": "+m.new, func(t *testing.T) {
			dir := t.TempDir()
			var err error
			for _, f := range src {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				text := string(data)
				if f == m.file {
					if n := strings.Count(text, m.old); n != 1 {
						t.Fatalf("%q occurs %d times in %s: update the mutant", m.old, n, f)
					}
					text = strings.Replace(text, m.old, m.new, 1)
				}
				if err := os.WriteFile(filepath.Join(dir, f), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module mutant\n\ngo 1.23.0\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			// The word solver's own tests first: a broken search can
			// make the bisection of Ranges, which trusts it, run for
			// ever. Then every test.
			var out []byte
			for _, run := range []string{"^(TestAtom|TestWord|TestPointSat|TestWholeSat|TestSat64|TestCompare64)", "."} {
				cmd := exec.Command(goBin, "test", "-count=1", "-failfast", "-timeout=60s", "-run", run, ".")
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "WORDSAT_MUTANT=1", "GOFLAGS=-mod=mod", "GOWORK=off")
				if out, err = cmd.CombinedOutput(); err != nil {
					break
				}
			}
			switch {
			case err == nil:
				t.Errorf("the tests pass on the mutant")
			case strings.Contains(string(out), "[build failed]") || strings.Contains(string(out), "[setup failed]"):
				t.Errorf("the mutant does not build:\n%s", out)
			case strings.Contains(string(out), "panic: test timed out"):
				t.Errorf("the tests hang on the mutant:\n%.2000s", out)
			case !strings.Contains(string(out), "--- FAIL"):
				t.Errorf("the run failed without a failing test:\n%s", out)
			}
		})
	}
}
