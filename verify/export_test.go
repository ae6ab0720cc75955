package verify

// SetFormulaBudget sets the step budget of the prover's formulas for a
// test and returns the function that restores it.
func SetFormulaBudget(n int) (restore func()) {
	old := maxFormulaSteps
	maxFormulaSteps = n
	return func() { maxFormulaSteps = old }
}
