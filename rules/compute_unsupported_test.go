package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// builtinOptions resolve the fixtures' `# linttest: image=NAME` with the built-in inventories,
// whose data says which images are Lambda compute.
var builtinOptions = &linttest.Options{ImageFor: func(name string) (*image.Inventory, error) {
	if inv := inventory.Builtin(name); inv != nil {
		return inv, nil
	}
	return nil, fmt.Errorf("no built-in image %q", name)
}}

func TestComputeUnsupported(t *testing.T) {
	linttest.Run(t, lint.RuleSet{ComputeUnsupported}, linttest.TestData(t, "rules", "compute-unsupported"), builtinOptions)
}

func TestRootPackageCall(t *testing.T) {
	for cmd, want := range map[string]string{
		"yum install -y jq":                   "yum install",
		"yum -y --enablerepo epel install jq": "yum install",
		"apt-get update":                      "apt-get update",
		"apt-get -o X=1 install jq":           "apt-get install",
		"dnf remove -y jq":                    "dnf remove",
		"microdnf install jq":                 "microdnf install",
		"zypper in jq":                        "zypper in",
		"apk add jq":                          "apk add",
		"apk --no-cache add jq":               "apk add",
		"rpm -ivh x.rpm":                      "rpm -ivh",
		"rpm --import key.asc":                "rpm --import",
		"rpm -e jq":                           "rpm -e",
		"dpkg -i x.deb":                       "dpkg -i",
		"dpkg --purge jq":                     "dpkg --purge",
		"/usr/bin/yum install jq":             "yum install",
		"yum list installed":                  "",
		"yum --version":                       "",
		"apt-cache policy jq":                 "",
		"apt-get -h":                          "",
		"apk info -e jq":                      "",
		"rpm -qa":                             "",
		"rpm -qi jq":                          "",
		"dpkg -l":                             "",
		"dpkg -S /usr/bin/jq":                 "",
		"brew install jq":                     "",
		"pip install jq":                      "",
		"amazon-linux-extras":                 "",
		"amazon-linux-extras list":            "",
	} {
		docs := buildspec.Parse(source.NewSource("t.yml", []byte(fmt.Sprintf("version: 0.2\nphases:\n  build:\n    commands:\n      - %q\n", cmd))))
		var got string
		for _, c := range docs[0].CommandsInOrder()[0].Script.Calls {
			if w, _, ok := rootPackageCall(c); ok {
				got = w
			}
		}
		if got, _, _ := strings.Cut(got, " ="); got != want {
			t.Errorf("%s: %q, want %q", cmd, got, want)
		}
	}
}
