package install

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Windows images run PowerShell (or cmd.exe); their lines are tokenised, not parsed, so a call
// may start with `if (...) {` or hold several statements. windowsCalls finds the known programs
// among a call's words and reads each from there.

// windowsPrograms are the Windows install commands, lower case. curl and wget are PowerShell's
// aliases of Invoke-WebRequest (curl.exe and wget.exe are the real programs: posixOnWindows).
var windowsPrograms = map[string]handler{
	"choco": chocoInstall, "cinst": chocoInstall,
	"winget":            wingetInstall,
	"nuget":             nugetInstall,
	"invoke-webrequest": webRequest, "iwr": webRequest, "wget": webRequest, "curl": webRequest,
	"invoke-restmethod": webRequest, "irm": webRequest, "start-bitstransfer": webRequest,
	"msiexec": msiexec, "start-process": startProcess,
	"install-module": psModule,
	"cyg-get":        cygwinInstall, "apt-cyg": cygwinInstall,
}

// posixOnWindows are the installers that take the same arguments on Windows as elsewhere
// (pip, python -m pip, npm, gem, go, dotnet tool, ...): their handlers read them.
var posixOnWindows = map[string]bool{
	"pip": true, "pip3": true, "python": true, "python3": true, "py": true, "pipx": true, "uv": true,
	"npm": true, "yarn": true, "pnpm": true, "gem": true, "go": true, "cargo": true, "dotnet": true,
	"conda": true, "mamba": true, "rustup": true, "curl.exe": true, "wget.exe": true,
}

// windowsCall reads a tokenised PowerShell or cmd call: every known program among its words,
// by its base name (C:\ProgramData\chocolatey\bin\choco.exe is choco).
func windowsCall(st *state, c *buildspec.Call) []*Install {
	out := webClient(st, c)
	for i := 0; i < len(c.Args); i++ {
		v := strings.TrimLeft(c.Args[i].Value, "({&.")
		name := strings.ToLower(buildspec.BaseName(v))
		if i > 0 && isPSArgument(c.Args[i-1].Value) {
			continue
		}
		end := statementEnd(c.Args, i)
		if h := windowsPrograms[strings.TrimSuffix(name, ".exe")]; h != nil {
			out = append(out, h(st, c, c.Args[i+1:end])...)
			i = end - 1
			continue
		}
		// A POSIX-style installer counts where a statement starts, not as an argument
		// (Write-Host pip install x).
		if posixOnWindows[name] && (i == 0 || startsStatement(c.Args[i-1].Value)) {
			sub := subCall(c, i, end, v)
			h := handlers[programName(sub.Name())]
			if h != nil {
				out = append(out, h(st, sub, sub.Args[1:])...)
			}
			i = end - 1
		}
	}
	return out
}

// statementEnd returns the end (exclusive) of the statement that starts at word i: the word
// that closes a block or a parenthesis, or the end of the call.
func statementEnd(args []*buildspec.Word, i int) int {
	for k := i + 1; k < len(args); k++ {
		if strings.HasSuffix(args[k].Value, "}") || strings.HasSuffix(args[k].Value, ")") && !strings.HasPrefix(args[k].Value, "(") {
			return k + 1
		}
	}
	return len(args)
}

// startsStatement reports whether the word before a program opens a block or a subexpression
// ({, (, -Command, /c), so that the program starts a statement of its own.
func startsStatement(prev string) bool {
	p := strings.ToLower(prev)
	return strings.HasSuffix(p, "{") || strings.HasSuffix(p, "(") || p == "-command" || p == "-c" || p == "/c" || p == "&"
}

// subCall is the part of a tokenised call from word i to end, as a call of its own whose
// program is name (the word without the ( { & that the tokeniser left on it) and whose last
// word has no closing ) or }.
func subCall(c *buildspec.Call, i, end int, name string) *buildspec.Call {
	sub := *c
	args := append([]*buildspec.Word(nil), c.Args[i:end]...)
	first := *args[0]
	first.Value = name
	args[0] = &first
	if n := len(args); n > 1 {
		last := *args[n-1]
		last.Value = strings.TrimRight(last.Value, ")}")
		if last.Value == "" {
			args = args[:n-1]
		} else {
			args[n-1] = &last
		}
	}
	sub.Args, sub.Words = args, args
	sub.SetExtent(args[0], args[len(args)-1])
	return &sub
}

// isPSArgument reports whether the word before a command name makes it an argument
// (Get-Command choco).
func isPSArgument(prev string) bool {
	switch strings.ToLower(strings.TrimLeft(prev, "({")) {
	case "get-command", "where", "where.exe", "which", "-filepath", "-name":
		return true
	}
	return false
}

