package install

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestGuards pins which installs run only when a tool is missing, and which tool decides.
func TestGuards(t *testing.T) {
	tests := []struct{ cmd, want string }{
		{"command -v jq >/dev/null || apt-get install -y jq", "jq:jq"},
		{"command -v jq >/dev/null 2>&1 || { apt-get update && apt-get install -y jq; }", "jq:jq"},
		{"which kubectl || curl -sSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.28.0/bin/linux/amd64/kubectl", "kubectl:kubectl"},
		{"type yq > /dev/null || pip install yq", "yq:yq"},
		{"type -p yq > /dev/null || pip install yq", "yq:yq"},
		{"hash aws 2>/dev/null || pip install awscli", "aws:aws"},
		{`[ -x "$(command -v jq)" ] || apk add jq`, "jq:jq"},
		{`[ -n "$(which jq)" ] || apk add jq`, "jq:jq"},
		{`[ -z "$(command -v jq)" ] && apk add jq`, "jq:jq"},
		{`[ ! -x "$(command -v jq)" ] && apk add jq`, "jq:jq"},
		{`test -x "$(command -v jq)" || apk add jq`, "jq:jq"},
		{`[[ -x "$(command -v jq)" ]] || apk add jq`, "jq:jq"},
		{`[[ ! -x "$(command -v jq)" ]] && apk add jq`, "jq:jq"},
		{"if ! command -v terraform >/dev/null; then tfenv install 1.5.7; fi", "terraform:terraform"},
		{"if command -v terraform >/dev/null; then echo ok; else tfenv install 1.5.7; fi", "terraform:terraform"},
		{"if ! [ -x \"$(command -v helm)\" ]; then curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | bash; fi", "helm:helm"},
		{"terraform version || tfenv install 1.5.7", "terraform:terraform"},
		{"command -v aws || sh -c 'pip install awscli'", "aws:aws"},
		{"sh -c 'command -v jq >/dev/null || apt-get install -y jq'", "jq:jq"},
		{`bash -c "which kubectl || curl -sLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.28.0/bin/linux/amd64/kubectl"`, "kubectl:kubectl"},
		{"[ -x /usr/local/bin/kubectl ] || curl -sLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.28.0/bin/linux/amd64/kubectl", "kubectl:kubectl"},
		{`test -f "$HOME/bin/jq" || apt-get install -y jq`, "jq:"},
		{"[[ -e /usr/bin/jq ]] || apt-get install -y jq", "jq:jq"},
		{"[ ! -x /usr/bin/jq ] && apt-get install -y jq", "jq:jq"},
		{"[ -f jq.tar.gz ] || apt-get install -y jq", "jq:"},
		{"[ -d /usr/bin/jq ] || apt-get install -y jq", "jq:"},
		// not guards: the test's result does not decide, or it runs when the tool is there
		{"command -v jq >/dev/null || apt-get update && apt-get install -y jq", "jq:"},
		{"command -v jq && apt-get install -y jq", "jq:"},
		{"if command -v jq; then apt-get install -y jq; fi", "jq:"},
		{"if ! command -v terraform; then echo missing; fi; apt-get install -y jq", "jq:"},
		{"true || apt-get install -y jq", "jq:"},
		{"which -a || apt-get install -y jq", "jq:"},
		{"apt-get install -y jq", "jq:"},
	}
	for _, tt := range tests {
		ins := Recognise(calls(t, tt.cmd))
		var got []string
		for _, in := range ins {
			got = append(got, in.Tools[0]+":"+in.Guard)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s\n got %q\nwant %q", tt.cmd, g, tt.want)
		}
	}
}

