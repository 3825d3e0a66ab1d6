package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/buildspec-lint/buildspec-lint/lint"
)

// The seam to the image inventories (package lint/inventory): buildInventory turns an image as
// the configuration or the command line names it into what the image contains, and
// builtinImages lists the built-in inventories (--image NAME, images.X.image). The defaults
// know bare tool lists only; the inventory package replaces both.
var (
	buildInventory = toolsInventory
	builtinImages  = func() []string { return nil }
)

// toolsInventory builds the inventory of a bare tool list.
func toolsInventory(spec lint.ImageSpec) (*lint.Inventory, error) {
	if spec.Image != "" || spec.Dockerfile != "" {
		return nil, fmt.Errorf("image %s: this build of buildspec-lint cannot read built-in images or Dockerfiles; declare the image's tools with --tools or tools: in the configuration", spec.Name)
	}
	inv := &lint.Inventory{Name: spec.Name, Tools: map[string]*lint.Tool{}, Custom: true}
	origin := spec.Origin
	if origin == "" {
		origin = "--tools"
	}
	for _, t := range spec.Tools {
		inv.Tools[t] = &lint.Tool{Name: t, Origin: origin}
	}
	return inv, nil
}

// inventories builds each image once per run, however many files use it.
type inventories struct {
	mu    sync.Mutex
	cache map[string]*inventoryEntry
}

type inventoryEntry struct {
	once sync.Once
	inv  *lint.Inventory
	err  error
}

// get returns the inventory of spec, building it on first use. cfg names the configuration the
// spec comes from ("" for the command line), so that equal names in two configurations differ.
func (c *inventories) get(cfg string, spec lint.ImageSpec) (*lint.Inventory, error) {
	tools := append([]string(nil), spec.Tools...)
	sort.Strings(tools)
	key := strings.Join([]string{cfg, spec.Name, spec.Image, spec.Dockerfile, spec.Dockerd, strings.Join(tools, ",")}, "\x00")
	c.mu.Lock()
	if c.cache == nil {
		c.cache = map[string]*inventoryEntry{}
	}
	e := c.cache[key]
	if e == nil {
		e = &inventoryEntry{}
		c.cache[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.inv, e.err = buildInventory(spec) })
	return e.inv, e.err
}
