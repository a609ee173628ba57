package server_test

import (
	"errors"
	"regexp"
	"slices"
	"testing"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
)

var codeRE = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)

// The rest of the journey through the API, each answer as standalone:
// Login Assistance answers alike for a match and a miss, a reset refuses
// a mismatch and a weak password with the screens' errors, then works;
// the policy and its live check, change password and logout by session.
func TestJourneyThroughTheAPI(t *testing.T) {
	f := newFixture(t, fastArgon)
	c := f.client(f.register("WARD7-T1", "Ward7"))
	by := auth.Actor{Name: "test"}
	if err := f.svc.AddForbiddenWord(f.ctx, by, "marigold"); err != nil {
		t.Fatal(err)
	}

	for _, email := range []string{f.user.Email, "someone.else@example.nhs.uk"} {
		res, err := c.ForgotPassword(f.ctx, connect.NewRequest(&kioskv1.ForgotPasswordRequest{Username: f.user.Username, Email: email}))
		if err != nil || res.Msg.String() != "" {
			t.Fatalf("forgot password (%s): %v %v", email, res, err)
		}
	}
	if _, err := c.ForgotUsername(f.ctx, connect.NewRequest(&kioskv1.ForgotUsernameRequest{Email: "x@example.nhs.uk",
		DateOfBirth: "1990-01-02"})); err != nil {
		t.Fatalf("forgot username: %v", err)
	}
	ms, err := f.svc.Messages(f.ctx)
	if err != nil || len(ms) != 1 {
		t.Fatalf("outbox: %d messages, %v; want the one reset code", len(ms), err)
	}
	code := codeRE.FindString(ms[0].Body)
	if evs := f.events(auth.ActResetRequested); len(evs) != 2 || evs[0].Terminal != "WARD7-T1" {
		t.Errorf("reset requests audited %+v", evs)
	}

	reset := func(pw, confirm string) error {
		_, err := c.Reset(f.ctx, connect.NewRequest(&kioskv1.ResetRequest{Code: code, Username: f.user.Username,
			Password: pw, Confirm: confirm}))
		return wire.AuthError(err)
	}
	if err := reset("Velvet-Pylon-9", "Velvet-Pylon-8"); !errors.Is(err, auth.ErrMismatch) {
		t.Errorf("mismatch: %v", err)
	}
	var pe *auth.PolicyError
	if err := reset("Marigold-Tulip-73", "Marigold-Tulip-73"); !errors.As(err, &pe) || len(pe.Failures) == 0 {
		t.Errorf("a forbidden word: %v", err)
	}
	if err := reset("Velvet-Pylon-9", "Velvet-Pylon-9"); err != nil {
		t.Fatalf("reset: %v", err)
	}
	if err := reset("Velvet-Pylon-9", "Velvet-Pylon-9"); !errors.Is(err, auth.ErrResetFailed) {
		t.Errorf("the code used again: %v", err)
	}

	sess, err := login(f, c, f.user.Username, "Velvet-Pylon-9")
	if err != nil {
		t.Fatalf("sign in with the new password: %v", err)
	}

	pol, err := c.Policy(f.ctx, connect.NewRequest(&kioskv1.PolicyRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	if p := wire.FromProfile(pol.Msg.GetProfile()); p != f.svc.Profile() || !slices.Contains(pol.Msg.GetForbiddenWords(), "marigold") {
		t.Errorf("policy %v", pol.Msg)
	}
	check := func(pw, token, username string) []string {
		t.Helper()
		res, err := c.CheckPassword(f.ctx, connect.NewRequest(&kioskv1.CheckPasswordRequest{Password: pw,
			SessionToken: token, Username: username}))
		if err != nil {
			t.Fatal(err)
		}
		var rules []string
		for _, fl := range res.Msg.GetFailures() {
			rules = append(rules, fl.GetRule())
		}
		return rules
	}
	// Her own name is refused for her session; for nobody in particular
	// it is only another word.
	mine, anyone := check("Smith-Lantern-42", sess.GetToken(), ""), check("Smith-Lantern-42", "", "")
	if len(mine) == 0 || len(anyone) >= len(mine) {
		t.Errorf("her surname: %v for her, %v for nobody", mine, anyone)
	}
	// A username typed looks up nothing: a made-up one is checked alike.
	if a, b := check("Velvet-Pylon-9", "", f.user.Username), check("Velvet-Pylon-9", "", "382NOBODY01"); !slices.Equal(a, b) {
		t.Errorf("a real and a made-up username checked differently: %v, %v", a, b)
	}

	_, err = c.ChangePassword(f.ctx, connect.NewRequest(&kioskv1.ChangePasswordRequest{SessionToken: sess.GetToken(),
		Current: "Not-Her-Password-19", Password: "Crimson-Tulip-73", Confirm: "Crimson-Tulip-73"}))
	if !errors.Is(wire.AuthError(err), auth.ErrWrongPassword) {
		t.Errorf("wrong current password: %v", err)
	}
	if _, err := c.ChangePassword(f.ctx, connect.NewRequest(&kioskv1.ChangePasswordRequest{SessionToken: sess.GetToken(),
		Current: "Velvet-Pylon-9", Password: "Crimson-Tulip-73", Confirm: "Crimson-Tulip-73"})); err != nil {
		t.Fatalf("change password: %v", err)
	}
	if _, err := c.Logout(f.ctx, connect.NewRequest(&kioskv1.LogoutRequest{SessionToken: sess.GetToken(),
		Reason: auth.LogoutIdle})); err != nil {
		t.Fatal(err)
	}
	if _, err := login(f, c, f.user.Username, "Crimson-Tulip-73"); err != nil {
		t.Errorf("sign in after the change: %v", err)
	}
	if evs := f.events(auth.ActPasswordChanged); len(evs) != 1 || evs[0].Terminal != "WARD7-T1" {
		t.Errorf("password change audited %+v", evs)
	}
	// A token altered by a byte is no session.
	bad := []byte(sess.GetToken())
	bad[len(bad)-2] ^= 1
	_, err = c.Logout(f.ctx, connect.NewRequest(&kioskv1.LogoutRequest{SessionToken: string(bad)}))
	if !errors.Is(wire.AuthError(err), wire.ErrSession) {
		t.Errorf("a forged token: %v", err)
	}
}
