package workflow

import "testing"

// A setup step's tools carry the input that chooses their version, as its action.yml names it,
// and the version the step's with: gives that input; a tool whose version no input chooses
// carries neither.
func TestSetupToolsInput(t *testing.T) {
	for _, tt := range []struct {
		uses string
		with map[string]string
		want map[string]string // tool -> "input=version"; tools not here must have neither
	}{
		{"actions/setup-node@v4", map[string]string{"node-version": "20"}, map[string]string{"node": "node-version=20"}},
		{"Actions/Setup-Python@v5", map[string]string{"python-version": "3.12", "pip-version": "24.0"}, map[string]string{"python": "python-version=3.12", "python3": "python-version=3.12"}},
		{"pnpm/action-setup@v4", map[string]string{"version": "8"}, map[string]string{"pnpm": "version=8"}},
		{"pnpm/action-setup@v4", nil, map[string]string{"pnpm": "version="}},
		{"ruby/setup-ruby@v1", map[string]string{"ruby-version": "3.3", "bundler": "2.4.22"}, map[string]string{"ruby": "ruby-version=3.3", "gem": "rubygems=", "bundle": "bundler=2.4.22", "bundler": "bundler=2.4.22"}},
		{"sigstore/cosign-installer@v3", map[string]string{"cosign-release": "v2.2.0"}, map[string]string{"cosign": "cosign-release=v2.2.0"}},
		{"actions-rust-lang/setup-rust-toolchain@v1", map[string]string{"toolchain": "1.78.0"}, map[string]string{"rustc": "toolchain=1.78.0", "cargo": "toolchain=1.78.0"}},
		{"dtolnay/rust-toolchain@1.78.0", map[string]string{"toolchain": "1.79.0"}, map[string]string{}},
		{"google-github-actions/setup-gcloud@v2", map[string]string{"version": "467.0.0"}, map[string]string{"gcloud": "version=467.0.0"}},
		{"shivammathur/setup-php@v2", map[string]string{"php-version": "8.3"}, map[string]string{"php": "php-version=8.3"}},
		{"gradle/actions/setup-gradle@v4", map[string]string{"gradle-version": "8.7"}, map[string]string{"gradle": "gradle-version=8.7"}},
		// Without gradle-version, setup-gradle leaves the project's Gradle wrapper to run Gradle.
		{"gradle/actions/setup-gradle@v4", map[string]string{"cache-disabled": "true"}, nil},
	} {
		got := SetupTools(&Step{Uses: tt.uses, With: tt.with})
		if len(got) == 0 && tt.want != nil {
			t.Errorf("%s: no tools", tt.uses)
		}
		for _, s := range got {
			w, ok := tt.want[s.Tool]
			switch {
			case ok && s.Input+"="+s.Version != w:
				t.Errorf("%s: %s has %s=%s, want %s", tt.uses, s.Tool, s.Input, s.Version, w)
			case !ok && (s.Input != "" || s.Version != ""):
				t.Errorf("%s: %s has %s=%s, want no input and no version", tt.uses, s.Tool, s.Input, s.Version)
			}
			delete(tt.want, s.Tool)
		}
		for tool := range tt.want {
			t.Errorf("%s: %s not on the PATH", tt.uses, tool)
		}
	}
}
