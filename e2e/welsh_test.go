package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/mail/mailtest"
	"github.com/wardkiosk/kiosk/text"
)

// cy and eng are the two catalogues the Welsh journey reads its screens
// from, so a changed translation changes the test with it.
var (
	cy  = text.For(text.Welsh)
	eng = text.For(text.English)
)

// addWelshUser adds a Welsh-speaking user with the CLI and returns their
// username.
func addWelshUser(t *testing.T, data string) string {
	t.Helper()
	out := kiosk(t, data, "users", "add", "--first", "Gwenllian", "--last", "Jones",
		"--email", "gwenllian.jones@example.nhs.uk", "--dob", "1988-03-01", "--role", "Nyrs", "--ward", "Ward-Dewi",
		"--language", "cy")
	username := strings.TrimSpace(out)
	if username == "" || strings.ContainsAny(username, " \n") {
		t.Fatalf("users add printed %q, want one username", out)
	}
	return username
}

// Issue 14's journey end to end in Welsh, on the real binary in tmux with
// a real SMTP server: an English terminal switched to Welsh with the
// language key, Login Assistance, the reset code emailed in Welsh to a
// Welsh-speaking user, Reset, the portal in the user's Welsh, and log out
// back to the terminal's English.
func TestWelshJourney(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	data, _ := demo(t)
	username := addWelshUser(t, data)
	tm := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=false", "KIOSK_SMTP_HOST=127.0.0.1",
		"KIOSK_SMTP_PORT="+strconv.Itoa(srv.Port), "KIOSK_SMTP_TLS=none", "KIOSK_TRUST_NAME=Bwrdd-Iechyd-Enghraifft")

	// The terminal's default is English; the language key turns Login
	// into Welsh.
	tm.WaitFor(eng.T(text.LoginTitle))
	tm.Never(cy.T(text.LoginTitle))
	tm.Press("F4")
	tm.WaitFor(cy.T(text.LoginTitle))
	tm.WaitFor(cy.T(text.LinkAssistance))
	tm.Never(eng.T(text.LoginTitle))

	// Cymorth Mewngofnodi: forgot password with username and email.
	tm.Press("BTab", "Enter") // Shift+Tab from Username wraps to the link
	tm.WaitFor(cy.T(text.AssistanceTitle))
	tm.WaitFor(cy.T(text.ButtonForgotPassword))
	tm.Never(eng.T(text.AssistanceTitle))
	tm.Type(username)
	tm.Press("Tab")
	tm.Type("gwenllian.jones@example.nhs.uk")
	tm.Press("Enter")
	tm.WaitFor(cy.T(text.SentMessage))
	tm.Never(eng.T(text.SentMessage))

	// The email arrives in Welsh, the user's language, with the code.
	if n := srv.WaitCount(t, 1, 10*time.Second); n != 1 {
		t.Fatalf("%d emails arrived, want 1", n)
	}
	got := srv.Messages(t)[0]
	if got.Subject != cy.T(text.EmailResetCodeSubject) || len(got.To) != 1 || got.To[0].Address != "gwenllian.jones@example.nhs.uk" {
		t.Fatalf("arrived: %+v; want the subject %q", got, cy.T(text.EmailResetCodeSubject))
	}
	m := srv.Message(t, got.ID)
	body := strings.ReplaceAll(m.Text, "\r\n", "\n")
	code := codeRE.FindStringSubmatch(body)
	if code == nil {
		t.Fatalf("the email has no reset code:\n%s", body)
	}
	for _, want := range []string{"Helo Gwenllian,", "Eich cod ailosod yw:", username, "Bwrdd-Iechyd-Enghraifft",
		cy.T(text.ButtonHaveCode)} {
		if !strings.Contains(body, want) {
			t.Errorf("the email lacks %q:\n%s", want, body)
		}
	}
	for _, english := range []string{"Hello", "Your reset code", eng.T(text.ButtonHaveCode)} {
		if strings.Contains(body, english) {
			t.Errorf("the Welsh email has the English %q:\n%s", english, body)
		}
	}
	if !strings.Contains(m.HTML, code[1]) {
		t.Errorf("the HTML part lacks the code")
	}

	// Back to Login, still in Welsh, with the username; on through
	// Cymorth Mewngofnodi to Reset, in Welsh.
	tm.Press("Enter")
	tm.WaitFor(cy.T(text.LoginTitle))
	tm.WaitFor("[" + username)
	tm.Press("BTab", "BTab", "Enter") // from Password, round to the link
	tm.WaitFor(cy.T(text.AssistanceTitle))
	tm.Press("Tab", "Tab", "Tab", "Tab", "Tab", "Enter") // from Work email: I have a reset code
	tm.WaitFor(cy.T(text.ResetTitle))
	tm.Never(eng.T(text.ResetTitle))
	const newPassword = "Gravel-Tundra-Wisp-61"
	tm.Type(code[1])
	tm.Press("Tab", "Tab") // past the username, carried
	tm.Type(newPassword)
	tm.Press("Tab")
	tm.Type(newPassword)
	tm.Press("Enter")
	tm.WaitFor(cy.T(text.ResetDone))
	tm.Never(newPassword)
	tm.Never(code[1])

	// The portal, in the user's Welsh.
	tm.WaitFor(cy.T(text.LoginTitle))
	tm.Type(newPassword)
	tm.Press("Enter")
	tm.WaitFor(cy.T(text.PortalWelcome, "Gwenllian", "Jones"))
	tm.WaitFor(cy.T(text.ButtonLogOut))
	tm.Never(eng.T(text.ButtonLogOut))

	// The reset's "password changed" email goes in Welsh too.
	if n := srv.WaitCount(t, 2, 10*time.Second); n != 2 {
		t.Fatalf("%d emails arrived, want 2", n)
	}
	if s := srv.Messages(t)[0].Subject; s != cy.T(text.EmailPasswordChangedSubject) {
		t.Fatalf("second email: %q, want %q", s, cy.T(text.EmailPasswordChangedSubject))
	}

	// Log out: back to an empty Login in the terminal's English.
	tm.Press("BTab", "Enter")
	tm.WaitFor(eng.T(text.LoginTitle))
	tm.WaitFor(eng.T(text.LinkAssistance))
	tm.Never(cy.T(text.LoginTitle))
	tm.Never(cy.T(text.PortalWelcome, "Gwenllian", "Jones"))
	if s := tm.Screen(); strings.Contains(s, username) {
		t.Fatalf("the username is remembered after log out:\n%s", s)
	}

	// Without the language key the user's own language still rules what
	// is theirs: asked for on English screens, the username reminder goes
	// in Welsh, and the portal opens in Welsh.
	toAssistance(tm)
	tm.Press("Tab", "Tab", "Tab")
	tm.Type("gwenllian.jones@example.nhs.uk")
	tm.Press("Tab")
	tm.Type("01/03/1988")
	tm.Press("Enter")
	tm.WaitFor(eng.T(text.SentMessage))
	if n := srv.WaitCount(t, 3, 10*time.Second); n != 3 {
		t.Fatalf("%d emails arrived, want 3", n)
	}
	if s := srv.Messages(t)[0].Subject; s != cy.T(text.EmailUsernameReminderSubject) {
		t.Fatalf("the reminder asked for on English screens: %q, want %q", s, cy.T(text.EmailUsernameReminderSubject))
	}
	tm.Press("Enter")
	tm.WaitFor(eng.T(text.LoginTitle))
	tm.Type(username)
	tm.Press("Tab")
	tm.Type(newPassword)
	tm.Press("Enter")
	tm.WaitFor(cy.T(text.PortalWelcome, "Gwenllian", "Jones"))
	tm.Press("BTab", "Enter")
	tm.WaitFor(eng.T(text.LoginTitle))
}

