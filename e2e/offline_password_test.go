package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/cutproxy"
	"github.com/wardkiosk/kiosk/text"
)

// With offline.password = true, a user who signed in online at this
// kiosk (within offline.password_window, 24 h) signs in offline with the
// same password through the real binary; a user who never signed in
// here is refused with the words of any failed sign-in. Neither reaches
// the service until the link is back; then both do, once.
func TestFleetOfflinePasswordSignIn(t *testing.T) {
	for _, mode := range cutModes {
		t.Run(mode.String(), func(t *testing.T) { offlinePasswordSignIn(t, mode) })
	}
}

func offlinePasswordSignIn(t *testing.T, mode cutproxy.Mode) {
	tr := startTrust(t)
	olu, wei := tr.users[2], tr.users[4]
	tm, proxies, _ := tr.cutKioskWith(0, "KIOSK_OFFLINE_PASSWORD=true")
	signIn(tm, olu.Username, olu.Password)
	signedIn(tm, olu)
	tm.Press("BTab", "Enter") // Log out
	tm.WaitFor("Employee Self Service")

	cut(proxies, mode)
	start := time.Now()
	signIn(tm, olu.Username, olu.Password)
	signedIn(tm, olu)
	t.Logf("%s: signed in offline %v after the cut", mode, time.Since(start))
	tm.WaitFor(en.T(text.StatusOffline))
	tm.Press("BTab", "Enter")
	tm.WaitFor(oneLine(text.OfflinePasswordOffered))

	signIn(tm, wei.Username, wei.Password)
	tm.WaitFor(failedMsg)
	tm.Never("Welcome")
	if n := tr.audited(auth.ActLoginOK, olu.Username); n != 1 {
		t.Errorf("%d sign-ins of %s audited during the cut, want the online one", n, olu.Username)
	}

	cut(proxies, cutproxy.Pass)
	online(tm, 30*time.Second)
	waitUntil(t, 30*time.Second, "the offline sign-in audited", func() bool {
		return tr.audited(auth.ActLoginOK, olu.Username) == 2
	})
	// A name the kiosk does not know is kept out of the audit, as online.
	if n := tr.audited(auth.ActLoginFailed, ""); n != 1 {
		t.Errorf("%d failed sign-ins audited, want Wei's offline one", n)
	}
}

// A password reset at another kiosk while this one is cut deletes the
// verifier this kiosk derived: once it is back online and cut again,
// neither the old password nor the new one signs in offline here (the
// new one has not been typed here online).
func TestFleetOfflinePasswordResetElsewhere(t *testing.T) {
	tr := startTrust(t)
	wei := tr.users[4]
	tm, proxies, _ := tr.cutKioskWith(0, "KIOSK_OFFLINE_PASSWORD=true")
	signIn(tm, wei.Username, wei.Password)
	signedIn(tm, wei)
	tm.Press("BTab", "Enter") // Log out
	tm.WaitFor("Employee Self Service")
	cut(proxies, cutproxy.Refuse)

	// The reset, through kiosk 3's client of the service.
	ctx := context.Background()
	k3 := tr.client(2, "ba")
	if err := k3.ForgotPassword(ctx, "", wei.Username, "wei.chen@example.nhs.uk"); err != nil {
		t.Fatal(err)
	}
	tr.mail.WaitCount(t, 1, 15*time.Second)
	code := firstCode(t, tr.mail)
	const newPassword = "Juniper-Velvet-Mist-73"
	if _, err := k3.Reset(ctx, "", code, wei.Username, newPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	// Still cut, the kiosk knows nothing of it: the old password works.
	signIn(tm, wei.Username, wei.Password)
	signedIn(tm, wei)
	tm.Press("BTab", "Enter")
	tm.WaitFor("Employee Self Service")

	cut(proxies, cutproxy.Pass)
	online(tm, 30*time.Second)
	cut(proxies, cutproxy.Refuse)
	for _, pw := range []string{wei.Password, newPassword} {
		signIn(tm, wei.Username, pw)
		tm.WaitFor(failedMsg)
		tm.Never("Welcome")
		tm.Press("Escape") // wipes what was typed
		tm.WaitGone(wei.Username)
	}
	tm.WaitFor(en.T(text.StatusOffline))
}
