package workflow

import (
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// FuzzRead: any bytes read as a workflow or a composite action, and every unit of their jobs,
// neither panic nor yield a range outside the file.
func FuzzRead(f *testing.F) {
	for _, seed := range []string{
		"on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          sudo apt-get install -y jq ${{ matrix.x }}\n",
		"on: push\njobs:\n  b:\n    strategy:\n      matrix:\n        os: [ubuntu-22.04, windows-2022]\n        include:\n          - os: macos-14\n        exclude:\n          - os: windows-2022\n    runs-on: ${{ matrix.os }}\n    container: ${{ matrix.img }}\n    steps:\n      - if: runner.os == 'Linux'\n        run: >\n          apt-get\n          install jq\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n",
		"on: push\nenv:\n  A: b\n  C: ${{ x }}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env: {A: \"é\", D: 'e'}\n    steps:\n      - run: echo $A\n",
		"on: push\r\njobs:\r\n  b:\r\n    runs-on: [self-hosted, linux]\r\n    defaults:\r\n      run:\r\n        shell: pwsh\r\n    steps:\r\n      - run: \"Write-Host ${{ github.sha }}\"\r\n      - run: 'echo ''x'''\r\n        shell: cmd\r\n",
		"runs:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.x }}\n      shell: bash\n    - uses: ./x\n",
		"on: push\njobs:\n  b:\n    strategy:\n      matrix:\n        cfg: [{os: ubuntu-22.04}, {os: macos-14}]\n        r: [[a, b], [c]]\n    runs-on: ${{ matrix.cfg.os }}\n    steps:\n      - run: echo ${{ format('{0}}}', 'x') }}\n",
		aliasBomb(),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		defer func() {
			// Tells a hang from a slow, loaded machine: inputs are small.
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("reading %d bytes took %v", len(data), d)
			}
		}()
		src := source.NewSource(".github/workflows/fuzz.yml", data)
		IsComposite(data)
		for _, wf := range []*File{Read(src), ReadComposite(src)} {
			for _, j := range wf.Jobs {
				envs := j.Envs
				if len(envs) == 0 {
					envs = []*Env{{}}
				}
				if len(envs) > MaxEnvs {
					t.Fatalf("%d environments, more than MaxEnvs", len(envs))
				}
				for _, e := range envs {
					for _, os := range []string{"linux", "windows", ""} {
						u := j.Unit(e, os)
						if u.Spec.Env != nil {
							for _, v := range u.Spec.Env.Variables {
								check(t, src, v.Key.Range)
								check(t, src, v.Range)
							}
						}
						for _, ph := range u.Spec.Phases {
							for _, c := range ph.Commands {
								check(t, src, c.Range)
								if c.Script == nil {
									continue
								}
								for _, call := range c.Script.Calls {
									for _, w := range call.Words {
										check(t, src, w.Range())
									}
								}
							}
						}
					}
				}
			}
		}
	})
}

func check(t *testing.T, src *source.Source, r source.Range) {
	t.Helper()
	if !r.IsValid() {
		return
	}
	if r.Start.Offset < 0 || r.Start.Offset > r.End.Offset || r.End.Offset > len(src.Data) {
		t.Fatalf("range %v (offsets %d-%d) outside the file of %d bytes", r, r.Start.Offset, r.End.Offset, len(src.Data))
	}
}

// FuzzDecide: no condition makes Decide panic or hang, and a known answer does not depend on
// the ${{ }} around the condition.
func FuzzDecide(f *testing.F) {
	for _, seed := range []string{"runner.os == 'Linux'", "${{ matrix.os }}", "startsWith(matrix.os, 'mac') || !always()", "format('{0}', 1) == '1'", "((", "'a''b' < 0x1F", "${{ }} }}"} {
		f.Add(seed)
	}
	vars := map[string]string{"runner.os": "Linux", "matrix.os": "ubuntu-22.04"}
	f.Fuzz(func(t *testing.T, cond string) {
		v, known := Decide(cond, vars)
		if strings.Contains(cond, "}}") || strings.Contains(cond, "${{") {
			return
		}
		w, wknown := Decide("${{ "+cond+" }}", vars)
		if known && wknown && v != w {
			t.Errorf("Decide(%q) = %v, with ${{ }} = %v", cond, v, w)
		}
	})
}