// TestChoosesVersion pins which installs choose the version of their tool.
func TestChoosesVersion(t *testing.T) {
	tests := []struct {
		cmd     string
		chooses bool
		version string
	}{
		{"goenv install 1.16.6", true, "1.16.6"},
		{"pyenv install 3.8.10", true, "3.8.10"},
		{"rbenv install 2.5.8", true, "2.5.8"},
		{"nvm install 18", true, "18"},
		{"nvm install", true, ""},
		{"n 22", true, "22"},
		{`n "$NODE_VERSION"`, true, "$NODE_VERSION"},
		{"n lts", true, "lts"},
		{"pip install pip==20.1", true, "20.1"},
		{"python3 -m pip install pip==20.1", true, "20.1"},
		{"gem install bundler -v 1.17.3", true, "1.17.3"},
		{"npm i -g npm@9", true, "9"},
		{"conda install python=3.8", true, "3.8"},
		{"curl -sSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.28.0/bin/linux/amd64/kubectl", true, "1.28.0"},
		{"wget -q https://go.dev/dl/go1.21.1.linux-amd64.tar.gz && tar -C /usr/local -xzf go1.21.1.linux-amd64.tar.gz", true, "1.21.1"},
		{"wget -q https://go.dev/dl/go${GO_VERSION}.linux-amd64.tar.gz && tar -C /usr/local -xzf go${GO_VERSION}.linux-amd64.tar.gz", true, "${GO_VERSION}"},
		{"curl -sL https://example.com/dl/mytool-2.4.1-linux-amd64.tar.gz | tar xz -C /usr/local/bin", true, "2.4.1"},
		// no version chosen: the newest, or whatever the package manager has
		{"pip install --upgrade pip", false, ""},
		{"npm install -g yarn", false, ""},
		{"apt-get install -y jq", false, ""},
		{"curl -sSLo /usr/local/bin/yq https://github.com/mikefarah/yq/releases/latest/download/yq_linux_amd64", false, ""},
	}
	for _, tt := range tests {
		ins := Recognise(calls(t, tt.cmd))
		if len(ins) != 1 {
			t.Errorf("%s: %d installs, want 1", tt.cmd, len(ins))
			continue
		}
		if got := ins[0].ChoosesVersion(); got != tt.chooses || ins[0].Version != tt.version {
			t.Errorf("%s: ChoosesVersion %v, version %q; want %v, %q", tt.cmd, got, ins[0].Version, tt.chooses, tt.version)
		}
	}
}

// TestJudgedTools pins that a bundle is judged by the tool it is for, not the python it
// brings along.
func TestJudgedTools(t *testing.T) {
	tests := []struct{ cmd, want string }{
		{"curl -LO https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh && bash Miniconda3-latest-Linux-x86_64.sh -b -p /opt/conda", "conda"},
		{"wget https://github.com/conda-forge/miniforge/releases/latest/download/Mambaforge-Linux-x86_64.sh && bash Mambaforge-Linux-x86_64.sh -b", "conda mamba"},
		{"curl https://sdk.cloud.google.com | bash", "gcloud gsutil"},
		{"curl -fsSLO https://dl.google.com/dl/cloudsdk/channels/rapid/downloads/google-cloud-cli-467.0.0-linux-x86_64.tar.gz && tar -xzf google-cloud-cli-467.0.0-linux-x86_64.tar.gz -C /usr/local/bin", "gcloud gsutil bq"},
		{"curl -fsSLO https://download.oracle.com/java/17/latest/jdk-17_linux-x64_bin.tar.gz && tar -xzf jdk-17_linux-x64_bin.tar.gz -C /usr/local/bin", "java javac"},
		{"wget -q https://github.com/adoptium/temurin17-binaries/releases/download/jdk-17.0.8%2B7/OpenJDK17U-jdk_x64_linux_hotspot_17.0.8_7.tar.gz && tar -xzf OpenJDK17U-jdk_x64_linux_hotspot_17.0.8_7.tar.gz -C /usr/local/bin", "java javac"},
		{"apt-get install -y google-cloud-cli", "gcloud gsutil bq"},
		{"apt-get install -y python3-pip", "pip3"},
		{"apt-get install -y openssh-client", "ssh scp ssh-keygen ssh-keyscan"},
		{"pyenv install 3.12.0", "python pip"},
	}
	for _, tt := range tests {
		ins := Recognise(calls(t, tt.cmd))
		if len(ins) != 1 {
			t.Errorf("%s: %d installs, want 1", tt.cmd, len(ins))
			continue
		}
		if got := strings.Join(ins[0].JudgedTools(), " "); got != tt.want {
			t.Errorf("%s: judged by %q, want %q", tt.cmd, got, tt.want)
		}
	}
}

