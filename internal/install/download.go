package install

import (
	"path"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// A download is recognised as an install when something says that it brings a tool: its URL is
// a known release URL (packages.yaml: urls, github, assets), it is a GitHub release asset, it is
// written into a PATH directory, piped into a shell, or its file name names a platform
// (terraform_1.5.7_linux_amd64.zip); or when a later call makes it a tool: chmod +x, mv, cp or
// install into a PATH directory, unzip or tar -x into one, or runs it as an installer script
// (bash Miniconda3-latest-Linux-x86_64.sh -b). Downloads of checksums, signatures and
// documents are never installs.

// pathDirs are the directories on the PATH of the CodeBuild images (and where tools are put).
var pathDirs = map[string]bool{
	"/usr/local/bin": true, "/usr/bin": true, "/bin": true, "/usr/local/sbin": true, "/usr/sbin": true,
	"/sbin": true, "~/bin": true, "$HOME/bin": true, "${HOME}/bin": true, "/root/bin": true,
	"~/.local/bin": true, "$HOME/.local/bin": true, "${HOME}/.local/bin": true, "/root/.local/bin": true,
	"/opt/bin": true,
}

// inPathDir reports whether p is a PATH directory (dir true) or a file in one.
func inPathDir(p string) (isDir, isFile bool) {
	p = strings.TrimSuffix(p, "/")
	if pathDirs[p] {
		return true, false
	}
	if d := path.Dir(p); pathDirs[d] {
		return false, true
	}
	return false, false
}

// download is a fetched file that may turn out to be a tool.
type download struct {
	in        *Install
	url       string
	file      string // the local file's base name ("" for stdout)
	confirmed bool
	guessed   bool // the tool name was guessed from the file name (a later mv may rename it)
	// extracted are the names an unzip or tar of the file produced (the archive's stem), and
	// dirs the directories it was extracted into.
	extracted map[string]bool
	dirs      []string
	// result is in as the handler's result, kept here so that returning it allocates nothing.
	result [1]*Install
}

// noInstallExt are file endings of downloads that are never tools.
var noInstallExt = []string{
	".sha256", ".sha256sum", ".sha512", ".sha1", ".md5", ".asc", ".sig", ".pem", ".crt", ".cer",
	".json", ".txt", ".yaml", ".yml", ".xml", ".html", ".md", ".csv", ".pub", ".gpg", ".key",
	".sha256sums", "sha256sums", "checksums", ".toml", ".properties", ".cfg", ".conf", ".ini",
	".png", ".jpg", ".svg", ".pdf", ".sql", ".list", ".repo",
}

// platformWords in a file name mark a release asset built for a platform.
var platformWords = []string{"linux", "amd64", "x86_64", "x86-64", "x64", "arm64", "aarch64", "64bit", "386", "darwin", "windows", "win64", "musl"}

// isURL reports whether v looks like a URL to fetch.
func isURL(v string) bool {
	return strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "ftp://") ||
		strings.HasPrefix(v, "s3://")
}

// optRole is what a curl or wget option means to fetch.
type optRole int

const (
	optValue  optRole = iota + 1 // takes a value that fetch ignores
	optOut                       // its value is the local file (curl -o, wget -O)
	optDir                       // its value is the directory the file goes into
	optRemote                    // the local file is named after the URL (curl -O)
)

// curlOpts are the curl options fetch reads or must skip the value of.
var curlOpts = map[string]optRole{
	"-o": optOut, "--output": optOut, "--output-dir": optDir,
	"-O": optRemote, "--remote-name": optRemote, "--remote-name-all": optRemote,
	"-H": optValue, "--header": optValue, "-u": optValue, "--user": optValue, "-d": optValue, "--data": optValue,
	"--data-raw": optValue, "--data-binary": optValue, "-X": optValue, "--request": optValue, "-A": optValue,
	"--user-agent": optValue, "-e": optValue, "--referer": optValue, "-m": optValue, "--max-time": optValue,
	"--retry": optValue, "--retry-delay": optValue, "--retry-max-time": optValue, "--connect-timeout": optValue,
	"-w": optValue, "--write-out": optValue, "-x": optValue, "--proxy": optValue, "--cacert": optValue,
	"--cert": optValue, "--key": optValue, "-b": optValue, "--cookie": optValue, "-c": optValue,
	"--cookie-jar": optValue, "-F": optValue, "--form": optValue, "-T": optValue, "--upload-file": optValue,
	"--proto": optValue, "--proto-redir": optValue, "-K": optValue, "--config": optValue, "-r": optValue,
	"--range": optValue, "-C": optValue, "--continue-at": optValue, "--limit-rate": optValue, "-z": optValue,
	"--time-cond": optValue, "--resolve": optValue, "--interface": optValue,
}

