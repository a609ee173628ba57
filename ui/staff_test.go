package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// What staff tripped over (issue 9), one test each, on the emulated screen.

// sentItems are Sent's buttons as drawn.
var sentItems = []string{"< Back to log in >", "< I have a reset code >"}

// forbiddenMessage starts the no-forbidden-words rule's message.
const forbiddenMessage = "Your password contains a word that is not allowed"

// On Reset the screen does not know whose username was typed: the rule
// about the user's own words waits for submit on its own checklist line,
// never ticked early; a refusal crosses it and says why (1, 8), and the
// message goes once the password is edited (6).
func TestResetRuleAboutTheUserWaitsForSubmit(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	th := hs.app.env.Theme
	code := hs.fx.requestCode(t, hs.fx.jane)
	hs.toReset()
	const words, previous = "No words about you or the job", "Not current or last 12"
	// Jane Smith is a Staff Nurse on Ward 7: "Nurse7Ward" holds her role.
	hs.fillReset(code, hs.fx.jane.Username, "Nurse7Ward", "Nurse7Ward")
	hs.WaitMark(en.T(text.PasswordsMatchLabel), th.TickMark)
	for _, l := range []string{"At least 8 characters", "A letter and a number", "No character twice in a row"} {
		hs.WaitMark(l, th.TickMark)
	}
	hs.WaitMark(words, th.PendingMark)
	hs.WaitMark(previous, th.PendingMark)
	for _, l := range []string{words, previous} {
		if row := hs.Row(l); !strings.Contains(row, en.T(text.RuleCheckedOnSubmit)) {
			t.Errorf("the line of %q does not say %q: %q", l, en.T(text.RuleCheckedOnSubmit), row)
		}
	}
	if n := len(find(hs.snapshot(), en.T(text.RuleCheckedOnSubmit))); n != 2 {
		t.Errorf("%q shows %d times, want once on each of its 2 rules:\n%s", en.T(text.RuleCheckedOnSubmit), n, hs.Screen())
	}

	hs.Press("enter")
	hs.WaitFor(en.T(text.PasswordRefused))
	hs.WaitFor(forbiddenMessage)
	hs.WaitMark(words, th.CrossMark)
	hs.WaitMark(previous, th.TickMark) // checked on submit, and not named
	for _, l := range []string{words, previous} {
		if row := hs.Row(l); strings.Contains(row, en.T(text.RuleCheckedOnSubmit)) {
			t.Errorf("a rule checked just now still says it waits: %q", row)
		}
	}
	if hs.Has(en.T(text.ResetDone)) {
		t.Fatalf("the password was set:\n%s", hs.Screen())
	}

	// Putting the password right takes the message away; the rule waits
	// again, as the new password is not known to fail it.
	hs.Press("shift+tab")
	hs.WaitFocus("Password", resetItems)
	hs.Type("x")
	hs.WaitGone(en.T(text.PasswordRefused))
	hs.WaitGone(forbiddenMessage)
	hs.WaitMark(words, th.PendingMark)
	hs.WaitMark(previous, th.PendingMark)
}

