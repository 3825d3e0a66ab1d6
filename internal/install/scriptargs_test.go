package install

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// commands parses each line of text as one buildspec command, in order.
func commands(t testing.TB, text string) []*buildspec.Command {
	t.Helper()
	src := source.NewSource("test", []byte(text))
	var cmds []*buildspec.Command
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		if v := strings.TrimRight(line, "\n"); v != "" {
			cmds = append(cmds, buildspec.NewCommand(buildspec.NewString(src, v, off), "install", buildspec.DialectShell))
		}
		off += len(line)
	}
	return cmds
}

// describeChoice is describe with " upgrade" after an install that asks for the latest release.
func describeChoice(text string, ins []*Install) string {
	var lines []string
	for _, in := range ins {
		l := describe(text, []*Install{in})
		if in.Upgrade {
			l += " upgrade"
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

// scriptVersionCases are installer scripts with and without a version chosen by their
// arguments or environment, read as buildspec commands (one per line) with scriptVersionEnv as
// env.variables.
var scriptVersionCases = []struct{ name, cmds, want string }{
	// a positional version of `sh -s`, and the options that take one
	{"positional", "curl -fsSL https://deno.land/install.sh | sh -s v1.41.0", "installer-script:deno@1.41.0[deno]<https://deno.land/install.sh> +1"},
	{"tool's tag", "curl -fsSL https://bun.sh/install | bash -s \"bun-v1.1.0\"", "installer-script:bun,bunx@1.1.0[bun bunx]<https://bun.sh/install> +1"},
	{"--version", "curl -fsSL https://get.pulumi.com | sh -s -- --version 3.100.0", "installer-script:pulumi@3.100.0[pulumi]<https://get.pulumi.com> +1"},
	{"--version=", "curl -fsSL https://get.pulumi.com | bash -s -- --version=3.100.0", "installer-script:pulumi@3.100.0[pulumi]<https://get.pulumi.com> +1"},
	{"-v shaped", "curl -fsSL https://get.pulumi.com | bash -s -- -v 3.100.0", "installer-script:pulumi@3.100.0[pulumi]<https://get.pulumi.com> +1"},
	{"--release", "curl -fsSL https://get.pulumi.com | bash -s -- --release 3.100.0-rc.1", "installer-script:pulumi@3.100.0-rc.1[pulumi]<https://get.pulumi.com> +1"},
	{"variable", "curl -fsSL https://get.pulumi.com | sh -s -- --version \"$PULUMI_VERSION\"", "installer-script:pulumi@$PULUMI_VERSION[pulumi]<https://get.pulumi.com> +1"},
	{"assigned variable", "V=3.100.0; curl -fsSL https://get.pulumi.com | sh -s -- --version $V", "installer-script:pulumi@3.100.0[pulumi]<https://get.pulumi.com> +1"},
	{"positional variable", "curl -sSfL https://raw.githubusercontent.com/golangci/golangci-lint/master/install.sh | sh -s -- -b /usr/local/bin ${GOLANGCI_VERSION}",
		"installer-script:golangci-lint@${GOLANGCI_VERSION}[golangci-lint]<https://raw.githubusercontent.com/golangci/golangci-lint/master/install.sh> +1"},
	// the reader is found past the command substitutions of its own arguments
	{"past a substitution", "curl -sSfL https://raw.githubusercontent.com/golangci/golangci-lint/master/install.sh | sh -s -- -b $(go env GOPATH)/bin v1.55.2",
		"installer-script:golangci-lint@1.55.2[golangci-lint]<https://raw.githubusercontent.com/golangci/golangci-lint/master/install.sh> +1"},
	{"bash /dev/stdin", "curl -fsSL https://get.pulumi.com | bash /dev/stdin --version 3.100.0", "installer-script:pulumi@3.100.0[pulumi]<https://get.pulumi.com> +1"},
	{"python -", "curl -sSL https://install.python-poetry.org | python3 - --version 1.7.1", "installer-script:poetry@1.7.1[poetry]<https://install.python-poetry.org> +1"},
	{"sudo and shell options", "curl -fsSL https://get.pulumi.com | sudo -E bash -e -o pipefail -s -- --version 3.100.0", "installer-script:pulumi@3.100.0[pulumi]<https://get.pulumi.com> +1"},
	// a version chosen by the arguments replaces the script's own release in its URL
	{"over the URL's version", "curl -fsSL https://raw.githubusercontent.com/helm/helm/v3.14.0/scripts/get-helm-3 | DESIRED_VERSION=v3.15.1 bash",
		"installer-script:helm@3.15.1[helm]<https://raw.githubusercontent.com/helm/helm/v3.14.0/scripts/get-helm-3> +1"},
	// rustup's toolchain chooses rustc and cargo, which the install is then for
	{"toolchain", "curl https://sh.rustup.rs -sSf | sh -s -- -y --default-toolchain 1.78.0", "installer-script:rust@1.78.0[rustc cargo rustup]<https://sh.rustup.rs> +1"},
	{"toolchain=", "curl --proto '=https' -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain=nightly-2024-05-01", "installer-script:rust@nightly-2024-05-01[rustc cargo rustup]<https://sh.rustup.rs> +1"},
	{"toolchain none", "curl https://sh.rustup.rs -sSf | sh -s -- -y --default-toolchain none", "installer-script:rustup[rustup]<https://sh.rustup.rs> +1"},
	{"toolchain stable", "curl https://sh.rustup.rs -sSf | sh -s -- -y --default-toolchain stable", "installer-script:rust[rustc cargo rustup]<https://sh.rustup.rs> +1 upgrade"},
	{"rustup-init", "curl -sSf -o rustup-init https://static.rust-lang.org/rustup/dist/x86_64-unknown-linux-gnu/rustup-init\nchmod +x rustup-init\n./rustup-init -y --default-toolchain 1.78.0",
		"curl:rust@1.78.0[rustc cargo rustup]<https://static.rust-lang.org/rustup/dist/x86_64-unknown-linux-gnu/rustup-init> +2"},
	{"latest", "curl -fsSL https://get.pulumi.com | sh -s -- --version latest", "installer-script:pulumi[pulumi]<https://get.pulumi.com> +1 upgrade"},
	// the script's environment: given to the shell, or exported before it
	{"prefix", "curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | DESIRED_VERSION=v3.14.0 bash", "installer-script:helm@3.14.0[helm]<https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3> +1"},
	{"env", "curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | env DESIRED_VERSION=v3.14.0 bash", "installer-script:helm@3.14.0[helm]<https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3> +1"},
	{"sudo env", "curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | sudo DESIRED_VERSION=\"$HELM_VERSION\" bash", "installer-script:helm@$HELM_VERSION[helm]<https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3> +1"},
	{"tag", "curl -s https://raw.githubusercontent.com/k3d-io/k3d/main/install.sh | TAG=v5.6.0 bash", "installer-script:@5.6.0[]<https://raw.githubusercontent.com/k3d-io/k3d/main/install.sh> from raw.githubusercontent.com +1"},
	{"exported", "export PULUMI_VERSION=3.99.0\ncurl -fsSL https://get.pulumi.com | sh", "installer-script:pulumi@3.99.0[pulumi]<https://get.pulumi.com> +1"},
	{"exported later", "PULUMI_VERSION=3.99.0\nexport PULUMI_VERSION\ncurl -fsSL https://get.pulumi.com | sh", "installer-script:pulumi@3.99.0[pulumi]<https://get.pulumi.com> +1"},
	{"exported tool variable", "export NVM_VERSION=v0.39.7\ncurl -o- https://raw.githubusercontent.com/nvm-sh/nvm/master/install.sh | bash", "installer-script:nvm@0.39.7[nvm]<https://raw.githubusercontent.com/nvm-sh/nvm/master/install.sh> +1"},
	{"prefix tool variable", "curl -sSL https://install.python-poetry.org | POETRY_VERSION=1.8.2 python3 -", "installer-script:poetry@1.8.2[poetry]<https://install.python-poetry.org> +1"},
	{"exported installer variable", "export DESIRED_VERSION=v3.14.0 && curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | bash", "installer-script:helm@3.14.0[helm]<https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3> +1"},
	{"env.variables", "curl -sSL https://install.python-poetry.org | python3 -", "installer-script:poetry@1.7.1[poetry]<https://install.python-poetry.org> +1"},
	// run by an enclosing shell
	{"command string", "bash -c \"$(curl -fsSL https://get.pulumi.com)\" -- --version 3.100.0", "installer-script:pulumi@3.100.0[pulumi]<https://get.pulumi.com>"},
	{"process substitution", "bash <(curl -fsSL https://get.pulumi.com) --version 3.100.0", "installer-script:pulumi@3.100.0[pulumi]<https://get.pulumi.com>"},
	// a downloaded installer run by its path, with arguments and environment
	{"bash file", "curl -o install.sh https://get.pulumi.com && bash -x install.sh --version 1.2.3", "curl:pulumi@1.2.3[pulumi]<https://get.pulumi.com> +1"},
	{"./file", "curl -fsSL -o get_helm.sh https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3\nchmod 700 get_helm.sh\n./get_helm.sh --version v3.14.0",
		"curl:helm@3.14.0[helm]<https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3> +2"},
	{"./file env", "curl -fsSL -o get_helm.sh https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3\nchmod 700 get_helm.sh\nDESIRED_VERSION=v3.14.0 ./get_helm.sh",
		"curl:helm@3.14.0[helm]<https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3> +2"},
	{"redirected", "curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 > get_helm.sh\nchmod 700 get_helm.sh\n./get_helm.sh --version v3.14.0",
		"curl:helm@3.14.0[helm]<https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3> +2"},
	{"script named like the tool", "curl -fsSL https://get.pulumi.com -o /tmp/pulumi.sh && sh /tmp/pulumi.sh --version 3.100.0", "curl:pulumi@3.100.0[pulumi]<https://get.pulumi.com> +1"},
	{"python file", "curl -sSLo install-poetry.py https://install.python-poetry.org && python3 install-poetry.py --version 1.7.1", "curl:poetry@1.7.1[poetry]<https://install.python-poetry.org> +1"},

	// No version chosen: an install directory, a flag, an option of something else, a
	// variable that does not reach the script or names another tool, a file the shell runs.
	{"directory", "curl -sSfL https://raw.githubusercontent.com/anchore/grype/main/install.sh | sh -s -- -b /usr/local/bin", "installer-script:grype[grype]<https://raw.githubusercontent.com/anchore/grype/main/install.sh> +1"},
	{"flags", "curl https://sh.rustup.rs -sSf | sh -s -- -y --no-modify-path --profile minimal", "installer-script:rustup,cargo,rustc[rustup cargo rustc]<https://sh.rustup.rs> +1"},
	{"-v is a flag", "curl -fsSL https://get.pulumi.com | sh -s -- -v /opt/pulumi", "installer-script:pulumi[pulumi]<https://get.pulumi.com> +1"},
	{"another option's version", "curl -fsSL https://get.pulumi.com | sh -s -- --python 3.12", "installer-script:pulumi[pulumi]<https://get.pulumi.com> +1"},
	{"bare major", "curl -fsSL https://get.pulumi.com | sh -s -- 20", "installer-script:pulumi[pulumi]<https://get.pulumi.com> +1"},
	{"not exported", "PULUMI_VERSION=3.99.0\ncurl -fsSL https://get.pulumi.com | sh", "installer-script:pulumi[pulumi]<https://get.pulumi.com> +1"},
	{"exported for another tool", "export NODE_VERSION=18.19.0\ncurl -fsSL https://get.pulumi.com | sh", "installer-script:pulumi[pulumi]<https://get.pulumi.com> +1"},
	{"not a version variable", "curl -fsSL https://get.pulumi.com | PREFIX=1.2.3 sh", "installer-script:pulumi[pulumi]<https://get.pulumi.com> +1"},
	{"not a version value", "curl -fsSL https://get.pulumi.com | VERSION=/opt sh", "installer-script:pulumi[pulumi]<https://get.pulumi.com> +1"},
	{"exported VERSION", "export VERSION=2.0.0 TAG=v2.0.0\ncurl -fsSL https://get.pulumi.com | sh", "installer-script:pulumi[pulumi]<https://get.pulumi.com> +1"},
	{"another tool's variable", "curl -o- https://raw.githubusercontent.com/nvm-sh/nvm/master/install.sh | NODE_VERSION=18.19.0 bash", "installer-script:nvm[nvm]<https://raw.githubusercontent.com/nvm-sh/nvm/master/install.sh> +1"},
	{"shell runs a file", "curl -fsSL https://get.pulumi.com | bash ./other.sh 1.2.3", "installer-script:pulumi[pulumi]<https://get.pulumi.com> +1"},
	{"a tool run by its name", "curl -fsSL https://example.com/dl/mytool-linux-amd64 -o mytool\nchmod +x mytool\n./mytool deploy 2.0.1", "curl:mytool[mytool]<https://example.com/dl/mytool-linux-amd64> +2"},
}

// scriptVersionEnv are the env.variables of scriptVersionCases.
var scriptVersionEnv = map[string]string{"POETRY_VERSION": "1.7.1", "APP_VERSION": "2.0.0"}

func TestScriptVersion(t *testing.T) {
	for _, tt := range scriptVersionCases {
		t.Run(tt.name, func(t *testing.T) {
			got := describeChoice(tt.cmds, RecogniseCommands(commands(t, tt.cmds), scriptVersionEnv))
			if got != tt.want {
				t.Errorf("RecogniseCommands(%q):\ngot:  %s\nwant: %s", tt.cmds, got, tt.want)
			}
		})
	}
}

// TestScriptVersionChooses checks what the rules read: an installer script with a version
// chooses it, one without does not.
func TestScriptVersionChooses(t *testing.T) {
	for cmd, want := range map[string]bool{
		"curl -fsSL https://deno.land/install.sh | sh -s v1.41.0":                                                       true,
		"curl https://sh.rustup.rs -sSf | sh -s -- -y --default-toolchain 1.78.0":                                       true,
		"curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | DESIRED_VERSION=v3.14.0 bash": true,
		"curl -fsSL https://deno.land/install.sh | sh":                                                                  false,
		"curl https://sh.rustup.rs -sSf | sh -s -- -y":                                                                  false,
		"curl -fsSL https://get.pulumi.com | sh -s -- --version latest":                                                 false,
	} {
		ins := RecogniseCommands(commands(t, cmd), nil)
		if len(ins) != 1 {
			t.Fatalf("%q: got %d installs, want 1", cmd, len(ins))
		}
		if got := ins[0].ChoosesVersion(); got != want {
			t.Errorf("%q: ChoosesVersion() = %v, want %v", cmd, got, want)
		}
	}
}

func TestVersionShaped(t *testing.T) {
	for _, tt := range []struct {
		v             string
		needDot, want bool
	}{
		{"1.55.2", true, true}, {"v1.55.2", true, true}, {"1.78", true, true}, {"17.0.8-amzn", true, true},
		{"v1.28.5+k3s1", true, true}, {"3.100.0-rc.1", true, true}, {"18", false, true}, {"v18", false, true},
		{"18", true, false}, {"v", false, false}, {"", false, false}, {"1..2", true, false}, {"1.2.", true, false},
		{"1.2-", true, false}, {"1.2/x", true, false}, {"/usr/local/bin", true, false}, {"latest", false, false},
		{"x1.2", true, false}, {"1.2 3", true, false}, {"vv1.2", true, false},
	} {
		if got := versionShaped(tt.v, tt.needDot); got != tt.want {
			t.Errorf("versionShaped(%q, %v) = %v, want %v", tt.v, tt.needDot, got, tt.want)
		}
	}
}

func TestStdinScriptArgs(t *testing.T) {
	for _, tt := range []struct {
		call, args string
		ok         bool
	}{
		{"sh", "", true},
		{"sh -s v1.41.0", "v1.41.0", true},
		{"sh -s -- -b bin v1", "-b bin v1", true},
		{"bash -xs -- --version 1", "--version 1", true},
		{"bash -", "", true},
		{"bash - file.sh", "file.sh", false},
		{"bash -- file.sh 1.2", "file.sh 1.2", false},
		{"bash /dev/stdin --version 1", "--version 1", true},
		{"bash -o pipefail -s 1.2", "1.2", true},
		{"bash -c 'echo'", "", false},
		{"bash file.sh 1.2", "", false},
		{"bash -s file.sh 1.2", "file.sh 1.2", true},
		{"python3 - --version 1.7.1", "--version 1.7.1", true},
		{"python3 -u -", "", true},
		{"python3 -m pip", "", false},
	} {
		var c *buildspec.Call
		for _, k := range calls(t, tt.call) {
			if k.Depth == 0 {
				c = k // not the calls of a -c string
			}
		}
		if c == nil {
			t.Fatalf("%q: no call", tt.call)
		}
		args, ok := stdinScriptArgs(c)
		var vs []string
		for _, a := range args {
			vs = append(vs, a.Value)
		}
		if got := strings.Join(vs, " "); got != tt.args || ok != tt.ok {
			t.Errorf("stdinScriptArgs(%q) = %q, %v; want %q, %v", tt.call, got, ok, tt.args, tt.ok)
		}
	}
}

// Exported version variables are kept sorted and bounded: every installer script call reads
// them, so a document of thousands of exports and thousands of installer calls stays linear.
func TestVersionExportsBounded(t *testing.T) {
	st := &state{}
	st.export("PATH")
	for i := 0; i < 1000; i++ {
		st.export(fmt.Sprintf("TOOL%04d_VERSION", 999-i))
		st.export("PULUMI_VERSION")
	}
	if len(st.versionExports) != maxVersionExports || !slices.IsSorted(st.versionExports) {
		t.Fatalf("kept %d exports (sorted %v), want %d sorted", len(st.versionExports), slices.IsSorted(st.versionExports), maxVersionExports)
	}
	if slices.Contains(st.versionExports, "PATH") || !slices.Contains(st.versionExports, "PULUMI_VERSION") {
		t.Errorf("kept %v: want version variables only, PULUMI_VERSION among them", st.versionExports[:3])
	}
}
