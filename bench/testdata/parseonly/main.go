// Command parseonly is bench/run.sh's baseline: it finds the same files buildspec-lint's
// discovery finds (buildspec*.yml, buildspec*.yaml), reads them and decodes each into yaml v3
// Nodes, on as many goroutines as CPUs, and does nothing else. It lives under testdata so that
// `go install ./...` does not install it.
//
//	go run ./bench/testdata/parseonly DIR
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

func main() {
	var paths []string
	for _, root := range os.Args[1:] {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "vendor") {
				return filepath.SkipDir
			}
			n := d.Name()
			if !d.IsDir() && strings.HasPrefix(n, "buildspec") && (strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) {
				paths = append(paths, p)
			}
			return nil
		})
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	nodes, failed := 0, 0
	work := make(chan string)
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, f := 0, 0
			for p := range work {
				data, err := os.ReadFile(p)
				if err != nil {
					f++
					continue
				}
				dec := yaml.NewDecoder(bytes.NewReader(data))
				for {
					var doc yaml.Node
					if err := dec.Decode(&doc); err != nil {
						if !errors.Is(err, io.EOF) {
							f++
						}
						break
					}
					n += len(doc.Content)
				}
			}
			mu.Lock()
			nodes, failed = nodes+n, failed+f
			mu.Unlock()
		}()
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	fmt.Printf("parseonly: %d files, %d failed\n", len(paths), failed)
}
