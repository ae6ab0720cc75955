package lower_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/internal/testdiff"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/lower"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden/lower")

// TestGolden compiles testdata/policies/golden.policy for every
// architecture and compares the annotated disassembly with
// testdata/golden/lower/<arch>.asm. Run with -update after a deliberate
// change to the lowering, and review the diff.
func TestGolden(t *testing.T) {
	data, err := os.ReadFile("../testdata/policies/golden.policy")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ir.Parse(data, "golden.policy")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arch.All() {
		t.Run(a.Name, func(t *testing.T) {
			r, _, err := ir.Resolve(p, a.Name)
			if err != nil {
				t.Fatal(err)
			}
			prog, err := lower.Compile(r)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "; golden.policy for %s: %d instructions\n", a.Name, len(prog.Insns))
			b.WriteString(emit.Disassemble(prog.Insns, emit.DisasmOptions{
				Comment: func(pc int) string { return prog.Src[pc].String() },
			}))
			got := b.String()
			path := filepath.Join("..", "testdata", "golden", "lower", a.Name+".asm")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./lower -run TestGolden -update)", err)
			}
			if diff := testdiff.Diff(string(want), got); diff != "" {
				t.Errorf("%s differs from the golden file (-want +got):\n%s", path, diff)
			}
		})
	}
}
