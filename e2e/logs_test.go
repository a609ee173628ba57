package e2e

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// The whole journey against the real binaries, the service under systemd
// (JSON logs) with every instance's log captured: a wrong and a right
// password at a client kiosk, Login Assistance for a password and for a
// username (the date of birth typed), the reset with the emailed code, a
// lockout, a card sign-in with a wrong passcode then the right one at a
// kiosk with a reader (a private pcscd and a virtual card), and a
// maintainer's command over SSH. No password, passcode, reset code or
// date of birth typed is in any log line, nor in either instance's
// /metrics, nor in pcscd's log, as typed or as bytes (hex, base64); every
// log line is one JSON event with time, level and msg. (The client
// kiosk's screens log to the system log, which a test has not got, and
// its stderr is the screen, which never shows a passcode.)
func TestFleetLogsHoldNoSecrets(t *testing.T) {
	needSSH(t)
	ct := startCardTrust(t, "INVOCATION_ID=e2e-logs")
	tr := ct.trust
	jane, amir, olu := tr.users[0], tr.users[1], tr.users[2]
	const (
		wrongPassword = "Wrong-Guess-Logged-37"
		newPassword   = "Gravel-Tundra-Wisp-61"
		lockGuess     = "Lockout-Guess-Nine-44"
		dob           = "14/03/1985"
		// 8 digits, which a timestamp or an id does not hold by chance
		// as it might 6.
		passcode      = "73925184"
		wrongPasscode = "61840273"
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
	code := firstCode(t, tr.mail)
	k1.Press("Tab", "Enter") // Sent: I have a reset code
	k1.WaitFor("Set your password")
	k1.Type(code)
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

	// A card sign-in at the third terminal's kiosk, with a reader: a
	// wrong passcode, then the right one.
	k3, _, _ := ct.cardKiosk(2)
	card := ct.insertPIN(olu.Username, 0, passcode)
	k3.WaitFor("Enter your passcode")
	k3.Type(wrongPasscode)
	if s, _ := waitScreen(k3, 5*time.Second, "the passcode typed, masked", func(s string) bool {
		return strings.Contains(s, "••••••••") || strings.Contains(s, "********")
	}); strings.Contains(s, wrongPasscode) {
		t.Errorf("the screen shows the passcode typed:\n%s", k3.Screen())
	}
	k3.Press("Enter")
	k3.WaitFor("The passcode is not right. 2 tries left")
	k3.Type(passcode)
	k3.Press("Enter")
	signedIn(k3, olu)
	signedOut(k3, card)
	if n := tr.metric(`kiosk_sign_ins_total{method="card",result="ok"}`); n < 1 {
		t.Errorf("%v card sign-ins at the service, want the one at %s", n, fleetTerminals[2].Name)
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
	pcscdLog, err := os.ReadFile(ct.pcscd.LogFile())
	if err != nil {
		t.Fatal(err)
	}
	isoDOB := "1985-03-14"
	rawCode := strings.ReplaceAll(code, "-", "")
	for _, secret := range []string{wrongPassword, jane.Password, newPassword, lockGuess, amir.Password,
		code, strings.ToLower(code), rawCode, strings.ToLower(rawCode), dob, isoDOB,
		passcode, wrongPasscode} {
		for _, form := range secretForms(secret) {
			for _, src := range []struct{ name, text string }{{"the service's log", logs},
				{"/metrics", metrics.String()}, {"pcscd's log", string(pcscdLog)}} {
				if strings.Contains(src.text, form) {
					t.Errorf("%s holds %q (as %q)", src.name, secret, form)
				}
			}
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

// secretForms is each form a secret could be logged in: as typed, and as
// its bytes in hex (an APDU dumped) or base64 (slog's JSON for a []byte).
func secretForms(s string) []string {
	b := []byte(s)
	forms := []string{s, hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)), fmt.Sprintf("% x", b),
		fmt.Sprintf("% X", b), strings.TrimRight(base64.StdEncoding.EncodeToString(b), "=")}
	slices.Sort(forms)
	return slices.Compact(forms)
}
