package lint

import "github.com/seccompc/seccompc/ir"

// RandomTree is randomTree for the package's external tests.
var RandomTree = randomTree

// Work returns the pairwise work of linting p: rules compared with
// other rules of their syscall, plus the solver's work, for the cost
// tests.
func Work(p *ir.Policy, opts Options) int {
	l, err := newLinter(p, opts)
	if err != nil {
		return -1
	}
	sat := l.satBudget
	l.run(p.Arches, "")
	return l.work + sat - l.satBudget
}