// After a refusal the checklist and the messages say the same, for the
// password refused: the rules checked on submit that the refusal did not
// name are ticked, the ones it named crossed with their messages; typing
// another password makes them wait again with no message, and typing the
// refused one again brings back both (review of issue 9, 4).
func TestResetChecklistAfterARefusal(t *testing.T) {
	t.Parallel()
	const words, previous = "No words about you or the job", "Not current or last 12"
	previousMessage := en.T(text.RuleNotPreviousMessage, 12)
	tests := []struct {
		name, password  string
		crossed, ticked string // the rule the refusal names, and the one it does not
		message         string
	}{
		{"her current password", janePassword, previous, words, previousMessage},
		{"her role", "Nurse7Ward", words, previous, forbiddenMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			th := hs.app.env.Theme
			code := hs.fx.requestCode(t, hs.fx.jane)
			hs.toReset()
			hs.fillReset(code, hs.fx.jane.Username, tt.password, tt.password)
			hs.WaitMark(words, th.PendingMark)
			hs.WaitMark(previous, th.PendingMark)
			refused := func(when string) {
				t.Helper()
				hs.WaitFor(en.T(text.PasswordRefused))
				hs.WaitFor(tt.message)
				hs.WaitMark(tt.crossed, th.CrossMark)
				hs.WaitMark(tt.ticked, th.TickMark)
				if n := len(find(hs.snapshot(), en.T(text.RuleCheckedOnSubmit))); n != 0 {
					t.Errorf("%s: %q shows beside a rule checked just now:\n%s", when, en.T(text.RuleCheckedOnSubmit), hs.Screen())
				}
			}
			hs.Press("enter")
			refused("refused")

			// Another password: the rules wait again, and the words go.
			hs.Press("shift+tab")
			hs.WaitFocus("Password", resetItems)
			hs.Type("x")
			hs.WaitGone(en.T(text.PasswordRefused))
			hs.WaitGone(tt.message)
			hs.WaitMark(words, th.PendingMark)
			hs.WaitMark(previous, th.PendingMark)
			if n := len(find(hs.snapshot(), en.T(text.RuleCheckedOnSubmit))); n != 2 {
				t.Errorf("%q shows %d times, want on each of the 2 rules:\n%s", en.T(text.RuleCheckedOnSubmit), n, hs.Screen())
			}

			// The refused password again: crosses, ticks and words as refused.
			hs.Press("backspace")
			refused("the refused password typed again")

			// The message is about the password, not the code: editing the
			// code leaves it.
			hs.ClickText("Reset code")
			hs.WaitFocus("Reset code", resetItems)
			hs.Type("7")
			hs.Sync()
			if !hs.Has(tt.message) {
				t.Errorf("editing the code took the refusal away:\n%s", hs.Screen())
			}
		})
	}
}

// An empty Log in asks for what is missing, with focus on the empty
// field, counts no failure and audits nothing (3; review of issue 9, 6).
func TestLoginBlankAsksForWhatIsMissing(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	both, user, pass := en.T(text.LoginNeedBoth), en.T(text.LoginNeedUsername), en.T(text.LoginNeedPassword)
	only := func(want string) {
		t.Helper()
		hs.WaitFor(want)
		hs.Sync()
		for _, m := range []string{both, user, pass, en.T(text.LoginFailed)} {
			if m != want && hs.Has(m) {
				t.Errorf("the screen says %q as well as %q:\n%s", m, want, hs.Screen())
			}
		}
	}
	// Both empty.
	hs.Press("enter", "enter") // Enter in Username moves on, in Password submits
	only(both)
	hs.WaitFocus("Username", loginItems)
	hs.Type("   ")
	hs.WaitGone(both) // edited: the message goes
	hs.ClickText("< Log in >")
	only(both)
	hs.WaitFocus("Username", loginItems)
	hs.Press("esc")
	hs.WaitGone(both)

	// A username, no password.
	hs.Type(hs.fx.jane.Username)
	hs.Press("enter", "enter")
	only(pass)
	hs.WaitFocus("Password", loginItems)

	// A password, no username: the password stays, for nothing was tried.
	hs.Press("esc") // wipes both
	hs.WaitFocus("Username", loginItems)
	hs.WaitField("Username", "")
	hs.Press("tab")
	hs.Type("Wrong-Guess-7")
	hs.Press("enter")
	only(user)
	hs.WaitFocus("Username", loginItems)
	hs.WaitField("Password", "•••••••••••••")

	evs, err := hs.fx.svc.FindAuditEvents(context.Background(), auth.EventFilter{Action: "login."})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 0 {
		t.Errorf("blank sign-ins were audited: %+v", evs)
	}
	// A real failure afterwards is the first at this terminal: 3 make the
	// lock hint, and it does not come after 2.
	hs.Press("esc")
	hs.WaitField("Password", "")
	hs.Type(hs.fx.jane.Username)
	hs.Press("tab")
	for range 2 {
		hs.failSignIn("Wrong-Guess-7")
		hs.WaitFor(en.T(text.LoginFailed))
	}
	hs.Sync()
	if hs.Has(en.T(text.LoginLockHint)) {
		t.Errorf("blank attempts counted towards the lock hint:\n%s", hs.Screen())
	}
}

