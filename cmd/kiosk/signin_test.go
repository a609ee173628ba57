package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/remote"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/text"
)

// calls records what a fake was asked, in order.
type calls struct {
	mu  sync.Mutex
	log []string
}

func (c *calls) add(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.log = append(c.log, fmt.Sprintf(format, args...))
}

func (c *calls) list() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.log...)
}

// fakeService is the Trust's service as the wrapper sees it: offline as
// the test says, answering sign-ins with err or a session. What the
// wrapper must not reach is the nil screens.Auth: calling it panics.
type fakeService struct {
	screens.Auth
	calls
	offline bool
	err     error // the answer to a sign-in
}

func (f *fakeService) Offline() bool { return f.offline }

func (f *fakeService) Login(ctx context.Context, terminal, username, password string) (auth.Session, error) {
	f.add("service.Login %s", username)
	if f.err != nil {
		return auth.Session{}, f.err
	}
	return session(username, "password"), nil
}

func (f *fakeService) Logout(ctx context.Context, sess auth.Session, reason string) error {
	f.add("service.Logout %s %s", sess.User.Username, reason)
	return nil
}

func (f *fakeService) CardLogin(ctx context.Context, reader, passcode string) (auth.Session, error) {
	f.add("service.CardLogin %s", reader)
	if f.err != nil {
		return auth.Session{}, f.err
	}
	return session("382JSMITH01", "smartcard"), nil
}

func (f *fakeService) CardRemoved(ctx context.Context, sess auth.Session, action string) error {
	f.add("service.CardRemoved %s %s", sess.User.Username, action)
	return nil
}

func (f *fakeService) ChangePassword(ctx context.Context, sess auth.Session, current, password, confirm string) error {
	f.add("service.ChangePassword %s", sess.User.Username)
	return nil
}

// fakeGate is the offline gate, offering what the test says.
type fakeGate struct {
	calls
	card, password bool
	keepErr        error // SignedInOnline's answer
}

func (g *fakeGate) Login(ctx context.Context, username, password string) (auth.Session, error) {
	g.add("gate.Login %s", username)
	return session(username, "offline-password"), nil
}

func (g *fakeGate) CardLogin(ctx context.Context, reader, passcode string) (auth.Session, error) {
	g.add("gate.CardLogin %s", reader)
	return session("382JSMITH01", "offline-smartcard"), nil
}

func (g *fakeGate) SignedInOnline(ctx context.Context, sess auth.Session, password string) error {
	g.add("gate.SignedInOnline %s %s %q", sess.User.Username, sess.Method, password)
	return g.keepErr
}

func (g *fakeGate) CardOffered(context.Context) bool     { return g.card }
func (g *fakeGate) PasswordOffered(context.Context) bool { return g.password }

var sessionAt = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func session(username, method string) auth.Session {
	return auth.Session{User: auth.User{Username: username}, Terminal: "WARD7-T1", Method: method, At: sessionAt}
}

const typed = "Brisk-Owl-Lamp-48"

