package ui

import (
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/text"
)

// resetItems are the Reset screen's focusable items as drawn.
var resetItems = []string{"Reset code", "Username", "Password", "Confirm Password", "< Set password >", "< Back >"}

// toReset goes from Login through Login Assistance to Reset.
func (hs *harness) toReset() {
	hs.t.Helper()
	hs.toAssistance()
	hs.FocusOn("< I have a reset code >", assistItems)
	hs.Press("enter")
	hs.WaitFor(en.T(text.ResetTitle))
	hs.WaitFor("At least 8 characters") // the policy has loaded
}

// fillReset types the four fields from Reset code on; focus ends on
// Confirm Password.
func (hs *harness) fillReset(code, username, password, confirm string) {
	hs.t.Helper()
	hs.WaitFocus("Reset code", resetItems)
	hs.Type(code)
	hs.Press("enter") // Enter in a field moves on
	hs.Type(username)
	hs.Press("enter")
	hs.Type(password)
	hs.Press("enter")
	hs.Type(confirm)
	hs.WaitField("Confirm Password", strings.Repeat("•", len(confirm)))
}

func TestResetFocusOrder(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toReset()
	for _, w := range []string{"Reset code", "XXXX-XXXX-XXXX", "Username", "Password", "Confirm Password",
		"< Set password >", en.T(text.RuleCheckedOnSubmit)[1 : len(en.T(text.RuleCheckedOnSubmit))-1]} {
		if !hs.Has(w) {
			t.Errorf("Reset does not show %q", w)
		}
	}
	hs.WaitFocus("Reset code", resetItems)
	for _, want := range append(resetItems[1:], resetItems[0]) {
		hs.Press("tab")
		hs.WaitFocus(want, resetItems)
	}
	// Esc goes back to Login Assistance.
	hs.Press("esc")
	hs.WaitFor(en.T(text.AssistanceTitle))
}

func TestResetChecklistLive(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toReset()
	tick, cross, pending := hs.app.env.Theme.TickMark, hs.app.env.Theme.CrossMark, hs.app.env.Theme.PendingMark
	// Nothing typed: every rule waits.
	for _, l := range []string{"At least 8 characters", "A letter and a number", "No runs like abc or 321", en.T(text.PasswordsMatchLabel)} {
		hs.WaitMark(l, pending)
	}
	hs.Press("tab", "tab")
	hs.WaitFocus("Password", resetItems)
	hs.Type("abc")
	hs.WaitField("Password", "•••")
	hs.WaitMark("At least 8 characters", cross)
	hs.WaitMark("A letter and a number", cross)
	hs.WaitMark("No runs like abc or 321", cross)
	hs.WaitMark("At most 128 characters", tick)
	hs.WaitMark("Not current or last 12", pending) // only checked on submit
	hs.Press("backspace", "backspace", "backspace")
	hs.Type(newPassword)
	hs.WaitField("Password", strings.Repeat("•", len(newPassword)))
	for _, l := range []string{"At least 8 characters", "A letter and a number", "No runs like abc or 321",
		"No character twice in a row", "No names of people or places", "Not a common password"} {
		hs.WaitMark(l, tick)
	}
	hs.WaitMark("Not current or last 12", pending)
	hs.WaitMark(en.T(text.PasswordsMatchLabel), pending)
	hs.Press("tab")
	hs.Type(newPassword[:5])
	hs.WaitMark(en.T(text.PasswordsMatchLabel), cross)
	hs.Type(newPassword[5:])
	hs.WaitMark(en.T(text.PasswordsMatchLabel), tick)
	// The user's own details are known once the username is typed.
	hs.Press("shift+tab", "shift+tab")
	hs.WaitFocus("Username", resetItems)
	hs.Type(hs.fx.jane.Username)
	hs.Press("tab")
	hs.Press("ctrl+r")
	hs.WaitField("Password", newPassword)
	hs.Press("ctrl+r")
	hs.WaitField("Password", strings.Repeat("•", len(newPassword)))
	hs.Press("backspace", "backspace")
	hs.Type("JSmith9") // the username's letters
	hs.WaitMark("No words about you or the job", cross)
}

func TestResetRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		code     func(hs *harness) string
		user     func(hs *harness) string
		password string
		confirm  string
		want     []string
	}{
		{"weak password", validCode, janeUser, "password1", "password1",
			[]string{en.T(text.PasswordRefused)}},
		{"the current password", validCode, janeUser, janePassword, janePassword,
			[]string{en.T(text.PasswordRefused), en.T(policy.PreviousFailure(mustProfile(t)).MessageID, policy.PreviousFailure(mustProfile(t)).N)}},
		{"passwords differ", validCode, janeUser, newPassword, newPassword + "x",
			[]string{en.T(text.PasswordMismatch)}},
		{"wrong code", func(*harness) string { return "K7Q2-M9XD-4TZP" }, janeUser, newPassword, newPassword,
			[]string{en.T(text.ResetFailed)}},
		{"wrong username", validCode, func(*harness) string { return "382NOBODY01" }, newPassword, newPassword,
			[]string{en.T(text.ResetFailed)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			code, user := tt.code(hs), tt.user(hs)
			hs.toReset()
			hs.fillReset(code, user, tt.password, tt.confirm)
			hs.Press("enter") // Enter in Confirm Password submits
			for _, w := range tt.want {
				hs.WaitFor(w)
			}
			if !hs.Has(en.T(text.ResetTitle)) || hs.Has(en.T(text.ResetDone)) {
				t.Fatalf("the reset was not refused:\n%s", hs.Screen())
			}
			if tt.name == "weak password" {
				hs.WaitMark("A letter and a number", hs.app.env.Theme.TickMark)
				hs.WaitMark("Not a common password", hs.app.env.Theme.CrossMark)
			}
		})
	}
}

func TestResetNeedsEveryField(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toReset()
	hs.FocusOn("< Set password >", resetItems)
	hs.Press("enter")
	hs.WaitFor(en.T(text.ResetNeedAll))
}

func TestResetSucceeds(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	code := hs.fx.requestCode(t, hs.fx.jane)
	hs.toReset()
	// Codes are typed in any case, with spaces for hyphens.
	hs.fillReset(strings.ToLower(strings.ReplaceAll(code, "-", " ")), hs.fx.jane.Username, newPassword, newPassword)
	hs.ClickText("< Set password >")
	hs.WaitFor(en.T(text.ResetDone))
	hs.WaitFor(en.T(text.LoginTitle))
	hs.WaitField("Username", hs.fx.jane.Username)
	hs.WaitField("Password", "")
	hs.WaitFocus("Password", loginItems)
	// The new password signs in.
	hs.Type(newPassword)
	hs.Press("enter")
	hs.WaitFor("Welcome, Jane Smith")
}

func validCode(hs *harness) string { return hs.fx.requestCode(hs.t, hs.fx.jane) }
func janeUser(hs *harness) string  { return hs.fx.jane.Username }

func mustProfile(t *testing.T) policy.Profile {
	t.Helper()
	p, err := policy.Lookup(policy.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
