package buildspec

import (
	"fmt"
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// commonPlainCommands are everyday commands that must take the fast path.
var commonPlainCommands = []string{
	"npm ci",
	"apt-get install -y jq curl",
	"docker build -t app .",
	"echo build finished",
	"pip install --upgrade awscli==1.29.0 boto3",
	"apt-get update",
	"make test",
	"go build ./...",
	"terraform plan -out=tfplan -input=false",
	"docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest",
	"aws s3 cp build/ s3://my-bucket/site/ --recursive --acl public-read",
	"mvn -B -DskipTests=true package",
	"chmod +x ./gradlew",
	"./gradlew build --no-daemon",
	"[ -f package-lock.json ]",
	"yum install -y git-2.40.1 unzip",
	"npm run build:prod",
	"cd src/app",
	"pytest -q tests/ -k smoke",
	"echo Build started on ~ with 100% effort, ok?",
	"kubectl apply -f k8s/ --dry-run=client",
	"  npm test  ",
	"\tnpm test\t",
	"make build\nmake test\n",
	"echo héllo wörld ✓",
	`docker push "$ECR_REGISTRY/app:$IMAGE_TAG"`,
	"docker build -t $REPOSITORY_URI:latest --build-arg VERSION=${VERSION} .",
	"aws s3 sync dist/ s3://${BUCKET}/site --delete",
	`echo "Build completed on ${CODEBUILD_BUILD_ID}; status: ok (100%)"`,
	"echo 'no $expansion here; # not a comment'",
	`mvn -Dversion="$VERSION" -P'release' deploy`,
	`echo "" '' a""b`,
	"FOO=bar make",
	`IMAGE_TAG=${COMMIT_HASH:=latest}`[:10] + "latest",
	`REPOSITORY_URI="$AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com/app"`,
	"A= B=1 C=$D'e'\"f\" make -j4",
	"export PATH",
	"export PATH=$PATH:/opt/bin NODE_ENV=production",
	"declare -x A",
	"local a=1 b",
	"readonly a",
	"typeset a",
	"export",
	"",
	"   ",
	"\n\n",
}

func TestPlainCommonCommandsTakeFastPath(t *testing.T) {
	for _, c := range commonPlainCommands {
		f := parsePlain(c)
		if f == nil {
			t.Errorf("parsePlain declined the plain command %q", c)
			continue
		}
		checkPlainEqual(t, c, f)
	}
}

// TestPlainDeclines pins texts that look plain but are not, each for a reason of its own.
func TestPlainDeclines(t *testing.T) {
	for _, c := range []string{
		"a+=b c", "a[1]=b", "A=(b)", "1A=b c", "-a=b c", "A=b $c", "A=b time", "A=b export c",
		"export -a=b", "export 1a=b", "export a[1]=b", "export $a", "export 'a'", "export {a}", "let a",
		"time make", "! make", "if", "then x", "{ a", "} a", "[[ a",
		"]] a", "coproc a", "function f", "case a", "for a", "while a", "until a", "do a",
		"done", "select a", "else a", "elif a", "fi", "esac", "in a", "echo #c", "#c", "echo a#b c\nfi",
		"echo a;b", "echo 'a", `echo "a`, "echo $", "echo $1", "echo $@", "echo ${a", "echo ${a:-b}",
		"echo ${#a}", "echo $'a'", `echo $"a"`, `echo "a\"b"`, "echo 'a\nb'", "echo 'a\b'", "echo \"a\nb\"",
		"$a b", `"a" b`, "'a' b", "echo $a[1]", `echo "$(a)"`, "echo \"`a`\"", `echo \a`, "echo `a`", "echo a|b", "a&",
		"echo a>b", "echo a<b", "echo (a)", "echo a[1]", "echo ?(a)", "a\r\nb", "a\rb", "a\x00b",
		"a\x01b", "a\x7fb", "echo \xff", "{a,b} c", "[x y",
	} {
		if f := parsePlain(c); f != nil {
			t.Errorf("parsePlain took %q, which is not a plain word list", c)
		}
	}
}

func TestPlainAllocs(t *testing.T) {
	for _, c := range []struct {
		text   string
		allocs float64
	}{
		{"apt-get install -y jq curl", 1},
		{"docker build -t app .", 1},
		{"make build\nmake test\nmake lint", 4},
		{"echo 'a b'", 2},
		{`docker push "$ECR_REGISTRY/app:$IMAGE_TAG"`, 4},
	} {
		if n := testing.AllocsPerRun(100, func() { parsePlain(c.text) }); n > c.allocs {
			t.Errorf("parsePlain(%q) makes %v allocations, want at most %v", c.text, n, c.allocs)
		}
	}
}

// checkPlainEqual fails when f, the fast path's tree for text, is not the parser's tree.
func checkPlainEqual(t *testing.T, text string, f *syntax.File) {
	t.Helper()
	want, err := parseShellParser(text)
	if err != nil {
		t.Fatalf("parsePlain took %s, which the parser rejects: %v", shortText(text), err)
	}
	if !reflect.DeepEqual(f, want) {
		var got, exp strings.Builder
		syntax.DebugPrint(&got, f)
		syntax.DebugPrint(&exp, want)
		t.Fatalf("parsePlain(%s) is not the parser's tree:\n%s\nwant:\n%s", shortText(text), got.String(), exp.String())
	}
}

// shortText quotes text, or its start and end and its length when it is long.
func shortText(text string) string {
	if len(text) <= 200 {
		return strconv.Quote(text)
	}
	return fmt.Sprintf("%q...%q (%d bytes)", text[:100], text[len(text)-100:], len(text))
}

// plainCases generates plain and near-plain commands: every byte (printable ASCII, blanks,
// controls, NUL, CR, UTF-8 and broken UTF-8) inserted at and substituted into every position of
// a few templates, reserved words and builtins in every position, and random mixes.
func plainCases() []string {
	templates := []string{
		"echo hi there", "a b", "[ -f x ]", "\ta  b\t", "a\nb c\n\nd", "npm ci", "x --f=v w",
		" a", "b ", "ab\n", "a=b c", "a\tb", `x "a $b c" 'd e' ${f}g`, `x "$a"`, `x a"b"c'd'$e`,
		`x '' "" $a$b "${c}d"`, "x \"a\"\ny 'b'", `A=b c`, `A="$b" B= c d`, `export A="$b"c B -x`,
		`declare -x a=1 b`, "A=$b'c'\nexport d",
	}
	var bytes []string
	for c := 0; c < 0x80; c++ {
		bytes = append(bytes, string(rune(c)))
	}
	bytes = append(bytes, "é", "✓", "\xff", "\xc3", "\u00a0", "\ufeff", "\u2028", "\r\n", "\\\n",
		"!(", "?(", "*(", "+(", "@(", "=(", "[]", "{}", "{a}", "[[", "]]", "#!", "a=", "=a", "~/")
	var cases []string
	for _, tpl := range templates {
		for i := 0; i <= len(tpl); i++ {
			for _, b := range bytes {
				cases = append(cases, tpl[:i]+b+tpl[i:])
				if i < len(tpl) {
					cases = append(cases, tpl[:i]+b+tpl[i+1:])
				}
			}
		}
	}
	words := []string{"if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "in",
		"for", "while", "until", "select", "time", "coproc", "function", "!", "{", "}", "{}",
		"[[", "]]", "[", "]", "let", "declare", "local", "export", "readonly", "typeset",
		"nameref", "@test", "repeat", "a=b", "a+=b", "a[0]=b", "=a", "x=", "-a=b", "1a=b",
		"#x", "x#", "[x", "x[", "x]", "!x", "{x", "x}", "~", "%", "@", "*", "?", "+", "^", ",",
		"a=$b", "a=\"b\"", "a='b'", "a=${b}c", "_a1=", "a=b=c", "a=[", "a=#", "a=~"}
	for _, w := range words {
		for _, f := range []string{"%s", "%s a", "a %s", "%s %s", " %s\t", "a\n%s b", "a\n\n%s", "%s\nb",
			"A=1 %s", "A=1 %s b", "export %s", "local %s b", "%s=1", "A=%s b"} {
			cases = append(cases, strings.ReplaceAll(f, "%s", w))
		}
	}
	r := rand.New(rand.NewSource(19))
	alphabet := []string{"a", "b", "x", "1", " ", " ", "\t", "\n", "-", "=", "[", "]", "{", "}",
		"#", "!", "?", "*", "+", "@", "~", ".", "/", ":", ",", "%", "^", "_", "é", "if", "fi",
		"do", "time", "(", ")", "$", "'", "\"", "\\", ";", "&", "|", "<", ">", "`", "\r", "\x00",
		"$a", "${a}", "${", "\"", "'", "$b1_", "\"$a\"", "x", "A=", "export", "local", "declare"}
	for range 30000 {
		var b strings.Builder
		for n := r.Intn(12); n > 0; n-- {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	// Long words and lines: the parser reads 1 KiB at a time, and columns past 16383 and lines
	// past 262143 are stored as unknown.
	cases = append(cases,
		"echo "+strings.Repeat("a", 5000)+" b",
		"echo "+strings.Repeat("a ", 9000),
		"echo "+strings.Repeat("é ", 3000),
		strings.Repeat("x", 1023)+"é b",
		strings.Repeat("x", 1022)+"é b",
		strings.Repeat("x", 1024)+"é b",
		strings.Repeat("\n", 262150)+"a b\nc",
		strings.Repeat("\n", 262150)+strings.Repeat(" ", 16390)+"A=b c",
		strings.Repeat("\n", 262150)+"A=b c",
		strings.Repeat(" ", 16390)+"A=b c",
		strings.Repeat("a\n", 20)+strings.Repeat(" ", 16380)+"ab cd",
	)
	for i := 0; i < 8; i++ {
		cases = append(cases, strings.Repeat(" ", 1020+i)+"✓✓ b")
	}
	return cases
}

// TestPlainMatchesParser: on every generated command, parsePlain declines or returns the
// parser's tree (positions included), and it takes the plain ones.
func TestPlainMatchesParser(t *testing.T) {
	taken := 0
	cases := plainCases()
	for _, c := range cases {
		if f := parsePlain(c); f != nil {
			taken++
			checkPlainEqual(t, c, f)
		}
	}
	if taken < len(cases)/10 {
		t.Fatalf("parsePlain took %d of %d generated commands: the test no longer exercises it", taken, len(cases))
	}
	t.Logf("parsePlain took %d of %d generated commands", taken, len(cases))
}

// FuzzPlainCommand: parsePlain declines a text or returns the parser's tree for it.
func FuzzPlainCommand(f *testing.F) {
	for _, c := range commonPlainCommands {
		f.Add(c)
	}
	for _, c := range []string{"FOO=bar make", "echo a#b", "[ a ]", "time a", "a\nif b", "echo ?(a)",
		"echo x[1]", "{a,b} c", "a\r\nb", "a\x00b", "echo \xff", "a\tb\n\tc d"} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if g := parsePlain(text); g != nil {
			checkPlainEqual(t, text, g)
		}
	})
}

// TestPlainLimits: a plain command over MaxShellTokens or MaxShellNesting is reported by
// parseBounded as before, and one just under them gets the parser's tree.
func TestPlainLimits(t *testing.T) {
	over := strings.Repeat("a ", MaxShellTokens+1)
	if parsePlain(over) == nil {
		t.Fatal("the fast path declined a long plain command: this test no longer exercises it")
	}
	if f, lim, _ := parseBounded(over); lim == nil || f != nil || lim.off != 2*MaxShellTokens || lim.msg != tooManyTokensMsg {
		t.Errorf("a plain command of %d words: limit %+v, tree %v; want the token limit at offset %d", MaxShellTokens+1, lim, f != nil, 2*MaxShellTokens)
	}
	deep := "echo " + strings.Repeat("{", MaxShellNesting+1)
	if parsePlain(deep) == nil {
		t.Fatal("the fast path declined a plain command of braces: this test no longer exercises it")
	}
	if _, lim, _ := parseBounded(deep); lim == nil || lim.off != len(deep)-1 {
		t.Errorf("a plain command of %d braces: limit %+v, want the nesting limit at offset %d", MaxShellNesting+1, lim, len(deep)-1)
	}
	under := strings.Repeat("a ", MaxShellTokens)
	f, lim, err := parseBounded(under)
	if lim != nil || err != nil {
		t.Fatalf("a plain command of %d words: limit %+v, error %v", MaxShellTokens, lim, err)
	}
	checkPlainEqual(t, under, f)
}
