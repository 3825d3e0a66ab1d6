package rules

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// ECRGetLogin reports `aws ecr get-login`, which AWS CLI v2 removed (cliv2-migration-changes.html).
var ECRGetLogin = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL301",
		Name:     "ecr-get-login",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "`aws ecr get-login` does not exist in AWS CLI v2",
			Text: "AWS CLI v2 removed `aws ecr get-login` ([migration guide](https://docs.aws.amazon.com/cli/latest/userguide/cliv2-migration-changes.html#cliv2-migration-ecr-get-login)); " +
				"every current CodeBuild curated image ships v2, so `$(aws ecr get-login --no-include-email)` fails " +
				"there with `Invalid choice`. Log in with " +
				"[get-login-password](https://docs.aws.amazon.com/cli/latest/reference/ecr/get-login-password.html), " +
				"which v2 and v1 (1.17.10 and later) both have:\n\n" +
				"    aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin $AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com\n\n" +
				"The rule is silent when the AWS CLI is known to be v1: one that the buildspec installs before the login " +
				"(`pip install awscli` installs v1), or else the image's. An AWS CLI v2 installed before the login on an image " +
				"with v1 is reported. When the image has no AWS CLI at all (`docker:dind`), " +
				"the finding says so. When the command names the registries (the `--registry-ids` accounts and the `--region`), " +
				"`--fix` replaces the login (`$(...)`, `eval`, or the pipe into `sh`) with the get-login-password form, one login per registry.",
			Bad: "version: 0.2\nphases:\n  pre_build:\n    commands:\n      - $(aws ecr get-login --no-include-email --region $AWS_DEFAULT_REGION)\n",
			Good: "version: 0.2\nphases:\n  pre_build:\n    commands:\n      - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS " +
				"--password-stdin $AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com\n",
		},
	},
	Check: func(p *lint.Pass) {
		calls := p.Calls()
		var clis *cliInstalls
		for i, c := range calls {
			at := ecrGetLogin(c)
			if at == 0 {
				continue
			}
			if clis == nil {
				clis = awsCLIInstalls(passInstalls(p), calls)
			}
			const fix = "use `aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin <registry>`"
			in := clis.before(i)
			var f *finding.Finding
			switch major := 0; {
			case in != nil:
				if major = inventory.AWSCLIMajor(in); major == 1 {
					continue // pip's awscli is v1, which has get-login
				}
				what := "is v" + strconv.Itoa(major)
				if major == 0 {
					what = "may be v2"
				}
				f = p.Reportf(programRange(c, at), "aws ecr get-login was removed in AWS CLI v2 (the AWS CLI installed on line %d %s): %s",
					installLine(in), what, fix)
			case p.Image != nil && p.Image.AWSCLIMajor == 1:
				continue // the image's AWS CLI is v1, and nothing before replaces it
			case lacksCLI(p.Image):
				f = p.Reportf(programRange(c, at), "%s has no AWS CLI, so aws ecr get-login cannot run: install the AWS CLI (v2, which has no get-login) and %s",
					p.Image.Label(), fix)
			case p.Image != nil && p.Image.AWSCLIMajor >= 2:
				f = p.Reportf(programRange(c, at), "aws ecr get-login was removed in AWS CLI v2 (%s has AWS CLI v%d): %s",
					p.Image.Label(), p.Image.AWSCLIMajor, fix)
			default:
				f = p.Reportf(programRange(c, at), "aws ecr get-login was removed in AWS CLI v2 (the image's AWS CLI version is unknown): %s", fix)
			}
			if f != nil && !lacksCLI(p.Image) {
				f.Fix = ecrLoginFix(p.Spec.Source, calls, i)
			}
		}
	},
}

// cliInstalls are the installs of the AWS CLI of a document, in the order of their calls.
type cliInstalls struct {
	at       []int // the index of each install's call among the document's calls
	installs []*install.Install
}

