package lint_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// The properties of fixes over any file and image (FuzzFix, TestCorpusFixes): every offered fix
// applies alone, and the file it makes lints without its finding and without a finding that was
// not there; Linter.Fix's result lints without the resolved findings and without new ones, and
// fixing it again changes nothing. They are checked here with an oracle of their own (findings
// counted by rule), not with the engine's matching of findings across the edits.

// fixImage is an image the fix properties are checked with.
type fixImage struct {
	name string
	inv  *image.Inventory
}

// fixImages returns the images of the fix properties: built-in images of each kind (Ubuntu,
// Amazon Linux, docker:dind, Windows), a docker:dind-like tool list, a broad tool list, and no
// image at all.
func fixImages(t testing.TB) []fixImage {
	var out []fixImage
	for _, name := range []string{"aws/codebuild/standard:7.0", "aws/codebuild/amazonlinux-x86_64-standard:5.0", "docker:dind", "aws/codebuild/windows-base:2019-3.0"} {
		inv := inventory.Builtin(name)
		if inv == nil {
			t.Fatalf("no built-in image %s", name)
		}
		out = append(out, fixImage{name, inv})
	}
	dind := linttest.Tools("docker", "dockerd", "dockerd-entrypoint.sh", "containerd", "sh", "timeout", "apk", "git", "iptables")
	dind.Dockerd = image.DockerdManual
	broad := linttest.Tools("docker", "dockerd", "jq", "curl", "wget", "unzip", "tar", "git", "make", "python3", "pip", "pip3", "node", "npm", "yarn",
		"aws", "terraform", "kubectl", "helm", "java", "mvn", "gradle", "go", "zip", "gcc", "apt-get", "yum", "apk", "bash", "sh", "timeout")
	broad.Dockerd = image.DockerdManual
	return append(out, fixImage{"docker:dind-like tools", dind}, fixImage{"broad tools", broad}, fixImage{"no image", nil})
}

// ruleCounts counts findings by rule.
func ruleCounts(fs []*finding.Finding) map[string]int {
	n := map[string]int{}
	for _, f := range fs {
		n[f.RuleID()]++
	}
	return n
}

// maxFixRounds is how many rounds of Fix a file may take, as the CLI's --fix does.
const maxFixRounds = 8

// fixStats are what checkFixes saw.
type fixStats struct {
	findings, offered, fixedFiles, resolved int
}

// checkFixes checks the fix properties of one file linted with fs, and returns what it saw.
func checkFixes(t testing.TB, l *lint.Linter, path string, data []byte, fs *lint.FileSettings) fixStats {
	t.Helper()
	var st fixStats
	src := source.NewSource(path, data)
	before := l.Lint(src, fs)
	st.findings = len(before)
	nb := ruleCounts(before)
	for _, f := range before {
		if f.Fix == nil {
			continue
		}
		st.offered++
		if len(f.Fix.Edits) == 0 || f.Fix.Message == "" {
			t.Errorf("%s:%s: %s offers a fix with no edit or no message", path, f.Range.Start, f.RuleID())
		}
		for _, e := range f.Fix.Edits {
			checkRange(t, src, f.RuleID()+" fix", e.Range)
		}
		after, _, err := finding.ApplyEdits(data, f.Fix.Edits)
		if err != nil {
			t.Errorf("%s:%s: the %s fix does not apply: %v", path, f.Range.Start, f.RuleID(), err)
			continue
		}
		na := ruleCounts(lint.LintUnverified(l, source.NewSource(path, after), fs))
		if na[f.RuleID()] >= nb[f.RuleID()] {
			t.Errorf("%s:%s: %s: after its fix %q the file has %d findings of the rule, as many as before:\n%s", path, f.Range.Start, f.RuleID(), f.Fix.Message, na[f.RuleID()], after)
		}
		for r, n := range na {
			if n > nb[r] {
				t.Errorf("%s:%s: the %s fix %q raises %s (%d findings, %d before):\n%s", path, f.Range.Start, f.RuleID(), f.Fix.Message, r, n, nb[r], after)
			}
		}
	}
	fixed, left, notes := l.Fix(source.NewSource(path, data), fs)
	if fixed == nil {
		if st.offered > 0 && len(notes) == 0 {
			t.Errorf("%s: %d fixes offered, none applied, and no note says why", path, st.offered)
		}
		return st
	}
	st.fixedFiles, st.resolved = 1, len(fixed.Resolved)
	if len(fixed.Resolved) == 0 || string(fixed.Before) != string(data) || string(fixed.After) == string(data) {
		t.Errorf("%s: Fix resolved %d findings and changed the file %v", path, len(fixed.Resolved), string(fixed.After) != string(data))
	}
	nl, nr := ruleCounts(left), ruleCounts(fixed.Resolved)
	for r, n := range nl {
		if n > nb[r]-nr[r] {
			t.Errorf("%s: the fixed file has %d findings of %s; before %d, %d of them resolved:\n%s", path, n, r, nb[r], nr[r], fixed.After)
		}
	}
	for _, n := range notes {
		if strings.Contains(n.Why, "fixes are verified and offered") {
			return st // more fixes than are verified in one go: the next ones come after these
		}
	}
	// Fixing the fixed file again applies only fixes that the first fixes made possible (the
	// CLI's rounds, converge): a finding that had no fix may get one once another is fixed
	// (removing a file's last phase is not offered, but is once an unknown key beside it is
	// renamed to a phase). It never resolves more findings of a rule than had no fix before,
	// and the rounds end.
	unfixed := map[string]int{}
	for _, f := range before {
		if f.Fix == nil {
			unfixed[f.RuleID()]++
		}
	}
	cur := fixed.After
	for round := 2; ; round++ {
		again, _, _ := l.Fix(source.NewSource(path, cur), fs)
		if again == nil {
			break
		}
		if round > maxFixRounds {
			t.Errorf("%s: fixing the fixed file still changes it after %d rounds (%s):\n%s\n---\n%s", path, maxFixRounds, resolvedText(again), cur, again.After)
			break
		}
		for _, r := range again.Resolved {
			if unfixed[r.RuleID()]--; unfixed[r.RuleID()] < 0 {
				t.Errorf("%s: fixing the fixed file changes it again, with a fix offered before (%s):\n%s\n---\n%s", path, resolvedText(again), cur, again.After)
				return st
			}
		}
		cur = again.After
	}
	return st
}

