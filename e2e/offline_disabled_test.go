package e2e

import (
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/cutproxy"
	"github.com/wardkiosk/kiosk/text"
)

// A user disabled at the service during the cut is refused at the kiosk
// as soon as it reconnects, before anything else happens there: the way
// back applies the disable to the kiosk's roster before "Working
// offline" clears. Cut again at once, the kiosk refuses the card itself
// (the service is not asked); with the link back the service refuses it
// too.
func TestFleetOfflineDisabledDuringCut(t *testing.T) {
	for _, mode := range cutModes {
		t.Run(mode.String(), func(t *testing.T) { offlineDisabledDuringCut(t, mode) })
	}
}

func offlineDisabledDuringCut(t *testing.T, mode cutproxy.Mode) {
	ct := startCardTrust(t)
	jane := ct.users[0]
	tm, proxies, data := ct.cardKiosk(1)
	signedOut(tm, func() *heldCard { c := ct.cardSignIn(tm, jane.Username, 0); signedIn(tm, jane); return c }())
	// Jane's card on the roster: TestFleetOfflineCardSignIn cuts right
	// after the online sign-in; this test is about the disable.
	ct.syncRoster(data)

	// During the cut Jane's card still signs her in offline; then she is
	// disabled at the service.
	cut(proxies, mode)
	c := ct.cardSignIn(tm, jane.Username, 0)
	signedIn(tm, jane)
	tm.WaitFor(en.T(text.StatusOffline))
	signedOut(tm, c)
	ct.run("users", "disable", jane.Username)

	cut(proxies, cutproxy.Pass)
	d := online(tm, 30*time.Second)
	t.Logf("%s: online %v after the link came back", mode, d)
	cut(proxies, mode)
	c = ct.cardSignIn(tm, jane.Username, 0)
	tm.WaitFor(en.T(text.CardAccount))
	tm.Never("Welcome")
	tm.WaitFor(en.T(text.StatusOffline)) // refused by the kiosk, offline
	refusedOut(tm, c)

	cut(proxies, cutproxy.Pass)
	online(tm, 30*time.Second)
	c = ct.cardSignIn(tm, jane.Username, 0)
	tm.WaitFor(en.T(text.CardAccount))
	tm.Never("Welcome")
	refusedOut(tm, c)
	if n := ct.audited(auth.ActLoginOK, jane.Username); n != 2 {
		t.Errorf("%d sign-ins of %s audited, want the online one and the offline one before the disable", n, jane.Username)
	}
}
