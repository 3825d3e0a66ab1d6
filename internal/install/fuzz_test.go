package install

import (
	"testing"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
)

// FuzzRecognise reads arbitrary commands as shell and as PowerShell: Recognise must not panic,
// and every install's range must lie inside the text.
func FuzzRecognise(f *testing.F) {
	for _, tt := range shellCases {
		f.Add(tt.cmd)
	}
	for _, tt := range powerShellCases {
		f.Add(tt.cmd)
	}
	for _, tt := range scriptVersionCases {
		f.Add(tt.cmds)
	}
	f.Add("n \"\"\ncurl -o '' http://\nwget -O- https:// | sh -c\nchoco install -y }")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || len(text) > 4096 {
			return
		}
		for _, d := range []buildspec.Dialect{buildspec.DialectShell, buildspec.DialectPowerShell} {
			for _, in := range Recognise(callsDialect(t, text, d)) {
				r := in.Range
				if r.Start.Offset < 0 || r.End.Offset > len(text) || r.Start.Offset > r.End.Offset {
					t.Fatalf("install %s:%s has range %v outside the text (%d bytes)", in.Manager, in.Package, r, len(text))
				}
				if in.Call == nil {
					t.Fatalf("install %s:%s has no call", in.Manager, in.Package)
				}
			}
		}
	})
}