// wgetOpts are the wget options fetch reads or must skip the value of. Without -O, wget names
// the file after the URL.
var wgetOpts = map[string]optRole{
	"-O": optOut, "--output-document": optOut, "-P": optDir, "--directory-prefix": optDir,
	"--header": optValue, "-U": optValue, "--user-agent": optValue, "-t": optValue, "--tries": optValue,
	"-T": optValue, "--timeout": optValue, "-a": optValue, "-o": optValue, "--output-file": optValue,
	"--user": optValue, "--password": optValue, "-e": optValue, "--execute": optValue, "-i": optValue,
	"--input-file": optValue, "--post-data": optValue, "-w": optValue, "--wait": optValue,
	"--ca-certificate": optValue, "-Q": optValue, "--quota": optValue, "--limit-rate": optValue,
}

// fetchArgs are the arguments of a curl or wget call that fetch reads.
type fetchArgs struct {
	url, urlVar *buildspec.Word // the URL word; a $VARIABLE word that may hold one
	out         string          // the local file (-o, -O)
	outSet      bool
	remoteName  bool // the local file is named after the URL
	dir         string
}

// scanFetch reads a curl or wget call's arguments with its option table: long options with or
// without "=value", and combined short options (-fsSLo FILE, -LO, -qO-).
func (st *state) scanFetch(args []*buildspec.Word, opts map[string]optRole) fetchArgs {
	var a fetchArgs
	for j := 0; j < len(args); j++ {
		// use applies an option whose value is val (inline) or the next word.
		use := func(role optRole, val string, inline bool) {
			if !inline {
				if j+1 >= len(args) {
					return
				}
				j++
				val = args[j].Value
			}
			switch role {
			case optOut:
				a.out, a.outSet = val, true
			case optDir:
				a.dir = val
			}
		}
		v := args[j].Value
		switch {
		case strings.HasPrefix(v, "--"):
			name, val, inline := strings.Cut(v, "=")
			switch role := opts[name]; role {
			case optRemote:
				a.remoteName = true
			case optValue, optOut, optDir:
				use(role, val, inline)
			}
		case strings.HasPrefix(v, "-") && len(v) > 1:
			for k := 1; k < len(v); k++ {
				role := opts["-"+v[k:k+1]]
				if role == optRemote {
					a.remoteName = true
					continue
				}
				if role != 0 {
					use(role, v[k+1:], k+1 < len(v))
					break
				}
			}
		case a.url == nil && st.isURLWord(args[j]):
			a.url = args[j]
		case a.urlVar == nil && !args[j].Lit && strings.HasPrefix(unquote(args[j]), "$"):
			a.urlVar = args[j] // $KUBECTL_URL: a URL that only the build knows
		}
	}
	return a
}

// fetch recognises curl, wget and `aws s3 cp` calls: their URL and local file. It records what
// recogniseFetch found: a download that may turn out to be a tool (kept in st.downloads for
// the calls that place it, and returned as an install, which run drops unless it is
// confirmed), or a repository setup script that belongs to the OS install that follows.
func fetch(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	f := st.recogniseFetch(c, args)
	if f.setup != nil {
		st.updates["os"] = append(st.updates["os"], f.setup.Range)
		if f.setup.nodejs != "" {
			if st.repoVersions == nil {
				st.repoVersions = map[string]string{}
			}
			st.repoVersions["nodejs"] = f.setup.nodejs
		}
	}
	d := f.download
	if d == nil {
		return nil
	}
	st.downloads = append(st.downloads, d)
	st.fetched[d.in] = d
	d.result[0] = d.in
	return d.result[:]
}

// fetchResult is what a curl, wget or `aws s3 cp` call is: a download (nil when it is none:
// no URL, a checksum or document, a file thrown away, nothing that names a tool), or a
// repository setup script (setup, nil otherwise).
type fetchResult struct {
	download *download
	setup    *repoSetup
}

// repoSetup is a repository setup script that a call downloads (deb.nodesource.com/setup_18.x):
// part of the OS install that follows, not an install of its own; nodejs is the major version
// it makes that install get ("" when it names none).
type repoSetup struct {
	Range  source.Range
	nodejs string
}

// fetchCall is what a fetch call's arguments say: the URL word and where the file goes.
type fetchCall struct {
	manager    string // curl, wget or aws-s3
	url        *buildspec.Word
	out        string // the local file (-o, -O, the destination of aws s3 cp)
	outSet     bool
	remoteName bool // the local file is named after the URL
	dir        string
}

