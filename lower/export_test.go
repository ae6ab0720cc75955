package lower

import (
	"fmt"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
)

// WholeDAGPassesChange builds r's optimized DAG as CompileOptions does
// (each syscall's code specialized as it is built) and reports whether
// the passes, run over the whole DAG to a fixed point, still change it:
// they must not, or specializing the leaves alone lost something.
func WholeDAGPassesChange(r *ir.Resolved) (bool, error) {
	c := &compiler{b: emit.NewBuilder(), r: r, opt: DefaultOptions}
	c.spec = newSpecializer(c.b, nil)
	root := c.filter()
	if c.spec.steps > c.spec.budget {
		return false, fmt.Errorf("specialize went past its budget")
	}
	again, err := runPasses(c.b, root, passes)
	return again != root, err
}

// SpecStats compiles r as CompileOptions does with DefaultOptions and
// reports, with Assemble's result, the specializer's steps, its budget
// for the DAG built (as it sets it before each syscall's code) and how
// many nodes it counted as surely in the program.
func SpecStats(r *ir.Resolved) (prog *emit.Program, steps, budget, inProgram int, err error) {
	c := &compiler{b: emit.NewBuilder(), r: r, opt: DefaultOptions}
	c.spec = newSpecializer(c.b, nil)
	root := c.filter()
	prog, err = c.b.Assemble(root)
	c.spec.grow()
	return prog, c.spec.steps, c.spec.budget, c.spec.inProgram, err
}