// awsCLIInstalls finds the installs of the AWS CLI and where their calls are among calls.
func awsCLIInstalls(installs []*install.Install, calls []*buildspec.Call) *cliInstalls {
	index := make(map[*buildspec.Call]int, len(calls))
	for i, c := range calls {
		index[c] = i
	}
	type found struct {
		at int
		in *install.Install
	}
	var fs []found
	for _, in := range installs {
		if !slices.Contains(in.Tools, "aws") || in.Call == nil {
			continue
		}
		if i, ok := index[in.Call]; ok {
			fs = append(fs, found{i, in})
		}
	}
	// Installs come in execution order; sorting keeps the binary search right if they do not.
	sort.SliceStable(fs, func(a, b int) bool { return fs[a].at < fs[b].at })
	out := &cliInstalls{}
	for _, f := range fs {
		out.at = append(out.at, f.at)
		out.installs = append(out.installs, f.in)
	}
	return out
}

// before returns the last install of the AWS CLI whose call comes before the call at index i,
// or nil.
func (c *cliInstalls) before(i int) *install.Install {
	j, _ := slices.BinarySearch(c.at, i) // the first install at or after i
	if j == 0 {
		return nil
	}
	return c.installs[j-1]
}

// installLine is the line an install is written on: its package word's, or its call's.
func installLine(in *install.Install) int {
	if in.Range.IsValid() {
		return in.Range.Start.Line
	}
	return in.Call.Range().Start.Line
}

// lacksCLI reports whether img is known well enough to say it has no aws: a named image (not a
// bare --tools list) without caveats about unknown contents.
func lacksCLI(img *image.Inventory) bool {
	return img != nil && img.Name != "" && len(img.Notes) == 0 && img.Has("aws") == nil && img.AWSCLIMajor == 0
}

// ecrLoginFix returns the fix that replaces the login statement of get-login call c (the
// `$(aws ecr get-login ...)` command, its `eval`, or the `aws ecr get-login ... | sh` pipeline)
// with `aws ecr get-login-password --region R | docker login --username AWS --password-stdin
// <registry>`, or nil. The registry must be known from the command: one --registry-ids account
// and the --region, each a literal or a variable ($AWS_DEFAULT_REGION); a variable makes the
// registry a double-quoted word. Several --registry-ids make one login per registry, joined with
// &&, where the statement ran every login that get-login printed (`| sh`, `eval "$(...)"`: a bare
// or unquoted `$(...)` joins them into one broken command) and && binds as it did. Any other
// option (--profile) declines, as do statements with redirections, in a pipeline, or in a `sh -c`
// string that is not single-quoted. The rest of the line is kept.
func ecrLoginFix(src *source.Source, calls []*buildspec.Call, i int) *finding.Fix {
	c := calls[i]
	if c.Depth > 1 || c.Expr == nil || c.Command == nil || c.Command.Script == nil || len(c.Words) != len(c.Args) || len(c.Assigns) > 0 {
		return nil
	}
	if c.Depth == 1 && !inSingleQuotes(c) {
		return nil
	}
	f := c.Inner
	if f == nil {
		f = c.Command.Script.File
	}
	ix := stmtsOf(f)
	stmts := ix.stmt
	var rng source.Range
	var outer *syntax.Stmt // the login statement
	several := false       // whether the form runs every login that get-login prints
	switch {
	case c.InSubst && !c.Piped && !c.PipedFrom:
		st := stmts[c.Expr]
		if st == nil || len(st.Redirs) > 0 || st.Background || st.Negated {
			return nil
		}
		p, w := substOwner(calls, i)
		if p == nil || p.Piped || p.PipedFrom || len(p.Words) != len(p.Args) || len(p.Assigns) > 0 || p.Expr == nil {
			return nil
		}
		if outer = stmts[p.Expr]; outer == nil || len(outer.Redirs) > 0 {
			return nil
		}
		switch {
		case len(p.Args) == 1 && w == p.Args[0]:
		case len(p.Args) == 2 && p.Name() == "eval" && w == p.Args[1]:
			// eval "$(...)" keeps the line breaks between the logins; $(...) and an unquoted
			// eval join them into one broken docker login.
			_, several = w.Node.Parts[0].(*syntax.DblQuoted)
		default:
			return nil
		}
		if !onlySubst(w, st) {
			return nil
		}
		rng = p.Range()
	case c.Piped && !c.PipedFrom:
		var n *buildspec.Call
		if i+1 < len(calls) && calls[i+1].Command == c.Command && calls[i+1].Depth == c.Depth {
			n = calls[i+1]
		}
		if n == nil || !n.PipedFrom || n.Piped || !shellNames[n.Name()] || len(n.Words) != 1 || len(n.Assigns) > 0 || n.Expr == nil {
			return nil
		}
		x, y := stmts[c.Expr], stmts[n.Expr]
		if x == nil || y == nil || len(x.Redirs) > 0 || len(y.Redirs) > 0 || x.Negated || y.Negated || x.Background {
			return nil
		}
		rng = source.Range{Start: c.Range().Start, End: n.Range().End}
		outer, several = ix.pipe[c.Expr], true
	default:
		return nil
	}
	logins := ecrLogins(src, c)
	if len(logins) > 1 && (!several || outer == nil || outer.Negated || ix.orRight[outer]) {
		// Several logins joined with && are one login statement only where nothing binds
		// tighter to it: not under ! nor on the right of ||.
		return nil
	}
	text := strings.Join(logins, " && ")
	if text == "" || !rng.IsValid() || rng.End.Offset <= rng.Start.Offset || rng.Start.Line != rng.End.Line {
		return nil
	}
	if s := c.Command.Range.Start.Offset; s < len(src.Data) && src.Data[s] == '"' {
		text = strings.ReplaceAll(text, `"`, `\"`) // in a YAML double-quoted scalar
	}
	return finding.NewFix("log in with aws ecr get-login-password piped to docker login", rng, text)
}