// recogniseFetch reads a fetch call in phases: its arguments (fetchArgsOf), the download they
// describe (newDownload), what it brings (downloadTools), where the file goes (placeFile), and
// what the next or enclosing call does with it (pipedDownload, substDownload).
func (st *state) recogniseFetch(c *buildspec.Call, args []*buildspec.Word) fetchResult {
	fc, ok := st.fetchArgsOf(c, args)
	if !ok {
		return fetchResult{}
	}
	d, asset := st.newDownload(c, fc)
	if d == nil {
		return fetchResult{}
	}
	known, setup := downloadTools(d, asset)
	if setup {
		return fetchResult{setup: &repoSetup{Range: c.Range(), nodejs: nodesourceVersion(asset)}}
	}
	in := d.in
	in.Package = strings.Join(in.Tools, ",")
	in.Version = originalCase(d.url, toolURLVersion(d.url, []string{assetTool(asset)}))
	if in.Version == "" {
		in.Version = assetVersion(asset)
	}
	in.Pinned = in.Version == "" && urlVersion(d.url) != ""
	in.Upgrade = in.Version == "" && !in.Pinned && latestURL(d.url)
	placeFile(d)
	if c.Piped {
		st.pipedDownload(d, known)
	}
	if c.InSubst {
		st.substDownload(c, d, known)
	}
	if (len(in.Tools) == 0 || in.Tools[0] == "") && in.Installer == "" {
		return fetchResult{}
	}
	return fetchResult{download: d}
}

// fetchArgsOf reads the URL word and the local file of a curl, wget or `aws s3 cp` call; ok is
// false when it has no URL.
func (st *state) fetchArgsOf(c *buildspec.Call, args []*buildspec.Word) (fetchCall, bool) {
	name := programName(c.Name()) // curl.exe on Windows is curl
	switch name {
	case "curl", "wget":
		opts := curlOpts
		if name == "wget" {
			opts = wgetOpts
		}
		a := st.scanFetch(args, opts)
		fc := fetchCall{manager: name, url: a.url, out: a.out, outSet: a.outSet, remoteName: a.remoteName, dir: a.dir}
		if name == "wget" {
			fc.remoteName = !a.outSet
		}
		if name == "curl" && !fc.outSet && !fc.remoteName && !c.Piped {
			// curl -fsSL URL > get_helm.sh: its output redirected into a file
			fc.out, fc.outSet = stdoutFile(c)
		}
		if fc.url == nil {
			fc.url = a.urlVar
		}
		return fc, fc.url != nil
	case "aws":
		return s3Copy(args)
	}
	return fetchCall{}, false
}

// stdoutFile returns the file that call c's standard output is redirected into (> FILE, >> FILE,
// >| FILE, 1> FILE); ok is false when it is not redirected, or into something that is no file
// name the recogniser can read.
func stdoutFile(c *buildspec.Call) (file string, ok bool) {
	if c.Expr == nil || c.Command == nil || c.Command.Script == nil || !strings.Contains(c.Text(), ">") {
		return "", false
	}
	root := c.Command.Script.File
	if c.Inner != nil {
		root = c.Inner // the call of an sh -c string
	}
	if root == nil {
		return "", false
	}
	syntax.Walk(root, func(n syntax.Node) bool {
		st, isStmt := n.(*syntax.Stmt)
		if !isStmt || st.Cmd != syntax.Command(c.Expr) {
			return !ok
		}
		for _, r := range st.Redirs {
			if r.Op != syntax.RdrOut && r.Op != syntax.AppOut && r.Op != syntax.ClbOut || r.N != nil && r.N.Value != "1" || r.Word == nil {
				continue
			}
			if v, lit := buildspec.WordLit(r.Word); lit && v != "" && v != "/dev/null" && v != "/dev/stdout" && v != "/dev/stderr" {
				file, ok = v, true
			}
		}
		return false
	})
	return file, ok
}

// s3Copy reads `aws s3 cp s3://bucket/terraform_1.5.7_linux_amd64.zip ./terraform.zip`: a copy
// from S3 to a local file or directory.
func s3Copy(args []*buildspec.Word) (fetchCall, bool) {
	if len(args) < 4 || args[0].Value != "s3" || args[1].Value != "cp" {
		return fetchCall{}, false
	}
	var pos []*buildspec.Word
	for j := 2; j < len(args); j++ {
		v := args[j].Value
		if strings.HasPrefix(v, "--") {
			switch v {
			case "--recursive", "--quiet", "--no-progress", "--only-show-errors", "--no-sign-request", "--dryrun", "--follow-symlinks", "--no-follow-symlinks":
			default:
				j++
			}
			continue
		}
		pos = append(pos, args[j])
	}
	if len(pos) != 2 || !strings.HasPrefix(pos[0].Value, "s3://") || strings.HasPrefix(pos[1].Value, "s3://") {
		return fetchCall{}, false
	}
	fc := fetchCall{manager: "aws-s3", url: pos[0], out: pos[1].Value, outSet: true}
	if strings.HasSuffix(fc.out, "/") || fc.out == "." {
		fc.dir, fc.out, fc.outSet = fc.out, "", false
		fc.remoteName = true
	}
	return fc, true
}

