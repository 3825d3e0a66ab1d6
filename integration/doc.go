// Package integration holds the end-to-end tests of the GitHub Action (action.yml, run as a
// runner would), the repository's workflows (checked by actionlint) and the pre-commit hooks
// (.pre-commit-hooks.yaml, run by pre-commit). It has no code of its own.
package integration
