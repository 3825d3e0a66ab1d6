package rules

import "github.com/buildspec-lint/buildspec-lint/lint/buildspec"

// This file holds what the env rules (BSL4xx) share.

// varRef finds the first shell expansion in s that a shell would replace and CodeBuild does not
// (build-spec-ref.html, env/variables: a value is taken literally): $NAME, ${...} or $(...).
// It returns the byte span of the expansion's start ($NAME, "${" up to its "}", "$(") and the
// variable's name ("" for a command substitution), or ok false.
func varRef(s string) (start, end int, name string, ok bool) {
	noBrace := false // no '}' after the last ${ looked at: skip the rest of them (linear time)
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '$' {
			continue
		}
		switch c := s[i+1]; {
		case c == '{':
			if noBrace {
				continue
			}
			j := i + 2
			for j < len(s) && isNameByte(s[j], j == i+2) {
				j++
			}
			if j == i+2 {
				continue // ${} or ${!x}: not a plain name, leave it
			}
			k := j
			for k < len(s) && s[k] != '}' {
				k++
			}
			if k == len(s) {
				noBrace = true
				continue
			}
			return i, k + 1, s[i+2 : j], true
		case c == '(':
			return i, i + 2, "", true
		case isNameByte(c, true):
			j := i + 1
			for j < len(s) && isNameByte(s[j], false) {
				j++
			}
			return i, j, s[i+1 : j], true
		}
	}
	return 0, 0, "", false
}

// isNameByte reports whether c may appear in a shell variable's name (first: at its start).
func isNameByte(c byte, first bool) bool {
	return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || !first && c >= '0' && c <= '9'
}

// scalarEntries returns the entries of es whose value is a scalar, with that value.
func scalarEntries(es []*buildspec.Entry) []*buildspec.Entry {
	var out []*buildspec.Entry
	for _, e := range es {
		if e.Kind == buildspec.KindScalar && e.Value != nil {
			out = append(out, e)
		}
	}
	return out
}

// envSection names a section of env as the document writes it: env.variables, or
// environment_variables.plaintext in a version 0.1 document.
func envSection(env *buildspec.Env, key string) string {
	if env.Key.Name == "environment_variables" {
		if key == "variables" {
			key = "plaintext"
		}
		return "environment_variables." + key
	}
	return "env." + key
}
