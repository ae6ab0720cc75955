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
