package install

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// calls parses each line of text as one shell command and returns the calls in order.
func calls(t testing.TB, text string) []*buildspec.Call {
	return callsDialect(t, text, buildspec.DialectShell)
}

func callsDialect(t testing.TB, text string, d buildspec.Dialect) []*buildspec.Call {
	t.Helper()
	src := source.NewSource("test", []byte(text))
	var out []*buildspec.Call
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		v := strings.TrimRight(line, "\n")
		if v != "" {
			cmd := buildspec.NewCommand(buildspec.NewString(src, v, off), "install", d)
			out = append(out, cmd.Script.Calls...)
		}
		off += len(line)
	}
	return out
}

// describe renders installs as "manager:package@version[tools]@word" lines.
func describe(text string, ins []*Install) string {
	var b strings.Builder
	for _, in := range ins {
		word := text[in.Range.Start.Offset:in.Range.End.Offset]
		fmt.Fprintf(&b, "%s:%s", in.Manager, in.Package)
		if in.Version != "" {
			fmt.Fprintf(&b, "@%s", in.Version)
		}
		fmt.Fprintf(&b, "%v<%s>", in.Tools, word)
		if in.Installer != "" {
			fmt.Fprintf(&b, " from %s", in.Installer)
		}
		if len(in.Related) > 0 {
			fmt.Fprintf(&b, " +%d", len(in.Related))
		}
		b.WriteString("\n")
	}
	return strings.TrimSpace(b.String())
}

func TestRecognise(t *testing.T) {
	tests := []struct {
		name, cmd, want string
	}{
		{"apt-get", "apt-get install -y jq", "apt-get:jq[jq]<jq>"},
		{"apt-get update before", "apt-get update && DEBIAN_FRONTEND=noninteractive sudo apt-get -y install --no-install-recommends awscli=1.2 openssh-client",
			"apt-get:awscli@1.2[aws]<awscli=1.2> +1\napt-get:openssh-client[ssh scp ssh-keygen ssh-keyscan]<openssh-client> +1"},
		{"apt-get update alone", "apt-get update", ""},
		{"apk", "apk add --no-cache --update --virtual .deps jq py3-pip", "apk:jq[jq]<jq>\napk:py3-pip[pip3]<py3-pip>"},
		{"apk -t", "apk add -t build-deps curl", "apk:curl[curl]<curl>"},
		{"yum", "yum -y install --enablerepo epel jq", "yum:jq[jq]<jq>"},
		{"yum library", "yum install -y openssl-devel", "yum:openssl-devel[]<openssl-devel>"},
		{"pip", "pip install --upgrade --user awscli==1.29.0 'aws-sam-cli>=1'", "pip:awscli@1.29.0[aws]<awscli==1.29.0>\npip:aws-sam-cli[sam]<'aws-sam-cli>=1'>"},
		{"python -m pip", "python3 -m pip install -U cfn-lint", "pip:cfn-lint[cfn-lint]<cfn-lint>"},
		{"pip requirements", "pip install -r requirements.txt", ""},
		{"pip project", "pip install -e . && pip install .", ""},
		{"pip requirements and a tool", "pip install -r requirements.txt --requirement=dev.txt -e ./lib --editable ./cli awscli", "pip:awscli[aws]<awscli>"},
		{"npm -g", "npm install -g aws-cdk@2.100.0 serverless", "npm:aws-cdk@2.100.0[cdk]<aws-cdk@2.100.0>\nnpm:serverless[serverless sls]<serverless>"},
		{"npm local", "npm install && npm ci && npm i left-pad", ""},
		{"yarn global", "yarn global add typescript", "yarn:typescript[tsc]<typescript>"},
		{"pnpm", "pnpm add -g @angular/cli", "pnpm:@angular/cli[ng]<@angular/cli>"},
		{"gem", "gem install cfn-nag -v 0.8.10", "gem:cfn-nag@0.8.10[cfn_nag cfn_nag_scan cfn_nag_rules]<cfn-nag>"},
		{"go install", "go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.55.2", "go:github.com/golangci/golangci-lint/cmd/golangci-lint@v1.55.2[golangci-lint]<github.com/golangci/golangci-lint/cmd/golangci-lint@v1.55.2>"},
		{"go install v2", "go install github.com/x/tool/v2@latest", "go:github.com/x/tool/v2[tool]<github.com/x/tool/v2@latest>"},
		{"go project", "go install ./... && go mod download", ""},
		{"cargo", "cargo install ripgrep --version 14.0.0", "cargo:ripgrep@14.0.0[rg]<ripgrep>"},
		{"cargo path", "cargo install --path .", ""},
		// versions held in variables: the name is known, the version is not
		{"pip version variable", `pip install awscli==$AWSCLI_VERSION "aws-sam-cli==${SAM_VERSION}"`, "pip:awscli@$AWSCLI_VERSION[aws]<awscli==$AWSCLI_VERSION>\npip:aws-sam-cli@${SAM_VERSION}[sam]<\"aws-sam-cli==${SAM_VERSION}\">"},
		{"npm version variable", "npm install -g aws-cdk@$CDK_VERSION", "npm:aws-cdk@$CDK_VERSION[cdk]<aws-cdk@$CDK_VERSION>"},
		{"apt version variable", "apt-get install -y jq=${JQ_VERSION}", "apt-get:jq@${JQ_VERSION}[jq]<jq=${JQ_VERSION}>"},
		{"yum version variable", "yum install -y terraform-${TF_VERSION}", "yum:terraform@${TF_VERSION}[terraform]<terraform-${TF_VERSION}>"},
		{"gem version variable", `gem install "bundler:${BUNDLER_VERSION}"`, "gem:bundler@${BUNDLER_VERSION}[bundle bundler]<\"bundler:${BUNDLER_VERSION}\">"},
		{"go version variable", "go install github.com/x/tool/cmd/tool@${V}", "go:github.com/x/tool/cmd/tool@${V}[tool]<github.com/x/tool/cmd/tool@${V}>"},
		{"names in variables", "pip3 install $PACKAGES && apt-get install -y ${TOOL}=1.0 && npm i -g $(cat tools.txt)", ""},
		{"pip target", "pip install -t ./package pytz requests-aws4auth && pip install --target=build/ x", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := describe(tt.cmd, Recognise(calls(t, tt.cmd)))
			if got != tt.want {
				t.Errorf("Recognise(%q):\ngot:\n%s\nwant:\n%s", tt.cmd, got, tt.want)
			}
		})
	}
}

