package auth_test

import (
	"errors"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/text"
)

// Every refusal staff read comes back from the use case with a text ID,
// so the screens ask the catalogue for words instead of showing Error();
// the sentinels stay what errors.Is compares.
func TestErrorsStaffReadHaveTextIDs(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	sess, err := f.svc.Login(f.ctx, "WARD7-T1", u.Username, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	code := f.requestCode(u) // after the sign-in, which revokes live codes
	_, loginErr := f.svc.Login(f.ctx, "WARD7-T1", u.Username, "Not-The-One-42")
	_, badCode := f.svc.Reset(f.ctx, "WARD7-T1", "AAAA-BBBB-CCCC", u.Username, newPassword, newPassword)
	_, mismatch := f.svc.Reset(f.ctx, "WARD7-T1", code, u.Username, newPassword, newPassword+"x")
	_, control := f.svc.Reset(f.ctx, "WARD7-T1", code, u.Username, "Velvet\x01Pylon-9", "Velvet\x01Pylon-9")
	_, weak := f.svc.Reset(f.ctx, "WARD7-T1", code, u.Username, "abc12", "abc12")
	wrongCurrent := f.svc.ChangePassword(f.ctx, sess, "Not-The-One-42", newPassword, newPassword)

	for _, c := range []struct {
		name     string
		err      error
		sentinel error
		want     text.ID
	}{
		{"wrong password", loginErr, auth.ErrLoginFailed, text.LoginFailed},
		{"wrong code", badCode, auth.ErrResetFailed, text.ResetFailed},
		{"mismatch", mismatch, auth.ErrMismatch, text.PasswordMismatch},
		{"control characters", control, auth.ErrInvalid, text.PasswordControl},
		{"weak password", weak, nil, text.PasswordRefused},
		{"wrong current password", wrongCurrent, auth.ErrWrongPassword, text.PasswordWrongCurrent},
		{"card not enrolled", auth.ErrCardNotEnrolled, auth.ErrCardNotEnrolled, text.CardNotEnrolled},
		{"card withdrawn", auth.ErrCardWithdrawn, auth.ErrCardWithdrawn, text.CardWithdrawn},
		{"card account", auth.ErrCardAccount, auth.ErrCardAccount, text.CardAccount},
	} {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if c.sentinel != nil && !errors.Is(c.err, c.sentinel) {
			t.Errorf("%s: %v is not %v", c.name, c.err, c.sentinel)
		}
		m, ok := text.ForError(c.err)
		if !ok || m.ID != c.want {
			t.Errorf("%s: ForError(%v) = %v, %v, want %s", c.name, c.err, m, ok, c.want)
		}
	}

	// A refused password's failures carry their own rule ids and numbers.
	var pe *auth.PolicyError
	if !errors.As(weak, &pe) || len(pe.Failures) == 0 || pe.Failures[0].Rule != policy.MinLength ||
		pe.Failures[0].MessageID != text.RuleMinLengthMessage || pe.Failures[0].N != 8 {
		t.Fatalf("weak password: %#v", weak)
	}
	// The developer's text is unchanged, for logs and the CLI.
	if got := weak.Error(); got != "the password does not meet the policy: Your password is too short: it needs at least 8 characters.; Your password has 3 or more letters or numbers in order." {
		t.Errorf("PolicyError.Error() = %q", got)
	}
	if got := control.Error(); got != "invalid input: a password cannot hold control characters" {
		t.Errorf("control characters: Error() = %q", got)
	}
}
