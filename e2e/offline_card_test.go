package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/cutproxy"
	"github.com/wardkiosk/kiosk/text"
)

// A card user signs in online at kiosk 2; both instances are cut; within
// 5 s of the cut the same user's card signs them in offline, to the
// Portal. A user who never signed in on the ward is refused, and so is a
// card revoked at the service before the cut. When the link is back the
// service audits each of them once, at kiosk 2.
func TestFleetOfflineCardSignIn(t *testing.T) {
	for _, mode := range cutModes {
		t.Run(mode.String(), func(t *testing.T) { offlineCardSignIn(t, mode) })
	}
}

func offlineCardSignIn(t *testing.T, mode cutproxy.Mode) {
	ct := startCardTrust(t)
	jane, amir, olu := ct.users[0], ct.users[1], ct.users[2]
	tm, proxies, data := ct.cardKiosk(1)
	name := fleetTerminals[1].Name

	// Online: Amir signs in with his card on Ward 7, then his card is
	// revoked at the service, and the kiosk syncs its roster after it.
	signedOut(tm, func() *heldCard { c := ct.cardSignIn(tm, amir.Username, 1); signedIn(tm, amir); return c }())
	before := lastSync(t, data)
	ct.run("cards", "revoke", ct.cardID(amir.Username))
	waitUntil(t, 10*time.Second, "the roster synced after the revocation", func() bool { return lastSync(t, data).After(before) })

	// Jane signs in with her card online, which has the kiosk sync its
	// roster (only the service's roster names her card); then both
	// instances are cut.
	before = lastSync(t, data)
	signedOut(tm, func() *heldCard { c := ct.cardSignIn(tm, jane.Username, 0); signedIn(tm, jane); return c }())
	waitUntil(t, 10*time.Second, "the roster synced after the online sign-in", func() bool { return lastSync(t, data).After(before) })
	cut(proxies, mode)
	start := time.Now()
	c := ct.cardSignIn(tm, jane.Username, 0)
	welcome := "Welcome, " + jane.First + " " + jane.Last
	screen, _ := waitScreen(tm, 15*time.Second, "Jane signed in or refused", func(s string) bool {
		return strings.Contains(s, welcome) || strings.Contains(s, oneLine(text.OfflineNotOnRoster))
	})
	offlineOK := strings.Contains(screen, welcome)
	if d := time.Since(start); !offlineOK {
		// Not fatal: the refusals below are checked all the same.
		t.Errorf("%s: %s, signed in online just before the cut, is refused offline:\n%s", mode, jane.Username, tm.Screen())
		refusedOut(tm, c)
	} else {
		t.Logf("%s: signed in offline %v after the cut", mode, d)
		if d > 5*time.Second {
			t.Errorf("%s: the offline card sign-in came %v after the cut, want within 5 s", mode, d)
		}
		tm.WaitFor(en.T(text.StatusOffline))
		signedOut(tm, c)
	}

	// Olu never signed in on Ward 7: the kiosk offers card sign-in
	// offline, and refuses Olu's card.
	c = ct.insert(olu.Username, 0)
	tm.WaitFor("Enter your passcode")
	tm.WaitFor(oneLine(text.OfflineCardOffered))
	tm.Type("123456")
	tm.Press("Enter")
	tm.WaitFor(oneLine(text.OfflineNotOnRoster))
	tm.Never("Welcome")
	refusedOut(tm, c)

	// Amir's card was revoked before the cut: the kiosk says so, or, its
	// roster synced since without the card, that it cannot sign him in.
	c = ct.cardSignIn(tm, amir.Username, 1)
	waitScreen(tm, 10*time.Second, "Amir's card refused", func(s string) bool {
		return strings.Contains(s, en.T(text.CardWithdrawn)) || strings.Contains(s, oneLine(text.OfflineNotOnRoster))
	})
	tm.Never("Welcome")
	refusedOut(tm, c)

	// The link back: the offline sign-in and both refusals reach the
	// service, once each, from kiosk 2.
	cut(proxies, cutproxy.Pass)
	online(tm, 30*time.Second)
	st := ct.service()
	// A card not on the kiosk's roster is refused naming nobody.
	waitUntil(t, 30*time.Second, "the offline events held", func() bool {
		return ct.audited(auth.ActCardLoginFailed, "") >= 2
	})
	if n := ct.audited(auth.ActLoginOK, jane.Username); offlineOK && n != 2 {
		t.Errorf("%d sign-ins of %s audited, want the online one and the offline one", n, jane.Username)
	}
	if n := ct.audited(auth.ActCardLoginFailed, ""); offlineOK && n != 2 {
		t.Errorf("%d card refusals audited, want Olu's and Amir's", n)
	}
	if n := kioskEvents(t, st, name); n == 0 {
		t.Errorf("no events from %s held", name)
	}
}
