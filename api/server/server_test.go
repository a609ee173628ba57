package server_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
)

func login(f *fixture, c kioskv1connect.KioskServiceClient, user, pass string) (*kioskv1.Session, error) {
	f.t.Helper()
	res, err := c.Login(f.ctx, connect.NewRequest(&kioskv1.LoginRequest{Username: user, Password: pass}))
	if err != nil {
		return nil, err
	}
	return res.Msg.GetSession(), nil
}

// Password sign-in through the API signs in at the certificate's
// terminal; a wrong password and an unknown user come back as the one
// error the Login screen shows standalone, with the same words.
func TestPasswordSignInThroughTheAPI(t *testing.T) {
	f := newFixture(t, fastArgon)
	c := f.client(f.register("WARD7-T1", "Ward7"))

	sess, err := login(f, c, strings.ToLower(f.user.Username), goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if u := sess.GetUser(); u.GetUsername() != f.user.Username || u.GetFirstName() != "Jane" ||
		sess.GetTerminal() != "WARD7-T1" || sess.GetMethod() != "password" || sess.GetToken() == "" ||
		u.GetLanguage() != "en" {
		t.Errorf("session %+v", sess)
	}
	// The session carries the user's language: their portal speaks it.
	sian, err := f.svc.CreateUser(f.ctx, auth.Actor{Name: "test"}, auth.NewUser{FirstName: "Siân", LastName: "Prys",
		Email: "sian.prys@example.nhs.uk", DOB: time.Date(1980, 5, 6, 0, 0, 0, 0, time.UTC), Password: goodPassword,
		Language: text.Welsh})
	if err != nil {
		t.Fatal(err)
	}
	if s, err := login(f, c, sian.Username, goodPassword); err != nil || s.GetUser().GetLanguage() != "cy" {
		t.Errorf("a Welsh speaker's session: %+v, %v; want language cy", s, err)
	}

	_, standalone := f.svc.Login(f.ctx, "LOCAL", f.user.Username, "Wrong-Guess-Again-58")
	want, _ := text.ForError(standalone)
	for _, who := range []string{f.user.Username, "382NOBODY01"} {
		_, err := login(f, c, who, "Wrong-Guess-Again-58")
		if connect.CodeOf(err) != connect.CodeUnauthenticated {
			t.Fatalf("%s: %v, want Unauthenticated", who, err)
		}
		back := wire.AuthError(err)
		var le *auth.LoginError
		if !errors.As(back, &le) || !errors.Is(back, auth.ErrLoginFailed) {
			t.Fatalf("%s: %v came back as %T, want *auth.LoginError", who, err, back)
		}
		if got, ok := text.ForError(back); !ok || got.ID != want.ID {
			t.Errorf("%s: the screen would show %q, standalone %q", who, got.ID, want.ID)
		}
		// Nothing beyond the reason travels: not the core's own text.
		if msg := err.(*connect.Error).Message(); msg != string(text.LoginFailed) {
			t.Errorf("%s: message %q says more than the reason", who, msg)
		}
	}
}

// The terminal in every audit row is the certificate's: a session token
// granted to one terminal is refused from another, and a sign-in's row
// names the terminal whose certificate made the call.
func TestTerminalComesFromTheCertificate(t *testing.T) {
	f := newFixture(t, fastArgon)
	t1 := f.client(f.register("WARD7-T1", "Ward7"))
	t3 := f.client(f.register("WARD8-T3", "Ward8"))

	sess, err := login(f, t3, f.user.Username, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := login(f, t3, f.user.Username, "Wrong-Guess-Again-58"); err == nil {
		t.Fatal("a wrong password signed in")
	}
	for _, action := range []string{auth.ActLoginOK, auth.ActLoginFailed} {
		evs := f.events(action)
		if len(evs) != 1 || evs[0].Terminal != "WARD8-T3" {
			t.Errorf("%s rows %+v, want one at WARD8-T3", action, evs)
		}
	}

	// Terminal 1 presents terminal 3's session to act on it.
	_, err = t1.Logout(f.ctx, connect.NewRequest(&kioskv1.LogoutRequest{SessionToken: sess.GetToken(), Reason: auth.LogoutByUser}))
	if !errors.Is(wire.AuthError(err), wire.ErrSession) {
		t.Fatalf("logout with another terminal's session: %v, want %v", err, wire.ErrSession)
	}
	_, err = t1.ChangePassword(f.ctx, connect.NewRequest(&kioskv1.ChangePasswordRequest{SessionToken: sess.GetToken(),
		Current: goodPassword, Password: "Another-Good-Pass-93", Confirm: "Another-Good-Pass-93"}))
	if !errors.Is(wire.AuthError(err), wire.ErrSession) {
		t.Fatalf("change password with another terminal's session: %v", err)
	}
	if evs := f.events(auth.ActLogout); len(evs) != 0 {
		t.Errorf("logout rows %+v, want none", evs)
	}
	if _, err := t3.Logout(f.ctx, connect.NewRequest(&kioskv1.LogoutRequest{SessionToken: sess.GetToken(),
		Reason: auth.LogoutByUser})); err != nil {
		t.Fatal(err)
	}
	if evs := f.events(auth.ActLogout); len(evs) != 1 || evs[0].Terminal != "WARD8-T3" || evs[0].Actor != f.user.Username {
		t.Errorf("logout rows %+v, want one by %s at WARD8-T3", evs, f.user.Username)
	}
}

// No client certificate, or one another CA issued: the TLS handshake
// fails, and no handler runs.
func TestHandshakeNeedsATerminalCertificate(t *testing.T) {
	f := newFixture(t, fastArgon)
	stranger := terminalCert(t, newCA(t, "Someone else's CA"), "WARD7-T1")
	for _, c := range []struct {
		name  string
		certs []tls.Certificate
		want  string
	}{
		{"no certificate", nil, "certificate required"},
		{"another CA's", []tls.Certificate{stranger}, "unknown certificate authority"},
	} {
		t.Run(c.name, func(t *testing.T) {
			conf := f.transport().TLSClientConfig
			if len(c.certs) > 0 {
				// Sent even though the server asks for its own CA's.
				conf.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
					return &c.certs[0], nil
				}
			}
			conn, err := tls.Dial("tcp", strings.TrimPrefix(f.url, "https://"), conf)
			if err == nil {
				// TLS 1.3: the server's verdict on the client's
				// certificate comes with the first read.
				defer conn.Close()
				_, err = conn.Read(make([]byte, 1))
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("handshake: %v, want %q", err, c.want)
			}
			tr := f.transport()
			tr.TLSClientConfig = conf
			defer tr.CloseIdleConnections()
			cl := kioskv1connect.NewKioskServiceClient(&http.Client{Transport: tr}, f.url)
			_, err = login(f, cl, f.user.Username, goodPassword)
			if err == nil || connect.CodeOf(err) == connect.CodePermissionDenied {
				t.Fatalf("a call without the terminal CA's certificate: %v", err)
			}
		})
	}
	if evs := f.events("login."); len(evs) != 0 {
		t.Errorf("audit rows %+v, want none", evs)
	}
}

// A certificate the terminal CA issued but nobody registered is refused;
// a terminal disabled is refused at its next call, and enabled works again.
func TestUnregisteredAndDisabledTerminalsAreRefused(t *testing.T) {
	f := newFixture(t, fastArgon)
	unknown := f.client(terminalCert(t, f.termCA, "WARD7-T9"))
	_, err := login(f, unknown, f.user.Username, goodPassword)
	if connect.CodeOf(err) != connect.CodePermissionDenied || !errors.Is(wire.AuthError(err), wire.ErrTerminalRefused) {
		t.Fatalf("unregistered: %v, want PermissionDenied", err)
	}

	c := f.client(f.register("WARD7-T1", "Ward7"))
	beat := func() error {
		_, err := c.Heartbeat(f.ctx, connect.NewRequest(&kioskv1.HeartbeatRequest{Version: "1.2.3", ReaderState: "no reader",
			QueuedEvents: 4}))
		return err
	}
	if err := beat(); err != nil {
		t.Fatal(err)
	}
	by := auth.Actor{Name: "test"}
	if err := f.svc.DisableTerminal(f.ctx, by, "WARD7-T1"); err != nil {
		t.Fatal(err)
	}
	if err := beat(); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("disabled: %v, want PermissionDenied", err)
	}
	if _, err := login(f, c, f.user.Username, goodPassword); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("disabled sign-in: %v, want PermissionDenied", err)
	}
	if evs := f.events("login."); len(evs) != 0 {
		t.Errorf("audit rows of refused calls %+v, want none", evs)
	}
	if err := f.svc.EnableTerminal(f.ctx, by, "WARD7-T1"); err != nil {
		t.Fatal(err)
	}
	if err := beat(); err != nil {
		t.Fatalf("enabled again: %v", err)
	}
	ts, _ := f.svc.Terminals(f.ctx)
	if len(ts) != 1 || ts[0].Version != "1.2.3" || ts[0].QueuedEvents != 4 || ts[0].ReaderState != "no reader" || ts[0].LastSeen.IsZero() {
		t.Errorf("terminals %+v, want WARD7-T1 seen at version 1.2.3 with 4 events queued", ts)
	}
}