// psOpt reports whether w is a PowerShell (-Name) or cmd (/quiet) option.
func psOpt(v string) bool { return strings.HasPrefix(v, "-") || strings.HasPrefix(v, "/") }

// chocoInstall recognises `choco install -y pkg [--version 1.2]`.
func chocoInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	if len(args) == 0 || !strings.EqualFold(args[0].Value, "install") && !strings.EqualFold(args[0].Value, "upgrade") {
		if c.Name() != "cinst" {
			return nil
		}
	} else {
		args = args[1:]
	}
	var out []*Install
	ver := ""
	for j := 0; j < len(args); j++ {
		w := args[j]
		v := strings.Trim(w.Value, "'\"")
		lv := strings.ToLower(v)
		switch {
		case lv == "--version" || lv == "-v" || lv == "--params" || lv == "--source" || lv == "-s" || lv == "--package-parameters" || lv == "--install-arguments" || lv == "--ia" || lv == "--execution-timeout":
			if j+1 < len(args) && (lv == "--version" || lv == "-v") {
				ver = args[j+1].Value
			}
			j++
		case strings.HasPrefix(lv, "--version="):
			ver = v[len("--version="):]
		case strings.HasPrefix(v, "-"):
		case !w.Lit || !validName(v) || strings.HasSuffix(lv, ".config") || strings.HasSuffix(lv, ".nupkg"):
		default:
			out = append(out, newInstall("choco", v, "", w, c))
		}
	}
	for _, in := range out {
		in.Version = ver
	}
	return out
}

// wingetInstall recognises `winget install [--id] Name.Id [-v 1.2]`.
func wingetInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	if len(args) == 0 || !strings.EqualFold(args[0].Value, "install") {
		return nil
	}
	var pkg *buildspec.Word
	ver := ""
	for j := 1; j < len(args); j++ {
		lv := strings.ToLower(args[j].Value)
		switch lv {
		case "--id", "--name", "-n", "--query", "-q":
			if j+1 < len(args) {
				pkg = args[j+1]
				j++
			}
		case "-v", "--version":
			if j+1 < len(args) {
				ver = args[j+1].Value
				j++
			}
		case "--source", "-s", "--scope", "--override", "--location", "-l", "--architecture", "-a", "--log", "-o":
			j++
		default:
			if !strings.HasPrefix(lv, "-") && pkg == nil {
				pkg = args[j]
			}
		}
	}
	if pkg == nil || !pkg.Lit {
		return nil
	}
	return []*Install{newInstall("winget", strings.Trim(pkg.Value, `"'`), ver, pkg, c)}
}

// nugetInstall recognises `nuget install Pkg [-Version 1.2]` (not `nuget install packages.config`
// and not `nuget restore`).
func nugetInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	if len(args) < 2 || !strings.EqualFold(args[0].Value, "install") {
		return nil
	}
	w := args[1]
	if !w.Lit || psOpt(w.Value) || strings.HasSuffix(strings.ToLower(w.Value), ".config") {
		return nil
	}
	ver := ""
	for j := 2; j+1 < len(args); j++ {
		if strings.EqualFold(args[j].Value, "-Version") {
			ver = args[j+1].Value
		}
	}
	return []*Install{newInstall("nuget", w.Value, ver, w, c)}
}

// psValueParams are the Invoke-WebRequest / Invoke-RestMethod / Start-BitsTransfer parameters
// that take a value (the others are switches).
var psValueParams = map[string]bool{
	"-method": true, "-headers": true, "-body": true, "-contenttype": true, "-useragent": true,
	"-timeoutsec": true, "-proxy": true, "-proxycredential": true, "-credential": true,
	"-maximumredirection": true, "-maximumretrycount": true, "-retryintervalsec": true,
	"-sessionvariable": true, "-websession": true, "-certificate": true, "-certificatethumbprint": true,
	"-transferencoding": true, "-infile": true, "-authentication": true, "-token": true,
	"-erroraction": true, "-ea": true, "-progressaction": true, "-displayname": true,
	"-description": true, "-priority": true, "-transfertype": true, "-outvariable": true,
}

