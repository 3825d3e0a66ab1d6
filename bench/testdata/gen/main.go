// Command gen writes a synthetic monorepo of buildspecs for bench/run.sh: N buildspecs across
// nested service folders, from varied templates (language toolchains, per-run installs, Docker
// builds with and without a daemon start, block scalars, env, reports, artifacts, batch).
// It lives under testdata so that `go install ./...` does not install it.
//
// With -templates N it also writes N infrastructure files that define no CodeBuild project
// (CloudFormation and SAM YAML, CDK's cdk.out JSON, Terraform), which discovery reads and
// passes over: what zero configuration costs a tree that is not about CodeBuild.
//
//	go run ./bench/testdata/gen -n 20000 -o /tmp/monorepo
//	go run ./bench/testdata/gen -n 1000 -templates 1000 -o /tmp/monorepo
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	n := flag.Int("n", 20000, "buildspecs to write")
	out := flag.String("o", "", "directory to write the monorepo into (created)")
	seed := flag.Int64("seed", 1, "random seed (the same seed writes the same files)")
	templates := flag.Int("templates", 0, "infrastructure files without a CodeBuild project to write besides")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -o is required")
		os.Exit(2)
	}
	r := rand.New(rand.NewSource(*seed))
	teams := []string{"payments", "search", "identity", "platform", "data", "mobile", "web", "ml", "infra", "growth"}
	bytes := 0
	for i := 0; i < *n; i++ {
		team := teams[r.Intn(len(teams))]
		dir := filepath.Join(*out, "services", team, fmt.Sprintf("svc-%04d", i/3))
		if r.Intn(4) == 0 {
			dir = filepath.Join(dir, "deploy", []string{"dev", "staging", "prod"}[r.Intn(3)])
		}
		name := "buildspec.yml"
		if i%3 == 1 {
			name = "buildspec-test.yml"
		} else if i%3 == 2 {
			name = "buildspec-release.yaml"
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		text := buildspec(r)
		bytes += len(text)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		// Source files beside the buildspecs, as in a real tree, for discovery to walk past.
		if i%3 == 0 {
			os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644)
			os.WriteFile(filepath.Join(dir, "README.md"), []byte("# service\n"), 0o644)
		}
	}
	tbytes := 0
	for i := 0; i < *templates; i++ {
		team := teams[i%len(teams)]
		dir := filepath.Join(*out, "services", team, fmt.Sprintf("svc-%04d", i), "infra")
		name, text := template(r, i)
		if i%4 == 2 {
			dir = filepath.Join(*out, "services", team, fmt.Sprintf("svc-%04d", i), "cdk.out")
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		tbytes += len(text)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	// One configuration at the root, as a monorepo has: every buildspec runs on a curated image.
	os.WriteFile(filepath.Join(*out, ".buildspec-lint.yaml"), []byte("image: aws/codebuild/standard:7.0\n"), 0o644)
	fmt.Printf("gen: %d buildspecs, %d bytes, in %s\n", *n, bytes, *out)
	if *templates > 0 {
		fmt.Printf("gen: %d templates and .tf files without a CodeBuild project, %d bytes\n", *templates, tbytes)
	}
}

// template returns the name and text of the i-th infrastructure file: in turn a CloudFormation
// template, a SAM template, a CDK-synthesized JSON template and a Terraform file, each with a
// few resources of other types (buckets, functions, queues, roles), some with many.
func template(r *rand.Rand, i int) (string, string) {
	var b strings.Builder
	resources := 2 + r.Intn(6)
	if r.Intn(10) == 0 {
		resources = 60 // a large stack
	}
	switch i % 4 {
	case 0, 1:
		b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\n")
		if i%4 == 1 {
			b.WriteString("Transform: AWS::Serverless-2016-10-31\n")
		}
		b.WriteString("Description: service stack\nParameters:\n  Stage:\n    Type: String\n    Default: dev\nResources:\n")
		for k := 0; k < resources; k++ {
			switch k % 4 {
			case 0:
				fmt.Fprintf(&b, "  Bucket%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"${AWS::StackName}-${Stage}-%d\"\n      VersioningConfiguration:\n        Status: Enabled\n", k, k)
			case 1:
				if i%4 == 1 {
					fmt.Fprintf(&b, "  Function%d:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Events:\n        Api:\n          Type: Api\n          Properties: {Path: /items, Method: get}\n", k)
				} else {
					fmt.Fprintf(&b, "  Function%d:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: index.handler\n      Role: !GetAtt Role%d.Arn\n      Code:\n        ZipFile: |\n          exports.handler = async () => ({statusCode: 200});\n", k, k)
				}
			case 2:
				fmt.Fprintf(&b, "  Queue%d:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: %d\n", k, 30+r.Intn(300))
			case 3:
				fmt.Fprintf(&b, "  Role%d:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal: {Service: lambda.amazonaws.com}\n            Action: sts:AssumeRole\n", k)
			}
		}
		b.WriteString("Outputs:\n  Stage:\n    Value: !Ref Stage\n")
		return fmt.Sprintf("stack-%04d.yaml", i), b.String()
	case 2:
		b.WriteString("{\n  \"Resources\": {\n")
		for k := 0; k < resources; k++ {
			if k > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, "    \"Table%d\": {\n      \"Type\": \"AWS::DynamoDB::Table\",\n      \"Properties\": {\n        \"BillingMode\": \"PAY_PER_REQUEST\",\n        \"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"}],\n        \"AttributeDefinitions\": [{\"AttributeName\": \"pk\", \"AttributeType\": \"S\"}]\n      },\n      \"Metadata\": {\"aws:cdk:path\": \"Stack%d/Table%d/Resource\"}\n    }", k, i, k)
		}
		b.WriteString("\n  }\n}\n")
		return fmt.Sprintf("Stack%04d.template.json", i), b.String()
	default:
		for k := 0; k < resources; k++ {
			fmt.Fprintf(&b, "resource \"aws_s3_bucket\" \"b%d\" {\n  bucket = \"${var.prefix}-%d\"\n  tags = {\n    Team = \"%s\"\n  }\n}\n\n", k, k, "infra")
			fmt.Fprintf(&b, "resource \"aws_sqs_queue\" \"q%d\" {\n  name                       = \"${var.prefix}-q%d\"\n  visibility_timeout_seconds = %d\n}\n\n", k, k, 30+r.Intn(300))
		}
		b.WriteString("variable \"prefix\" {\n  type    = string\n  default = \"svc\"\n}\n")
		return fmt.Sprintf("main-%04d.tf", i), b.String()
	}
}

