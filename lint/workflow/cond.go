package workflow

// Decide evaluates an if: condition with the values known in one environment (vars:
// "runner.os" -> "Linux", "matrix.os" -> "ubuntu-22.04"). known is false when the condition
// depends on anything else (a step's outcome, an event, a secret): the step may run.
// An empty condition is true.
func Decide(cond string, vars map[string]string) (value, known bool) {
	if cond == "" {
		return true, true
	}
	return false, false
}