// newDownload returns the download that fc describes, with its install (no tools yet), and
// the URL's asset (its last path element); nil when the file is never a tool (a checksum, a
// document) or is thrown away (-o /dev/null).
func (st *state) newDownload(c *buildspec.Call, fc fetchCall) (*download, string) {
	u := st.expand(unquote(fc.url))
	if !strings.Contains(u, "://") {
		u = "https://" + u
	}
	asset := urlAsset(u)
	if hasAnySuffix(strings.ToLower(asset), noInstallExt) {
		return nil, ""
	}
	d := &download{url: u}
	switch {
	case fc.outSet && (fc.out == "-" || fc.out == "/dev/stdout"):
	case fc.outSet && fc.out == "/dev/null":
		return nil, ""
	case fc.outSet:
		d.file = st.expand(fc.out)
	case fc.remoteName:
		d.file = asset
	}
	if fc.dir != "" && d.file != "" && !strings.Contains(d.file, "/") {
		d.file = strings.TrimSuffix(fc.dir, "/") + "/" + d.file
	}
	d.in = &Install{Manager: fc.manager, Range: urlRange(c, fc.url), Call: c, File: d.file}
	return d, asset
}

// downloadTools sets the tools that d brings: those the data knows for its URL (known), else
// the tool its asset or local file names (guessed), confirmed when the URL is a release asset.
// setup is true for a URL the data knows to install nothing itself: a repository setup script.
func downloadTools(d *download, asset string) (known, setup bool) {
	in := d.in
	tools, known := urlTools(d.url)
	if known && len(tools) == 0 {
		return true, true
	}
	if known {
		in.Tools, d.confirmed = tools, true
		return true, false
	}
	in.Tools, d.guessed = []string{assetTool(asset)}, true
	if in.Tools[0] == "" {
		in.Tools = nil
	}
	if isGitHubRelease(d.url) || hasPlatformWord(asset) {
		d.confirmed = true
	}
	if len(in.Tools) == 0 && d.file != "" && !hasAnySuffix(strings.ToLower(d.file), noInstallExt) {
		// curl -o kubectl $KUBECTL_URL: the file names the tool
		if t := assetTool(path.Base(d.file)); t != "" {
			in.Tools = []string{t}
		}
	}
	return false, false
}

// placeFile confirms a download written into a PATH directory; a file written there names
// the tool.
func placeFile(d *download) {
	if d.file == "" {
		return
	}
	in := d.in
	if isDir, isFile := inPathDir(d.file); isFile {
		d.confirmed = true
		if (d.guessed || len(in.Tools) <= 1) && assetTool(path.Base(d.file)) != "" {
			in.Tools = []string{assetTool(path.Base(d.file))}
			in.Package = in.Tools[0]
		}
		d.guessed = false
	} else if isDir {
		d.confirmed = true
	}
}

// pipedDownload reads the call that a download is piped into: a shell or python running it as
// an installer script, or tar or unzip extracting it (into a PATH directory: confirmed).
func (st *state) pipedDownload(d *download, known bool) {
	r := st.pipeReader(d.in.Call)
	if r == nil {
		return
	}
	in := d.in
	switch rn := strings.ToLower(r.Name()); {
	case shellNames[rn] && !hasOpt(r, "-c") || (rn == "python" || rn == "python3") && (len(r.Args) == 1 || r.Args[1].Value == "-"):
		in.Manager = "installer-script"
		d.confirmed = true
		if !known {
			scriptInstall(in, d.url)
		}
		in.Related = append(in.Related, r.Range())
		args, _ := stdinScriptArgs(r)
		st.chooseVersion(in, r, args)
	case rn == "tar" || rn == "unzip" || rn == "funzip" || rn == "gunzip":
		if to := extractDir(r); to != "" {
			if isDir, _ := inPathDir(to); isDir {
				d.confirmed = true
			}
		}
		in.Related = append(in.Related, r.Range())
	}
}

// pipeReader returns the call that reads c's output through a pipe: the next call, past the
// calls of command substitutions in the reader's own words (sh -s -- -b $(go env GOPATH)/bin
// v1.55.2 runs go before sh).
func (st *state) pipeReader(c *buildspec.Call) *buildspec.Call {
	r := st.next
	for k := st.i + 2; r != nil && r.InSubst && !c.InSubst && r.Command == c.Command && k < len(st.calls); k++ {
		r = st.calls[k]
	}
	return r
}

// substDownload reads a download run by an enclosing shell: bash -c "$(curl -fsSL URL)" or
// bash <(curl -fsSL URL).
func (st *state) substDownload(c *buildspec.Call, d *download, known bool) {
	if r := st.enclosing(c); r != nil && shellNames[strings.ToLower(r.Name())] {
		d.in.Manager = "installer-script"
		d.confirmed = true
		if !known {
			scriptInstall(d.in, d.url)
		}
		st.chooseVersion(d.in, r, substScriptArgs(r, c))
	}
}

