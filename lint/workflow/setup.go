package workflow

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// setupActions are the actions that put tools on the PATH for the steps after them, with the
// tools each adds and the input that chooses the version.
var setupActions = map[string]struct {
	tools   []string
	version string
}{
	"actions/setup-node":                     {[]string{"node", "npm", "npx", "corepack"}, "node-version"},
	"actions/setup-python":                   {[]string{"python", "python3", "pip", "pip3"}, "python-version"},
	"actions/setup-go":                       {[]string{"go", "gofmt"}, "go-version"},
	"actions/setup-java":                     {[]string{"java", "javac"}, "java-version"},
	"actions/setup-dotnet":                   {[]string{"dotnet"}, "dotnet-version"},
	"ruby/setup-ruby":                        {[]string{"ruby", "gem", "bundle", "bundler"}, "ruby-version"},
	"azure/setup-helm":                       {[]string{"helm"}, "version"},
	"azure/setup-kubectl":                    {[]string{"kubectl"}, "version"},
	"hashicorp/setup-terraform":              {[]string{"terraform"}, "terraform_version"},
	"hashicorp/setup-packer":                 {[]string{"packer"}, "version"},
	"pnpm/action-setup":                      {[]string{"pnpm"}, "version"},
	"astral-sh/setup-uv":                     {[]string{"uv", "uvx"}, "version"},
	"oven-sh/setup-bun":                      {[]string{"bun"}, "bun-version"},
	"denoland/setup-deno":                    {[]string{"deno"}, "deno-version"},
	"aws-actions/setup-sam":                  {[]string{"sam"}, "version"},
	"pulumi/actions":                         {[]string{"pulumi"}, "pulumi-version"},
	"gradle/actions/setup-gradle":            {[]string{"gradle"}, "gradle-version"},
	"actions-rust-lang/setup-rust-toolchain": {[]string{"rustc", "cargo", "rustup"}, "toolchain"},
	"dtolnay/rust-toolchain":                 {[]string{"rustc", "cargo", "rustup"}, "toolchain"},
	"shivammathur/setup-php":                 {[]string{"php", "composer"}, "php-version"},
	"mikefarah/yq":                           {nil, ""},
	"imranismail/setup-kustomize":            {[]string{"kustomize"}, "kustomize-version"},
	"sigstore/cosign-installer":              {[]string{"cosign"}, "cosign-release"},
	"opentofu/setup-opentofu":                {[]string{"tofu"}, "tofu_version"},
	"terraform-linters/setup-tflint":         {[]string{"tflint"}, "tflint_version"},
	"google-github-actions/setup-gcloud":     {[]string{"gcloud", "gsutil"}, "version"},
}

// SetupAction returns the action a uses: value names, without its ref and lower case
// ("actions/setup-node" of "actions/setup-node@v4").
func SetupAction(uses string) string {
	a, _, _ := strings.Cut(uses, "@")
	return strings.ToLower(strings.TrimSpace(a))
}

// SetupTools returns the tools a uses: step puts on the PATH for the steps after it (none for
// other steps).
func SetupTools(s *Step) []*image.SetupTool {
	if s == nil || s.Uses == "" {
		return nil
	}
	action := SetupAction(s.Uses)
	sa, ok := setupActions[action]
	if !ok {
		return nil
	}
	version := ""
	if sa.version != "" {
		version = s.With[sa.version]
	}
	out := make([]*image.SetupTool, 0, len(sa.tools))
	for _, t := range sa.tools {
		out = append(out, &image.SetupTool{Tool: t, Action: action, Version: version, At: s.UsesRange})
	}
	return out
}
