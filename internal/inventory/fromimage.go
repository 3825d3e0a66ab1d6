package inventory

import (
	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// FromContents returns the inventory of an image read itself (imageread.Read), named name in
// messages: a custom image (CodeBuild runs it with its own entrypoint: nothing starts dockerd)
// whose tools are the executables on its PATH.
func FromContents(c *imageread.Contents, name string) *image.Inventory {
	inv := &image.Inventory{Name: name, Ref: c.Ref, Tools: map[string]*image.Tool{}, Dockerd: image.DockerdManual, Custom: true, OS: c.OS}
	origin := c.Ref
	if c.Digest != "" {
		origin += "@" + c.Digest
	}
	for exe := range c.Executables {
		addTool(inv, &image.Tool{Name: exe, Origin: origin})
	}
	inv.Notes = append(inv.Notes, c.Notes...)
	return inv
}