// isURLWord reports whether a curl or wget argument is a URL, once the variables the commands
// assigned are expanded (URL=https://...; curl -O $URL).
func (st *state) isURLWord(w *buildspec.Word) bool {
	u := unquote(w)
	if isURL(u) || looksLikeHostURL(u) {
		return true
	}
	e := st.expand(u)
	return e != u && (isURL(e) || looksLikeHostURL(e))
}

// looksLikeHostURL accepts scheme-less URLs of well-known hosts (curl accepts them).
func looksLikeHostURL(v string) bool {
	return strings.HasPrefix(v, "github.com/") || strings.HasPrefix(v, "releases.hashicorp.com/") ||
		strings.HasPrefix(v, "get.helm.sh/") || strings.HasPrefix(v, "dl.k8s.io/")
}

// urlRange is where a download finding sits: the URL word, or from the call's start to the end
// of the URL when the URL sits on a later line (`curl -fsSL \` then the URL below).
func urlRange(c *buildspec.Call, u *buildspec.Word) source.Range {
	r, cr := u.Range(), c.Range()
	if cr.Start.Line != r.Start.Line && cr.Start.IsValid() {
		r.Start = cr.Start
	}
	return r
}

// urlAsset returns the file name a URL names: its last path element, without query or fragment.
func urlAsset(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	u = strings.TrimRight(u, "/")
	if i := strings.LastIndexByte(u, '/'); i >= 0 {
		return u[i+1:]
	}
	return ""
}

// urlHostPath returns host/path of a URL, lower-cased, without scheme, query or "www.".
func urlHostPath(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	return strings.TrimPrefix(strings.ToLower(u), "www.")
}

// urlTools returns the tools a known URL brings (packages.yaml urls, github, assets). known is
// false when the data says nothing about it.
func urlTools(u string) (tools []string, known bool) {
	t := loadData()
	hp := urlHostPath(u)
	best := -1
	for _, e := range t.urls {
		if len(e.prefix) > best && matchURLPrefix(hp, e.prefix) {
			best = len(e.prefix)
			tools = e.expand(hp)
			known = true
		}
	}
	if known {
		return tools, true
	}
	if owner, repo, ok := githubRepo(hp); ok {
		if tools, ok := lookupTools(t.github, owner+"/"+repo); ok {
			return tools, true
		}
	}
	stem := assetStem(urlAsset(u))
	if tools, ok := lookupTools(t.assets, strings.ToLower(stem)); ok {
		return tools, true
	}
	if tools, ok := lookupTools(t.assets, strings.ToLower(assetTool(urlAsset(u)))); ok {
		return tools, true
	}
	return nil, false
}

// matchURLPrefix matches host/path against a data prefix; "*." at the start matches any
// subdomain, and a prefix matches whole path elements or a leading part of the last one.
func matchURLPrefix(hp, prefix string) bool {
	if strings.HasPrefix(prefix, "*.") {
		host, _, _ := strings.Cut(hp, "/")
		ph, rest, _ := strings.Cut(prefix[2:], "/")
		if host != ph && !strings.HasSuffix(host, "."+ph) {
			return false
		}
		_, p, _ := strings.Cut(hp, "/")
		return strings.HasPrefix(p, rest)
	}
	return strings.HasPrefix(hp, prefix)
}

// githubRepo returns the owner and repository of a github.com (or raw.githubusercontent.com,
// objects.githubusercontent.com) URL.
func githubRepo(hp string) (owner, repo string, ok bool) {
	parts := strings.Split(hp, "/")
	if len(parts) < 3 {
		return "", "", false
	}
	switch parts[0] {
	case "github.com", "raw.githubusercontent.com", "api.github.com":
	default:
		return "", "", false
	}
	if parts[0] == "api.github.com" {
		if parts[1] != "repos" || len(parts) < 4 {
			return "", "", false
		}
		parts = parts[1:]
	}
	return parts[1], parts[2], true
}

// isGitHubRelease reports whether u is a GitHub release asset.
func isGitHubRelease(u string) bool {
	hp := urlHostPath(u)
	return strings.HasPrefix(hp, "github.com/") && strings.Contains(hp, "/releases/download/") ||
		strings.HasPrefix(hp, "github.com/") && strings.Contains(hp, "/releases/latest/download/") ||
		strings.HasPrefix(hp, "objects.githubusercontent.com/")
}

