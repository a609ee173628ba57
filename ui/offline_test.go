package ui

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/screens"
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