// A terminal whose language is Welsh starts in Welsh, the language key
// turns it to English and back, and an English-speaking user's portal is
// in English there; log out returns to the terminal's Welsh.
func TestWelshTerminal(t *testing.T) {
	data, users := demo(t)
	jane := users[0]
	tm := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=false", "KIOSK_LANGUAGE=cy")
	tm.WaitFor(cy.T(text.LoginTitle))
	tm.WaitFor(cy.T(text.LinkAssistance))
	tm.Never(eng.T(text.LoginTitle))

	// The language key (F4, or ctrl+l) goes round the catalogue's languages.
	tm.Press("F4")
	tm.WaitFor(eng.T(text.LoginTitle))
	tm.Press("C-l") // ctrl+l is the language key too
	tm.WaitFor(cy.T(text.LoginTitle))

	// Jane speaks English: her portal is in English on a Welsh terminal.
	tm.Type(jane.Username)
	tm.Press("Tab")
	tm.Type(jane.Password)
	tm.Press("Enter")
	tm.WaitFor(eng.T(text.PortalWelcome, jane.First, jane.Last))
	tm.Never(cy.T(text.ButtonLogOut))

	tm.Press("BTab", "Enter")
	tm.WaitFor(cy.T(text.LoginTitle))
	tm.Never(eng.T(text.LoginTitle))
}