// hasPlatformWord reports whether a file name names a platform (linux, amd64, ...).
func hasPlatformWord(name string) bool {
	l := strings.ToLower(name)
	for _, w := range platformWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// archiveExts are stripped from asset names, longest first.
var archiveExts = []string{".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst", ".tgz", ".tbz", ".txz", ".zip", ".gz", ".xz", ".bz2", ".tar", ".sh", ".bash", ".run", ".msi", ".exe", ".pkg", ".deb", ".rpm", ".apk", ".appimage", ".bin", ".jar", ".ps1"}

// assetStem strips archive and installer extensions from a file name.
func assetStem(name string) string {
	l := strings.ToLower(name)
	for _, e := range archiveExts {
		if strings.HasSuffix(l, e) {
			return name[:len(name)-len(e)]
		}
	}
	return name
}

// assetTool guesses the tool of a release file name: terraform_1.5.7_linux_amd64.zip -> terraform,
// yq_linux_amd64 -> yq, helm-v3.12.0-linux-amd64.tar.gz -> helm, jq-linux64 -> jq. The name is
// cut before the first version or platform part.
func assetTool(name string) string {
	s := assetStem(name)
	for i := 1; i < len(s); i++ {
		if s[i-1] != '_' && s[i-1] != '-' && s[i-1] != '.' {
			continue
		}
		rest := strings.ToLower(s[i:])
		if rest[0] >= '0' && rest[0] <= '9' || rest[0] == '$' ||
			rest[0] == 'v' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9' || startsWithPlatform(rest) || strings.HasPrefix(rest, "latest") {
			s = s[:i-1]
			break
		}
	}
	if strings.ContainsAny(s, "${}`") {
		return ""
	}
	return strings.ToLower(s)
}

