package inventory

import "testing"

// TestEKSAuthenticatorHasItsOwnVersion: the curated images download kubectl and
// aws-iam-authenticator from the same amazon-eks bucket path, whose version is Kubernetes's
// (kubectl's). The authenticator's own version is not in that path, so the inventory has none.
func TestEKSAuthenticatorHasItsOwnVersion(t *testing.T) {
	checked := 0
	for _, name := range KnownImages() {
		inv := Builtin(name)
		if inv == nil {
			continue
		}
		auth, kubectl := inv.Has("aws-iam-authenticator"), inv.Has("kubectl")
		if auth == nil || kubectl == nil {
			continue
		}
		checked++
		if auth.Version != "" {
			t.Errorf("%s: aws-iam-authenticator at version %q (kubectl %q): the EKS download path names Kubernetes's version, not the authenticator's", name, auth.Version, kubectl.Version)
		}
	}
	if checked == 0 {
		t.Fatal("no built-in image has both kubectl and aws-iam-authenticator")
	}
}