// TestFetchedThenInstalled pins that a file downloaded and then installed by a package manager
// is one install of its tool, written at the download.
func TestFetchedThenInstalled(t *testing.T) {
	tests := []struct{ cmd, want string }{
		{"wget https://example.com/dl/splunk-appinspect-latest.tar.gz\npip install splunk-appinspect-latest.tar.gz", "wget:splunk-appinspect[splunk-appinspect]<https://example.com/dl/splunk-appinspect-latest.tar.gz> +1"},
		{"curl -LO https://example.com/dl/mytool-1.2.0-py3-none-any.whl && pip3 install ./mytool-1.2.0-py3-none-any.whl", "curl:mytool@1.2.0[mytool]<https://example.com/dl/mytool-1.2.0-py3-none-any.whl> +1"},
		{"curl -sSLo /tmp/tool.tgz https://example.com/tool.tgz\nnpm i -g /tmp/tool.tgz", "curl:tool[tool]<https://example.com/tool.tgz> +1"},
		{"wget https://example.com/pkgs/mytool_2.0_amd64.deb\ndpkg -i ./mytool_2.0_amd64.deb", "wget:mytool@2.0[mytool]<https://example.com/pkgs/mytool_2.0_amd64.deb> +1"},
		{"wget https://example.com/pkgs/mytool_2.0_amd64.deb\napt-get install -y ./mytool_2.0_amd64.deb", "wget:mytool@2.0[mytool]<https://example.com/pkgs/mytool_2.0_amd64.deb> +1"},
		{"curl -O https://example.com/pkgs/mytool-2.0-1.x86_64.rpm && rpm -ivh mytool-2.0-1.x86_64.rpm", "curl:mytool@2.0[mytool]<https://example.com/pkgs/mytool-2.0-1.x86_64.rpm> +1"},
		{"curl -O https://example.com/pkgs/mytool-2.0-1.x86_64.rpm && yum localinstall -y mytool-2.0-1.x86_64.rpm", "curl:mytool@2.0[mytool]<https://example.com/pkgs/mytool-2.0-1.x86_64.rpm> +1"},
		{"curl -LO https://example.com/gems/mytool-0.3.gem && gem install ./mytool-0.3.gem", "curl:mytool@0.3[mytool]<https://example.com/gems/mytool-0.3.gem> +1"},
		// a local file nobody downloaded is the project's own package
		{"pip install ./dist/app-1.0.tar.gz", ""},
		{"wget https://example.com/data/archive.tar.gz\ntar xzf archive.tar.gz", ""},
	}
	for _, tt := range tests {
		if got := describe(tt.cmd, Recognise(calls(t, tt.cmd))); got != tt.want {
			t.Errorf("%s\n got %s\nwant %s", tt.cmd, got, tt.want)
		}
	}
}

