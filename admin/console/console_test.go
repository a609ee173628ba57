package console

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/text"
)

// quit ends the program and waits for it.
func (tm *term) quit() {
	tm.press("ctrl+c")
	tm.tm.WaitFinished(tm.t, teatest.WithFinalTimeout(3*time.Second))
}

func TestDashboardLive(t *testing.T) {
	f := newFixture(t)
	tm := f.open(f.ctx, 100, 30)
	tm.waitFor("Terminals (0)")
	tm.waitFor("No kiosk has reported in yet.")
	tm.waitFor("Locked accounts (0)")

	// Kiosks beat, accounts lock, mail queues: the dashboard follows.
	if err := f.k.Auth.Heartbeat(f.ctx, "WARD7-T1", "Smartcard: card in reader"); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		f.k.Auth.Login(f.ctx, "WARD3-T2", "382JSMITH01", "wrong-Password-1")
	}
	tm.waitFor("Terminals (2)")
	tm.waitFor("Smartcard: card in reader")
	tm.waitFor("5 failed sign-ins")
	tm.waitFor("Locked accounts (1)")
	tm.waitFor("382JSMITH01   Jane Smith")
	tm.waitFor("locked at WARD3-T2 until") // at that terminal only (DESIGN §4)
	tm.waitFor("Outbox  1 queued")
	tm.waitFor("Your ESR account was")
	tm.waitFor("account.locked")
	tm.quit()
}