// Login Assistance carries the staff guide's guidance under each section,
// and a username typed on Login goes to Login Assistance and on to Reset
// (4).
func TestUsernameCarriedToAssistanceAndReset(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.Type(hs.fx.jane.Username)
	hs.Press("tab", "tab", "tab", "tab")
	hs.WaitFocus("Forgotten your username or password?", loginItems)
	hs.Press("enter")
	hs.WaitFor(en.T(text.AssistanceTitle))
	for _, w := range []string{en.T(text.AssistPasswordGuidance), en.T(text.AssistUsernameGuidance)} {
		hs.WaitFor(w)
	}
	_, know := hs.Locate(en.T(text.AssistPasswordGuidance))
	_, sub := hs.Locate("Forgot password")
	_, user := hs.Locate("Username")
	if !(sub < know && know < user) {
		t.Errorf("the guidance is not under Forgot password (rows %d, %d, %d):\n%s", sub, know, user, hs.Screen())
	}
	hs.WaitField("Username", hs.fx.jane.Username)
	hs.WaitFocus("Work email", assistItems)
	hs.FocusOn("< I have a reset code >", assistItems)
	hs.Press("enter")
	hs.WaitFor(en.T(text.ResetTitle))
	hs.WaitField("Username", hs.fx.jane.Username)
	hs.WaitFocus("Reset code", resetItems)
}

// Going back carries the username typed as well: Login Assistance to
// Login, Reset to Login Assistance, Sent to Login, by Esc or by Back. No
// password or code goes anywhere (review of issue 9, 3).
func TestUsernameCarriedBack(t *testing.T) {
	t.Parallel()
	const typed = "382ABCDE0X1"
	back := map[string]func(hs *harness){
		"esc": func(hs *harness) { hs.Press("esc") },
		"back": func(hs *harness) {
			hs.ClickText("< Back >")
		},
	}
	for _, how := range []string{"esc", "back"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			u := hs.fx.jane.Username
			// Login -> Login Assistance -> Login.
			hs.Type(u)
			hs.Press("tab")
			hs.Type(janePassword)
			hs.ClickText(en.T(text.LinkAssistance))
			hs.WaitFor(en.T(text.AssistanceTitle))
			hs.WaitField("Username", u)
			back[how](hs)
			hs.WaitFor(en.T(text.LoginTitle))
			hs.WaitField("Username", u)
			if got := hs.FieldText("Password"); got != "" {
				t.Errorf("the password came back to Login: %q", got)
			}
			hs.WaitFocus("Password", loginItems)

			// A username typed on Login Assistance goes back to Login too.
			hs.ClickText(en.T(text.LinkAssistance))
			hs.WaitFor(en.T(text.AssistanceTitle))
			hs.WaitField("Username", u)
			hs.ClickText("Username")
			hs.WaitFocus("Username", assistItems)
			for range len(u) {
				hs.Press("backspace")
			}
			hs.Type(typed)
			hs.WaitField("Username", typed)
			back[how](hs)
			hs.WaitFor(en.T(text.LoginTitle))
			hs.WaitField("Username", typed)

			// Login Assistance -> Reset -> Login Assistance: the code and the
			// password stay behind.
			hs.ClickText(en.T(text.LinkAssistance))
			hs.WaitFor(en.T(text.AssistanceTitle))
			hs.WaitField("Username", typed)
			hs.ClickText("< I have a reset code >")
			hs.WaitFor(en.T(text.ResetTitle))
			hs.WaitField("Username", typed)
			hs.Type("K7Q2-M9XD-4TZP")
			hs.Press("tab", "tab")
			hs.Type(newPassword)
			back[how](hs)
			hs.WaitFor(en.T(text.AssistPasswordGuidance))
			hs.WaitField("Username", typed)
			if hs.Has("K7Q2-M9XD-4TZP") || hs.Has(newPassword) {
				t.Errorf("the code or password came back to Login Assistance:\n%s", hs.Screen())
			}

			// Sent -> Login.
			hs.Send(screens.Goto{To: screens.SentScreen, Username: typed})
			hs.WaitFor(en.T(text.SentMessage))
			if how == "esc" {
				hs.Press("esc")
			} else {
				hs.ClickText("< Back to log in >")
			}
			hs.WaitFor(en.T(text.LoginTitle))
			hs.WaitField("Username", typed)
			if got := hs.FieldText("Password"); got != "" {
				t.Errorf("a password came to Login from Sent: %q", got)
			}
		})
	}
}

