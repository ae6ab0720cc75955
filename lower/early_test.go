package lower_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
)

// TestTooLongStopsSpecializing: once the code of the syscalls built so
// far is more than the kernel's 4096 instructions, the program is too
// long whatever the specializer does, and it leaves the remaining
// syscalls' code as lowered. On rules that test all six arguments,
// whose code the specializer tries for its whole budget and then gives
// up on (issue 14: 70% of a compile that ends "program too long"), it
// now spends under a tenth of it; before, all of it.
func TestTooLongStopsSpecializing(t *testing.T) {
	p, _, _, err := profile.Load(scalegen.ArgRules(512<<10), profile.Options{Target: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := ir.Resolve(p, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	_, steps, budget, inProgram, err := lower.SpecStats(r)
	var ee *emit.Error
	if !errors.As(err, &ee) || ee.Code != emit.ErrTooLong {
		t.Fatalf("%v, want an *emit.Error ErrTooLong", err)
	}
	if inProgram <= emit.MaxInstructions || inProgram > ee.Len {
		t.Errorf("counted %d nodes surely in a program of %d instructions", inProgram, ee.Len)
	}
	if steps*10 > budget {
		t.Errorf("the specializer took %d steps of its budget of %d", steps, budget)
	}
}

// TestInProgramBound: the nodes the specializer counts as surely in the
// program never outnumber the program's instructions, on every testdata
// policy and profile for every architecture: the bound on which it
// stops specializing never stops it for a program that fits.
func TestInProgramBound(t *testing.T) {
	files, err := filepath.Glob("../testdata/policies/*.policy")
	if err != nil {
		t.Fatal(err)
	}
	profiles, err := filepath.Glob("../testdata/profiles/*.json")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, profiles...)
	if len(files) < 10 {
		t.Fatalf("only %d testdata files", len(files))
	}
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range []string{"x86_64", "aarch64", "s390x", "riscv64", "mips64"} {
			p, _, _, err := profile.Load(data, profile.Options{Filename: f, Target: target})
			if err != nil {
				continue // a policy for other architectures
			}
			r, _, err := ir.Resolve(p, target)
			if err != nil {
				continue
			}
			prog, _, _, inProgram, err := lower.SpecStats(r)
			if err != nil {
				continue
			}
			if inProgram > len(prog.Insns) {
				t.Errorf("%s for %s: counted %d nodes surely in a program of %d instructions", f, target, inProgram, len(prog.Insns))
			}
			checked++
		}
	}
	t.Logf("%d programs", checked)
	if checked < 50 {
		t.Errorf("checked only %d programs", checked)
	}
}
