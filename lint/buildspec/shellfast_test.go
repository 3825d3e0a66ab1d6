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
	"apt-get update && apt-get install -y jq",
	"cd app && npm ci && npm test",
	"aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin $ECR_REGISTRY",
	"echo a; echo b",
	"nohup dockerd &",
	"make || true",
	"curl -fsSL https://example.com/install.sh | bash",
	"npm ci && npm run build || exit 1",
	"test -n \"$TOKEN\" && ./upload -t $TOKEN -F unit || true",
	"go test ./... |& tee test.log",
	"mkdir -p out;cd out;",
	"export A=1 && make",
	"apt-get update &&\n  apt-get install -y jq",
	"echo a | tr a b | wc -c",
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
		"echo 'a", `echo "a`, "echo $", "echo $1", "echo $@", "echo ${a", "echo ${a:-b}",
		"echo ${#a}", "echo $'a'", `echo $"a"`, `echo "a\"b"`, "echo 'a\nb'", "echo 'a\b'", "echo \"a\nb\"",
		"$a b", `"a" b`, "'a' b", "echo $a[1]", `echo "$(a)"`, "echo \"`a`\"", `echo \a`, "echo `a`",
		"echo a>b", "echo a<b", "echo (a)", "echo a[1]", "echo ?(a)", "a\r\nb", "a\rb", "a\x00b",
		"a\x01b", "a\x7fb", "echo \xff", "{a,b} c", "[x y",
		// Operators: only &&, ||, |, |&, ; and & between calls (and ; or & after the last) are plain.
		"a &&& b", "a ;; b", "a;;", "a ||| b", "a & &", "a & ;", "a &&", "a ||", "a |", "a |&", "a &&\n",
		"a|\n", "&& a", "|| a", "| a", "; a", "& a", ";", "&", "a; ;", "a;\n;b", "a\n&& b", "a\n| b",
		"a ;& b", "a ;;& b", "a ;| b", "a &| b", "a &! b", "a && && b", "a | | b", "a |&& b",
		"a &> b", "a >& b", "a 2>&1", "a &>> b", "a | b 2>&1", "a && ! b", "! a && b", "a | ! b",
		"a && (b)", "a | (b)", "(a) && b", "a && $(b)", "a && `b`", "a && { b; }", "a && if b; then c; fi",
		"a || while b; do c; done", "a && time b", "a | time b", "a && let b", "a; fi", "a && }",
		"a && b # c", "a # && b", "a &&#c\nb", "a;#c", "a &\\\nb", "a && \\\n b", "a \\&& b",
		"a && b\r\n", "a\r&& b", "a && b &\r", "a && [[ b ]]", "a && b=(c)", "a && coproc b",
		"a && case b in c) d;; esac", "a && function f { b; }", "a && f() { b; }",
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
		{"make build\nmake test\nmake lint", 1},
		{"echo 'a b'", 2},
		{`docker push "$ECR_REGISTRY/app:$IMAGE_TAG"`, 4},
		{"apt-get update && apt-get install -y jq", 1},
		{"cd app && npm ci && npm test", 1},
		{"make || true", 1},
		{"nohup dockerd &", 1},
		{"aws ecr get-login-password --region $REGION | docker login --username AWS --password-stdin $REGISTRY", 2},
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
		// Operators between calls, and at the end of a statement.
		"a && b", "a || b", "a | b", "a |& b", "a; b", "a & b", "a &", "a;", "a&&b||c|d;e&",
		"a && b | c", "a | b && c", "a | b | c && d || e", "a &&\n b", "a |\n\n b", "a;\nb &\n",
		`A=1 b && export c=$d | e 'f' "$g"; h &`, `x "a && b" 'c | d;'&`, "echo a;echo b",
		"nohup dockerd &", "cd app && npm ci && npm test", "make || true", `x $a|y "$b"&&z 'c'||w ${d};`,
	}
	var bytes []string
	for c := 0; c < 0x80; c++ {
		bytes = append(bytes, string(rune(c)))
	}
	bytes = append(bytes, "é", "✓", "\xff", "\xc3", "\u00a0", "\ufeff", "\u2028", "\r\n", "\\\n",
		"!(", "?(", "*(", "+(", "@(", "=(", "[]", "{}", "{a}", "[[", "]]", "#!", "a=", "=a", "~/",
		"&&", "||", "|&", "&&&", ";;", "|||", "& &", "&>", ">&", "2>&1", "&\n", "\n&&", " && ",
		"\t|\t", ";\n", "&&\n\n", " \\\n", ";&", ";;&", ";|", "&|", "&!", "|&&", "||&", " #c\n", "&#")
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
	// Calls joined by random operators, with random blanks and newlines around them.
	ops := []string{"&&", "||", "|", "|&", ";", "&", "&&", "|", ";", "\n", "&&&", ";;", "& &", "&>", ">&", "2>&1", "!"}
	spaces := []string{"", "", " ", " ", "\t", "\n", " \n ", "\n\n", "  "}
	calls := []string{"a", "b c", "x=1", "x=1 y", "export a=b", "echo $a", `e "$b" 'c'`, "${d}e", "!x", "{", "}", "fi", "#c", "[ a ]", "local a"}
	for range 20000 {
		var b strings.Builder
		b.WriteString(spaces[r.Intn(len(spaces))])
		for n := 1 + r.Intn(5); n > 0; n-- {
			b.WriteString(calls[r.Intn(len(calls))])
			b.WriteString(spaces[r.Intn(len(spaces))])
			if n > 1 || r.Intn(3) == 0 {
				b.WriteString(ops[r.Intn(len(ops))])
				b.WriteString(spaces[r.Intn(len(spaces))])
			}
		}
		cases = append(cases, b.String())
	}
	// Long chains, which the tree depth limit reports, and operators at the parser's buffer edges.
	for _, op := range []string{" && ", " || ", " | ", "|&", ";", " & ", "\n"} {
		cases = append(cases, "a"+strings.Repeat(op+"a", MaxShellTreeDepth+5))
		for i := 0; i < 4; i++ {
			cases = append(cases, strings.Repeat("x", 1021+i)+op+"b c", strings.Repeat("é", 510)+strings.Repeat("x", i)+op+"b")
		}
	}
	cases = append(cases,
		strings.Repeat("\n", 262150)+"a && b | c; d &",
		strings.Repeat("\n", 262140)+strings.Repeat("a &&\n", 20)+"b",
		strings.Repeat(" ", 16380)+strings.Repeat("a | ", 5)+"b;",
		"A=b "+strings.Repeat(" ", 16390)+"&& c",
	)
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
	taken, joined := 0, 0
	cases := plainCases()
	for _, c := range cases {
		if f := parsePlain(c); f != nil {
			taken++
			checkPlainEqual(t, c, f)
			for _, st := range f.Stmts {
				if _, ok := st.Cmd.(*syntax.BinaryCmd); ok || st.Semicolon.IsValid() {
					joined++
					break
				}
			}
		}
	}
	if taken < len(cases)/10 || joined < len(cases)/20 {
		t.Fatalf("parsePlain took %d of %d generated commands, %d with operators: the test no longer exercises it", taken, len(cases), joined)
	}
	t.Logf("parsePlain took %d of %d generated commands, %d with operators", taken, len(cases), joined)
}

