package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/text"
)

// assistItems are Login Assistance's focusable items as drawn; the second
// "Work email" is the forgot-username one.
var assistItems = []string{"Username", "Work email", "< Forgot password >", "Work email#2", "Date of birth",
	"< Forgot username >", "< I have a reset code >", "< Back >"}

// toAssistance goes from Login to Login Assistance by keyboard.
func (hs *harness) toAssistance() {
	hs.t.Helper()
	hs.Press("tab", "tab", "tab", "tab")
	hs.WaitFocus("Forgotten your username or password?", loginItems)
	hs.Press("enter")
	hs.WaitFor(en.T(text.AssistanceTitle))
	hs.WaitFocus("Username", assistItems)
}

func TestAssistanceWordsAndFocusOrder(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toAssistance()
	for _, w := range []string{en.T(text.AssistanceTitle), "Forgot password", "Forgot username", "Username",
		"Work email", "Date of birth", "DD/MM/YYYY", "< Forgot password >", "< Forgot username >",
		"< I have a reset code >", "< Back >"} {
		if !hs.Has(w) {
			t.Errorf("Login Assistance does not show %q", w)
		}
	}
	if n := len(find(hs.snapshot(), "Work email")); n != 2 {
		t.Errorf("Login Assistance shows %d Work email fields, want 2", n)
	}
	for _, want := range append(assistItems[1:], assistItems[0]) {
		hs.Press("tab")
		hs.WaitFocus(want, assistItems)
	}
	for i := len(assistItems) - 1; i >= 0; i-- {
		hs.Press("shift+tab")
		hs.WaitFocus(assistItems[i], assistItems)
	}
	if t.Failed() {
		t.Log("\n" + hs.Screen())
	}
}

func TestAssistanceErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fill   func(hs *harness)
		button string
		want   string
	}{
		{"forgot password, nothing typed", func(*harness) {}, "< Forgot password >", en.T(text.AssistNeedUserEmail)},
		{"forgot password, no email", func(hs *harness) { hs.Type("382JSMITH01") }, "< Forgot password >", en.T(text.AssistNeedUserEmail)},
		{"forgot username, nothing typed", func(*harness) {}, "< Forgot username >", en.T(text.AssistNeedEmailDOB)},
		{"forgot username, no date", func(hs *harness) { hs.Press("tab", "tab", "tab"); hs.Type(janeEmail) }, "< Forgot username >", en.T(text.AssistNeedEmailDOB)},
		{"bad date 31/02", func(hs *harness) { fillForgotUsername(hs, janeEmail, "31/02/1985") }, "< Forgot username >", en.T(text.AssistBadDOB)},
		{"bad date words", func(hs *harness) { fillForgotUsername(hs, janeEmail, "yesterday") }, "< Forgot username >", en.T(text.AssistBadDOB)},
		{"bad date US order", func(hs *harness) { fillForgotUsername(hs, janeEmail, "03/14/1985") }, "< Forgot username >", en.T(text.AssistBadDOB)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			hs.toAssistance()
			before := hs.fx.outbox(t)
			tt.fill(hs)
			hs.FocusOn(tt.button, assistItems)
			hs.Press("enter")
			hs.WaitFor(tt.want)
			if hs.Has(en.T(text.SentMessage)) {
				t.Fatalf("an incomplete request was sent:\n%s", hs.Screen())
			}
			if n := hs.fx.outbox(t); n != before {
				t.Fatalf("the outbox went from %d to %d messages", before, n)
			}
		})
	}
}

// fillForgotPassword types into the forgot-password fields from the first
// item, leaving focus on Work email.
func fillForgotPassword(hs *harness, username, email string) {
	hs.t.Helper()
	hs.Type(username)
	hs.Press("tab")
	hs.Type(email)
}

// fillForgotUsername types into the forgot-username fields from the first
// item, leaving focus on Date of birth.
func fillForgotUsername(hs *harness, email, dob string) {
	hs.t.Helper()
	hs.Press("tab", "tab", "tab")
	hs.Type(email)
	hs.Press("tab")
	hs.Type(dob)
}

