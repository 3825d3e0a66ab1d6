package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint/config"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// buildInventory turns an image as the configuration or the command line names it into what
// the image contains; builtinImages lists the built-in inventories (--image NAME, images.X.image).
// They are variables so that tests can stand in for package internal/inventory.
var (
	buildInventory = inventory.BuildWith
	builtinImages  = sync.OnceValue(inventory.Names) // once per run: settings asks for every file
)

// inventories builds each image once per run, however many files use it.
type inventories struct {
	// reads reads the images named by reference (nil: imageread.Read, no cache); platform is
	// --platform, the platform of those that name none.
	reads    *imageReads
	platform string

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
	if spec.Ref != "" && spec.Platform == "" {
		spec.Platform = c.platform
	}
	tools := append([]string(nil), spec.Tools...)
	sort.Strings(tools)
	key := strings.Join([]string{cfg, spec.Name, spec.Image, spec.Dockerfile, spec.Ref, spec.Platform, spec.Dockerd, strings.Join(tools, ","),
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
	e.once.Do(func() {
		var r *inventory.Reader
		if c.reads != nil {
			r = &inventory.Reader{Options: c.reads.opt, Read: c.reads.read}
		}
		e.inv, e.err = buildInventory(spec, r)
	})
	return e.inv, e.err
}

// readImage reads an image itself (a variable so that tests can stand in for imageread).
var readImage = imageread.Read

// imageReads reads each image named by reference once per run, however many images, files and
// projects name it, and keeps what each read says for --verbose.
type imageReads struct {
	opt imageread.Options // the cache and --offline

	mu    sync.Mutex
	byKey map[string]*readEntry
}

// readEntry is one read, shared by the callers that want the same image. It runs under a
// context of its own, not any caller's: each caller waits for it within its own deadline (a
// project's image one minute, an images: ref five), and the read goes on while any caller
// still waits. When the last one gives up, the read is cancelled and forgotten, so that a
// caller that comes later reads the image again within its own deadline.
type readEntry struct {
	done chan struct{} // closed once c and err (or panicked) are set
	c    *imageread.Contents
	err  error
	// panicked is what the read panicked with: each caller panics with it, as it would have
	// had it read the image itself (the linter turns it into that file's internal error).
	panicked any

	waiters int                // the callers waiting (under imageReads.mu)
	cancel  context.CancelFunc // cancels the read
}

// read is imageread.Read, once per reference and platform; ctx bounds this caller's wait, not
// the read the callers share.
func (r *imageReads) read(ctx context.Context, ref string, opt imageread.Options) (*imageread.Contents, error) {
	key := ref + "\x00" + opt.Platform
	r.mu.Lock()
	if r.byKey == nil {
		r.byKey = map[string]*readEntry{}
	}
	e := r.byKey[key]
	if e == nil {
		// Detached from the caller (its values kept): the waiters' count decides when it ends.
		rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		e = &readEntry{done: make(chan struct{}), cancel: cancel}
		r.byKey[key] = e
		go func() {
			defer cancel()
			defer close(e.done)
			defer func() {
				if p := recover(); p != nil {
					e.panicked = p
				}
			}()
			e.c, e.err = readImage(rctx, ref, opt)
		}()
	}
	e.waiters++
	r.mu.Unlock()

	select {
	case <-e.done:
	case <-ctx.Done():
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e.waiters--
	select {
	case <-e.done:
		if e.panicked != nil {
			panic(e.panicked)
		}
		return e.c, e.err // done, even if this caller's deadline passed meanwhile
	default:
	}
	if e.waiters == 0 {
		e.cancel()
		if r.byKey[key] == e {
			delete(r.byKey, key)
		}
	}
	return nil, fmt.Errorf("image %s: %w", ref, ctx.Err())
}

// verbose says, for --verbose, where the images are cached and what each read found.
func (r *imageReads) verbose() []string {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.byKey) == 0 {
		return nil
	}
	var lines, head []string
	if r.opt.CacheDir != "" {
		head = append(head, "images read by reference are cached in "+r.opt.CacheDir)
	} else {
		head = append(head, "images read by reference are not cached: set XDG_CACHE_HOME to a directory to cache them")
	}
	for _, e := range r.byKey {
		select {
		case <-e.done:
		default:
			continue // still being read
		}
		if e.c == nil {
			continue
		}
		c := e.c
		what := fmt.Sprintf("image %s: read %s, %d executables on its PATH, %d packages", c.Ref, c.Digest, len(c.Executables), len(c.Packages))
		if c.OS != "" {
			what += ", " + c.OS
		}
		lines = append(lines, what)
		for _, n := range c.Notes {
			lines = append(lines, "image "+c.Ref+": "+n)
		}
	}
	sort.Strings(lines)
	return append(head, lines...)
}

// cacheDir is the directory of the image cache: $XDG_CACHE_HOME/buildspec-lint, else the user's
// cache directory's (os.UserCacheDir); "" when there is none.
func cacheDir() string {
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "buildspec-lint")
	}
	d, err := os.UserCacheDir()
	if err != nil || d == "" {
		return ""
	}
	return filepath.Join(d, "buildspec-lint")
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
