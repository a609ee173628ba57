package auth_test

import (
	"errors"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
)

// TestPreviousInAnotherCaseOrSpaced checks that the current password with
// spaces around it or in another letter case is the same password for
// not-previous (issue 10, item 8), at a reset, at a change and for a
// password in the history, and that a new password still goes through.
func TestPreviousInAnotherCaseOrSpaced(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	code := f.requestCode(u)
	for _, pw := range []string{
		goodPassword + " ", " " + goodPassword, "  " + goodPassword + "  ",
		"brisk-owl-lamp-48", "BRISK-OWL-LAMP-48", "Brisk-owl-lamp-48", "bRISK-oWL-lAMP-48",
		" brisk-owl-lamp-48",
	} {
		_, err := f.svc.Reset(f.ctx, "T1", code, u.Username, pw, pw)
		var pe *auth.PolicyError
		if !errors.As(err, &pe) || !hasRule(pe.Failures, policy.NotPrevious) {
			t.Errorf("reset to %q: %v, want a not-previous failure", pw, err)
		}
		fails, err := f.svc.CheckPassword(f.ctx, u.Username, f.svc.Profile(), pw, true)
		if err != nil || !hasRule(fails, policy.NotPrevious) {
			t.Errorf("policy check --previous of %q = %v, %v, want not-previous", pw, fails, err)
		}
	}
	if _, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword); err != nil {
		t.Fatalf("a new password: %v", err)
	}
	s, err := f.svc.Login(f.ctx, "T1", u.Username, newPassword)
	if err != nil {
		t.Fatal(err)
	}
	var pe *auth.PolicyError
	if err := f.svc.ChangePassword(f.ctx, s, newPassword, "brisk-owl-lamp-48 ", "brisk-owl-lamp-48 "); !errors.As(err, &pe) || !hasRule(pe.Failures, policy.NotPrevious) {
		t.Errorf("change to the previous password in small letters: %v, want not-previous", err)
	}
	if err := f.svc.ChangePassword(f.ctx, s, newPassword, "Quartz-Fable-Dune-37", "Quartz-Fable-Dune-37"); err != nil {
		t.Errorf("change to a new password: %v", err)
	}
}