// FuzzPlainCommand: parsePlain declines a text or returns the parser's tree for it.
func FuzzPlainCommand(f *testing.F) {
	for _, c := range commonPlainCommands {
		f.Add(c)
	}
	for _, c := range []string{"FOO=bar make", "echo a#b", "[ a ]", "time a", "a\nif b", "echo ?(a)",
		"echo x[1]", "{a,b} c", "a\r\nb", "a\x00b", "echo \xff", "a\tb\n\tc d",
		"a&&b||c|d|&e;f&", "a &&\n\tb", "a | b && c | d", "a &&& b", "a ;; b", "a ||| b", "a & &",
		"a &> b", "a >& b", "a 2>&1", "a && b # c", "a &&", "; a", "a \\\n&& b", `a "&&" '|' b;`,
		"a ;& b", "a && ! b", "a &\nb &", "A=1 && export b | c"} {
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

// TestPlainDeepChain: a chain of calls longer than MaxShellTreeDepth takes the fast path and is
// still reported by parseBounded, at the operator where the parser's tree goes too deep; a long
// list of statements is not deep and is read.
func TestPlainDeepChain(t *testing.T) {
	for _, op := range []string{" && ", " || ", " | ", " |& ", "&&\n"} {
		text := "a" + strings.Repeat(op+"a", MaxShellTreeDepth)
		if parsePlain(text) == nil {
			t.Fatalf("the fast path declined a chain of %q: this test no longer exercises it", op)
		}
		want, err := parseShellParser(text)
		if err != nil {
			t.Fatal(err)
		}
		deep := treeTooDeep(want)
		if deep == nil {
			t.Fatalf("the parser's tree of a %d-long chain of %q is not too deep", MaxShellTreeDepth, op)
		}
		f, lim, _ := parseBounded(text)
		if f != nil || lim == nil || lim.off != int(opPos(deep).Offset()) {
			t.Errorf("a %d-long chain of %q: limit %+v, tree %v; want the depth limit at offset %d", MaxShellTreeDepth, op, lim, f != nil, opPos(deep).Offset())
		}
		short := "a" + strings.Repeat(op+"a", 100)
		if f, lim, _ := parseBounded(short); lim != nil || f == nil {
			t.Errorf("a 100-long chain of %q: limit %+v", op, lim)
		}
	}
	list := strings.Repeat("a; ", 2*MaxShellTreeDepth)
	f, lim, err := parseBounded(list)
	if lim != nil || err != nil {
		t.Fatalf("%d statements: limit %+v, error %v", 2*MaxShellTreeDepth, lim, err)
	}
	checkPlainEqual(t, list, f)
}
