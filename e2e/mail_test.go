package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/mail/mailtest"
)

// Staff ask for a reset code on the screens; the kiosk's own delivery
// worker sends it to a real SMTP server; the code read from that inbox
// works on the Reset screen.
func TestResetCodeByEmail(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	data, users := demo(t)
	jane := users[0]
	tm := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=false", "KIOSK_SMTP_HOST=127.0.0.1",
		"KIOSK_SMTP_PORT="+strconv.Itoa(srv.Port), "KIOSK_SMTP_TLS=none", "KIOSK_TRUST_NAME=Example-Valley-NHS-Trust")
	tm.WaitFor("Employee Self Service")

	toAssistance(tm)
	tm.Type(jane.Username)
	tm.Press("Tab")
	tm.Type("jane.smith@example.nhs.uk")
	tm.Press("Enter")
	tm.WaitFor(sentMsg)
	if n := srv.WaitCount(t, 1, 10*time.Second); n != 1 {
		t.Fatalf("%d emails arrived, want 1", n)
	}
	got := srv.Messages(t)[0]
	if got.Subject != "Your ESR password reset code" || len(got.To) != 1 || got.To[0].Address != "jane.smith@example.nhs.uk" {
		t.Fatalf("arrived: %+v", got)
	}
	m := srv.Message(t, got.ID)
	code := codeRE.FindStringSubmatch(strings.ReplaceAll(m.Text, "\r\n", "\n"))
	if code == nil || !strings.Contains(m.HTML, code[1]) || !strings.Contains(m.Text, "Example-Valley-NHS-Trust") {
		t.Fatalf("the email lacks the code or the Trust:\n%s", m.Text)
	}
	if out := kiosk(t, data, "outbox", "list"); !strings.HasPrefix(out, "1 sent jane.smith@example.nhs.uk ") {
		t.Fatalf("outbox: %s", out)
	}

	// Back to Login with the username, and on through Login Assistance
	// to Reset with it: focus is on the field after it each time.
	tm.Press("Enter")
	tm.WaitFor("Employee Self Service")
	tm.WaitFor("[" + jane.Username)
	tm.Press("BTab", "BTab", "Enter") // from Password, round to the link
	tm.WaitFor("Login Assistance")
	tm.Press("Tab", "Tab", "Tab", "Tab", "Tab", "Enter") // from Work email: I have a reset code
	tm.WaitFor("Set your password")
	const newPassword = "Gravel-Tundra-Wisp-61"
	tm.Type(code[1])
	tm.Press("Tab", "Tab") // past the username, carried
	tm.Type(newPassword)
	tm.Press("Tab")
	tm.Type(newPassword)
	tm.Press("Enter")
	tm.WaitFor("Your password is set")
	tm.Type(newPassword)
	tm.Press("Enter")
	tm.WaitFor("Welcome, " + jane.First + " " + jane.Last)

	// The reset queued a "password changed" email; it goes too.
	if n := srv.WaitCount(t, 2, 10*time.Second); n != 2 {
		t.Fatalf("%d emails arrived, want 2", n)
	}
	if s := srv.Messages(t)[0].Subject; s != "Your ESR password was changed" {
		t.Fatalf("second email: %q", s)
	}
}
