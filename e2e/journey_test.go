package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/mail/mailtest"
)

const (
	sentMsg   = "If the details you entered match our records, we have sent an email to your work address."
	failedMsg = "The username or password you entered is not right."
)

var codeRE = regexp.MustCompile(`(?m)^([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})$`)

// firstCode is the reset code in the first email mail holds.
func firstCode(t *testing.T, mail *mailtest.Server) string {
	t.Helper()
	m := mail.Message(t, mail.Messages(t)[0].ID)
	code := codeRE.FindStringSubmatch(strings.ReplaceAll(m.Text, "\r\n", "\n"))
	if code == nil {
		t.Fatalf("no code in the email:\n%s", m.Text)
	}
	return code[1]
}

// lastMessage returns the newest outbox message as `outbox show` prints it.
func lastMessage(t *testing.T, data string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(kiosk(t, data, "outbox", "list")), "\n")
	id := strings.Fields(lines[len(lines)-1])[0]
	return kiosk(t, data, "outbox", "show", id)
}

// toAssistance goes from a fresh Login (focus on Username) to Login
// Assistance through the link.
func toAssistance(tm *term) {
	tm.Press("BTab", "Enter") // Shift+Tab from Username wraps to the link
	tm.WaitFor("Login Assistance")
}

// The whole journey of the staff guide, by keyboard, on the real binary.
func TestJourney(t *testing.T) {
	data, users := demo(t)
	jane := users[0]
	tm := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=false")
	tm.WaitFor("Employee Self Service")
	tm.WaitFor("Your username looks like 382XXXXXXX0X")

	// A wrong password gets the one generic message, and the password goes.
	tm.Type(jane.Username)
	tm.Press("Tab")
	tm.Type("Not-My-Password-1")
	tm.Press("Enter")
	tm.WaitFor(failedMsg)
	tm.Never("Not-My-Password-1")

	// Login Assistance, Forgot password, Sent.
	tm.Press("Escape") // Esc on Login wipes everything
	tm.WaitGone(failedMsg)
	toAssistance(tm)
	tm.Type(strings.ToLower(jane.Username))
	tm.Press("Tab")
	tm.Type("jane.smith@example.nhs.uk")
	tm.Press("Enter")
	tm.WaitFor(sentMsg)
	code := codeRE.FindStringSubmatch(lastMessage(t, data))
	if code == nil {
		t.Fatal("no reset code in the outbox")
	}

	// Reset: a weak password is refused with crosses; then a good one.
	// The username asked about comes back to Login and goes on from there,
	// each way: focus is on the field after it.
	tm.Press("Enter")
	tm.WaitFor("Employee Self Service")
	tm.WaitFor("[382jsmith01")
	tm.Press("BTab", "BTab", "Enter") // from Password, round to the link
	tm.WaitFor("Login Assistance")
	tm.Press("Tab", "Tab", "Tab", "Tab", "Tab", "Enter") // from Work email: I have a reset code
	tm.WaitFor("Set your password")
	tm.Type(strings.ToLower(code[1]))
	tm.Press("Tab", "Tab") // past the username, carried
	tm.Type("abc12")
	tm.Press("Tab")
	tm.Type("abc12")
	tm.WaitFor("✗ At least 8 characters")
	tm.WaitFor("✗ No runs like abc or 321")
	tm.Press("Enter")
	tm.WaitFor("does not meet the rules")
	tm.Press("Escape")
	tm.WaitFor("Forgot username")
	tm.WaitFor("[382jsmith01")
	tm.Press("Tab", "Tab", "Tab", "Tab", "Tab", "Enter")
	tm.WaitFor("Set your password")
	const newPassword = "Gravel-Tundra-Wisp-61"
	tm.Type(code[1])
	tm.Press("Tab", "Tab")
	tm.Type(newPassword)
	tm.WaitFor("✓ At least 8 characters")
	tm.Press("Tab")
	tm.Type(newPassword)
	tm.Press("Enter")
	tm.WaitFor("Your password is set")
	tm.WaitFor(jane.Username) // filled in, focus on Password

	// Login with the new password: the portal.
	tm.Type(newPassword)
	tm.Press("Enter")
	tm.WaitFor("Welcome, " + jane.First + " " + jane.Last)
	tm.WaitFor(jane.Username)

	// A guide opens in the portal and Esc comes back.
	tm.Press("Enter")
	tm.WaitFor("down for more")
	tm.Press("Escape")
	tm.WaitFor("Welcome, " + jane.First)

	// Change password.
	tm.Press("Tab", "Tab", "Tab", "Tab", "Enter")
	tm.WaitFor("Current password")
	tm.Type(newPassword)
	tm.Press("Tab")
	tm.Type("Ember-Quilt-Sprocket-75")
	tm.Press("Tab")
	tm.Type("Ember-Quilt-Sprocket-75")
	tm.Press("Enter")
	tm.WaitFor("Your password has been changed.") // said on the portal
	tm.WaitFor("Welcome, " + jane.First)

	// Log out: back to an empty Login.
	tm.Press("BTab", "Enter")
	tm.WaitFor("Employee Self Service")
	tm.Never("Welcome")
	tm.Never("Signed in")
	if s := tm.Screen(); strings.Contains(strings.Split(s, "Your username looks like")[0], jane.Username) {
		t.Fatalf("the username is remembered after log out:\n%s", s)
	}

	// Forgot username: a reminder with the username goes out.
	toAssistance(tm)
	tm.Press("Tab", "Tab", "Tab")
	tm.Type("jane.smith@example.nhs.uk")
	tm.Press("Tab")
	tm.Type("14/03/1985")
	tm.Press("Enter")
	tm.WaitFor(sentMsg)
	if m := lastMessage(t, data); !strings.Contains(m, "Subject: Your ESR username") || !strings.Contains(m, "\n"+jane.Username+"\n") {
		t.Fatalf("no username reminder:\n%s", m)
	}
}

