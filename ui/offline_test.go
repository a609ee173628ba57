package ui

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
)

// sendSpy counts the requests the screens send that need the Trust's
// service; what it passes on reaches the fixture's service.
type sendSpy struct {
	screens.Auth
	sent *atomic.Int32
}

func (s sendSpy) Login(ctx context.Context, term, user, pw string) (auth.Session, error) {
	s.sent.Add(1)
	return s.Auth.Login(ctx, term, user, pw)
}

func (s sendSpy) ForgotPassword(ctx context.Context, term, user, email string) error {
	s.sent.Add(1)
	return s.Auth.ForgotPassword(ctx, term, user, email)
}

func (s sendSpy) ForgotUsername(ctx context.Context, term, email string, dob time.Time) error {
	s.sent.Add(1)
	return s.Auth.ForgotUsername(ctx, term, email, dob)
}

func (s sendSpy) Reset(ctx context.Context, term, code, user, pw, confirm string) (auth.User, error) {
	s.sent.Add(1)
	return s.Auth.Reset(ctx, term, code, user, pw, confirm)
}

func (s sendSpy) ChangePassword(ctx context.Context, sess auth.Session, cur, pw, confirm string) error {
	s.sent.Add(1)
	return s.Auth.ChangePassword(ctx, sess, cur, pw, confirm)
}

// offlineHarness is a kiosk whose offline state the test sets, counting
// the requests its screens send.
func offlineHarness(t *testing.T) (*harness, *atomic.Bool, *atomic.Int32) {
	t.Helper()
	var offline atomic.Bool
	var sent atomic.Int32
	hs := newHarness(t, 100, 30, withOffline(offline.Load),
		withAuth(func(a screens.Auth) screens.Auth { return sendSpy{a, &sent} }))
	return hs, &offline, &sent
}

// The status bar says "Working offline" while the kiosk is, and no more
// once it is back; Login says password sign-in is not available, the
// same whatever was typed, and sends nothing.
func TestWorkingOffline(t *testing.T) {
	t.Parallel()
	hs, offline, sent := offlineHarness(t)
	status := en.T(text.StatusOffline)
	if hs.Has(status) {
		t.Fatalf("online, the status bar says %q", status)
	}
	offline.Store(true)
	hs.WaitFor(status)
	hs.WaitFor(en.T(text.OfflinePasswordSignIn))
	for _, who := range []string{hs.fx.jane.Username, "382NOBODY01"} {
		hs.Type(who)
		hs.Press("tab")
		hs.Type("Not-Her-Password-1")
		hs.Press("enter")
		hs.Sync()
		if !hs.Has(en.T(text.OfflinePasswordSignIn)) || hs.Has(en.T(text.LoginFailed)) {
			t.Errorf("offline sign-in as %s: the screen shows\n%s", who, hs.Screen())
		}
		hs.Press("esc") // wipes what was typed
		hs.Sync()
	}
	if n := sent.Load(); n != 0 {
		t.Errorf("%d sign-ins sent while offline", n)
	}
	offline.Store(false)
	hs.WaitGone(status)
	hs.WaitGone(en.T(text.OfflinePasswordSignIn))
	hs.signIn(hs.fx.jane.Username, janePassword)
	if sent.Load() != 1 {
		t.Errorf("online again: %d sign-ins sent, want 1", sent.Load())
	}
}

// Login Assistance and Reset say they need the network and what to do,
// and send nothing while offline.
func TestAssistanceAndResetOffline(t *testing.T) {
	t.Parallel()
	hs, offline, sent := offlineHarness(t)
	hs.toAssistance()
	offline.Store(true)
	hs.WaitFor(en.T(text.OfflineAssistance))
	hs.Type(hs.fx.jane.Username)
	hs.Press("tab")
	hs.Type(janeEmail)
	hs.Press("enter") // Forgot password
	hs.Sync()
	if !hs.Has(en.T(text.OfflineAssistance)) || hs.Has(en.T(text.SentCode)) {
		t.Errorf("Forgot password offline: the screen shows\n%s", hs.Screen())
	}
	hs.FocusOn("< I have a reset code >", assistItems)
	hs.Press("enter")
	hs.WaitFor(en.T(text.ResetTitle))
	hs.WaitFor(en.T(text.OfflineReset))
	hs.fillReset("AAAA-BBBB-CCCC", hs.fx.jane.Username, newPassword, newPassword)
	hs.Press("enter")
	hs.Sync()
	if !hs.Has(en.T(text.OfflineReset)) {
		t.Errorf("Reset offline: the screen shows\n%s", hs.Screen())
	}
	if n := sent.Load(); n != 0 || hs.fx.outbox(t) != 0 {
		t.Errorf("offline: %d requests sent, %d emails queued", n, hs.fx.outbox(t))
	}
}

// Change password says it needs the network, and sends nothing.
func TestChangePasswordOffline(t *testing.T) {
	t.Parallel()
	hs, offline, sent := offlineHarness(t)
	hs.toChangePassword()
	offline.Store(true)
	hs.WaitFor(en.T(text.OfflineChangePassword))
	hs.fillChange(janePassword, newPassword, newPassword)
	hs.Press("enter")
	hs.Sync()
	if !hs.Has(en.T(text.OfflineChangePassword)) || hs.Has(en.T(text.ChangeDone)) {
		t.Errorf("Change password offline: the screen shows\n%s", hs.Screen())
	}
	if n := sent.Load(); n != 1 { // the sign-in before the cut
		t.Errorf("%d requests sent, want only the sign-in", n)
	}
}