// webRequest recognises `Invoke-WebRequest URL -OutFile FILE` (and iwr, curl, wget aliases,
// Start-BitsTransfer -Source URL -Destination FILE) as a download, and `irm URL | iex` as an
// installer script. curl and wget written with POSIX options (-o, -L, -O) are the real programs.
func webRequest(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	var urlW *buildspec.Word
	out := ""
	posix := false
	for j := 0; j < len(args); j++ {
		v := strings.Trim(args[j].Value, `"'`)
		lv := strings.ToLower(v)
		switch {
		case lv == "-outfile" || lv == "-destination" || lv == "-out" || lv == "-od" || lv == "-dest":
			if j+1 < len(args) {
				out = strings.Trim(args[j+1].Value, `"'`)
				j++
			}
		case lv == "-uri" || lv == "-source" || lv == "-url":
			if j+1 < len(args) {
				urlW = args[j+1]
				j++
			}
		case posixFlag(v):
			posix = true
		case strings.HasPrefix(lv, "-"):
			if psValueParams[lv] {
				j++
			}
		case urlW == nil && isURL(v):
			urlW = args[j]
		}
	}
	if posix {
		// the real curl or wget (PowerShell 7 has no such aliases): read as POSIX.
		if k := wordIndex(c, args); k > 0 {
			sub := subCall(c, k-1, k+len(args), strings.TrimLeft(c.Args[k-1].Value, "({&."))
			if n := programName(sub.Name()); n == "curl" || n == "wget" {
				return fetch(st, sub, sub.Args[1:])
			}
		}
		return nil
	}
	if urlW == nil {
		return nil
	}
	u := strings.Trim(urlW.Value, `"'`)
	if out == "" {
		// irm URL | iex: a script run as it is downloaded.
		if st.next != nil && len(st.next.Args) > 0 && isInvokeExpression(st.next.Args[0].Value) {
			return installerScript(c, urlW, u)
		}
		return nil
	}
	asset := urlAsset(u)
	if hasAnySuffix(strings.ToLower(asset), noInstallExt) {
		return nil
	}
	tools, known := urlTools(u)
	if !known {
		tools, _ = urlTools("https://x/" + out)
	}
	if len(tools) == 0 {
		if t := assetTool(buildspec.BaseName(out)); t != "" {
			tools = []string{t}
		}
	}
	if len(tools) == 0 {
		return nil
	}
	in := &Install{Manager: "Invoke-WebRequest", Package: strings.Join(tools, ","), Tools: tools, Version: toolURLVersion(u, tools), Range: urlW.Range(), Call: c}
	ext := strings.ToLower(out)
	d := &download{in: in, url: u, file: out, confirmed: known || hasAnySuffix(ext, []string{".msi", ".exe", ".zip", ".nupkg"}) || hasPlatformWord(asset)}
	st.downloads = append(st.downloads, d)
	st.fetched[in] = d
	return []*Install{in}
}

// posixFlag reports whether v is a curl or wget option, which PowerShell's parameters never
// look like: --long, or a short cluster such as -L, -o, -fsSL, -qO.
func posixFlag(v string) bool {
	if strings.HasPrefix(v, "--") {
		return true
	}
	if len(v) < 2 || len(v) > 5 || v[0] != '-' {
		return false
	}
	for _, r := range v[1:] {
		if !strings.ContainsRune("fsSLOoqkvcx", r) {
			return false
		}
	}
	return true
}

// wordIndex returns the index in c.Args of args' first word, or -1.
func wordIndex(c *buildspec.Call, args []*buildspec.Word) int {
	if len(args) == 0 {
		return -1
	}
	for k, w := range c.Args {
		if w == args[0] {
			return k
		}
	}
	return -1
}

// isInvokeExpression reports whether a word is iex / Invoke-Expression.
func isInvokeExpression(v string) bool {
	v = strings.ToLower(strings.TrimLeft(v, "({&."))
	return v == "iex" || v == "invoke-expression"
}

// installerScript is the install of a script downloaded and run at once from URL u (word w).
func installerScript(c *buildspec.Call, w *buildspec.Word, u string) []*Install {
	tools, known := urlTools(u)
	if !known {
		in := &Install{Manager: "installer-script", Range: w.Range(), Call: c}
		scriptInstall(in, u)
		return []*Install{in}
	}
	if len(tools) == 0 || tools[0] == "" {
		return nil
	}
	return []*Install{{Manager: "installer-script", Package: strings.Join(tools, ","), Tools: tools, Range: w.Range(), Call: c}}
}