type lang struct {
	runtime  string
	installs []string
	build    []string
	test     []string
	cache    string
}

var langs = []lang{
	{"python: 3.12", []string{"pip install --upgrade pip", "pip install -r requirements.txt", "pip install pytest==8.2.0 pytest-cov", "pip install --user awscli==1.32.0"},
		[]string{"python -m build", "python setup.py bdist_wheel"}, []string{"pytest --junitxml=reports/junit.xml -q", "python -m pytest -x tests/"}, "/root/.cache/pip/**/*"},
	{"nodejs: 20", []string{"npm ci", "npm install -g yarn", "yarn install --frozen-lockfile", "npm install -g aws-cdk@2.140.0"},
		[]string{"npm run build", "yarn build", "npx cdk synth"}, []string{"npm test -- --ci --reporters=jest-junit", "yarn test"}, "node_modules/**/*"},
	{"java: corretto17", []string{"yum install -y maven", "curl -sSL https://archive.apache.org/dist/maven/maven-3/3.9.6/binaries/apache-maven-3.9.6-bin.tar.gz | tar xz -C /opt"},
		[]string{"mvn -B -q package -DskipTests", "./gradlew assemble"}, []string{"mvn -B test", "./gradlew test"}, "/root/.m2/**/*"},
	{"golang: 1.21", []string{"go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.57.2", "go mod download"},
		[]string{"go build -o bin/app ./cmd/app", "CGO_ENABLED=0 go build -ldflags='-s -w' ./..."}, []string{"go test ./... -race -coverprofile=cover.out", "golangci-lint run"}, "/go/pkg/mod/**/*"},
	{"dotnet: 8.0", []string{"dotnet tool install -g Amazon.Lambda.Tools", "dotnet restore"},
		[]string{"dotnet publish -c Release -o out"}, []string{"dotnet test --logger trx"}, "/root/.nuget/packages/**/*"},
}

var extras = []string{
	"apt-get update && apt-get install -y jq curl unzip",
	"apk add --no-cache jq bash git",
	"yum install -y docker",
	`curl -LO "https://dl.k8s.io/release/v1.29.0/bin/linux/amd64/kubectl" && chmod +x kubectl && mv kubectl /usr/local/bin/`,
	"curl -sSL https://releases.hashicorp.com/terraform/1.7.5/terraform_1.7.5_linux_amd64.zip -o tf.zip && unzip -o tf.zip -d /usr/local/bin",
	"pip3 install --quiet cfn-lint",
	"gem install bundler -v 2.5.9",
	"wget -q https://github.com/mikefarah/yq/releases/download/v4.43.1/yq_linux_amd64 -O /usr/bin/yq && chmod +x /usr/bin/yq",
}