func resolvedText(f *lint.Fixed) string {
	var s []string
	for _, r := range f.Resolved {
		s = append(s, fmt.Sprintf("%s %s", r.RuleID(), r.Range.Start))
	}
	return strings.Join(s, ", ")
}

// fakeFixRules are rules that offer fixes on real files whatever rules of the project do: they
// put the engine's verification to work on every shape a file takes (CRLF, BOMs, comments, block
// scalars, flow lists, sh -c strings, documents). BSL981 replaces each `echo` word with `printf`;
// BSL982 removes each list item that is a lone `ls`, `pwd` or `printenv` (its whole lines, as a
// fix that removes an install does), which the engine must drop when it empties the list.
func fakeFixRules() lint.RuleSet {
	echo := &lint.Rule{Rule: finding.Rule{ID: "BSL981", Name: "fake-echo", Severity: finding.SeverityNotice}, Check: func(p *lint.Pass) {
		src := p.Spec.Source
		for _, c := range p.Calls() {
			if len(c.Args) == 0 {
				continue
			}
			w := c.Args[0]
			if r := w.Range(); w.Lit && w.Value == "echo" && r.Start.Offset >= 0 && r.End.Offset <= len(src.Data) && string(src.Data[r.Start.Offset:r.End.Offset]) == "echo" {
				p.Report(r, "echo here").Fix = finding.NewFix("replace it with printf", r, "printf")
			}
		}
	}}
	item := &lint.Rule{Rule: finding.Rule{ID: "BSL982", Name: "fake-item", Severity: finding.SeverityNotice}, Check: func(p *lint.Pass) {
		src := p.Spec.Source
		for _, c := range p.Commands() {
			if c.Script == nil || len(c.Script.Calls) != 1 || len(c.Script.Calls[0].Args) != 1 {
				continue
			}
			switch c.Script.Calls[0].Args[0].Value {
			case "ls", "pwd", "printenv":
			default:
				continue
			}
			// Only an item alone on its lines: "- " and blanks before it, blanks after it.
			r := c.Range
			first, last := r.Start.Line, r.End.Line
			before := strings.TrimSpace(string(src.Data[src.LineStart(first):r.Start.Offset]))
			after := strings.TrimSpace(string(src.Data[r.End.Offset:src.LineEnd(last)]))
			if before != "-" || after != "" {
				continue
			}
			p.Report(r, "lone command").Fix = finding.NewFix("remove it", src.Range(src.LineStart(first), src.LineStart(last+1)), "")
		}
	}}
	return lint.RuleSet{echo, item}
}