// wrapped is a signIn over fakes and a real outbox, logging to a buffer.
func wrapped(t *testing.T, svc *fakeService, g *fakeGate) (*signIn, *kiosklocal.DB, *bytes.Buffer) {
	t.Helper()
	db, err := kiosklocal.Open(context.Background(), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var logged bytes.Buffer
	return newSignIn(svc, g, db, slog.New(slog.NewTextHandler(&logged, nil))), db, &logged
}

// outboxKinds are the outbox's events as "kind subject detail".
func outboxKinds(t *testing.T, db *kiosklocal.DB) []string {
	t.Helper()
	evs, err := db.Events(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		out = append(out, e.Kind+" "+e.Subject+" "+e.Detail)
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Online, a password sign-in goes to the service, and then to the gate
// with the password typed, so that the kiosk can keep a verifier; the
// gate's failure is logged without the password and costs no sign-in.
// The session's logout goes to the service; the outbox stays empty.
func TestSignInOnlinePassword(t *testing.T) {
	ctx := context.Background()
	svc := &fakeService{}
	g := &fakeGate{password: true, keepErr: errors.New("verifier not kept")}
	s, db, logged := wrapped(t, svc, g)
	sess, err := s.Login(ctx, "WARD7-T1", "382JSMITH01", typed)
	if err != nil || sess.Method != "password" {
		t.Fatalf("Login: %+v, %v", sess, err)
	}
	s.wait()
	if got, want := g.list(), []string{`gate.SignedInOnline 382JSMITH01 password "` + typed + `"`}; !equal(got, want) {
		t.Errorf("the gate heard %q, want %q", got, want)
	}
	if !bytes.Contains(logged.Bytes(), []byte("verifier not kept")) {
		t.Errorf("the gate's failure is not logged: %q", logged.String())
	}
	if bytes.Contains(logged.Bytes(), []byte(typed)) {
		t.Errorf("the password is in the log: %q", logged.String())
	}
	if err := s.Logout(ctx, sess, auth.LogoutByUser); err != nil {
		t.Fatal(err)
	}
	if got, want := svc.list(), []string{"service.Login 382JSMITH01", "service.Logout 382JSMITH01 " + auth.LogoutByUser}; !equal(got, want) {
		t.Errorf("the service heard %q, want %q", got, want)
	}
	if evs := outboxKinds(t, db); len(evs) != 0 {
		t.Errorf("an online session put %q in the outbox", evs)
	}
}

// Online, a refusal is the service's answer: the gate is not asked, and
// keeps nothing.
func TestSignInOnlineRefusalStaysOnline(t *testing.T) {
	svc := &fakeService{err: &auth.LoginError{}}
	g := &fakeGate{password: true, card: true}
	s, _, _ := wrapped(t, svc, g)
	if _, err := s.Login(context.Background(), "WARD7-T1", "382JSMITH01", "wrong"); !errors.Is(err, auth.ErrLoginFailed) {
		t.Errorf("Login: %v, want the service's refusal", err)
	}
	if _, err := s.CardLogin(context.Background(), "Reader 0", "123456"); !errors.Is(err, auth.ErrLoginFailed) {
		t.Errorf("CardLogin: %v, want the service's refusal", err)
	}
	s.wait()
	if got := g.list(); len(got) != 0 {
		t.Errorf("the gate heard %q", got)
	}
}

// Online, a card sign-in goes to the service, then to the gate with no
// password.
func TestSignInOnlineCard(t *testing.T) {
	svc := &fakeService{}
	g := &fakeGate{card: true}
	s, _, _ := wrapped(t, svc, g)
	if _, err := s.CardLogin(context.Background(), "Reader 0", "123456"); err != nil {
		t.Fatal(err)
	}
	s.wait()
	if got, want := g.list(), []string{`gate.SignedInOnline 382JSMITH01 smartcard ""`}; !equal(got, want) {
		t.Errorf("the gate heard %q, want %q", got, want)
	}
}

// Offline, sign-ins go to the gate when it offers them, and never to the
// service; those sessions' logout and card removal go to the outbox.
func TestSignInOffline(t *testing.T) {
	ctx := context.Background()
	svc := &fakeService{offline: true}
	g := &fakeGate{password: true, card: true}
	s, db, _ := wrapped(t, svc, g)
	pw, err := s.Login(ctx, "WARD7-T1", "382JSMITH01", typed)
	if err != nil || pw.Method != "offline-password" {
		t.Fatalf("Login: %+v, %v", pw, err)
	}
	card, err := s.CardLogin(ctx, "Reader 0", "123456")
	if err != nil || card.Method != "offline-smartcard" {
		t.Fatalf("CardLogin: %+v, %v", card, err)
	}
	if err := s.CardRemoved(ctx, card, "lock"); err != nil {
		t.Fatal(err)
	}
	if err := s.Logout(ctx, card, auth.LogoutIdle); err != nil {
		t.Fatal(err)
	}
	if err := s.Logout(ctx, pw, auth.LogoutByUser); err != nil {
		t.Fatal(err)
	}
	if got := svc.list(); len(got) != 0 {
		t.Errorf("offline, the service heard %q", got)
	}
	if got, want := g.list(), []string{"gate.Login 382JSMITH01", "gate.CardLogin Reader 0"}; !equal(got, want) {
		t.Errorf("the gate heard %q, want %q", got, want)
	}
	want := []string{auth.ActCardRemoved + " 382JSMITH01 card_removal=lock", auth.ActLogout + " 382JSMITH01 " + auth.LogoutIdle,
		auth.ActLogout + " 382JSMITH01 " + auth.LogoutByUser}
	if got := outboxKinds(t, db); !equal(got, want) {
		t.Errorf("the outbox holds %q, want %q", got, want)
	}
	if n, err := db.Verify(ctx); err != nil || n != 3 {
		t.Errorf("the outbox's chain: %d, %v", n, err)
	}
	// A session logged out is forgotten: a second logout of it is the
	// service's, which refuses a session it never granted.
	if err := s.Logout(ctx, pw, auth.LogoutByUser); err != nil {
		t.Fatal(err)
	}
	if got := svc.list(); len(got) != 1 {
		t.Errorf("a second logout: the service heard %q", got)
	}
}

// Offline, what the gate does not offer is refused with remote.ErrOffline
// and reaches neither the gate nor the service.
func TestSignInOfflineNotOffered(t *testing.T) {
	svc := &fakeService{offline: true}
	g := &fakeGate{}
	s, _, _ := wrapped(t, svc, g)
	if _, err := s.Login(context.Background(), "WARD7-T1", "382JSMITH01", typed); !errors.Is(err, remote.ErrOffline) {
		t.Errorf("Login: %v, want remote.ErrOffline", err)
	}
	if _, err := s.CardLogin(context.Background(), "Reader 0", "123456"); !errors.Is(err, remote.ErrOffline) {
		t.Errorf("CardLogin: %v, want remote.ErrOffline", err)
	}
	if got := append(svc.list(), g.list()...); len(got) != 0 {
		t.Errorf("heard %q", got)
	}
}

// A sign-in that finds the service unreachable goes on through the gate
// when it offers that method, and that session is an offline one.
func TestSignInFallsBackWhenTheServiceIsGone(t *testing.T) {
	ctx := context.Background()
	svc := &fakeService{err: fmt.Errorf("%w: dial tcp: refused", remote.ErrUnavailable)}
	g := &fakeGate{card: true}
	s, db, _ := wrapped(t, svc, g)
	card, err := s.CardLogin(ctx, "Reader 0", "123456")
	if err != nil || card.Method != "offline-smartcard" {
		t.Fatalf("CardLogin: %+v, %v", card, err)
	}
	// Password sign-in is not offered: the service's failure stands as
	// the offline refusal.
	if _, err := s.Login(ctx, "WARD7-T1", "382JSMITH01", typed); !errors.Is(err, remote.ErrOffline) {
		t.Errorf("Login: %v, want remote.ErrOffline", err)
	}
	if err := s.Logout(ctx, card, auth.LogoutByUser); err != nil {
		t.Fatal(err)
	}
	if got, want := svc.list(), []string{"service.CardLogin Reader 0", "service.Login 382JSMITH01"}; !equal(got, want) {
		t.Errorf("the service heard %q, want %q", got, want)
	}
	if got := outboxKinds(t, db); len(got) != 1 || got[0] != auth.ActLogout+" 382JSMITH01 "+auth.LogoutByUser {
		t.Errorf("the outbox holds %q", got)
	}
}

// The screens ask whether offline sign-in is offered at every frame: the
// gate is asked at most once a second.
func TestOffersAskTheGateOnceASecond(t *testing.T) {
	g := &countingGate{fakeGate: fakeGate{card: true}}
	now := sessionAt
	o := &offers{ctx: context.Background(), gate: g, now: func() time.Time { return now }}
	for range 100 {
		if !o.Card() || o.Password() {
			t.Fatal("the offers are not the gate's")
		}
	}
	if g.n != 1 {
		t.Errorf("the gate was asked %d times in a frame-filled second", g.n)
	}
	g.password = true
	now = now.Add(time.Second)
	if !o.Password() || g.n != 2 {
		t.Errorf("a second later: password %v after %d asks", o.Password(), g.n)
	}
}

type countingGate struct {
	fakeGate
	n int
}

func (g *countingGate) CardOffered(ctx context.Context) bool {
	g.n++
	return g.fakeGate.CardOffered(ctx)
}

// A session the gate granted cannot change its password, even once the
// kiosk is back online: the service never saw it. The screen says why
// and what to do; the service hears nothing. A session the service
// granted changes its password there.
func TestSignedInOfflineCannotChangePassword(t *testing.T) {
	ctx := context.Background()
	svc := &fakeService{offline: true}
	s, _, _ := wrapped(t, svc, &fakeGate{password: true})
	local, err := s.Login(ctx, "WARD7-T1", "382JSMITH01", typed)
	if err != nil {
		t.Fatal(err)
	}
	svc.offline = false // back online
	err = s.ChangePassword(ctx, local, typed, "New-Brisk-Owl-59", "New-Brisk-Owl-59")
	if m, ok := text.ForError(err); !ok || m.ID != text.OfflineSessionChangePassword {
		t.Errorf("ChangePassword of an offline session: %v, want the offline-session words", err)
	}
	if got := svc.list(); len(got) != 0 {
		t.Errorf("the service heard %q", got)
	}
	online, err := s.Login(ctx, "WARD7-T1", "382JSMITH02", typed)
	if err != nil {
		t.Fatal(err)
	}
	s.wait()
	if err := s.ChangePassword(ctx, online, typed, "New-Brisk-Owl-59", "New-Brisk-Owl-59"); err != nil {
		t.Fatal(err)
	}
	if got := svc.list(); len(got) != 2 || got[1] != "service.ChangePassword 382JSMITH02" {
		t.Errorf("the service heard %q", got)
	}
}