// A terminal of the fleet shows its ward, its version and what it has
// queued from its heartbeat; a disabled one shows it is off.
func TestDashboardFleetTerminal(t *testing.T) {
	f := newFixture(t)
	ca, err := issue.NewCA(rand.Reader, "Terminal CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cert, _, err := ca.Card(issue.Template{CommonName: "WARD8-T1"})
	if err != nil {
		t.Fatal(err)
	}
	by := auth.Actor{Name: "maintainer:test"}
	if _, err := f.k.Auth.AddTerminal(f.ctx, by, "WARD8-T1", "Ward 8", cert.Raw); err != nil {
		t.Fatal(err)
	}
	tm := f.open(f.ctx, 140, 30)
	tm.waitFor("never seen")
	if err := f.k.Auth.KioskHeartbeat(f.ctx, "WARD8-T1", auth.Beat{ReaderState: "Smartcard: no card",
		Version: "1.4.2", QueuedEvents: 3}); err != nil {
		t.Fatal(err)
	}
	tm.waitFor("Smartcard: no card · Ward 8 · version 1.4.2 · 3 events queued")
	if err := f.k.Auth.DisableTerminal(f.ctx, by, "WARD8-T1"); err != nil {
		t.Fatal(err)
	}
	tm.waitFor("off     WARD8-T1")
	tm.quit()
}

func TestUsersActions(t *testing.T) {
	f := newFixture(t)
	tm := f.open(f.ctx, 100, 30)
	tm.waitFor("Dashboard")
	tm.press("f2")
	tm.waitFor("1 of 1 accounts")
	tm.tm.Type("nobody")
	tm.waitFor("0 of 1 accounts")
	tm.waitFor("No account matches.")
	tm.press("esc")
	tm.waitFor("1 of 1 accounts")

	// Disable, answered no, then yes.
	tm.press("tab", "tab", "tab", "enter")
	tm.waitFor("Disable 382JSMITH01 (Jane Smith)?")
	tm.press("n")
	tm.waitFor("< Send reset code >")
	tm.press("enter")
	tm.waitFor("Disable 382JSMITH01")
	tm.press("enter")
	tm.waitFor("382JSMITH01 disabled.")
	tm.waitFor("Status: disabled")
	if _, err := f.k.Auth.Login(f.ctx, "T", "382JSMITH01", janePassword); err == nil {
		t.Error("a disabled account signed in")
	}
	tm.press("tab", "enter", "y") // Enable
	tm.waitFor("382JSMITH01 enabled.")
	tm.press("tab", "enter", "y") // Send reset code
	tm.waitFor("Reset code emailed to 382JSMITH01.")
	ms, _ := f.k.Auth.Messages(f.ctx)
	if len(ms) != 1 || ms[0].Kind != auth.KindResetCode {
		t.Fatalf("outbox %+v", ms)
	}
	if strings.Contains(tm.screen(), strings.TrimSpace(strings.Split(ms[0].Body, "Your reset code is:")[1])[:14]) {
		t.Error("the code is on the screen")
	}

	// Enrol a card by pasting its certificate, then revoke it.
	cert, _, err := f.ca.Card(issue.Template{CommonName: "Jane Smith"})
	if err != nil {
		t.Fatal(err)
	}
	tm.press("tab", "enter")
	tm.waitFor("Paste the card's certificate")
	tm.tm.Send(tea.PasteMsg{Content: string(issue.CertPEM(cert))})
	tm.press("ctrl+s")
	tm.waitFor("Card 1 enrolled to 382JSMITH01.")
	tm.waitFor("cards #1 active")
	// A CA's own certificate is not a card, and garbage is not a certificate.
	tm.press("enter")
	tm.tm.Send(tea.PasteMsg{Content: string(issue.CertPEM(f.ca.Cert))})
	tm.press("ctrl+s")
	tm.waitFor("not for signing in")
	tm.press("enter")
	tm.tm.Type("not a certificate")
	tm.press("ctrl+s")
	tm.waitFor("that is not a certificate")

	tm.press("tab", "enter")
	tm.waitFor("Revoke which card of 382JSMITH01")
	tm.press("enter")
	tm.waitFor("Card 1 of 382JSMITH01 revoked.")
	tm.waitFor("cards #1 revoked")
	tm.press("enter")
	tm.waitFor("382JSMITH01 has no card to revoke.")

	// Her portal and emails in Welsh.
	tm.press("tab", "enter")
	tm.waitFor("Give 382JSMITH01 (Jane Smith) their portal and emails in")
	tm.press("y")
	tm.waitFor("382JSMITH01's portal and emails are in Welsh.")
	tm.waitFor(" · Cymraeg") // the account line; the button has no dot
	if a, err := f.k.Auth.Account(f.ctx, "382JSMITH01"); err != nil || a.User.Language != text.Welsh {
		t.Errorf("language after Cymraeg: %q, %v", a.User.Language, err)
	}

	evs, err := f.k.Auth.FindAuditEvents(f.ctx, auth.EventFilter{Maintainer: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	var acts []string
	for _, e := range evs {
		acts = append(acts, e.Action)
	}
	if got := strings.Join(acts, " "); got != "admin.disable admin.enable admin.reset-sent card.enrolled card.revoked admin.language" {
		t.Errorf("audited: %s", got)
	}
	tm.quit()
}

func TestPolicyPage(t *testing.T) {
	f := newFixture(t)
	tm := f.open(f.ctx, 100, 30)
	tm.press("f3")
	tm.waitFor("Profile esr-2019")
	tm.waitFor("configuration: esr, kiosk, nhs, password, trust")
	tm.tm.Type("pylon")
	tm.press("enter")
	tm.waitFor("pylon is forbidden at every kiosk from the next check on.")
	tm.waitFor("maintainers:   pylon")
	tm.tm.Type("pylon")
	tm.press("enter")
	tm.waitFor("pylon is already forbidden")
	tm.press("esc") // clears the word kept for correcting
	tm.tm.Type("nhs")
	tm.press("tab", "tab", "enter")
	tm.waitFor("nhs is not a word a maintainer forbade")

	// Test a password, for nobody and then for Jane (her current password).
	tm.press("tab")
	tm.tm.Type(janePassword)
	tm.press("enter", "enter")
	tm.waitFor("This password meets the policy.")
	tm.waitFor("(checked only at the kiosk)")
	if strings.Contains(tm.screen(), janePassword) {
		t.Error("the password is shown")
	}
	// Her own password is not an oracle: not-previous is never tested here.
	tm.tm.Type("382jsmith01")
	tm.press("enter")
	tm.waitFor("This password meets the policy.")
	if strings.Contains(tm.screen(), "✗ Not current") {
		t.Error("the console tested her current password")
	}
	tm.press("f1")
	tm.waitFor("Latest audit events")
	tm.press("f3")
	tm.waitFor("Profile esr-2019")
	if s := tm.screen(); strings.Contains(s, "•••") || strings.Contains(s, "Not current") {
		t.Error("the tested password stayed after leaving the page")
	}
	tm.quit()
}

func TestAuditPage(t *testing.T) {
	f := newFixture(t)
	if err := f.k.Auth.Lock(f.ctx, f.actor, "382JSMITH01"); err != nil {
		t.Fatal(err)
	}
	tm := f.open(f.ctx, 100, 30)
	tm.press("f4")
	tm.waitFor("2 events")
	tm.waitFor("user.created")
	tm.press("tab")
	tm.tm.Type("admin.")
	tm.press("enter")
	tm.waitFor("1 events")
	tm.press("tab")
	tm.tm.Type("yesterday")
	tm.press("enter")
	tm.waitFor("From: write a time as")
	tm.press("esc") // clears From
	tm.tm.Type("1h")
	tm.press("enter")
	tm.waitFor("1 events")
	tm.quit()
}

func TestTooSmallAndIdle(t *testing.T) {
	f := newFixture(t)
	env := f.env(f.ctx)
	env.IdleTimeout = 2 * time.Second
	m := New(env)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(60, 20))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "too small") },
		teatest.WithDuration(5*time.Second))
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	if m.Goodbye() != "Closed after 2s without input." {
		t.Errorf("goodbye %q", m.Goodbye())
	}
}

func TestClosesWithItsContext(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(f.ctx)
	tm := f.open(ctx, 80, 24)
	tm.waitFor("Dashboard")
	cancel()
	tm.tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	if !strings.Contains(tm.m.Goodbye(), "closed this session") {
		t.Errorf("goodbye %q", tm.m.Goodbye())
	}
}

// A name that tries to move the cursor or recolour the screen is drawn
// as plain text.
func TestHostileTextIsCleaned(t *testing.T) {
	f := newFixture(t)
	if err := f.k.Auth.Heartbeat(f.ctx, "EVIL\x1b[2J-T1", "\x1b]0;pwned\x07reader"); err != nil {
		t.Fatal(err)
	}
	m := New(f.env(f.ctx))
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(refreshed(f.env(f.ctx).Feed.Get(f.ctx)))
	out := m.Render()
	if strings.Contains(out, "\x1b[2J") || strings.Contains(out, "\x1b]0;") || strings.Contains(out, "\x07") {
		t.Errorf("control sequences reached the screen: %q", out)
	}
	if !strings.Contains(out, "EVIL[2J-T1") {
		t.Errorf("terminal missing:\n%s", out)
	}
}
