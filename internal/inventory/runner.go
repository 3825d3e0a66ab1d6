package inventory

import "github.com/buildspec-lint/buildspec-lint/lint/image"

// Runner returns a new inventory of the GitHub-hosted runner image a runs-on label selects, and
// false for a label that names none.
func Runner(label string) (*image.Inventory, bool) { return nil, false }

// RunnerLabels returns the runs-on labels Runner knows, sorted.
func RunnerLabels() []string { return nil }