// Sent has "I have a reset code", which goes to Reset with the username
// asked about; Back to log in is focused (5).
func TestSentGoesOnToReset(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toAssistance()
	fillForgotPassword(hs, hs.fx.jane.Username, janeEmail)
	hs.Press("enter")
	hs.WaitFor(en.T(text.SentMessage))
	hs.WaitFocus("< Back to log in >", sentItems)
	ms, err := hs.fx.svc.Messages(context.Background())
	if err != nil || len(ms) != 1 {
		t.Fatalf("outbox: %d messages, %v", len(ms), err)
	}
	code := codeRE.FindStringSubmatch(ms[0].Body)[1]
	hs.Press("tab")
	hs.WaitFocus("< I have a reset code >", sentItems)
	hs.Press("enter")
	hs.WaitFor(en.T(text.ResetTitle))
	hs.WaitField("Username", hs.fx.jane.Username)
	hs.WaitFocus("Reset code", resetItems)
	hs.WaitFor("At least 8 characters")
	hs.Type(code)
	hs.Press("tab", "tab")
	hs.WaitFocus("Password", resetItems)
	hs.Type(newPassword)
	hs.Press("tab")
	hs.Type(newPassword)
	hs.Press("enter")
	hs.WaitFor(en.T(text.ResetDone))
}

// After a wrong reset code focus goes to Reset code (6).
func TestResetFailedFocusesTheCode(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.fx.requestCode(t, hs.fx.jane)
	hs.toReset()
	hs.fillReset("K7Q2-M9XD-4TZP", hs.fx.jane.Username, newPassword, newPassword)
	hs.Press("enter")
	hs.WaitFor(en.T(text.ResetFailed))
	hs.WaitFocus("Reset code", resetItems)
	hs.Press("backspace")
	hs.WaitGone(en.T(text.ResetFailed))
}

// A message about a field goes when that field is edited, on every screen
// with such messages; editing another field leaves it (6).
func TestErrorGoesWhenItsFieldIsEdited(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(hs *harness) // shows msg, with focus on a field it is not about
		msg   string
		other string // a field the message is not about, focused by setup
		field string // the field it is about
		items []string
	}{
		{"login", func(hs *harness) {
			hs.Type(hs.fx.jane.Username)
			hs.Press("tab")
			hs.Type("Wrong-Guess-7")
			hs.Press("enter")
		}, en.T(text.LoginFailed), "", "Password", loginItems},
		{"login assistance", func(hs *harness) {
			hs.toAssistance()
			hs.FocusOn("< Forgot password >", assistItems)
			hs.Press("enter")
			hs.WaitFor(en.T(text.AssistNeedUserEmail))
			hs.FocusOn("Date of birth", assistItems)
		}, en.T(text.AssistNeedUserEmail), "Date of birth", "Username", assistItems},
		{"change password", func(hs *harness) {
			hs.toChangePassword()
			hs.fillChange("Not-My-Password-5", newPassword, newPassword)
			hs.Press("enter")
			hs.WaitFor(en.T(text.PasswordWrongCurrent))
			hs.FocusOn("New password", changeItems)
		}, en.T(text.PasswordWrongCurrent), "New password", "Current password", changeItems},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			tt.setup(hs)
			hs.WaitFor(tt.msg)
			if tt.other != "" {
				hs.Type("7")
				hs.Sync()
				if !hs.Has(tt.msg) {
					t.Fatalf("typing in %s took away %q", tt.other, tt.msg)
				}
				hs.FocusOn(tt.field, tt.items)
			}
			hs.WaitFocus(tt.field, tt.items)
			hs.Type("x")
			hs.WaitGone(tt.msg)
		})
	}
}

