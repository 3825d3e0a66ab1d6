package install

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
)

// installForms are the shapes of an install command across managers; %s is the program.
var installForms = []string{
	"%s install -y tool", "%s install -g tool", "%s add tool", "%s add -g tool", "%s global add tool",
	"%s tool install tool", "%s tool install -g tool", "%s -m pip install tool", "%s install example.com/tool@latest",
}

// emitted returns the managers of the installs that program's install commands produce, read
// as POSIX shell and as PowerShell.
func emitted(t *testing.T, program string) map[string]bool {
	out := map[string]bool{}
	for _, d := range []buildspec.Dialect{buildspec.DialectShell, buildspec.DialectPowerShell} {
		for _, f := range installForms {
			for _, in := range Recognise(callsDialect(t, fmt.Sprintf(f, program), d)) {
				out[in.Manager] = true
			}
		}
	}
	return out
}

// dataManagers returns the families of packages.yaml with their managers, and the managers
// and families that its packages section is keyed by.
func dataManagers() (families map[string][]string, keys []string) {
	families = map[string][]string{}
	for _, p := range generated.family {
		families[p.value] = append(families[p.value], p.key)
	}
	seen := map[string]bool{}
	for _, p := range generated.packages {
		if !seen[p.manager] {
			seen[p.manager] = true
			keys = append(keys, p.manager)
		}
	}
	return families, keys
}

// TestManagerLists checks that the package data and the recogniser name the same managers: the
// family os is exactly the OS managers the recogniser reads; every manager that the data names
// (in a family or as the key of its packages) is one an install command produces; and every
// manager that the OS, pip and npm handlers produce is in its family, so that the family's
// package entries apply to it.
func TestManagerLists(t *testing.T) {
	families, keys := dataManagers()
	var code []string
	for m := range osManagers {
		code = append(code, m)
	}
	sort.Strings(code)
	data := append([]string(nil), families["os"]...)
	sort.Strings(data)
	if !reflect.DeepEqual(code, data) {
		t.Errorf("packages.yaml family os is %v, the OS managers the recogniser reads (osManagers) are %v: make them the same", data, code)
	}
	named := map[string]string{} // manager -> where the data names it
	for fam, ms := range families {
		for _, m := range ms {
			named[m] = "in family " + fam
		}
	}
	for _, k := range keys {
		if families[k] == nil {
			named[k] = "as a packages key"
		}
	}
	for m, where := range named {
		if !emitted(t, m)[m] {
			t.Errorf("packages.yaml names manager %s (%s), but no install command of %s gives an install by %s", m, where, m, m)
		}
	}
	familyOf := map[uintptr]string{
		reflect.ValueOf(osPackages).Pointer(): "os",
		reflect.ValueOf(pipInstall).Pointer(): "pip",
		reflect.ValueOf(npmInstall).Pointer(): "npm",
	}
	checked := map[string]bool{}
	for program, h := range handlers {
		fam, ok := familyOf[reflect.ValueOf(h).Pointer()]
		if !ok {
			continue
		}
		checked[fam] = true
		for m := range emitted(t, program) {
			if m == "installer-script" {
				continue
			}
			if f, _ := generated.familyOf(m); f != fam {
				t.Errorf("%s installs are by manager %s, which packages.yaml does not list in family %s", program, m, fam)
			}
		}
	}
	if len(checked) != 3 {
		t.Errorf("the handlers of the families os, pip and npm are not all in the handler table: %v", checked)
	}
}

// TestOSFamily pins the package formats: every OS manager but brew and snap has one, and the
// low-level tools share their managers' format.
func TestOSFamily(t *testing.T) {
	for m, om := range osManagers {
		if om.format == "" && m != "brew" && m != "snap" {
			t.Errorf("OS manager %s has no package format", m)
		}
		if !IsOSManager(m) {
			t.Errorf("IsOSManager(%s) is false", m)
		}
	}
	for tool, format := range map[string]string{"dpkg": "deb", "rpm": "rpm", "APT-GET": "deb", "apk": "apk", "pip": "", "brew": ""} {
		if got := OSFamily(tool); got != format {
			t.Errorf("OSFamily(%s) = %q, want %q", tool, got, format)
		}
	}
	if !strings.EqualFold(OSFamily("Zypper"), "zypper") {
		t.Error("OSFamily is case-insensitive")
	}
}
