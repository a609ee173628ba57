package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/text"
)

// changeItems are the Change password screen's focusable items as drawn.
var changeItems = []string{"Current password", "New password", "Confirm password", "< Change password >", "< Cancel >"}

// toChangePassword signs Jane in and opens Change password. The portal is
// another screen's business: the test asks for the screen as the portal's
// button does, with a Goto.
func (hs *harness) toChangePassword() {
	hs.t.Helper()
	hs.signIn(hs.fx.jane.Username, janePassword)
	hs.WaitFor("Welcome, Jane Smith")
	hs.Send(screens.Goto{To: screens.ChangePasswordScreen})
	hs.WaitFor("Current password")
	hs.WaitFor("At least 8 characters") // the policy has loaded
	hs.WaitFocus("Current password", changeItems)
}

// fillChange types the three passwords from Current password on, moving
// on with Tab; focus ends on Confirm password, with confirm drawn.
func (hs *harness) fillChange(current, password, confirm string) {
	hs.t.Helper()
	hs.WaitFocus("Current password", changeItems)
	hs.Type(current)
	hs.Press("tab")
	hs.Type(password)
	hs.Press("tab")
	hs.Type(confirm)
	hs.WaitField("Confirm password", strings.Repeat("•", len(confirm)))
}

// changePassword signs Jane in and changes her password from janePassword
// to newPassword, up to the portal that says so.
func (hs *harness) changePassword() {
	hs.t.Helper()
	hs.toChangePassword()
	hs.fillChange(janePassword, newPassword, newPassword)
	hs.Press("enter")
	hs.WaitFor(en.T(text.ChangeDone))
}

func TestChangePasswordFocusOrder(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toChangePassword()
	for _, want := range append(changeItems[1:], changeItems[0]) {
		hs.Press("tab")
		hs.WaitFocus(want, changeItems)
	}
	hs.Press("esc")
	hs.WaitFor("Welcome, Jane Smith")
}

func TestChangePasswordWrongCurrent(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toChangePassword()
	hs.Type("Not-My-Password-5")
	hs.Press("enter")
	hs.Type(newPassword)
	hs.Press("enter")
	hs.Type(newPassword)
	hs.WaitField("Confirm password", strings.Repeat("•", len(newPassword)))
	hs.Press("enter")
	hs.WaitFor(en.T(text.PasswordWrongCurrent))
	hs.WaitField("Current password", "") // wiped
	hs.WaitFocus("Current password", changeItems)
	if hs.Has(en.T(text.ChangeDone)) {
		t.Fatalf("a wrong current password changed it:\n%s", hs.Screen())
	}
	// The old password still signs in.
	if _, err := hs.fx.svc.Login(context.Background(), "TEST", hs.fx.jane.Username, janePassword); err != nil {
		t.Fatalf("the old password no longer signs in: %v", err)
	}
}

func TestChangePasswordChecksPolicy(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toChangePassword()
	hs.Type(janePassword)
	hs.Press("tab")
	hs.Type("jane2024") // her own first name
	hs.WaitMark("No words about you or the job", hs.app.env.Theme.CrossMark)
	hs.Press("tab")
	hs.Type("jane2024")
	hs.WaitMark(en.T(text.PasswordsMatchLabel), hs.app.env.Theme.TickMark)
	hs.ClickText("< Change password >")
	hs.WaitFor(en.T(text.PasswordRefused))
}

func TestChangePasswordSucceeds(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.changePassword() // back on the portal, which says so
	hs.WaitFor("Welcome, Jane Smith")
	if hs.Has("Current password") {
		t.Fatalf("the form still shows after the change:\n%s", hs.Screen())
	}
	if _, err := hs.fx.svc.Login(context.Background(), "TEST", hs.fx.jane.Username, newPassword); err != nil {
		t.Fatalf("the new password does not sign in: %v", err)
	}
	// The notice goes with the first guide opened.
	hs.Press("enter")
	hs.WaitFor("down for more")
	hs.Press("esc")
	hs.WaitFor("Welcome, Jane Smith")
	if hs.Has(en.T(text.ChangeDone)) {
		t.Fatalf("the notice stays after a guide was read:\n%s", hs.Screen())
	}
}