// The focus highlight of a link covers its text, spaces between words
// included, and nothing beyond it (7).
func TestFocusHighlightCoversTheText(t *testing.T) {
	t.Parallel()
	for _, th := range []theme.Theme{defaultTheme(), theme.New(theme.Default, theme.Console, true),
		theme.New(theme.HighContrast, theme.Unicode, false)} {
		t.Run(fmt.Sprintf("%s/glyphs %d", th.Name, th.Glyphs), func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24, withTheme(th))
			const link = "Forgotten your username or password?"
			hs.FocusOn(link, loginItems)
			checkHighlight(t, hs, link)
			hs.Press("shift+tab", "shift+tab", "shift+tab", "shift+tab")
			hs.WaitFocus("Username", loginItems)
			hs.signIn(hs.fx.jane.Username, janePassword)
			const guide = "Accessing ESR on a Trust computer"
			hs.WaitFor(guide)
			hs.Sync()
			checkHighlight(t, hs, guide)
		})
	}
}

// checkHighlight checks that text is drawn focused from its first cell to
// its last and that the cells either side are not.
func checkHighlight(t *testing.T, hs *harness, text string) {
	t.Helper()
	rows := hs.snapshot()
	at := find(rows, text)
	if len(at) != 1 {
		t.Fatalf("%q shows %d times:\n%s", text, len(at), hs.Screen())
	}
	x, y := at[0][0], at[0][1]
	n := len([]rune(text))
	for i := range n {
		if !hs.isFocus(rows[y][x+i].style) {
			t.Errorf("%q: cell %d (%q) is not highlighted: %+v", text, i, rows[y][x+i].r, rows[y][x+i].style)
		}
	}
	for _, i := range []int{x - 1, x + n} {
		if hs.isFocus(rows[y][i].style) {
			t.Errorf("%q: the highlight spills to column %d: %+v", text, i, rows[y][i].style)
		}
	}
}

// Change password says "Confirm password" beside "New password" (9).
func TestChangePasswordWords(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toChangePassword()
	_, yNew := hs.Locate("New password")
	_, yConfirm := hs.Locate("Confirm password")
	if yConfirm != yNew+1 || hs.Has("Confirm Password") {
		t.Errorf("want \"Confirm password\" under \"New password\":\n%s", hs.Screen())
	}
}

// The portal says what to do if the last sign-in was not the user's (9).
func TestPortalSaysWhatToDoIfTheLastSignInWasNotYou(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.signIn(hs.fx.jane.Username, janePassword)
	hs.Press("shift+tab", "enter") // Log out
	hs.WaitFor(en.T(text.LoginTitle))
	hs.signIn(hs.fx.jane.Username, janePassword)
	hs.WaitFor("on terminal " + terminalName)
	hs.WaitFor(en.T(text.PortalNotYou))
	if hs.Has("Not you?") {
		t.Errorf("the portal still asks \"Not you?\":\n%s", hs.Screen())
	}
}