// ecrLogins returns the get-login-password logins that replace get-login call c, one per
// registry, or none when the registry is not known from c or c has an option the logins
// would lose.
func ecrLogins(src *source.Source, c *buildspec.Call) []string {
	prog := rawWord(src, c.Args[0])
	if !awsProgram.MatchString(prog) {
		return nil
	}
	var region string
	var accounts []string
	for j := 1; j < len(c.Args); j++ {
		raw := rawWord(src, c.Args[j])
		switch v := c.Args[j].Value; {
		case v == "ecr" || v == "get-login" || v == "--no-include-email" || v == "--include-email":
		case v == "--region" && j+1 < len(c.Args):
			j++
			region = rawWord(src, c.Args[j])
		case strings.HasPrefix(raw, "--region="):
			region = raw[len("--region="):]
		case v == "--registry-ids" || strings.HasPrefix(raw, "--registry-ids="):
			if id, ok := strings.CutPrefix(raw, "--registry-ids="); ok {
				accounts = append(accounts, id)
			}
			for j+1 < len(c.Args) && !strings.HasPrefix(c.Args[j+1].Value, "-") {
				j++
				accounts = append(accounts, rawWord(src, c.Args[j]))
			}
		default:
			return nil
		}
	}
	if len(accounts) == 0 || !regionWord.MatchString(region) {
		return nil
	}
	unquote := func(s string) string { return strings.TrimSuffix(strings.TrimPrefix(s, `"`), `"`) }
	var out []string
	for _, account := range accounts {
		if !accountWord.MatchString(account) {
			return nil
		}
		registry := unquote(account) + ".dkr.ecr." + unquote(region) + ".amazonaws.com"
		if strings.Contains(registry, "$") {
			registry = `"` + registry + `"`
		}
		out = append(out, prog+" ecr get-login-password --region "+region+" | docker login --username AWS --password-stdin "+registry)
	}
	return out
}

var (
	// awsProgram is the aws program as written: aws, or a path to it.
	awsProgram = regexp.MustCompile(`^[A-Za-z0-9_./-]*aws$`)
	// regionWord and accountWord are a region and an account as written: a literal, or one
	// variable, bare or double-quoted (no other quoting, no escapes).
	regionWord  = regexp.MustCompile(`^(?:[a-z]{2}(?:-[a-z]+)+-[0-9]|"?\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})"?)$`)
	accountWord = regexp.MustCompile(`^(?:[0-9]{12}|"?\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})"?)$`)
)