func TestRecogniseIdioms(t *testing.T) {
	for _, tt := range shellCases {
		if got := describe(tt.cmd, Recognise(calls(t, tt.cmd))); got != tt.want {
			t.Errorf("Recognise(%q):\ngot:  %s\nwant: %s", tt.cmd, got, tt.want)
		}
	}
	for _, tt := range powerShellCases {
		if got := describe(tt.cmd, Recognise(callsDialect(t, tt.cmd, buildspec.DialectPowerShell))); got != tt.want {
			t.Errorf("Recognise(PowerShell %q):\ngot:  %s\nwant: %s", tt.cmd, got, tt.want)
		}
	}
}

func TestRecogniseCommandsVariables(t *testing.T) {
	// env.variables and a command that only assigns a URL are read before the download
	text := "URL=https://releases.hashicorp.com/terraform/${TF_VERSION}/terraform_${TF_VERSION}_linux_amd64.zip\ncurl -sSLo tf.zip $URL"
	src := source.NewSource("test", []byte(text))
	var cmds []*buildspec.Command
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		cmds = append(cmds, buildspec.NewCommand(buildspec.NewString(src, strings.TrimRight(line, "\n"), off), "install", buildspec.DialectShell))
		off += len(line)
	}
	got := describe(text, RecogniseCommands(cmds, map[string]string{"TF_VERSION": "1.6.0"}))
	if want := "curl:terraform@1.6.0[terraform]<$URL>"; got != want {
		t.Errorf("RecogniseCommands:\ngot:  %s\nwant: %s", got, want)
	}
}

func BenchmarkRecognise(b *testing.B) {
	var all [][]*buildspec.Call
	for _, tt := range shellCases {
		all = append(all, calls(b, tt.cmd))
	}
	n := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, cs := range all {
			Recognise(cs)
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "commands/s")
}

func TestModuleStreamChoosesVersion(t *testing.T) {
	ins := Recognise(calls(t, "dnf module enable -y nodejs:20 && dnf install -y nodejs git"))
	if len(ins) != 2 || ins[0].Package != "nodejs" || ins[0].Version != "20" || ins[1].Version != "" {
		t.Fatalf("got %+v, want nodejs at 20 and git without a version", ins)
	}
}

func TestRemoveRelatesOnlyWholly(t *testing.T) {
	text := "curl -sSLo tool.zip https://releases.hashicorp.com/terraform/1.5.7/terraform_1.5.7_linux_amd64.zip\nunzip tool.zip -d /usr/local/bin\nrm -f tool.zip\nrm -rf tool.zip build/\n"
	ins := Recognise(calls(t, text))
	if len(ins) != 1 {
		t.Fatalf("got %d installs, want 1", len(ins))
	}
	in := ins[0]
	if in.File != "tool.zip" || len(in.Related) != 2 || len(in.Shared) != 1 {
		t.Fatalf("got file %q, %d related, %d shared; want tool.zip, 2 (unzip, rm -f) and 1 (rm -rf with build/)", in.File, len(in.Related), len(in.Shared))
	}
	if got := text[in.Shared[0].Start.Offset:in.Shared[0].End.Offset]; got != "rm -rf tool.zip build/" {
		t.Errorf("shared call %q", got)
	}
}

func TestProgramName(t *testing.T) {
	for in, want := range map[string]string{
		"python3.11": "python3", "PIP3.12": "pip3", "pip2.7": "pip2", "python2.7": "python2",
		"python3.": "python3.", "python3": "python3", "python3x": "python3x", "pip3.1a": "pip3.1a",
		"pip2.7.exe": "pip2.7", "APT-GET": "apt-get", "pip.exe": "pip", "pip3.12.1": "pip3.12.1", "": "",
	} {
		if got := programName(in); got != want {
			t.Errorf("programName(%q) = %q, want %q", in, got, want)
		}
	}
}
