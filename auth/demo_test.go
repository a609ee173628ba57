package auth_test

import (
	"testing"
)

// The demo hint is shown while it is true: once the demo user's password
// changes, or the account is disabled, there is no hint.
func TestDemoHint(t *testing.T) {
	f := newFixture(t)
	if got, err := f.svc.DemoHint(f.ctx); err != nil || got != "" {
		t.Fatalf("no demo data set: hint %q, %v", got, err)
	}
	u := f.jane()
	hint := u.Username + " " + goodPassword
	if err := f.svc.MarkDemo(f.ctx, hint); err != nil {
		t.Fatal(err)
	}
	if got, err := f.svc.DemoHint(f.ctx); err != nil || got != hint {
		t.Fatalf("demo data set: hint %q, %v; want %q", got, err, hint)
	}
	code := f.requestCode(u)
	const newPassword = "Gravel-Tundra-Wisp-61"
	if _, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	if got, err := f.svc.DemoHint(f.ctx); err != nil || got != "" {
		t.Fatalf("after the demo user's password changed: hint %q, %v; want none", got, err)
	}

	// The hint names a user who is later disabled: no hint either.
	amir := f.addUser("Amir", "Khan", "amir.khan@example.nhs.uk", "Quiet-Cobalt-Fern-93")
	if err := f.svc.MarkDemo(f.ctx, amir.Username+" Quiet-Cobalt-Fern-93"); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.DemoHint(f.ctx); got == "" {
		t.Fatal("no hint for Amir's demo password")
	}
	if err := f.svc.Disable(f.ctx, f.admin, amir.Username); err != nil {
		t.Fatal(err)
	}
	if got, err := f.svc.DemoHint(f.ctx); err != nil || got != "" {
		t.Fatalf("after the demo user was disabled: hint %q, %v; want none", got, err)
	}
}