// A request larger than the limit is refused before the core sees it.
func TestOversizedRequestIsRefused(t *testing.T) {
	f := newFixture(t, fastArgon)
	c := f.client(f.register("WARD7-T1", "Ward7"))
	_, err := login(f, c, f.user.Username, strings.Repeat("x", 100<<10))
	if code := connect.CodeOf(err); code != connect.CodeResourceExhausted {
		t.Fatalf("100 KiB sign-in: %v (%v), want ResourceExhausted", err, code)
	}
	if evs := f.events("login."); len(evs) != 0 {
		t.Errorf("audit rows %+v, want none", evs)
	}
	if _, err := login(f, c, f.user.Username, goodPassword); err != nil {
		t.Fatalf("a normal sign-in after: %v", err)
	}
}

// card is a test smartcard: a key pair with a certificate from the card CA.
type card struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func (f *fixture) enrolledCard() card {
	f.t.Helper()
	cert, key := cardCert(f.t, f.cardCA, "SMITH Jane")
	if _, err := f.svc.EnrolCard(f.ctx, auth.Actor{Name: "test"}, f.user.Username, cert.Raw, nil); err != nil {
		f.t.Fatal(err)
	}
	return card{cert: cert, key: key}
}

// sign is what the card does at the kiosk: sign SHA-256(challenge).
func (c card) sign(t *testing.T, challenge []byte) []byte {
	t.Helper()
	d := sha256.Sum256(challenge)
	sig, err := ecdsa.SignASN1(rand.Reader, c.key, d[:])
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func challenge(t *testing.T, f *fixture, c kioskv1connect.KioskServiceClient) []byte {
	t.Helper()
	res, err := c.CardChallenge(f.ctx, connect.NewRequest(&kioskv1.CardChallengeRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	return res.Msg.GetChallenge()
}

func cardSignIn(f *fixture, c kioskv1connect.KioskServiceClient, ch, cert, sig []byte) (*kioskv1.Session, error) {
	res, err := c.CardSignIn(f.ctx, connect.NewRequest(&kioskv1.CardSignInRequest{Challenge: ch, Certificate: cert, Signature: sig}))
	if err != nil {
		return nil, err
	}
	return res.Msg.GetSession(), nil
}

// A card sign-in is proved to the service with its challenge: once. A
// replayed challenge, another terminal's, a made-up one and a forged
// signature are refused as a card that failed its security check.
func TestCardSignInIsProvedWithTheServicesChallenge(t *testing.T) {
	f := newFixture(t, fastArgon)
	t1 := f.client(f.register("WARD7-T1", "Ward7"))
	t2 := f.client(f.register("WARD7-T2", "Ward7"))
	cd := f.enrolledCard()

	ch := challenge(t, f, t1)
	sig := cd.sign(t, ch)
	sess, err := cardSignIn(f, t1, ch, cd.cert.Raw, sig)
	if err != nil {
		t.Fatal(err)
	}
	if sess.GetUser().GetUsername() != f.user.Username || sess.GetMethod() != "smartcard" || sess.GetTerminal() != "WARD7-T1" {
		t.Errorf("session %+v", sess)
	}

	refused := func(name string, err error) {
		t.Helper()
		if back := wire.AuthError(err); !errors.Is(back, smartcard.ErrBadSignature) {
			t.Errorf("%s: %v (%v), want %v", name, err, back, smartcard.ErrBadSignature)
		}
	}
	_, err = cardSignIn(f, t1, ch, cd.cert.Raw, sig)
	refused("the same challenge again", err)

	ch2 := challenge(t, f, t2)
	_, err = cardSignIn(f, t1, ch2, cd.cert.Raw, cd.sign(t, ch2))
	refused("terminal 2's challenge at terminal 1", err)

	made := make([]byte, 32)
	rand.Read(made)
	_, err = cardSignIn(f, t1, made, cd.cert.Raw, cd.sign(t, made))
	refused("a challenge the service never issued", err)

	forger := card{cert: cd.cert}
	_, forger.key = cardCert(t, f.cardCA, "forger")
	ch3 := challenge(t, f, t1)
	_, err = cardSignIn(f, t1, ch3, cd.cert.Raw, forger.sign(t, ch3))
	refused("a forged signature", err)
	// The forged attempt used up its challenge too.
	_, err = cardSignIn(f, t1, ch3, cd.cert.Raw, cd.sign(t, ch3))
	refused("the forged attempt's challenge", err)

	if ok, failed := f.events(auth.ActCardLoginFailed), f.events(auth.ActLoginOK); len(ok) != 5 || len(failed) != 1 {
		t.Errorf("%d card failures and %d sign-ins audited, want 5 and 1", len(ok), len(failed))
	}
	for _, e := range f.events(auth.ActCardLoginFailed) {
		if e.Terminal != "WARD7-T1" {
			t.Errorf("card failure audited at %q", e.Terminal)
		}
	}

	// A card the Trust did not issue is refused with the words it has
	// standalone.
	other := newCA(t, "Another card CA")
	ocert, okey := cardCert(t, other, "SMITH Jane")
	ch4 := challenge(t, f, t1)
	_, err = cardSignIn(f, t1, ch4, ocert.Raw, card{ocert, okey}.sign(t, ch4))
	if back := wire.AuthError(err); !errors.Is(back, smartcard.ErrUntrusted) {
		t.Errorf("a card from another CA: %v, want %v", back, smartcard.ErrUntrusted)
	}
}

// Watch is not served until the change feed is built.
func TestWatchWithoutAFeedIsUnimplemented(t *testing.T) {
	f := newFixtureFeed(t, fastArgon, false)
	c := f.client(f.register("WARD7-T1", "Ward7"))
	st, err := c.Watch(f.ctx, connect.NewRequest(&kioskv1.WatchRequest{FromSequence: 1}))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st.Receive() {
		t.Fatal("a change from no feed")
	}
	if code := connect.CodeOf(st.Err()); code != connect.CodeUnimplemented {
		t.Errorf("watch: %v, want Unimplemented", st.Err())
	}
}

// Watch streams the feed from the sequence asked for, as changes are
// made; a terminal disabled while it watches has its watch ended.
func TestWatchStreamsAndEndsForADisabledTerminal(t *testing.T) {
	f := newFixture(t, fastArgon)
	by := auth.Actor{Name: "test"}
	c := f.client(f.register("WARD7-T1", "Ward7"))
	f.register("WARD8-T1", "Ward8")
	for _, w := range []string{"apple", "pear"} {
		if err := f.svc.AddForbiddenWord(f.ctx, by, w); err != nil {
			t.Fatal(err)
		}
	}
	st, err := c.Watch(f.ctx, connect.NewRequest(&kioskv1.WatchRequest{FromSequence: 2}))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	next := func() *kioskv1.Change {
		t.Helper()
		if !st.Receive() {
			t.Fatalf("watch ended: %v", st.Err())
		}
		return st.Msg().GetChanges()[0]
	}
	if ch := next(); ch.GetSequence() != 2 || ch.GetKind() != auth.ChangeForbiddenAdded || ch.GetSubject() != "pear" {
		t.Fatalf("first change %v, want 2 %s pear", ch, auth.ChangeForbiddenAdded)
	}
	if err := f.svc.Disable(f.ctx, by, f.user.Username); err != nil {
		t.Fatal(err)
	}
	if ch := next(); ch.GetSequence() != 3 || ch.GetKind() != auth.ChangeDisabled || ch.GetSubject() != f.user.Username {
		t.Fatalf("made while watching: %v", ch)
	}
	// Another terminal disabled is news; this one, the end.
	if err := f.svc.DisableTerminal(f.ctx, by, "WARD8-T1"); err != nil {
		t.Fatal(err)
	}
	if ch := next(); ch.GetKind() != auth.ChangeTerminalDisabled || ch.GetSubject() != "WARD8-T1" {
		t.Fatalf("another terminal disabled: %v", ch)
	}
	if err := f.svc.DisableTerminal(f.ctx, by, "WARD7-T1"); err != nil {
		t.Fatal(err)
	}
	for st.Receive() {
		t.Errorf("sent to a disabled terminal: %v", st.Msg())
	}
	if connect.CodeOf(st.Err()) != connect.CodePermissionDenied {
		t.Errorf("watch of a disabled terminal ended with %v, want PermissionDenied", st.Err())
	}
}

// One challenge presented by several sign-ins at once signs in once.
func TestCardChallengeRaceSignsInOnce(t *testing.T) {
	f := newFixture(t, fastArgon)
	c := f.client(f.register("WARD7-T1", "Ward7"))
	cd := f.enrolledCard()
	ch := challenge(t, f, c)
	sig := cd.sign(t, ch)
	const n = 8
	errs := make(chan error, n)
	for range n {
		go func() {
			_, err := cardSignIn(f, c, ch, cd.cert.Raw, sig)
			errs <- err
		}()
	}
	ok := 0
	for range n {
		err := <-errs
		switch {
		case err == nil:
			ok++
		case !errors.Is(wire.AuthError(err), smartcard.ErrBadSignature):
			t.Errorf("a losing sign-in: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d sign-ins with one challenge, want 1", ok)
	}
}

// A call the kiosk sends again with the same id (its first instance died
// before answering) is answered again and applied once; the same id from
// another terminal is another call.
func TestCallSentAgainAppliedOnce(t *testing.T) {
	f := newFixture(t, fastArgon)
	t1 := f.client(f.register("WARD7-T1", "Ward7"))
	t2 := f.client(f.register("WARD7-T2", "Ward7"))
	login := func(c kioskv1connect.KioskServiceClient, id string) {
		t.Helper()
		req := connect.NewRequest(&kioskv1.LoginRequest{Username: f.user.Username, Password: goodPassword})
		req.Header().Set(wire.RequestIDHeader, id)
		if _, err := c.Login(f.ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	const id = "0123456789abcdef0123456789abcdef"
	login(t1, id)
	login(t1, id)
	login(t2, id)
	login(t1, "not an id") // not known again: applied each time
	login(t1, "not an id")
	evs, err := f.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: auth.ActLoginOK})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 4 {
		t.Errorf("%d sign-ins audited, want 4 (one of them sent twice)", len(evs))
	}
}

// A watch opens at once, before any change: the kiosk knows it is
// following the feed (the headers do not wait for the first change).
func TestWatchOpensBeforeAChange(t *testing.T) {
	f := newFixture(t, fastArgon)
	c := f.client(f.register("WARD7-T1", "Ward7"))
	opened := make(chan error, 1)
	go func() {
		st, err := c.Watch(f.ctx, connect.NewRequest(&kioskv1.WatchRequest{FromSequence: 1}))
		if err == nil {
			defer st.Close()
			_ = st.ResponseHeader()
		}
		opened <- err
	}()
	select {
	case err := <-opened:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watch did not open before a change")
	}
}

// A terminal renewed with a new certificate: the watch its old one opened
// ends, the old one is refused from its next call, the new one is the
// terminal, by its name; the audit says which replaced which.
func TestRenewedTerminal(t *testing.T) {
	f := newFixture(t, fastArgon)
	by := auth.Actor{Name: "test"}
	oldCert := f.register("WARD7-T1", "Ward7")
	old := f.client(oldCert)
	wctx, cancel := context.WithTimeout(f.ctx, 10*time.Second) // a watch that does not end fails, not hangs
	defer cancel()
	st, err := old.Watch(wctx, connect.NewRequest(&kioskv1.WatchRequest{FromSequence: 1}))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	newCert := terminalCert(t, f.termCA, "WARD7-T1")
	if _, err := f.svc.RenewTerminal(f.ctx, by, "WARD7-T1", pemOf(oldCert.Leaf)); !errors.Is(err, auth.ErrConflict) {
		t.Fatalf("renew with the certificate it has: %v, want ErrConflict", err)
	}
	term, err := f.svc.RenewTerminal(f.ctx, by, "WARD7-T1", pemOf(newCert.Leaf))
	if err != nil || term.Name != "WARD7-T1" || term.Ward != "Ward7" || term.Fingerprint != auth.CertificateFingerprint(newCert.Leaf) {
		t.Fatalf("renew: %+v, %v", term, err)
	}
	for st.Receive() {
		if ch := st.Msg().GetChanges()[0]; ch.GetKind() == auth.ChangeTerminalRenewed {
			t.Errorf("the old certificate's watch was told of the renewal: %v", ch)
		}
	}
	if connect.CodeOf(st.Err()) != connect.CodePermissionDenied {
		t.Errorf("the old certificate's watch ended with %v, want PermissionDenied", st.Err())
	}
	if _, err := old.Heartbeat(f.ctx, connect.NewRequest(&kioskv1.HeartbeatRequest{})); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Errorf("the old certificate after renewal: %v, want PermissionDenied", err)
	}
	if _, err := f.client(newCert).Heartbeat(f.ctx, connect.NewRequest(&kioskv1.HeartbeatRequest{})); err != nil {
		t.Errorf("the new certificate: %v", err)
	}
	evs := f.events(auth.ActTerminalRenewed)
	if len(evs) != 1 || !strings.HasPrefix(evs[0].Detail, "WARD7-T1 certificate "+auth.CertificateFingerprint(newCert.Leaf)[:16]+" replaces "+
		auth.CertificateFingerprint(oldCert.Leaf)[:16]) {
		t.Errorf("audit %+v", evs)
	}
	if _, err := f.svc.RenewTerminal(f.ctx, by, "WARD9-T1", pemOf(terminalCert(t, f.termCA, "WARD9-T1").Leaf)); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("renew a terminal never registered: %v, want ErrNotFound", err)
	}
}
