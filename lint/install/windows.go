package install

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
)

// Windows images run PowerShell (or cmd.exe); their lines are tokenised, not parsed, so a call
// may start with `if (...) {` or hold several statements. windowsCalls finds the known programs
// among a call's words and reads each from there.

// windowsPrograms are the Windows install commands, lower case.
var windowsPrograms = map[string]handler{
	"choco": chocoInstall, "choco.exe": chocoInstall, "cinst": chocoInstall,
	"winget": wingetInstall, "winget.exe": wingetInstall,
	"nuget": nugetInstall, "nuget.exe": nugetInstall,
	"invoke-webrequest": webRequest, "iwr": webRequest, "wget": webRequest, "curl": webRequest,
	"wget.exe": webRequest, "curl.exe": webRequest, "start-bitstransfer": webRequest,
	"msiexec": msiexec, "msiexec.exe": msiexec, "start-process": startProcess,
	"install-module": psModule,
}

// windowsCall reads a tokenised PowerShell or cmd call: every known program among its words.
func windowsCall(st *state, c *lint.Call) []*Install {
	var out []*Install
	for i := 0; i < len(c.Args); i++ {
		v := strings.ToLower(strings.TrimLeft(c.Args[i].Value, "({&."))
		h := windowsPrograms[v]
		if h == nil || i > 0 && isPSArgument(c.Args[i-1].Value) {
			continue
		}
		end := len(c.Args)
		for k := i + 1; k < len(c.Args); k++ {
			if strings.HasSuffix(c.Args[k].Value, "}") || strings.HasSuffix(c.Args[k].Value, ")") && !strings.HasPrefix(c.Args[k].Value, "(") {
				end = k + 1
				break
			}
		}
		out = append(out, h(st, c, c.Args[i+1:end])...)
		i = end - 1
	}
	return out
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
func chocoInstall(st *state, c *lint.Call, args []*lint.Word) []*Install {
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
func wingetInstall(st *state, c *lint.Call, args []*lint.Word) []*Install {
	if len(args) == 0 || !strings.EqualFold(args[0].Value, "install") {
		return nil
	}
	var pkg *lint.Word
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
func nugetInstall(st *state, c *lint.Call, args []*lint.Word) []*Install {
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

// webRequest recognises `Invoke-WebRequest URL -OutFile FILE` (and iwr, curl, wget aliases,
// Start-BitsTransfer -Source URL -Destination FILE) as a download.
func webRequest(st *state, c *lint.Call, args []*lint.Word) []*Install {
	var urlW *lint.Word
	out := ""
	for j := 0; j < len(args); j++ {
		v := strings.Trim(args[j].Value, `"'`)
		lv := strings.ToLower(v)
		switch {
		case lv == "-outfile" || lv == "-destination" || lv == "-o" || lv == "-out":
			if j+1 < len(args) {
				out = strings.Trim(args[j+1].Value, `"'`)
				j++
			}
		case lv == "-uri" || lv == "-source":
			if j+1 < len(args) {
				urlW = args[j+1]
				j++
			}
		case strings.HasPrefix(lv, "-"):
			switch lv {
			case "-usebasicparsing", "-useb", "-verbose", "-passthru", "-disablekeepalive":
			default:
				j++
			}
		case urlW == nil && isURL(v):
			urlW = args[j]
		}
	}
	if urlW == nil || out == "" {
		return nil
	}
	u := strings.Trim(urlW.Value, `"'`)
	asset := urlAsset(u)
	if hasAnySuffix(strings.ToLower(asset), noInstallExt) {
		return nil
	}
	tools, known := urlTools(u)
	if !known {
		tools, _ = urlTools("https://x/" + out)
	}
	if len(tools) == 0 {
		if t := assetTool(baseAny(out)); t != "" {
			tools = []string{t}
		}
	}
	if len(tools) == 0 {
		return nil
	}
	in := &Install{Manager: "Invoke-WebRequest", Package: strings.Join(tools, ","), Tools: tools, Version: urlVersion(u), Range: urlW.Range, Call: c}
	ext := strings.ToLower(out)
	d := &download{in: in, url: u, file: out, confirmed: known || hasAnySuffix(ext, []string{".msi", ".exe", ".zip", ".nupkg"}) || hasPlatformWord(asset)}
	st.downloads = append(st.downloads, d)
	st.fetched[in] = d
	return []*Install{in}
}

// baseAny returns the last element of a Windows or POSIX path.
func baseAny(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// msiexec recognises `msiexec /i FILE.msi /quiet`: the end of a download, or an install of its own.
func msiexec(st *state, c *lint.Call, args []*lint.Word) []*Install {
	for j, a := range args {
		lv := strings.ToLower(strings.Trim(a.Value, `"'`))
		if (lv == "/i" || lv == "/package") && j+1 < len(args) {
			f := strings.Trim(args[j+1].Value, `"'`)
			if d := st.findDownload(baseAny(f)); d != nil {
				d.in.Related = append(d.in.Related, c.Range)
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
				in := &Install{Manager: "msiexec", Package: strings.Join(tools, ","), Tools: tools, Range: args[j+1].Range, Call: c}
				return []*Install{in}
			}
		}
	}
	return nil
}

// startProcess reads `Start-Process msiexec.exe -ArgumentList '/i AWSCLIV2.msi /quiet'` and
// `Start-Process -FilePath setup.exe`: a downloaded installer run.
func startProcess(st *state, c *lint.Call, args []*lint.Word) []*Install {
	for _, a := range args {
		for _, f := range strings.Fields(strings.Trim(a.Value, `"'`)) {
			if d := st.findDownload(baseAny(f)); d != nil {
				d.in.Related = append(d.in.Related, c.Range)
				d.confirmed = true
				return nil
			}
		}
	}
	return nil
}

// psModule recognises `Install-Module -Name AWSPowerShell -Force`: a PowerShell module provides
// cmdlets, not executables, so it has no tools.
func psModule(st *state, c *lint.Call, args []*lint.Word) []*Install {
	return nil
}
