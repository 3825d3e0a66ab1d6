package rules

import (
	"fmt"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func init() {
	// TestDocExamples: BSL103's example needs the runtimes of a built-in curated image. Chain to
	// the resolver registered before (docker_test.go), adding the built-in image's runtimes.
	prev := DocImage
	DocImage = func(name string) (*image.Inventory, error) {
		b := inventory.Builtin(name)
		if prev == nil {
			if b == nil {
				return nil, fmt.Errorf("unknown image %q", name)
			}
			return b, nil
		}
		inv, err := prev(name)
		if err != nil {
			if b != nil {
				return b, nil
			}
			return nil, err
		}
		if b != nil && inv.Runtimes == nil {
			inv.Runtimes = b.Runtimes
		}
		return inv, nil
	}
}

// runtimeImages are a curated image with selectable runtimes and a custom image, written by
// hand so that the fixtures do not move when the built-in inventories are updated.
func runtimeImages(name string) (*image.Inventory, error) {
	switch name {
	case "standard":
		return &image.Inventory{Name: "standard", Ref: "aws/codebuild/standard:7.0", Curated: true, Tools: map[string]*image.Tool{"docker": {Name: "docker", Origin: "the built-in inventory of aws/codebuild/standard:7.0"}},
			Runtimes: map[string][]image.RuntimeVersion{
				"python": {{Version: "3.12", Installed: "3.12.4"}, {Version: "3.11", Installed: "3.11.9"}},
				"nodejs": {{Version: "20", Installed: "20.13.1"}, {Version: "18", Installed: "18.20.2"}},
				"golang": {{Version: "1.21", Installed: "1.21.10"}, {Version: "1.22", Installed: ""}},
				"java":   {{Version: "corretto17", Installed: "17"}, {Version: "corretto11", Installed: "11"}},
				"ruby":   {{Version: "3.3", Installed: "3.3.1"}},
				"dotnet": {{Version: "8.0", Installed: "8.0.204"}},
			},
			RuntimePackages: map[string]string{"java": "java-$VERSION-amazon-corretto-jdk"}}, nil
	case "ci":
		return &image.Inventory{Name: "ci", Ref: "docker:dind", Dockerfile: "docker/codebuild/Dockerfile", Custom: true, Tools: map[string]*image.Tool{}}, nil
	}
	if b := inventory.Builtin(name); b != nil && (!b.Curated || b.LambdaRuntime != nil) {
		return b, nil // docker:dind and the Lambda images, whose runtimes do not move
	}
	return nil, fmt.Errorf("unknown image %q", name)
}

func TestRuntimeVersions(t *testing.T) {
	linttest.Run(t, lint.RuleSet{RuntimeVersions}, linttest.TestData(t, "rules", "runtime-versions"), &linttest.Options{ImageFor: runtimeImages})
}

func TestSelectAdvice(t *testing.T) {
	pre := []string{"corretto17", "corretto11"}
	for want, advice := range map[string]string{
		"openjdk11": "select java: corretto11 (preinstalled)",
		"openjdk17": "select java: corretto17 (preinstalled)",
		"openjdk8":  "select one of the preinstalled java corretto17, corretto11",
		"jdk":       "select one of the preinstalled java corretto17, corretto11",
	} {
		if got := selectAdvice("java", want, pre); got != advice {
			t.Errorf("selectAdvice(java, %q) = %q, want %q", want, got, advice)
		}
	}
}

func TestRuntimeMatches(t *testing.T) {
	rv := image.RuntimeVersion{Version: "3.12", Installed: "3.12.4"}
	for want, ok := range map[string]bool{"3.12": true, "3": true, "3.12.4": true, "3.1": false, "3.11": false, "": false} {
		if got := runtimeMatches(want, rv); got != ok && want != "" {
			t.Errorf("runtimeMatches(%q, %v) = %v, want %v", want, rv, got, ok)
		}
	}
}
