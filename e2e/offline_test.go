package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/internal/cutproxy"
	"github.com/wardkiosk/kiosk/text"
)

// cutKiosk starts the client kiosk of terminal n in tmux reaching both
// instances only through cut proxies, which the test switches.
func (tr *trust) cutKiosk(n int) (*term, []*cutproxy.Proxy) {
	tr.t.Helper()
	tm, proxies, _ := tr.cutKioskWith(n)
	return tm, proxies
}

// cutKioskWith is cutKiosk with more environment for the kiosk; it also
// returns the kiosk's data directory.
func (tr *trust) cutKioskWith(n int, extra ...string) (*term, []*cutproxy.Proxy, string) {
	tr.t.Helper()
	var proxies []*cutproxy.Proxy
	var urls []string
	for _, in := range tr.f.Instances {
		p, err := cutproxy.Start(strings.TrimPrefix(in.URL, "https://"))
		if err != nil {
			tr.t.Fatal(err)
		}
		tr.t.Cleanup(func() { p.Close() })
		proxies = append(proxies, p)
		urls = append(urls, "https://"+p.Addr())
	}
	name := fleetTerminals[n].Name
	env := append(tr.f.ClientEnv(name), "KIOSK_SERVER_URLS="+strings.Join(urls, ","), "KIOSK_KIOSK_MODE=false")
	data := filepath.Join(tr.t.TempDir(), "kiosk-"+name)
	tm := startKiosk(tr.t, data, 100, 32, append(env, extra...)...)
	tm.WaitFor("Employee Self Service")
	return tm, proxies, data
}

func cut(ps []*cutproxy.Proxy, m cutproxy.Mode) {
	for _, p := range ps {
		p.Set(m)
	}
}

// waitScreen waits up to limit for cond to hold for the flattened screen,
// and returns that screen and how long it took.
func waitScreen(tm *term, limit time.Duration, what string, cond func(flat string) bool) (string, time.Duration) {
	tm.t.Helper()
	start := time.Now()
	for {
		s := flat(tm.Screen())
		if cond(s) {
			return s, time.Since(start)
		}
		if time.Since(start) > limit {
			tm.t.Fatalf("waited %v for %s; the screen:\n%s", limit, what, tm.Screen())
		}
		time.Sleep(40 * time.Millisecond)
	}
}

var en = text.For(text.English)

// Both instances cut (black-holed): a sign-in tried then takes the kiosk
// offline within 5 s; the status bar says so, the screen says password
// sign-in is not available, and nothing reaches the service. The link
// back clears it.
func TestFleetOfflineBlackHole(t *testing.T) {
	tr := startTrust(t)
	olu := tr.users[2]
	tm, proxies := tr.cutKiosk(0)
	offline := en.T(text.StatusOffline)
	tm.Never(offline)
	cut(proxies, cutproxy.BlackHole)
	start := time.Now()
	signIn(tm, olu.Username, olu.Password)
	_, _ = waitScreen(tm, 10*time.Second, "Working offline", func(s string) bool { return strings.Contains(s, offline) })
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("working offline %v after the sign-in was tried, want within 5 s", d)
	}
	tm.WaitFor(strings.Join(strings.Fields(en.T(text.OfflinePasswordSignIn)), " "))
	cut(proxies, cutproxy.Pass)
	_, d := waitScreen(tm, 10*time.Second, "online again", func(s string) bool { return !strings.Contains(s, offline) })
	t.Logf("online %v after the link came back", d)
	if n := tr.audited("login.ok", olu.Username); n != 0 {
		t.Errorf("%d sign-ins audited; the kiosk sent one while offline", n)
	}
	tm.Press("Escape") // wipes what was typed
	tm.WaitGone(olu.Username)
	signIn(tm, olu.Username, olu.Password)
	tm.WaitFor("Welcome, " + olu.First)
}

// Both instances refuse while a user is signed in: two missed heartbeats
// (10 s apart) take the kiosk offline. The user is disabled during the
// cut; when the link comes back, the kiosk signs them out from the feed
// caught up before "Working offline" clears.
func TestFleetOfflineRefusedThenDisabled(t *testing.T) {
	tr := startTrust(t)
	olu := tr.users[2]
	tm, proxies := tr.cutKiosk(0)
	signIn(tm, olu.Username, olu.Password)
	tm.WaitFor("Welcome, " + olu.First)
	offline := en.T(text.StatusOffline)
	cut(proxies, cutproxy.Refuse)
	_, d := waitScreen(tm, 30*time.Second, "Working offline", func(s string) bool { return strings.Contains(s, offline) })
	t.Logf("working offline %v after the cut, with no call under way", d)
	tr.run("users", "disable", olu.Username)
	cut(proxies, cutproxy.Pass)
	s, _ := waitScreen(tm, 10*time.Second, "online again", func(s string) bool { return !strings.Contains(s, offline) })
	if !strings.Contains(s, "You were logged out") {
		t.Errorf("online again, and the disabled user is not signed out yet:\n%s", tm.Screen())
	}
}

// cutModes are the two ways a link fails: every connection refused (a
// host down answers at once) and black-holed (a cut cable: nothing
// answers, nothing resets, the kiosk's own deadlines end each try).
var cutModes = []cutproxy.Mode{cutproxy.Refuse, cutproxy.BlackHole}

// oneLine is a catalogue text as flat() shows it, wrapped or not.
func oneLine(id text.ID) string { return strings.Join(strings.Fields(en.T(id)), " ") }

// online waits until the status bar no longer says the kiosk works offline.
func online(tm *term, limit time.Duration) time.Duration {
	tm.t.Helper()
	off := en.T(text.StatusOffline)
	_, d := waitScreen(tm, limit, "online again", func(s string) bool { return !strings.Contains(s, off) })
	return d
}

// signedIn waits for the Portal's welcome of a user.
func signedIn(tm *term, u demoUser) { tm.t.Helper(); tm.WaitFor("Welcome, " + u.First + " " + u.Last) }

// signedOut pulls the card and waits for Login.
func signedOut(tm *term, c *heldCard) {
	tm.t.Helper()
	c.out()
	tm.WaitFor("Employee Self Service")
}

// refusedOut takes a refused card out and waits for the Smartcard
// screen to ask for a card again.
func refusedOut(tm *term, c *heldCard) {
	tm.t.Helper()
	c.out()
	tm.WaitFor("Insert your smartcard")
}