// The help line offers ctrl+r only while a password field has focus, as
// the key does nothing elsewhere, and says "hide password" while the field
// shows what was typed (9; review of issue 9, 2).
func TestShowPasswordKeyFollowsFocus(t *testing.T) {
	t.Parallel()
	show := "ctrl+r " + en.T(text.HelpShowPassword)
	hide := "ctrl+r " + en.T(text.HelpHidePassword)
	hs := newHarness(t, 80, 24)
	helpIs := func(where, want string) {
		t.Helper()
		hs.Until(func() string { return fmt.Sprintf("%s: the help line to offer %q", where, want) }, func(string) bool {
			line := lines(hs.snapshot())[hs.h-2]
			if want == "" {
				return !strings.Contains(line, "ctrl+r")
			}
			return strings.Contains(line, want) && strings.Count(line, "ctrl+r") == 1
		})
	}
	// Login: not on Username or the buttons; on Password, show then hide.
	helpIs("Login, on Username", "")
	hs.Press("tab")
	hs.WaitFocus("Password", loginItems)
	helpIs("Login, on Password", show)
	hs.Type("abc")
	hs.WaitField("Password", "•••")
	hs.Press("ctrl+r")
	hs.WaitField("Password", "abc")
	helpIs("Login, the password shown", hide)
	hs.Press("ctrl+r")
	hs.WaitField("Password", "•••")
	helpIs("Login, the password masked again", show)
	hs.Press("tab")
	hs.WaitFocus("< Log in >", loginItems)
	helpIs("Login, on Log in", "")
	hs.Press("ctrl+r") // does nothing here, as the help line says
	hs.Sync()
	if got := hs.FieldText("Password"); got != "•••" {
		t.Errorf("ctrl+r on Log in showed the password: %q", got)
	}

	// Login Assistance and Sent have no password field.
	hs.Send(screens.Goto{To: screens.AssistanceScreen})
	hs.WaitFor(en.T(text.AssistanceTitle))
	helpIs("Login Assistance", "")
	hs.Send(screens.Goto{To: screens.SentScreen})
	hs.WaitFor(en.T(text.SentMessage))
	helpIs("Sent", "")

	// Reset: on Password and Confirm password, each its own.
	hs.Send(screens.Goto{To: screens.ResetScreen})
	hs.WaitFor(en.T(text.ResetTitle))
	helpIs("Reset, on Reset code", "")
	hs.Press("tab", "tab")
	hs.WaitFocus("Password", resetItems)
	helpIs("Reset, on Password", show)
	hs.Press("ctrl+r")
	helpIs("Reset, the password shown", hide)
	hs.Press("tab")
	hs.WaitFocus("Confirm Password", resetItems)
	helpIs("Reset, on Confirm password", show)

	// Change password: every field is a password.
	hs.Send(screens.Goto{To: screens.LoginScreen})
	hs.WaitFor(en.T(text.LoginTitle))
	hs.toChangePassword()
	helpIs("Change password, on Current password", show)
	hs.Press("ctrl+r")
	helpIs("Change password, the current password shown", hide)
	hs.Press("tab")
	helpIs("Change password, on New password", show)
	hs.Press("tab", "tab")
	hs.WaitFocus("< Change password >", changeItems)
	helpIs("Change password, on its button", "")
}

// On a card's passcode ctrl+r shows and hides the passcode, and the help
// line says so in those words.
func TestShowPasscodeKey(t *testing.T) {
	t.Parallel()
	cards := make(chan smartcard.Event, 1)
	hs := newHarness(t, 80, 24, withCards(cards))
	cards <- smartcard.Event{Kind: smartcard.CardInserted, Reader: "Reader 0"}
	hs.WaitFor(en.T(text.CardEnterPasscode))
	hs.WaitFor("ctrl+r " + en.T(text.HelpShowPasscode))
	hs.Type("1234")
	hs.Press("ctrl+r")
	hs.WaitField(en.T(text.FieldPasscode), "1234")
	hs.WaitFor("ctrl+r " + en.T(text.HelpHidePasscode))
	if hs.Has(en.T(text.HelpShowPassword)) || hs.Has(en.T(text.HelpHidePassword)) {
		t.Errorf("the passcode is called a password:\n%s", hs.Screen())
	}
}

