package admin

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/wardkiosk/kiosk/auth"
)

func TestConsoleDrivenOverSSH(t *testing.T) {
	f := newFixture(t)
	jane := f.jane()
	ctx := context.Background()
	if err := f.kiosk.Auth.Lock(ctx, auth.Actor{Name: "cli:test"}, jane); err != nil {
		t.Fatal(err)
	}
	if err := f.kiosk.Auth.Heartbeat(ctx, "WARD7-T1", "Smartcard: no card"); err != nil {
		t.Fatal(err)
	}
	sc := f.console(f.client(), "xterm-256color", 100, 30, "LANG", "C.UTF-8")
	sc.WaitFor("Terminals (1)")
	sc.WaitFor("WARD7-T1")
	sc.WaitFor("Smartcard: no card")
	sc.WaitFor("Locked accounts (1)")
	sc.WaitFor("Maintainer alice")

	sc.Keys(keyF2)
	sc.WaitFor("Search")
	sc.Keys("jsmith")
	sc.WaitFor("1 of 1 accounts")
	sc.WaitFor("Status: locked by a maintainer")
	sc.Keys(keyEnter) // from the search to Unlock
	sc.Keys(keyEnter)
	sc.WaitFor("Unlock 382JSMITH01 (Jane Smith)")
	sc.Keys("y")
	sc.WaitFor("382JSMITH01 unlocked.")
	sc.WaitFor("Status: active")

	if _, err := f.kiosk.Auth.Login(ctx, "WARD7-T1", jane, janePassword); err != nil {
		t.Fatalf("jane cannot sign in after the unlock: %v", err)
	}
	evs, err := f.kiosk.Auth.FindAuditEvents(ctx, auth.EventFilter{Action: auth.ActAdminUnlock})
	if err != nil || len(evs) != 1 {
		t.Fatalf("audit: %v %v", evs, err)
	}
	fp := gossh.FingerprintSHA256(f.alice.PublicKey())
	if evs[0].Actor != "maintainer:alice ("+fp+")" || evs[0].Subject != jane || evs[0].Terminal != "ssh:127.0.0.1" {
		t.Errorf("audit row %+v", evs[0])
	}

	// Policy: a word forbidden here is refused at the next check.
	sc.Keys(keyF3)
	sc.WaitFor("Forbidden words")
	if fails, err := f.kiosk.Auth.CheckPassword(ctx, "", f.kiosk.Auth.Profile(), "Velvet-Pylon-9", true); err != nil || len(fails) != 0 {
		t.Fatalf("check before: %v %v", fails, err)
	}
	sc.Keys("Pylon", keyEnter)
	sc.WaitFor("pylon is forbidden at every kiosk")
	fails, err := f.kiosk.Auth.CheckPassword(ctx, "", f.kiosk.Auth.Profile(), "Velvet-Pylon-9", true)
	if err != nil || len(fails) != 1 || fails[0].Rule != "no-forbidden-words" {
		t.Errorf("check after forbidding: %v %v", fails, err)
	}

	// Audit: the unlock is found by the maintainer's name, the chain holds.
	sc.Keys(keyF4)
	sc.WaitFor("Verify chain")
	sc.Keys("alice", keyEnter)
	sc.WaitFor("2 events")
	sc.WaitFor("admin.unlock")
	sc.Keys(keyTab, keyTab, keyTab, keyTab, keyTab, keyEnter)
	sc.WaitFor("Chain intact")

	// Nothing secret is ever drawn.
	if raw := sc.Raw(); strings.Contains(raw, "argon2id") || strings.Contains(raw, janePassword) {
		t.Error("a hash or password reached the screen")
	}
	sc.Keys(keyCtrlC)
	sc.Closed()
	f.waitLog(`msg="ssh console closed" maintainer=alice remote=127.0.0.1`)
	if !strings.Contains(f.logs.String(), `msg="ssh console opened" maintainer=alice key=`+fp) {
		t.Errorf("logs:\n%s", f.logs.String())
	}
}