// webClient recognises .NET's WebClient in PowerShell: `(New-Object System.Net.WebClient).
// DownloadFile('URL', 'C:\tools\x.exe')`, a download, and `iex ((New-Object
// System.Net.WebClient).DownloadString('URL'))`, an installer script (Chocolatey's install.ps1).
func webClient(st *state, c *buildspec.Call) []*Install {
	iex := false
	for _, a := range c.Args {
		if isInvokeExpression(a.Value) {
			iex = true
		}
	}
	var out []*Install
	for j, a := range c.Args {
		lv := strings.ToLower(a.Value)
		i := strings.Index(lv, ".downloadfile(")
		isString := false
		if i < 0 {
			if i = strings.Index(lv, ".downloadstring("); i < 0 {
				continue
			}
			isString = true
		}
		rest := a.Value[i+strings.IndexByte(lv[i:], '(')+1:]
		u, after, _ := strings.Cut(rest, ",")
		u = strings.Trim(strings.TrimRight(u, ")"), `"' `)
		if !isURL(u) {
			continue
		}
		if isString {
			if iex || st.next != nil && len(st.next.Args) > 0 && isInvokeExpression(st.next.Args[0].Value) {
				for _, in := range installerScript(c, a, u) {
					in.Range = innerRange(c, a, u)
					out = append(out, in)
				}
			}
			continue
		}
		dest := strings.TrimSpace(after)
		if dest == "" && j+1 < len(c.Args) {
			dest = c.Args[j+1].Value
		}
		dest = strings.Trim(strings.TrimRight(strings.Trim(dest, `"' `), ");"), `"' `)
		if dest == "" {
			continue
		}
		tools, known := urlTools(u)
		if !known {
			if t := assetTool(buildspec.BaseName(dest)); t != "" {
				tools = []string{t}
			}
		}
		if len(tools) == 0 || tools[0] == "" {
			continue
		}
		in := &Install{Manager: "WebClient", Package: strings.Join(tools, ","), Tools: tools, Version: toolURLVersion(u, tools), Range: innerRange(c, a, u), Call: c}
		d := &download{in: in, url: u, file: dest, confirmed: known || hasAnySuffix(strings.ToLower(dest), []string{".msi", ".exe", ".zip", ".nupkg"}) || hasPlatformWord(urlAsset(u))}
		st.downloads = append(st.downloads, d)
		st.fetched[in] = d
		out = append(out, in)
	}
	return out
}

// innerRange is the range of text u inside word w (a URL inside a .NET call): found in the
// command's value, else the whole word.
func innerRange(c *buildspec.Call, w *buildspec.Word, u string) source.Range {
	wr := w.Range()
	if c.Command == nil || c.Command.String == nil {
		return wr
	}
	for from := 0; ; {
		i := strings.Index(c.Command.Value[from:], u)
		if i < 0 {
			return wr
		}
		r := c.Command.ValueRange(from+i, from+i+len(u))
		if wr.Contains(r) {
			return r
		}
		from += i + 1
	}
}

// cygwinInstall recognises `cyg-get pkg ...` and `apt-cyg install pkg ...`: Cygwin packages.
func cygwinInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	if len(args) > 0 && strings.EqualFold(args[0].Value, "install") {
		args = args[1:]
	}
	var out []*Install
	for _, w := range args {
		if psOpt(w.Value) || !w.Lit || !validName(w.Value) {
			continue
		}
		out = append(out, newInstall("cygwin", w.Value, "", w, c))
	}
	return out
}

// msiexec recognises `msiexec /i FILE.msi /quiet`: the end of a download, or an install of its own.
func msiexec(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	for j, a := range args {
		lv := strings.ToLower(strings.Trim(a.Value, `"'`))
		if (lv == "/i" || lv == "/package") && j+1 < len(args) {
			f := strings.Trim(args[j+1].Value, `"'`)
			if d := st.findDownload(buildspec.BaseName(f)); d != nil {
				d.in.Related = append(d.in.Related, c.Range())
				d.confirmed = true
				return nil
			}
			if isURL(f) {
				tools, _ := urlTools(f)
				if len(tools) == 0 {
					tools = []string{assetTool(urlAsset(f))}
				}
				if tools[0] == "" {
					return nil
				}
				in := &Install{Manager: "msiexec", Package: strings.Join(tools, ","), Tools: tools, Range: args[j+1].Range(), Call: c}
				return []*Install{in}
			}
		}
	}
	return nil
}

// startProcess reads `Start-Process msiexec.exe -ArgumentList '/i AWSCLIV2.msi /quiet'` and
// `Start-Process -FilePath setup.exe`: a downloaded installer run.
func startProcess(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	for _, a := range args {
		for _, f := range strings.Fields(strings.Trim(a.Value, `"'`)) {
			if d := st.findDownload(buildspec.BaseName(f)); d != nil {
				d.in.Related = append(d.in.Related, c.Range())
				d.confirmed = true
				return nil
			}
		}
	}
	return nil
}

// psModule recognises `Install-Module -Name AWSPowerShell -Force`: a PowerShell module provides
// cmdlets, not executables, so it has no tools.
func psModule(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	return nil
}
