package main

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/seccompc/seccompc/internal/scalegen"
)

// TestDiffLoadsLeaveOnlyPrograms checks that diff's loading of A and B
// leaves the heap holding their programs, not the garbage of compiling
// them: a profile of 2 MB of one-name rules allocates about 20 MB to
// compile, and its program is a few KB. Before, that garbage stayed
// until the collector's next cycle, which the heap reached only at
// twice the compile's live peak, so the comparison after it ran on top
// of it: diff of the 8 MB profile peaked at 60 MB, compile at 45.
func TestDiffLoadsLeaveOnlyPrograms(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, scalegen.OneNameRules(2<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	e := &env{stdout: io.Discard, stderr: io.Discard}
	fs := newFlags(e, lookup("diff"))
	cf := addCompileFlags(fs)
	*cf.target = "x86_64"
	target, err := targetArch(*cf.target)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	progs, profiles, err := loadFilters(e, []string{"../../testdata/profiles/moby-default.json", big}, target, cf)
	runtime.ReadMemStats(&after)
	if err != nil || profiles != 2 || len(progs[0]) == 0 || len(progs[1]) == 0 {
		t.Fatalf("loadFilters: %d profiles, %d and %d instructions, %v", profiles, len(progs[0]), len(progs[1]), err)
	}
	total := after.TotalAlloc - before.TotalAlloc
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("loading allocated %d bytes; the heap grew by %d", total, grown)
	if grown > 2<<20 {
		t.Errorf("the heap grew by %d bytes loading A and B (%d allocated), want at most 2 MB: their programs", grown, total)
	}
}
