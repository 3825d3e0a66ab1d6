package install

import (
	"reflect"
	"testing"
)

func TestDataParses(t *testing.T) {
	if _, err := parseData(packagesYAML); err != nil {
		t.Fatalf("packages.yaml: %v", err)
	}
	if _, err := parseData([]byte("families: {os: [apt]}\npackages: {os: {jq: [jq]}, apt: {JQ: [jq], jq: [jq]}}")); err == nil {
		t.Error("a package listed twice (case-insensitively) must be an error")
	}
	if _, err := parseData([]byte("families: {os: [apt], other: [apt]}")); err == nil {
		t.Error("a manager in two families must be an error")
	}
}

func TestTools(t *testing.T) {
	tests := []struct {
		manager, pkg string
		want         []string
	}{
		{"apt-get", "awscli", []string{"aws"}}, // family entry
		{"apk", "aws-cli", []string{"aws"}},    // family entry
		{"yum", "openssh-clients", []string{"ssh", "scp", "ssh-keygen", "ssh-keyscan"}},
		{"apt-get", "ripgrep", []string{"ripgrep"}}, // default: the package name
		{"pip", "AWSCLI", []string{"aws"}},          // case-insensitive
		{"pipx", "aws-sam-cli", []string{"sam"}},    // family pip
		{"npm", "serverless", []string{"serverless", "sls"}},
		{"yarn", "aws-cdk", []string{"cdk"}},
		{"pip", "boto3", []string{}}, // a library
		{"choco", "awscli", []string{"aws"}},
		{"cargo", "ripgrep", []string{"rg"}},
	}
	for _, tt := range tests {
		got := Tools(tt.manager, tt.pkg)
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tools(%s, %s) = %v, want %v", tt.manager, tt.pkg, got, tt.want)
		}
	}
}

func TestAssetTool(t *testing.T) {
	for name, want := range map[string]string{
		"terraform_1.5.7_linux_amd64.zip":   "terraform",
		"yq_linux_amd64":                    "yq",
		"helm-v3.12.0-linux-amd64.tar.gz":   "helm",
		"jq-linux64":                        "jq",
		"aws-iam-authenticator":             "aws-iam-authenticator",
		"eksctl_Linux_amd64.tar.gz":         "eksctl",
		"terraform_${V}_linux_amd64.zip":    "terraform",
		"${GOLANG_TAR}":                     "",
		"Miniconda3-latest-Linux-x86_64.sh": "miniconda3",
	} {
		if got := assetTool(name); got != want {
			t.Errorf("assetTool(%q) = %q, want %q", name, got, want)
		}
	}
}
