// Command buildspec-lint lints AWS CodeBuild buildspec files.
package main

import (
	"os"
)

func main() {
	limitMemory()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
