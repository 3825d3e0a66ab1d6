// Package integration holds the end-to-end tests of the GitHub Action (action.yml, run as a
// runner would, including its install step against local releases), the repository's workflows
// (checked by actionlint and by zizmor's rules applied by hand, the release job's scripts run in
// a scratch repository) and the pre-commit hooks (.pre-commit-hooks.yaml, run by pre-commit).
// It has no code of its own.
package integration