// sgr finds the parameters of every SGR escape sequence.
var sgr = regexp.MustCompile("\x1b\\[([0-9;:]*)m")

// colours reports whether any SGR sequence sets a colour.
func colours(out string) bool {
	for _, m := range sgr.FindAllStringSubmatch(out, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			n, _ := strconv.Atoi(p)
			if n >= 30 && n <= 49 && n != 39 && n != 49 || n >= 90 && n <= 107 {
				return true
			}
		}
	}
	return false
}

func TestConsoleColoursFollowTheTerminal(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	colour := f.console(c, "xterm-256color", 80, 24, "LANG", "C.UTF-8")
	colour.WaitFor("Latest audit events")
	if !colours(colour.Raw()) {
		t.Error("no colour on xterm-256color")
	}
	dumb := f.console(c, "dumb", 80, 24)
	dumb.WaitFor("Latest audit events")
	if colours(dumb.Raw()) {
		t.Error("colour on TERM=dumb")
	}
	// No UTF-8 locale: plain ASCII boxes and marks.
	if strings.ContainsAny(dumb.Text(), "│╭✓") {
		t.Errorf("non-ASCII drawing without a UTF-8 locale:\n%s", dumb.Text())
	}
	noColour := f.console(c, "xterm-256color", 80, 24, "NO_COLOR", "1", "LANG", "C.UTF-8")
	noColour.WaitFor("Latest audit events")
	if colours(noColour.Raw()) {
		t.Error("colour with NO_COLOR")
	}
}

func TestConsoleResizesAndSaysWhenTooSmall(t *testing.T) {
	f := newFixture(t)
	s, err := f.client().NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.RequestPty("xterm", 20, 60, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	out, err := s.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	buf := readUntil(t, out, "too small")
	if !strings.Contains(buf, "at least 80 x 24") {
		t.Errorf("output %q", buf)
	}
	if err := s.WindowChange(30, 100); err != nil {
		t.Fatal(err)
	}
	readUntil(t, out, "Dashboard")
}

func TestConsoleClosesOnShutdown(t *testing.T) {
	f := newFixture(t)
	sc := f.console(f.client(), "xterm", 80, 24)
	sc.WaitFor("Latest audit events")
	start := time.Now()
	f.shutdown()
	sc.Closed()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	if !strings.Contains(sc.Raw(), "The maintenance server closed this session.") {
		t.Error("no goodbye")
	}
}

func TestConsoleIdleTimeout(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.IdleTimeout = 2 * time.Second })
	sc := f.console(f.client(), "xterm", 80, 24)
	sc.WaitFor("Are you still there?")
	sc.Closed()
	if !strings.Contains(sc.Raw(), "Closed after 2s without input.") {
		t.Error("no word on the idle close")
	}
}

func TestNoCommandNoTerminal(t *testing.T) {
	f := newFixture(t)
	s, err := f.client().NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var stderr strings.Builder
	s.Stderr = &stderr
	err = s.Shell()
	if err == nil {
		err = s.Wait()
	}
	ee, ok := err.(*gossh.ExitError)
	if !ok || ee.ExitStatus() != 2 || !strings.Contains(stderr.String(), "ssh -t") {
		t.Errorf("shell without a terminal: %v, %q", err, stderr.String())
	}
}

// A console whose session the client closes ends on the server too, though
// the connection stays open.
func TestConsoleEndsWithItsSession(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	sc := f.console(c, "xterm", 80, 24)
	sc.WaitFor("Latest audit events")
	if n := f.srv.sessions.count(); n != 1 {
		t.Fatalf("%d sessions under way", n)
	}
	sc.sess.Close()
	deadline := time.Now().Add(5 * time.Second)
	for f.srv.sessions.count() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := f.srv.sessions.count(); n != 0 {
		t.Errorf("%d sessions still under way", n)
	}
}