func TestAssetVersion(t *testing.T) {
	for name, want := range map[string]string{
		"terraform_1.5.7_linux_amd64.zip":         "1.5.7",
		"go1.21.1.linux-amd64.tar.gz":             "1.21.1",
		"helm-v3.12.0-linux-amd64.tar.gz":         "3.12.0",
		"go${GO_VERSION}.linux-amd64.tar.gz":      "${GO_VERSION}",
		"tool-$VERSION-linux":                     "$VERSION",
		"go${GOVERSION}.linux-${ARCH}.tar.gz":     "${GOVERSION}",
		"tool-${ARCH}.tar.gz":                     "",
		"yq_linux_amd64":                          "",
		"Miniconda3-py38_4.12.0-Linux-aarch64.sh": "4.12.0",
		"Miniconda3-latest-Linux-x86_64.sh":       "",
		"jq-linux64":                              "",
		"x86_64":                                  "",
	} {
		if got := assetVersion(name); got != want {
			t.Errorf("assetVersion(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestWindowsGuards pins PowerShell's `if (-not (Get-Command X)) { ... }` guards.
func TestWindowsGuards(t *testing.T) {
	tests := []struct{ cmd, want string }{
		{"if (-not (Get-Command choco)) { choco install -y jq }", "jq:choco"},
		{"if (!(Get-Command aws -ErrorAction SilentlyContinue)) { Invoke-WebRequest https://awscli.amazonaws.com/AWSCLIV2.msi -OutFile AWSCLIV2.msi; Start-Process msiexec.exe -Wait -ArgumentList '/i AWSCLIV2.msi /qn' }", "aws:aws"},
		{"if (-not (Get-Command aws)) { Write-Host missing }; choco install -y jq", "jq:"},
		{"if (Get-Command aws) { choco install -y jq }", "jq:"},
		{"choco install -y jq", "jq:"},
	}
	for _, tt := range tests {
		ins := Recognise(callsDialect(t, tt.cmd, buildspec.DialectPowerShell))
		var got []string
		for _, in := range ins {
			got = append(got, in.Tools[0]+":"+in.Guard)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s\n got %q\nwant %q", tt.cmd, g, tt.want)
		}
	}
}

// TestGuardsMany pins that every one of many guarded installs in one command is found guarded,
// in shell and PowerShell (the spans are matched in one sweep, not install by install). n keeps
// the command under buildspec.MaxShellTokens.
func TestGuardsMany(t *testing.T) {
	const n = 300
	for _, tt := range []struct {
		stmt    string
		dialect buildspec.Dialect
	}{
		{"command -v jq >/dev/null || apk add jq; apk add curl; ", buildspec.DialectShell},
		{"if (-not (Get-Command jq)) { choco install -y jq }; choco install -y curl; ", buildspec.DialectPowerShell},
	} {
		text := strings.Repeat(tt.stmt, n)
		src := source.NewSource("t", []byte(text))
		cmd := buildspec.NewCommand(buildspec.NewString(src, text, 0), "install", tt.dialect)
		ins := Recognise(cmd.Script.Calls)
		if len(ins) != 2*n {
			t.Fatalf("%d installs, want %d", len(ins), 2*n)
		}
		for i, in := range ins {
			want := ""
			if in.Package == "jq" {
				want = "jq"
			}
			if in.Guard != want {
				t.Fatalf("install %d (%s): guard %q, want %q", i, in.Package, in.Guard, want)
			}
		}
	}
}

// TestUpgrades pins which installs ask for the newest release of a tool (Upgrade) and which
// choose a version, with the operator of a version cap kept.
func TestUpgrades(t *testing.T) {
	tests := []struct{ cmd, want string }{
		{"pip install --upgrade awscli", "awscli::upgrade"},
		{"pip install -U pip", "pip::upgrade"},
		{"python3 -m pip install -qU pip", "pip::upgrade"},
		{"pip install -U pip==23.0", "pip:23.0:"},
		{`pip install "pip<21"`, "pip:<21:"},
		{"pip install 'tox < 4.0'", "tox:<4.0:"},
		{"pip install 'awscli~=1.32,!=1.32.5'", "awscli:~=1.32:"},
		{"pip install 'awscli>=1.20'", "awscli:>=1.20:"},
		{"pip install 'awscli!=1.20.1'", "awscli::"},
		{"pip install -r requirements.txt", ""},
		{"npm update -g npm", "npm::upgrade"},
		{"npm i -g npm@latest", "npm::upgrade"},
		{"npm i -g npm@9", "npm:9:"},
		{"conda update -y conda", "conda::upgrade"},
		{"conda install -y python=3.8", "python:3.8:"},
		{"curl -fsSLo /usr/local/bin/yq https://github.com/mikefarah/yq/releases/latest/download/yq_linux_amd64", "yq::upgrade"},
		{"curl -LO https://dl.k8s.io/release/$(curl -Ls https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl && install kubectl /usr/local/bin/", "kubectl::upgrade"},
		{"curl -fsSLo /usr/local/bin/yq https://github.com/mikefarah/yq/releases/download/v4.40.5/yq_linux_amd64", "yq:4.40.5:"},
	}
	for _, tt := range tests {
		var got []string
		for _, in := range Recognise(calls(t, tt.cmd)) {
			s := in.Package + ":" + in.Version + ":"
			if in.Upgrade {
				s += "upgrade"
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s\n got %q\nwant %q", tt.cmd, g, tt.want)
		}
	}
}

// TestOSConvention pins the executables read from versioned OS package names that the data
// does not list, and the packages with nothing to run.
func TestOSConvention(t *testing.T) {
	tests := []struct{ mgr, pkg, want string }{
		{"apt-get", "openjdk-21-jdk-headless", "java,javac"},
		{"apt-get", "openjdk-8-jre", "java"},
		{"dnf", "java-21-amazon-corretto-devel", "java,javac"},
		{"yum", "java-1.8.0-openjdk-devel", "java,javac"},
		{"yum", "jdk17", "java,javac"},
		{"apt-get", "python3.12", "python3.12"},
		{"dnf", "python311", "python3.11"},
		{"apt-get", "python3.12-venv", ""},
		{"apt-get", "python3.8-distutils", ""},
		{"apt-get", "golang-1.22-go", "go"},
		{"apt-get", "php8.3-cli", "php"},
		{"dnf", "nodejs20", "node"},
		{"dnf", "ruby3.2", "ruby"},
		{"apt-get", "postgresql-client-16", "psql"},
		{"apt-get", "fonts-noto", ""},
		{"apt-get", "some-tool", "some-tool"},
		{"apt-get", "jdk", "jdk"},
		{"pip", "python3.12", ""},
	}
	for _, tt := range tests {
		if g := strings.Join(Tools(tt.mgr, tt.pkg), ","); g != tt.want {
			t.Errorf("Tools(%q, %q) = %q, want %q", tt.mgr, tt.pkg, g, tt.want)
		}
	}
}
