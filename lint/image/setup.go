package image

// SetupAction is an action that puts tools on the PATH for the steps after it (uses:
// actions/setup-node), as its action.yml defines it.
type SetupAction struct {
	// Name is the action without its ref, lower case ("actions/setup-node").
	Name string
	// Tools are the executables it puts on the PATH.
	Tools []string
	// Inputs are the with: inputs that choose a tool's version, by tool ("node": "node-version").
	// A tool the action brings along but whose version no input of it chooses is not here
	// (npm of actions/setup-node, pip of actions/setup-python).
	Inputs map[string]string
	// VPrefix says that the version inputs take versions with a leading v, as the tool's
	// release tags are named (azure/setup-kubectl's version: v1.30.0).
	VPrefix bool
	// OnlyWithInput says that the action puts its tools on the PATH only when their version
	// input is given (gradle/actions/setup-gradle: without gradle-version the project's Gradle
	// wrapper is used).
	OnlyWithInput bool
}

// setupActions are the setup actions known, each with the input names of its action.yml. A
// tool whose version the inputs of several actions choose is advised with the first of them.
var setupActions = []*SetupAction{
	{Name: "actions/setup-node", Tools: []string{"node", "npm", "npx", "corepack"}, Inputs: map[string]string{"node": "node-version"}},
	// pip-version chooses pip's version only from actions/setup-python v6 on: a pin of pip after
	// an older one has no input to move to.
	{Name: "actions/setup-python", Tools: []string{"python", "python3", "pip", "pip3"}, Inputs: map[string]string{"python": "python-version", "python3": "python-version"}},
	{Name: "actions/setup-go", Tools: []string{"go", "gofmt"}, Inputs: map[string]string{"go": "go-version", "gofmt": "go-version"}},
	{Name: "actions/setup-java", Tools: []string{"java", "javac"}, Inputs: map[string]string{"java": "java-version", "javac": "java-version"}},
	{Name: "actions/setup-dotnet", Tools: []string{"dotnet"}, Inputs: map[string]string{"dotnet": "dotnet-version"}},
	{Name: "ruby/setup-ruby", Tools: []string{"ruby", "gem", "bundle", "bundler"}, Inputs: map[string]string{"ruby": "ruby-version", "gem": "rubygems", "bundle": "bundler", "bundler": "bundler"}},
	{Name: "azure/setup-helm", Tools: []string{"helm"}, Inputs: map[string]string{"helm": "version"}, VPrefix: true},
	{Name: "azure/setup-kubectl", Tools: []string{"kubectl"}, Inputs: map[string]string{"kubectl": "version"}, VPrefix: true},
	{Name: "hashicorp/setup-terraform", Tools: []string{"terraform"}, Inputs: map[string]string{"terraform": "terraform_version"}},
	{Name: "hashicorp/setup-packer", Tools: []string{"packer"}, Inputs: map[string]string{"packer": "version"}},
	{Name: "pnpm/action-setup", Tools: []string{"pnpm"}, Inputs: map[string]string{"pnpm": "version"}},
	{Name: "astral-sh/setup-uv", Tools: []string{"uv", "uvx"}, Inputs: map[string]string{"uv": "version", "uvx": "version"}},
	{Name: "oven-sh/setup-bun", Tools: []string{"bun"}, Inputs: map[string]string{"bun": "bun-version"}},
	{Name: "denoland/setup-deno", Tools: []string{"deno"}, Inputs: map[string]string{"deno": "deno-version"}},
	{Name: "aws-actions/setup-sam", Tools: []string{"sam"}, Inputs: map[string]string{"sam": "version"}},
	{Name: "pulumi/actions", Tools: []string{"pulumi"}, Inputs: map[string]string{"pulumi": "pulumi-version"}},
	{Name: "gradle/actions/setup-gradle", Tools: []string{"gradle"}, Inputs: map[string]string{"gradle": "gradle-version"}, OnlyWithInput: true},
	{Name: "actions-rust-lang/setup-rust-toolchain", Tools: []string{"rustc", "cargo", "rustup"}, Inputs: map[string]string{"rustc": "toolchain", "cargo": "toolchain"}},
	// The ref chooses dtolnay/rust-toolchain's toolchain (@stable, @1.78): only its master
	// branch has a toolchain input.
	{Name: "dtolnay/rust-toolchain", Tools: []string{"rustc", "cargo", "rustup"}},
	// composer's version is chosen in the tools input (tools: composer:v2), with other tools.
	{Name: "shivammathur/setup-php", Tools: []string{"php", "composer"}, Inputs: map[string]string{"php": "php-version"}},
	// mikefarah/yq runs yq in its container; it puts nothing on the PATH.
	{Name: "mikefarah/yq"},
	{Name: "imranismail/setup-kustomize", Tools: []string{"kustomize"}, Inputs: map[string]string{"kustomize": "kustomize-version"}},
	{Name: "sigstore/cosign-installer", Tools: []string{"cosign"}, Inputs: map[string]string{"cosign": "cosign-release"}, VPrefix: true},
	{Name: "opentofu/setup-opentofu", Tools: []string{"tofu"}, Inputs: map[string]string{"tofu": "tofu_version"}},
	{Name: "terraform-linters/setup-tflint", Tools: []string{"tflint"}, Inputs: map[string]string{"tflint": "tflint_version"}, VPrefix: true},
	// gsutil has versions of its own (5.27), not the SDK's (467.0.0) that version chooses.
	{Name: "google-github-actions/setup-gcloud", Tools: []string{"gcloud", "gsutil"}, Inputs: map[string]string{"gcloud": "version"}},
}

// SetupActions returns the setup actions known, in a fixed order. The caller must not change them.
func SetupActions() []*SetupAction { return setupActions }

// LookupSetupAction returns the setup action named name (without its ref, lower case), or nil.
func LookupSetupAction(name string) *SetupAction {
	for _, a := range setupActions {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// SetupActionFor returns the setup action whose input chooses the version of tool, with that
// input; nil when no setup action's input does.
func SetupActionFor(tool string) (*SetupAction, string) {
	for _, a := range setupActions {
		if in := a.Inputs[tool]; in != "" {
			return a, in
		}
	}
	return nil, ""
}

// InputVersion writes version v (without a leading v) as the action's version inputs take it:
// v1.30.0 for the actions with VPrefix, v itself for the others and for a value that is no
// version number (latest).
func (a *SetupAction) InputVersion(v string) string {
	if a != nil && a.VPrefix && v != "" && v[0] >= '0' && v[0] <= '9' {
		return "v" + v
	}
	return v
}