// With a short idle timeout the kiosk warns, then signs out and wipes.
func TestIdleTimeout(t *testing.T) {
	data, users := demo(t)
	tm := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=false", "KIOSK_IDLE_TIMEOUT=4s", "KIOSK_IDLE_WARNING=2s")
	tm.WaitFor("Employee Self Service")
	tm.Type(users[1].Username)
	tm.Press("Tab")
	tm.Type(users[1].Password)
	tm.Press("Enter")
	tm.WaitFor("Welcome, " + users[1].First)
	tm.WaitFor("Are you still there?")
	start := time.Now()
	tm.WaitFor("Employee Self Service")
	if time.Since(start) > 4*time.Second {
		t.Fatal("the warning lasted longer than the idle warning")
	}
	tm.Never("Welcome")
	tm.Never(users[1].Username + " ") // the demo hint shows users[0] only
}

// In kiosk mode ctrl+c, ctrl+z and ctrl+\ do nothing.
func TestKioskModeKeys(t *testing.T) {
	data, _ := demo(t)
	tm := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=true")
	tm.WaitFor("Employee Self Service")
	tm.Press("C-c", "C-z", `C-\`)
	// Typing after them shows on screen only if the kiosk read on: a
	// suspended or ended kiosk draws nothing more.
	tm.Type("STILLHERE")
	tm.WaitFor("STILLHERE")
	if !tm.Alive() {
		t.Fatal("the kiosk ended on ctrl+c, ctrl+z or ctrl+\\")
	}

	// Outside kiosk mode ctrl+c quits.
	tm2 := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=false")
	tm2.WaitFor("Employee Self Service")
	tm2.Press("C-c")
	deadline := time.Now().Add(5 * time.Second)
	for tm2.Alive() {
		if time.Now().After(deadline) {
			t.Fatal("ctrl+c did not quit outside kiosk mode")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
