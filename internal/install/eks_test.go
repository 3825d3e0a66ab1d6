package install

import "testing"

func TestToolURLVersion(t *testing.T) {
	tests := []struct {
		url   string
		tools []string
		want  string
	}{
		{"https://amazon-eks.s3.us-west-2.amazonaws.com/1.21.2/2021-07-05/bin/linux/amd64/aws-iam-authenticator", []string{"aws-iam-authenticator"}, ""},
		{"https://amazon-eks.s3-us-west-2.amazonaws.com/1.10.3/2018-07-26/bin/linux/amd64/heptio-authenticator-aws", []string{"heptio-authenticator-aws"}, ""},
		{"https://s3.us-west-2.amazonaws.com/amazon-eks/1.29.0/2024-01-04/bin/linux/amd64/aws-iam-authenticator", []string{"aws-iam-authenticator"}, ""},
		{"https://s3.us-west-2.amazonaws.com/amazon-eks/1.29.0/2024-01-04/bin/linux/amd64/kubectl", []string{"kubectl"}, "1.29.0"},
		{"https://amazon-eks.s3.us-west-2.amazonaws.com/1.21.2/2021-07-05/bin/linux/amd64/kubectl", []string{"kubectl"}, "1.21.2"},
		{"https://github.com/kubernetes-sigs/aws-iam-authenticator/releases/download/v0.6.14/aws-iam-authenticator_0.6.14_linux_amd64", []string{"aws-iam-authenticator"}, "0.6.14"},
		{"https://s3.us-west-2.amazonaws.com/other-bucket/1.2.3/tool", []string{"tool"}, "1.2.3"},
	}
	for _, tt := range tests {
		if got := toolURLVersion(tt.url, tt.tools); got != tt.want {
			t.Errorf("toolURLVersion(%s, %v) = %q, want %q", tt.url, tt.tools, got, tt.want)
		}
	}
}
