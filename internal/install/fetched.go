package install

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
)

// installedFile records that call c installs the local file `file` with a package manager
// (`pip install ./tool.tar.gz`, `npm i -g ./tool.tgz`, `gem install ./tool.gem`, `apt-get
// install ./tool.deb`, `yum localinstall tool.rpm`): when an earlier command downloaded that
// file, the download and this call are one install of the tool, written at the download's URL.
// It reports whether the file was such a download.
func (st *state) installedFile(c *buildspec.Call, file string) bool {
	if !localFile(file) {
		return false
	}
	d := st.findDownload(file)
	if d == nil {
		return false
	}
	d.in.Related = append(d.in.Related, c.Range())
	d.confirmed = true
	return true
}

// localFile reports whether a package manager's argument names a local file rather than a
// package: a path, or a name with an archive or package ending.
func localFile(v string) bool {
	if v == "" || v == "." || v == ".." || strings.Contains(v, "://") {
		return false
	}
	l := strings.ToLower(v)
	return strings.ContainsAny(v, `/\`) || hasAnySuffix(l, archiveExts) || strings.HasSuffix(l, ".whl") || strings.HasSuffix(l, ".gem")
}
