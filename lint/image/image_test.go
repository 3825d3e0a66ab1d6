package image

import "testing"

func TestComputeAndDockerNames(t *testing.T) {
	for i, n := range ComputeNames {
		c, ok := ParseCompute(n)
		if !ok || c != Compute(i+1) || c.String() != n {
			t.Errorf("ParseCompute(%q) = %v, %v", n, c, ok)
		}
	}
	for i, n := range DockerNames {
		d, ok := ParseDocker(n)
		if !ok || d != Docker(i+1) || d.String() != n {
			t.Errorf("ParseDocker(%q) = %v, %v", n, d, ok)
		}
	}
	for _, bad := range []string{"", "Lambda", "fargate", " ec2"} {
		if c, ok := ParseCompute(bad); ok || c != ComputeUnknown {
			t.Errorf("ParseCompute(%q) = %v, %v; want unknown", bad, c, ok)
		}
	}
	for _, bad := range []string{"", "dind", "SERVER"} {
		if d, ok := ParseDocker(bad); ok || d != DockerUnknown {
			t.Errorf("ParseDocker(%q) = %v, %v; want unknown", bad, d, ok)
		}
	}
	if ComputeUnknown.String() != "unknown" || DockerUnknown.String() != "unknown" || Compute(9).String() != "unknown" {
		t.Error("String of an unknown value")
	}
}