// Sent tells the real limit on emails, which is what the kiosk enforces (9).
func TestSentSaysTheRealLimit(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, func(o *auth.Options) { o.MaxEmailsPerHour = 2 })
	hs := newHarnessOn(t, fx, 80, 24, withMaxEmails(2))
	for i := range 3 {
		// Login Assistance as its link opens it, from an empty Login.
		hs.Send(screens.Goto{To: screens.AssistanceScreen})
		hs.WaitFor(en.T(text.AssistanceTitle))
		hs.WaitFocus("Username", assistItems)
		fillForgotPassword(hs, fx.jane.Username, janeEmail)
		hs.Press("enter")
		hs.WaitFor(en.T(text.SentMessage))
		hs.WaitFor("2 emails an hour")
		if hs.Has("few minutes") {
			t.Fatalf("Sent promises a few minutes:\n%s", hs.Screen())
		}
		if i < 2 {
			hs.Press("esc")
			hs.WaitFor(en.T(text.LoginTitle))
		}
	}
	if n := fx.outbox(t); n != 2 {
		t.Fatalf("%d emails queued for 3 requests, want the 2 Sent speaks of", n)
	}
}

// The box's top edge is the same row on every screen, and a changed
// password is said on the full portal, not in a box of one line (10).
func TestBoxKeepsOneTopEdge(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{100, 30}, {200, 60}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, w, h)
			_, top, _, _ := box(t, hs)
			same := func(screen string) {
				t.Helper()
				hs.Sync()
				if _, y, _, _ := box(t, hs); y != top {
					t.Errorf("%s: the box's top is row %d, on Login it is %d", screen, y, top)
				}
			}
			hs.toAssistance()
			same("Login Assistance")
			hs.Send(screens.Goto{To: screens.SentScreen})
			hs.WaitFor(en.T(text.SentMessage))
			same("Sent")
			hs.Send(screens.Goto{To: screens.ResetScreen})
			hs.WaitFor("At least 8 characters")
			same("Reset")
			hs.Send(screens.Goto{To: screens.LoginScreen})
			hs.WaitFor(en.T(text.LoginTitle))
			hs.toChangePassword()
			same("Change password")
			hs.fillChange(janePassword, newPassword, newPassword)
			hs.Press("enter")
			hs.WaitFor(en.T(text.ChangeDone))
			same("password changed")
			for _, w := range []string{"Welcome, Jane Smith", "User guides", "< Log out >"} {
				if !hs.Has(w) {
					t.Errorf("the password changed screen lacks %q:\n%s", w, hs.Screen())
				}
			}
		})
	}
}

// The demo hint offers the demo password only while it signs in (11):
// Login asks again each time it opens, and after the change the answer is
// none.
func TestDemoHintGoesWhenThePasswordChanges(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	hint := fx.jane.Username + " " + janePassword
	if err := fx.svc.MarkDemo(context.Background(), hint); err != nil {
		t.Fatal(err)
	}
	answers := make(chan string, 8)
	hs := newHarnessOn(t, fx, 80, 24, withAuth(func(a screens.Auth) screens.Auth {
		return hintSpy{a, answers}
	}))
	if got := nextHint(t, answers); got != hint {
		t.Fatalf("the first Login was told the hint %q, want %q", got, hint)
	}
	hs.WaitFor("Demo try " + hint)
	hs.changePassword()
	hs.Press("shift+tab", "enter") // Log out
	hs.WaitFor(en.T(text.LoginTitle))
	if got := nextHint(t, answers); got != "" {
		t.Fatalf("after the change Login was told the hint %q", got)
	}
	hs.Sync()
	if hs.Has("Demo") || hs.Has(janePassword) {
		t.Fatalf("Login offers a password that no longer signs in:\n%s", hs.Screen())
	}
}

// hintSpy passes on every DemoHint answer the screens get.
type hintSpy struct {
	screens.Auth
	answers chan<- string
}

func (s hintSpy) DemoHint(ctx context.Context) (string, error) {
	h, err := s.Auth.DemoHint(ctx)
	s.answers <- h
	return h, err
}

// nextHint waits for Login to ask for the demo hint, and returns the answer.
func nextHint(t *testing.T, answers <-chan string) string {
	t.Helper()
	select {
	case h := <-answers:
		return h
	case <-time.After(10 * time.Second):
		t.Fatal("Login never asked for the demo hint")
		return ""
	}
}