// offlineSignInHarness is a kiosk working offline whose gate offers card
// and password sign-in while the flags returned say so; cards counts the
// card sign-ins tried and signs Jane in.
func offlineSignInHarness(t *testing.T, opts ...option) (hs *harness, card, password *atomic.Bool, sent *atomic.Int32, cards *cardSpy) {
	t.Helper()
	var offline atomic.Bool
	offline.Store(true)
	card, password, sent = new(atomic.Bool), new(atomic.Bool), new(atomic.Int32)
	cards = &cardSpy{}
	hs = newHarness(t, 100, 30, append([]option{withOffline(offline.Load), withOfflineSignIn(card.Load, password.Load),
		withCardSignIn(cards), withAuth(func(a screens.Auth) screens.Auth { return sendSpy{a, sent} })}, opts...)...)
	cards.jane = hs.fx.jane
	return hs, card, password, sent, cards
}

// cardSpy is card sign-in that counts its tries and signs Jane in.
type cardSpy struct {
	tried atomic.Int32
	jane  auth.User
}

func (c *cardSpy) CardLogin(ctx context.Context, reader, passcode string) (auth.Session, error) {
	c.tried.Add(1)
	return auth.Session{User: c.jane, Terminal: terminalName, Method: "smartcard", At: time.Now()}, nil
}

func (c *cardSpy) CardRemoved(ctx context.Context, sess auth.Session, action string) error {
	return nil
}

// Offline with the gate offering password sign-in, Login says for whom
// it goes on instead of refusing, and sends the sign-in: a wrong password
// is refused as online, the right one reaches the portal. Once the gate
// stops offering it, Login refuses again and sends nothing.
func TestOfflinePasswordSignInOffered(t *testing.T) {
	t.Parallel()
	hs, _, password, sent, _ := offlineSignInHarness(t)
	hs.WaitFor(en.T(text.StatusOffline))
	hs.WaitFor(en.T(text.OfflinePasswordSignIn))
	password.Store(true)
	hs.WaitFor(en.T(text.OfflinePasswordOffered))
	if hs.Has(en.T(text.OfflinePasswordSignIn)) {
		t.Fatalf("password sign-in offered offline, yet Login refuses it:\n%s", hs.Screen())
	}
	hs.Type(hs.fx.jane.Username)
	hs.Press("tab")
	hs.failSignIn("Not-Her-Password-1")
	hs.WaitFor(en.T(text.LoginFailed))
	if n := sent.Load(); n != 1 {
		t.Fatalf("%d sign-ins sent, want 1", n)
	}
	hs.Type(janePassword)
	hs.Press("enter")
	hs.WaitFor("Signed in:")
	hs.Send(screens.SignOut{})
	hs.WaitFor(en.T(text.LoginTitle))
	password.Store(false)
	hs.WaitFor(en.T(text.OfflinePasswordSignIn))
	hs.Type(hs.fx.jane.Username)
	hs.Press("tab")
	hs.Type(janePassword)
	hs.Press("enter")
	hs.Sync()
	if !hs.Has(en.T(text.OfflinePasswordSignIn)) || hs.Has("Signed in:") {
		t.Errorf("password sign-in no longer offered: the screen shows\n%s", hs.Screen())
	}
	if n := sent.Load(); n != 2 {
		t.Errorf("%d sign-ins sent, want the 2 made while it was offered", n)
	}
}

// Offline, the Smartcard screen says first whether a card can sign in:
// not available (and nothing is tried, so the card keeps its passcode
// tries) until the gate offers it, then for this ward's staff, and the
// card signs in.
func TestOfflineCardSignIn(t *testing.T) {
	t.Parallel()
	events := make(chan smartcard.Event, 1)
	hs, card, _, _, cards := offlineSignInHarness(t, withCards(events))
	events <- smartcard.Event{Kind: smartcard.CardInserted, Reader: "Reader 0"}
	hs.WaitFor(en.T(text.CardEnterPasscode))
	hs.WaitFor(en.T(text.OfflineCardSignIn))
	hs.Type("123456")
	hs.Press("enter")
	hs.Sync()
	hs.WaitField(en.T(text.FieldPasscode), "") // the passcode is not kept
	if !hs.Has(en.T(text.OfflineCardSignIn)) || hs.Has("Signed in:") {
		t.Fatalf("card sign-in not offered: the screen shows\n%s", hs.Screen())
	}
	if n := cards.tried.Load(); n != 0 {
		t.Fatalf("%d card sign-ins tried while not offered", n)
	}
	card.Store(true)
	hs.WaitFor(en.T(text.OfflineCardOffered))
	hs.Type("123456")
	hs.Press("enter")
	hs.WaitFor("Signed in:")
	if n := cards.tried.Load(); n != 1 {
		t.Errorf("%d card sign-ins tried, want 1", n)
	}
}

// Online, neither screen speaks of offline sign-in, whatever the gate
// would offer.
func TestOnlineSaysNothingOfOfflineSignIn(t *testing.T) {
	t.Parallel()
	events := make(chan smartcard.Event, 1)
	var offline, yes atomic.Bool
	yes.Store(true)
	hs := newHarness(t, 100, 30, withOffline(offline.Load), withOfflineSignIn(yes.Load, yes.Load), withCards(events))
	hs.Sync()
	for _, id := range []text.ID{text.OfflinePasswordOffered, text.OfflinePasswordSignIn} {
		if hs.Has(en.T(id)) {
			t.Errorf("online, Login says %q", en.T(id))
		}
	}
	events <- smartcard.Event{Kind: smartcard.CardInserted, Reader: "Reader 0"}
	hs.WaitFor(en.T(text.CardEnterPasscode))
	for _, id := range []text.ID{text.OfflineCardOffered, text.OfflineCardSignIn} {
		if hs.Has(en.T(id)) {
			t.Errorf("online, Smartcard says %q", en.T(id))
		}
	}
}
