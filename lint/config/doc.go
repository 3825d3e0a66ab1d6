// Package config reads .buildspec-lint.yaml: rule severities, images (by tool list, Dockerfile
// or built-in name), which files are buildspecs and which are excluded, and limits. Find walks
// up from a linted file to its configuration; every error carries the file, line and column.
package config
