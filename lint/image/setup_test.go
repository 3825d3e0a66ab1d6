package image

import "testing"

// The setup-action table is consistent: each action once, an input only for a tool the action
// puts on the PATH, and each tool's version chosen by the input of one action at most, so that
// advice names one action.
func TestSetupActionsTable(t *testing.T) {
	if n := len(SetupActions()); n != 26 {
		t.Errorf("%d setup actions, want 26", n)
	}
	seen := map[string]bool{}
	chosenBy := map[string]string{}
	for _, a := range SetupActions() {
		if seen[a.Name] {
			t.Errorf("%s listed twice", a.Name)
		}
		seen[a.Name] = true
		if LookupSetupAction(a.Name) != a {
			t.Errorf("LookupSetupAction(%q) does not find it", a.Name)
		}
		for tool, in := range a.Inputs {
			if !contains(a.Tools, tool) {
				t.Errorf("%s: input %s for %s, which it does not put on the PATH", a.Name, in, tool)
			}
			if other, ok := chosenBy[tool]; ok {
				t.Errorf("%s's version is chosen by both %s and %s", tool, other, a.Name)
			}
			chosenBy[tool] = a.Name
			if got, input := SetupActionFor(tool); got != a || input != in {
				t.Errorf("SetupActionFor(%q) = %v %q, want %s %q", tool, got, input, a.Name, in)
			}
		}
	}
	for _, tool := range []string{"pip", "npm", "gsutil", "composer", "rustup", "yq"} {
		if a, in := SetupActionFor(tool); a != nil {
			t.Errorf("SetupActionFor(%q) = %s %s, want none: no input chooses its version", tool, a.Name, in)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSetupInputVersion(t *testing.T) {
	for _, tt := range []struct{ action, v, want string }{
		{"azure/setup-kubectl", "1.30.0", "v1.30.0"},
		{"azure/setup-helm", "3.14.0", "v3.14.0"},
		{"sigstore/cosign-installer", "2.4.1", "v2.4.1"},
		{"terraform-linters/setup-tflint", "0.52.0", "v0.52.0"},
		{"terraform-linters/setup-tflint", "latest", "latest"},
		{"actions/setup-node", "20", "20"},
		{"opentofu/setup-opentofu", "1.7.0", "1.7.0"},
		{"not/an-action", "1.0", "1.0"},
	} {
		if got := LookupSetupAction(tt.action).InputVersion(tt.v); got != tt.want {
			t.Errorf("%s InputVersion(%q) = %q, want %q", tt.action, tt.v, got, tt.want)
		}
	}
}