func startsWithPlatform(s string) bool {
	for _, w := range platformWords {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// urlVersion returns the first path element of u that is a version (1.5.7, v0.16.3), or a
// variable that holds one (${TF_VERSION}, v$VERSION): callers that know the variable's value
// (a Dockerfile ARG) expand it, others treat a version holding "$" as unknown.
func urlVersion(u string) string {
	for _, p := range strings.Split(urlHostPath(u), "/")[1:] {
		v := strings.TrimPrefix(p, "v")
		if isVersion(v) || isVarRef(v) {
			return v
		}
	}
	return ""
}

// toolURLVersion is urlVersion for a download of tools, "" when the URL's version is not the
// tools' own: the amazon-eks bucket's path names the Kubernetes release (1.21.2/2021-07-05/bin/...),
// which is kubectl's version, not that of the aws-iam-authenticator beside it.
func toolURLVersion(u string, tools []string) string {
	if eksBucket(u) && !slices.Equal(tools, []string{"kubectl"}) {
		return ""
	}
	return urlVersion(u)
}

// eksBucket reports whether u is in the amazon-eks S3 bucket, where AWS publishes kubectl and
// aws-iam-authenticator under a Kubernetes version
// (https://docs.aws.amazon.com/eks/latest/userguide/install-kubectl.html).
func eksBucket(u string) bool {
	host, p, _ := strings.Cut(urlHostPath(u), "/")
	if strings.HasPrefix(host, "amazon-eks.s3") {
		return true
	}
	return strings.HasPrefix(host, "s3") && strings.HasSuffix(host, ".amazonaws.com") && strings.HasPrefix(p, "amazon-eks/")
}

// isVarRef reports whether v is one shell variable reference: $NAME or ${NAME}.
func isVarRef(v string) bool {
	switch {
	case strings.HasPrefix(v, "${") && strings.HasSuffix(v, "}"):
		v = v[2 : len(v)-1]
	case strings.HasPrefix(v, "$"):
		v = v[1:]
	default:
		return false
	}
	if v == "" {
		return false
	}
	for _, r := range v {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// isVersion reports whether v is digits separated by dots, with at least one dot.
func isVersion(v string) bool {
	if v == "" || v[0] < '0' || v[0] > '9' || !strings.Contains(v, ".") {
		return false
	}
	for _, r := range v {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

func hasAnySuffix(s string, sufs []string) bool {
	for _, x := range sufs {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// extractDir returns the -C / -d / --directory destination of a tar or unzip call.
func extractDir(c *buildspec.Call) string {
	args := c.Args[1:]
	for j, a := range args {
		v := a.Value
		switch {
		case (v == "-C" || v == "--directory" || v == "-d") && j+1 < len(args):
			return args[j+1].Value
		case strings.HasPrefix(v, "--directory="):
			return strings.TrimPrefix(v, "--directory=")
		}
	}
	return ""
}

// shellNames are the shells an installer script is piped into.
var shellNames = map[string]bool{"sh": true, "bash": true, "zsh": true, "dash": true, "ash": true, "ksh": true}

// findDownload returns the download whose local file is the word v, or whose tool v names
// (the file that an archive extracts).
func (st *state) findDownload(v string) *download {
	v = st.expand(strings.Trim(v, `"'`))
	base := buildspec.BaseName(strings.TrimPrefix(v, "./"))
	for i := len(st.downloads) - 1; i >= 0; i-- {
		d := st.downloads[i]
		if d.file != "" && (v == d.file || base == buildspec.BaseName(d.file)) {
			return d
		}
		for _, dir := range d.dirs {
			if strings.HasPrefix(v, strings.TrimSuffix(dir, "/")+"/") {
				return d
			}
		}
		for _, t := range d.in.Tools {
			if base == t {
				return d
			}
		}
		if d.extracted != nil && d.extracted[base] {
			return d
		}
	}
	return nil
}

// placement recognises the calls that finish a download: unzip, tar -x, chmod +x, mv, cp,
// install, and running a downloaded installer. They change the downloads they name (confirmed,
// renamed, extracted) and add no install of their own.
func placement(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	if len(st.downloads) == 0 {
		return nil
	}
	name := strings.ToLower(c.Name())
	if strings.ContainsAny(c.Args[0].Value, `/\`) {
		name = "" // ./aws/install runs a file; it is not install(1)
	}
	var ops []string
	for _, a := range args {
		if !strings.HasPrefix(a.Value, "-") || a.Value == "-" {
			ops = append(ops, a.Value)
		}
	}
	switch name {
	case "unzip", "tar", "gunzip", "7z":
		st.extracts(c, name, args, ops)
	case "chmod":
		st.chmods(c, ops)
	case "mv", "cp", "install", "ln":
		if name == "install" {
			ops = installOperands(args)
		}
		st.moves(c, name, ops)
	case "bash", "sh", "zsh":
		if file, rest := fileScriptArgs(args); file != nil {
			st.ran(c, file.Value, rest)
		}
	case "rm":
		st.removes(c, ops)
	case "dpkg", "rpm":
		for _, o := range ops {
			if d := st.findDownload(o); d != nil {
				d.in.Related = append(d.in.Related, c.Range())
				d.confirmed = true
			}
		}
	default:
		st.runsFile(c)
	}
	return nil
}

// extracts reads an unzip, tar, gunzip or 7z call (ops its operands): the download it extracts
// gets the call, the directory it goes into, and the name it extracts.
func (st *state) extracts(c *buildspec.Call, name string, args []*buildspec.Word, ops []string) {
	file := ""
	if name == "tar" {
		file = tarFile(args)
	} else {
		for _, o := range ops {
			if strings.HasSuffix(strings.ToLower(o), ".zip") || strings.HasSuffix(strings.ToLower(o), ".gz") || file == "" && name != "7z" {
				file = o
				break
			}
		}
		if name == "7z" && len(ops) > 1 {
			file = ops[1]
		}
	}
	d := st.findDownload(file)
	if d == nil {
		return
	}
	d.in.Related = append(d.in.Related, c.Range())
	to := extractDir(c)
	if isDir, _ := inPathDir(to); isDir {
		d.confirmed = true
	}
	if to != "" && to != "." && to != "/" {
		d.dirs = append(d.dirs, to)
	}
	if d.extracted == nil {
		d.extracted = map[string]bool{}
	}
	d.extracted[assetStem(path.Base(file))] = true
}

// removes reads an rm call (ops its operands): when it deletes only the files of downloads (the
// archive, what it extracted), each of those downloads gets the call; one that also deletes
// other files is shared with them.
func (st *state) removes(c *buildspec.Call, ops []string) {
	var ds []*download
	other := false
	for _, o := range ops {
		if d := st.findDownload(o); d != nil {
			if !slices.Contains(ds, d) {
				ds = append(ds, d)
			}
		} else {
			other = true
		}
	}
	for _, d := range ds {
		if other {
			d.in.Shared = append(d.in.Shared, c.Range())
		} else {
			d.in.Related = append(d.in.Related, c.Range())
		}
	}
}

// chmods reads a chmod call (ops its operands): a download made executable is confirmed,
// unless it is a script.
func (st *state) chmods(c *buildspec.Call, ops []string) {
	if len(ops) < 2 || !strings.Contains(ops[0], "x") && !strings.ContainsAny(ops[0], "1357") {
		return
	}
	for _, f := range ops[1:] {
		if d := st.findDownload(f); d != nil {
			d.in.Related = append(d.in.Related, c.Range())
			// A script made executable is still only a script (a test setup, a deploy
			// step): it becomes an install when it is run or put on the PATH.
			if !isScript(d.file) {
				d.confirmed = true
			}
		}
	}
}

// installOperands returns the operands of an install(1) call, without its options and the
// values of -m, -o, -g and -t.
func installOperands(args []*buildspec.Word) []string {
	var ops []string
	for j := 0; j < len(args); j++ {
		v := args[j].Value
		if v == "-m" || v == "-o" || v == "-g" || v == "-t" {
			j++
			continue
		}
		if !strings.HasPrefix(v, "-") {
			ops = append(ops, v)
		}
	}
	return ops
}

// moves reads a mv, cp, install or ln call (ops its operands, the destination last): a
// download put into a PATH directory is confirmed, and a file named there names the tool.
func (st *state) moves(c *buildspec.Call, name string, ops []string) {
	if len(ops) < 2 {
		return
	}
	dest := ops[len(ops)-1]
	isDir, isFile := inPathDir(dest)
	for _, f := range ops[:len(ops)-1] {
		d := st.findDownload(f)
		if d == nil {
			continue
		}
		d.in.Related = append(d.in.Related, c.Range())
		if isDir || isFile {
			d.confirmed = true
		}
		if isFile && d.guessed && name != "ln" {
			d.in.Tools = []string{path.Base(dest)}
			d.in.Package = d.in.Tools[0]
			d.guessed = false
		}
	}
}

// runsFile reads a call of a program by its path: ./aws/install after unzipping the AWS CLI,
// ./get_helm.sh after downloading it.
func (st *state) runsFile(c *buildspec.Call) {
	a0 := c.Args[0].Value
	if !strings.HasPrefix(a0, "./") && !strings.HasPrefix(a0, "/") {
		return
	}
	if d := st.findDownload(a0); d != nil {
		st.ran(c, a0, c.Args[1:])
		return
	}
	if strings.HasPrefix(a0, "/") {
		return
	}
	// ./aws/install: a file inside an extracted archive.
	first := strings.Split(strings.TrimPrefix(a0, "./"), "/")[0]
	if d := st.findDownload(first); d != nil && strings.Contains(strings.TrimPrefix(a0, "./"), "/") {
		d.in.Related = append(d.in.Related, c.Range())
		d.confirmed = true
	}
}

// scriptExts are the endings of downloaded scripts (as opposed to executables).
var scriptExts = []string{".sh", ".bash", ".py", ".ps1", ".pl", ".rb", ".js"}

// isScript reports whether a downloaded file is a script by its name.
func isScript(file string) bool {
	return hasAnySuffix(strings.ToLower(file), scriptExts)
}

// tarFile returns the archive of a tar call: the value of -f (also in -xzf FILE).
func tarFile(args []*buildspec.Word) string {
	for j, a := range args {
		v := a.Value
		if v == "--file" && j+1 < len(args) {
			return args[j+1].Value
		}
		if strings.HasPrefix(v, "--file=") {
			return strings.TrimPrefix(v, "--file=")
		}
		if strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.HasSuffix(v, "f") && j+1 < len(args) {
			return args[j+1].Value
		}
		if j == 0 && !strings.HasPrefix(v, "-") && strings.HasSuffix(v, "f") && j+1 < len(args) {
			return args[j+1].Value // tar xzf FILE
		}
	}
	return ""
}

// unquote returns a word's value; for a word with expansions, whose Value is its source text,
// the surrounding double quotes are removed ("https://x/${V}/y" -> https://x/${V}/y).
func unquote(w *buildspec.Word) string {
	v := w.Value
	if !w.Lit && len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}

// ran records that call c runs file with the arguments args: when it is a download, the
// download is an installer and c belongs to its install. An installer (a file not named like
// the tools it brings: install.sh, get_helm.sh, rustup-init) takes the version to install from
// its arguments and environment; a tool run by its own name (./kubectl version) does not.
func (st *state) ran(c *buildspec.Call, file string, args []*buildspec.Word) {
	d := st.findDownload(file)
	if d == nil {
		return
	}
	d.in.Related = append(d.in.Related, c.Range())
	d.confirmed = true
	st.ranScript(d)
	name := buildspec.BaseName(strings.Trim(st.expand(strings.Trim(file, `"'`)), "/"))
	if isScript(name) || !slices.Contains(d.in.Tools, strings.ToLower(assetStem(name))) {
		st.chooseVersion(d.in, c, args)
	}
}

// hasOpt reports whether a call has the option word opt.
func hasOpt(c *buildspec.Call, opt string) bool {
	for _, a := range c.Args[1:] {
		if a.Value == opt {
			return true
		}
	}
	return false
}

// latestURL reports whether a download URL asks for the newest release: a path element that
// says so (releases/latest/download/yq_linux_amd64, tool-latest.tar.gz, stable) or a version
// read at build time ($(curl -s .../stable.txt)).
func latestURL(u string) bool {
	if strings.Contains(u, "`") || strings.Contains(u, "$(") {
		return true
	}
	for _, p := range strings.Split(strings.ToLower(urlHostPath(u)), "/")[1:] {
		if p == "latest" || p == "stable" || strings.Contains(p, "-latest") || strings.Contains(p, "_latest") {
			return true
		}
	}
	return false
}

// nodesourceVersion returns the Node.js major version of a NodeSource setup script's name
// (setup_20.x: 20), "" for setup_lts.x, setup_current.x and anything else.
func nodesourceVersion(asset string) string {
	v, ok := strings.CutPrefix(strings.ToLower(asset), "setup_")
	if !ok {
		return ""
	}
	v = strings.TrimSuffix(v, ".x")
	if !isDigits(v) {
		return ""
	}
	return v
}