func TestAssistanceSent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		button    string
		fill      func(hs *harness)
		wantEmail bool
	}{
		{"forgot password, matching", "< Forgot password >", func(hs *harness) {
			fillForgotPassword(hs, hs.fx.jane.Username, janeEmail)
		}, true},
		{"forgot password, wrong email", "< Forgot password >", func(hs *harness) {
			fillForgotPassword(hs, hs.fx.jane.Username, "someone.else@example.nhs.uk")
		}, false},
		{"forgot password, unknown user", "< Forgot password >", func(hs *harness) {
			fillForgotPassword(hs, "382NOBODY01", janeEmail)
		}, false},
		{"forgot username, matching", "< Forgot username >", func(hs *harness) {
			fillForgotUsername(hs, janeEmail, "14/03/1985")
		}, true},
		{"forgot username, wrong date", "< Forgot username >", func(hs *harness) {
			fillForgotUsername(hs, janeEmail, "15/03/1985")
		}, false},
		// A date of birth typed as digits alone, or with dashes or dots.
		{"forgot username, DDMMYYYY", "< Forgot username >", func(hs *harness) {
			fillForgotUsername(hs, janeEmail, "14031985")
		}, true},
		{"forgot username, DD-MM-YYYY", "< Forgot username >", func(hs *harness) {
			fillForgotUsername(hs, janeEmail, "14-03-1985")
		}, true},
		{"forgot username, DD.MM.YYYY", "< Forgot username >", func(hs *harness) {
			fillForgotUsername(hs, janeEmail, "14.03.1985")
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			hs.toAssistance()
			before := hs.fx.outbox(t)
			tt.fill(hs)
			hs.ClickText(tt.button)
			hs.WaitFor(en.T(text.SentMessage))
			// Every outcome reads the same.
			for _, w := range []string{"The email holds a reset code", "30 minutes", "< Back to log in >"} {
				if !hs.Has(w) {
					t.Errorf("Sent does not show %q", w)
				}
			}
			if got := hs.fx.outbox(t) - before; got != map[bool]int{true: 1, false: 0}[tt.wantEmail] {
				t.Errorf("%d emails queued", got)
			}
		})
	}
}

// Sent goes back to Login with the username asked about, to sign in with
// once the password is reset; the password typed on Login does not come
// back.
func TestSentReturnsToLoginWithTheUsername(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"enter", "esc", "click"} {
		t.Run(k, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			// The password typed on Login must not come back.
			hs.Type(hs.fx.jane.Username)
			hs.Press("tab")
			hs.Type("half")
			hs.WaitField("Password", "••••")
			// The link takes the username along, and focus to Work email.
			hs.Press("tab", "tab", "tab")
			hs.WaitFocus("Forgotten your username or password?", loginItems)
			hs.Press("enter")
			hs.WaitFor(en.T(text.AssistanceTitle))
			hs.WaitField("Username", hs.fx.jane.Username)
			hs.WaitFocus("Work email", assistItems)
			hs.Type(janeEmail)
			hs.Press("enter") // Enter in the email field asks
			hs.WaitFor(en.T(text.SentMessage))
			if k == "click" {
				hs.ClickText("< Back to log in >")
			} else {
				hs.Press(k)
			}
			hs.WaitFor(en.T(text.LoginTitle))
			hs.WaitField("Username", hs.fx.jane.Username)
			hs.WaitField("Password", "")
			hs.WaitFocus("Password", loginItems)
		})
	}
}

// Back from Login Assistance goes to Login with the username typed there.
func TestAssistanceBack(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"esc", "button"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			hs.toAssistance()
			hs.Type("382JSMITH01")
			hs.WaitField("Username", "382JSMITH01")
			if how == "esc" {
				hs.Press("esc")
			} else {
				hs.Press("shift+tab") // from the first item, round to Back, the last
				hs.WaitFocus("< Back >", assistItems)
				hs.Press("enter")
			}
			hs.WaitFor(en.T(text.LoginTitle))
			hs.WaitField("Username", "382JSMITH01")
			hs.WaitFocus("Password", loginItems)
		})
	}
}

// demoBirthdays are the demo staff's dates of birth (cli/demo.go), as
// Login Assistance takes them.
var demoBirthdays = []string{"14/03/1985", "02/11/1990", "21/06/1978", "30/01/1995", "09/09/1982", "05/12/1988"}

// The bad date message gives an example that is nobody's date of birth
// in the demo, so that it tells no one whose it is; the example itself is
// taken.
func TestBadDateExampleIsNoDemoBirthday(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toAssistance()
	fillForgotUsername(hs, janeEmail, "14/13/1985")
	hs.Press("enter")
	hs.WaitFor(en.T(text.AssistBadDOB))
	msg := en.T(text.AssistBadDOB)
	for _, d := range demoBirthdays {
		if strings.Contains(msg, d) {
			t.Errorf("the bad date message gives a demo user's date of birth, %s: %q", d, msg)
		}
	}
	example := regexp.MustCompile(`\d{2}/\d{2}/\d{4}`).FindString(msg)
	if example == "" {
		t.Fatalf("the bad date message gives no example: %q", msg)
	}
	if _, err := auth.ParseDate(example); err != nil {
		t.Errorf("the example %q is not taken: %v", example, err)
	}
}