func buildspec(r *rand.Rand) string {
	pick := func(xs []string) string { return xs[r.Intn(len(xs))] }
	l := langs[r.Intn(len(langs))]
	docker := r.Intn(3) != 0
	var b strings.Builder
	b.WriteString("version: 0.2\n\n")
	if r.Intn(2) == 0 {
		b.WriteString("env:\n")
		if r.Intn(3) == 0 {
			b.WriteString("  shell: bash\n")
		}
		b.WriteString("  variables:\n")
		names := []string{"APP_NAME", "STAGE", "AWS_REGION_NAME", "LOG_LEVEL", "SERVICE", "CLUSTER"}
		r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
		for _, name := range names[:1+r.Intn(5)] {
			fmt.Fprintf(&b, "    %s: \"%s-%d\"\n", name, pick([]string{"app", "prod", "dev", "info"}), r.Intn(100))
		}
		if r.Intn(2) == 0 {
			b.WriteString("  parameter-store:\n    DB_PASSWORD: /app/db/password\n")
		}
		if r.Intn(3) == 0 {
			b.WriteString("  secrets-manager:\n    GITHUB_TOKEN: ci/github:token\n")
		}
		if r.Intn(3) == 0 {
			b.WriteString("  exported-variables:\n    - IMAGE_TAG\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("phases:\n  install:\n")
	if r.Intn(2) == 0 {
		fmt.Fprintf(&b, "    runtime-versions:\n      %s\n", l.runtime)
	}
	b.WriteString("    commands:\n")
	for k := 0; k < 1+r.Intn(3); k++ {
		fmt.Fprintf(&b, "      - %s\n", pick(l.installs))
	}
	if r.Intn(2) == 0 {
		fmt.Fprintf(&b, "      - %s\n", pick(extras))
	}
	if docker && r.Intn(2) == 0 {
		switch r.Intn(3) {
		case 0:
			b.WriteString("      - nohup /usr/local/bin/dockerd --host=unix:///var/run/docker.sock --host=tcp://127.0.0.1:2375 --storage-driver=overlay2 &\n")
			b.WriteString("      - timeout 15 sh -c \"until docker info; do echo .; sleep 1; done\"\n")
		case 1:
			b.WriteString("      - nohup dockerd > /tmp/dockerd.log 2>&1 &\n")
		default:
			b.WriteString("      - |\n        dockerd &\n        for i in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done\n")
		}
	}
	b.WriteString("  pre_build:\n")
	if r.Intn(4) == 0 {
		b.WriteString("    on-failure: ABORT\n")
	}
	b.WriteString("    commands:\n")
	if docker {
		if r.Intn(5) == 0 {
			b.WriteString("      - $(aws ecr get-login --no-include-email --region $AWS_DEFAULT_REGION)\n")
		} else {
			b.WriteString("      - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin $ECR_REGISTRY\n")
		}
		b.WriteString("      - export IMAGE_TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)\n")
	}
	fmt.Fprintf(&b, "      - %s\n", pick(l.test))
	b.WriteString("  build:\n    commands:\n")
	switch r.Intn(3) {
	case 0:
		fmt.Fprintf(&b, "      - |\n        set -euo pipefail\n        if [ -f Makefile ]; then\n          make build\n        else\n          %s\n        fi\n", pick(l.build))
	case 1:
		fmt.Fprintf(&b, "      - >\n        %s\n        && echo built\n", pick(l.build))
	default:
		fmt.Fprintf(&b, "      - %s\n      - 'echo \"Build: done\"'\n", pick(l.build))
	}
	if docker {
		b.WriteString("      - docker build --build-arg VERSION=$IMAGE_TAG -t \"$ECR_REGISTRY/app:$IMAGE_TAG\" .\n")
	}
	if r.Intn(2) == 0 {
		b.WriteString("    finally:\n      - echo build finished on `date`\n")
	}
	b.WriteString("  post_build:\n    commands:\n")
	if docker {
		b.WriteString("      - docker push \"$ECR_REGISTRY/app:$IMAGE_TAG\"\n")
		b.WriteString("      - printf '[{\"name\":\"app\",\"imageUri\":\"%s\"}]' \"$ECR_REGISTRY/app:$IMAGE_TAG\" > imagedefinitions.json\n")
	} else {
		b.WriteString("      - aws s3 sync dist/ s3://$BUCKET/$CODEBUILD_BUILD_NUMBER/ --delete\n")
	}
	if r.Intn(2) == 0 {
		b.WriteString("\nreports:\n  unit-tests:\n    files:\n      - 'reports/*.xml'\n    file-format: JUNITXML\n")
	}
	b.WriteString("\nartifacts:\n  files:\n")
	if docker {
		b.WriteString("    - imagedefinitions.json\n")
	} else {
		b.WriteString("    - 'dist/**/*'\n  discard-paths: no\n")
	}
	if r.Intn(2) == 0 {
		fmt.Fprintf(&b, "\ncache:\n  paths:\n    - '%s'\n", l.cache)
	}
	return b.String()
}
