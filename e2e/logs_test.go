package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The whole journey against the real binaries, the service under systemd
// (JSON logs) with every instance's log captured: a wrong and a right
// password at a client kiosk, Login Assistance for a password and for a
// username (the date of birth typed), the reset with the emailed code, a
// lockout, and a maintainer's command over SSH. No password, reset code
// or date of birth typed is in any log line, nor in either instance's
// /metrics; every log line is one JSON event with time, level and msg.
// (Card sign-in, and so a passcode, is not in this journey: the fleet
// has no reader. The card journeys' logs are the smartcard tests'.)
func TestFleetLogsHoldNoSecrets(t *testing.T) {
	needSSH(t)
	tr := startTrustWith(t, "INVOCATION_ID=e2e-logs")
	jane, amir := tr.users[0], tr.users[1]
	const (
		wrongPassword = "Wrong-Guess-Logged-37"
		newPassword   = "Gravel-Tundra-Wisp-61"
		lockGuess     = "Lockout-Guess-Nine-44"
		dob           = "14/03/1985"
	)

	k1, _ := tr.kiosk(0, "ab")
	signIn(k1, jane.Username, wrongPassword)
	k1.WaitFor(failedMsg)
	k1.Press("Escape")
	k1.WaitGone(failedMsg)
	signIn(k1, jane.Username, jane.Password)
	k1.WaitFor("Welcome, " + jane.First)
	k1.Press("BTab", "Enter") // Log out
	k1.WaitFor("Employee Self Service")

	// Forgot password, and the reset with the emailed code.
	toAssistance(k1)
	k1.Type(jane.Username)
	k1.Press("Tab")
	k1.Type("jane.smith@example.nhs.uk")
	k1.Press("Enter")
	k1.WaitFor(sentMsg)
	if n := tr.mail.WaitCount(t, 1, 15*time.Second); n < 1 {
		t.Fatal("no reset email")
	}
	m := tr.mail.Message(t, tr.mail.Messages(t)[0].ID)
	code := codeRE.FindStringSubmatch(strings.ReplaceAll(m.Text, "\r\n", "\n"))
	if code == nil {
		t.Fatalf("no code in the email:\n%s", m.Text)
	}
	k1.Press("Tab", "Enter") // Sent: I have a reset code
	k1.WaitFor("Set your password")
	k1.Type(code[1])
	k1.Press("Tab", "Tab")
	k1.Type(newPassword)
	k1.Press("Tab")
	k1.Type(newPassword)
	k1.Press("Enter")
	k1.WaitFor("Your password is set")
	k1.Press("Escape")
	k1.WaitFor("Employee Self Service")

	// Forgot username, with the date of birth, at another kiosk.
	k2, _ := tr.kiosk(1, "ba")
	toAssistance(k2)
	k2.Press("Tab", "Tab", "Tab")
	k2.Type("jane.smith@example.nhs.uk")
	k2.Press("Tab")
	k2.Type(dob)
	k2.Press("Enter")
	k2.WaitFor(sentMsg)

	// A lockout at a third terminal.
	c := tr.client(2, "ab")
	for range 5 {
		if _, err := c.Login(t.Context(), "", amir.Username, lockGuess); err == nil {
			t.Fatal("a wrong password signed in")
		}
	}
	if n := tr.audited("account.locked", amir.Username); n != 1 {
		t.Fatalf("%d locks audited, want 1", n)
	}

	// A maintainer's command over SSH, at instance B.
	key := sshKey(t, t.TempDir(), "maint")
	b := tr.f.Instances[1]
	authorise(t, b.Data, key)
	s := &sshServer{t: t, data: b.Data, port: b.SSHPort}
	var out string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		var code int
		if out, _, code = s.ssh(key, "", "users", "show", jane.Username); code == 0 || time.Now().After(deadline) {
			break
		}
	}
	if !strings.Contains(out, jane.Username) {
		t.Fatalf("users show over SSH: %q", out)
	}

	// Let the mail worker log its deliveries too.
	tr.mail.WaitCount(t, 4, 15*time.Second)
	time.Sleep(500 * time.Millisecond)

	logs := tr.log.String()
	var metrics strings.Builder
	for _, in := range tr.f.Instances {
		metrics.WriteString(scrapeMetrics(t, in.MetricsURL))
	}
	isoDOB := "1985-03-14"
	rawCode := strings.ReplaceAll(code[1], "-", "")
	for _, secret := range []string{wrongPassword, jane.Password, newPassword, lockGuess, amir.Password,
		code[1], strings.ToLower(code[1]), rawCode, strings.ToLower(rawCode), dob, isoDOB} {
		if strings.Contains(logs, secret) {
			t.Errorf("the service's log holds %q", secret)
		}
		if strings.Contains(metrics.String(), secret) {
			t.Errorf("/metrics holds %q", secret)
		}
	}
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if len(lines) < 10 {
		t.Fatalf("only %d log lines: the journey was not logged?\n%s", len(lines), logs)
	}
	sawLogin := false
	for _, l := range lines {
		var ev map[string]any
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Errorf("log line is not one JSON event: %q", l)
			continue
		}
		for _, k := range []string{"time", "level", "msg"} {
			if _, ok := ev[k]; !ok {
				t.Errorf("log line lacks %q: %s", k, l)
			}
		}
		sawLogin = sawLogin || strings.Contains(l, "users show")
	}
	if !sawLogin {
		t.Errorf("the SSH command is not in the log:\n%s", logs)
	}
}