// rawWord returns a word as it is written in the file, or "" when it spans lines.
func rawWord(src *source.Source, w *buildspec.Word) string {
	r := w.Range()
	s, e := r.Start.Offset, r.End.Offset
	if s < 0 || e > len(src.Data) || e < s || r.Start.Line != r.End.Line {
		return ""
	}
	raw := string(src.Data[s:e])
	if strings.Count(raw, `"`)%2 != 0 || (strings.HasPrefix(raw, `"`) != strings.HasSuffix(raw, `"`)) {
		return "" // a lone quote: not a word of its own
	}
	return raw
}

// inSingleQuotes reports whether call c of a `sh -c` string is in a single-quoted string, where
// the text of the file is the text the inner shell reads.
func inSingleQuotes(c *buildspec.Call) bool {
	if c.Via == nil {
		return false
	}
	for _, w := range c.Via.Words {
		if w.Range().Contains(c.Range()) {
			if w.Node == nil || len(w.Node.Parts) != 1 {
				return false
			}
			sq, ok := w.Node.Parts[0].(*syntax.SglQuoted)
			return ok && !sq.Dollar
		}
	}
	return false
}

// stmtIndexOf is what ecrLoginFix needs of the statements of a shell file: the statement of
// each call, the pipeline statement each call is the left side of, and the statements on the
// right of ||.
type stmtIndexOf struct {
	stmt, pipe map[*syntax.CallExpr]*syntax.Stmt
	orRight    map[*syntax.Stmt]bool
}

func stmtsOf(f *syntax.File) stmtIndexOf {
	ix := stmtIndexOf{stmt: map[*syntax.CallExpr]*syntax.Stmt{}, pipe: map[*syntax.CallExpr]*syntax.Stmt{}, orRight: map[*syntax.Stmt]bool{}}
	syntax.Walk(f, func(n syntax.Node) bool {
		st, ok := n.(*syntax.Stmt)
		if !ok {
			return true
		}
		switch x := st.Cmd.(type) {
		case *syntax.CallExpr:
			ix.stmt[x] = st
		case *syntax.BinaryCmd:
			if x.Op == syntax.OrStmt && x.Y != nil {
				ix.orRight[x.Y] = true
			}
			if x.Op == syntax.Pipe && x.X != nil {
				if ce, ok := x.X.Cmd.(*syntax.CallExpr); ok {
					ix.pipe[ce] = st
				}
			}
		}
		return true
	})
	return ix
}

// substOwner returns the call of the same command and depth that calls[i] is substituted into
// ($(...) or `...` in one of its words), and that word: the innermost one.
func substOwner(calls []*buildspec.Call, i int) (*buildspec.Call, *buildspec.Word) {
	c := calls[i]
	lo, hi := i, i+1 // the calls of c's command, which are next to each other
	for lo > 0 && calls[lo-1].Command == c.Command {
		lo--
	}
	for hi < len(calls) && calls[hi].Command == c.Command {
		hi++
	}
	var owner *buildspec.Call
	var word *buildspec.Word
	wordLen := 0 // word's length in the file
	cr := c.Range()
	for _, n := range calls[lo:hi] {
		if n == c || n.Depth != c.Depth {
			continue
		}
		for _, w := range n.Words {
			if wr := w.Range(); wr.Contains(cr) && (word == nil || wr.End.Offset-wr.Start.Offset < wordLen) {
				owner, word, wordLen = n, w, wr.End.Offset-wr.Start.Offset
			}
		}
	}
	return owner, word
}

// onlySubst reports whether word w is nothing but the substitution of statement st: $(st),
// `st` or "$(st)".
func onlySubst(w *buildspec.Word, st *syntax.Stmt) bool {
	if w.Node == nil || len(w.Node.Parts) != 1 {
		return false
	}
	part := w.Node.Parts[0]
	if dq, ok := part.(*syntax.DblQuoted); ok && !dq.Dollar && len(dq.Parts) == 1 {
		part = dq.Parts[0]
	}
	cs, ok := part.(*syntax.CmdSubst)
	return ok && len(cs.Stmts) == 1 && cs.Stmts[0] == st
}
