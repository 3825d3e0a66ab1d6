package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint/config"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// buildInventory turns an image as the configuration or the command line names it into what
// the image contains; builtinImages lists the built-in inventories (--image NAME, images.X.image).
// They are variables so that tests can stand in for package internal/inventory.
var (
	buildInventory = inventory.Build
	builtinImages  = sync.OnceValue(inventory.Names) // once per run: settings asks for every file
)

// inventories builds each image once per run, however many files use it.
type inventories struct {
	mu    sync.Mutex
	cache map[string]*inventoryEntry
}

type inventoryEntry struct {
	once sync.Once
	inv  *image.Inventory
	err  error
}

// get returns the inventory of spec, building it on first use. cfg names the configuration the
// spec comes from ("" for the command line), so that equal names in two configurations differ.
func (c *inventories) get(cfg string, spec image.Spec) (*image.Inventory, error) {
	tools := append([]string(nil), spec.Tools...)
	sort.Strings(tools)
	key := strings.Join([]string{cfg, spec.Name, spec.Image, spec.Dockerfile, spec.Dockerd, strings.Join(tools, ","),
		spec.Compute.String(), spec.ComputeOrigin, spec.Docker.String(), spec.DockerOrigin,
		spec.Project, spec.Origin, strconv.Itoa(int(spec.Privileged)), placeKey(spec.PrivilegedAt)}, "\x00")
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

// imageAdvice follows "unknown image NAME" in an error (lint.ImageAdvice with the built-in images).
func imageAdvice(name string, cfg *config.Config) string {
	return config.ImageAdvice(name, cfg, builtinImages())
}

// placeKey tells places apart in the cache key.
func placeKey(p *image.Place) string {
	if p == nil {
		return ""
	}
	path := ""
	if p.Source != nil {
		path = p.Source.Path
	}
	return fmt.Sprintf("%s:%d:%d:%s", path, p.Range.Start.Offset, p.Range.End.Offset, p.Message)
}
