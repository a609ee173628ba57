package remote_test

import (
	"context"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/remote"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
	"github.com/wardkiosk/kiosk/text"
)

// The client is what the screens use today, so they do not change.
var (
	_ screens.Auth  = (*remote.Client)(nil)
	_ screens.Cards = (*remote.Client)(nil)
)

var codeRE = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)

// A sign-in through the client: the first URL dead, the second answers;
// the URL that answered is tried first from then on; when it goes down the
// next instance answers, and no sign-in is lost.
func TestSignInAcrossInstances(t *testing.T) {
	f := newFleet(t)
	cert := f.register("WARD7-T1")
	c := f.kiosk(cert, nil, deadURL(t), f.a.url, f.b.url)

	sess, err := c.Login(f.ctx, "ignored", f.user.Username, goodPassword)
	if err != nil {
		t.Fatalf("sign in with the first URL dead: %v", err)
	}
	if sess.User.Username != f.user.Username || sess.User.FirstName != "Jane" || sess.Method != "password" ||
		sess.Terminal != "WARD7-T1" || sess.At.IsZero() {
		t.Errorf("session %+v", sess)
	}
	if !c.Status().Online {
		t.Error("not online after an answer")
	}
	evs, _ := f.a.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: auth.ActLoginOK})
	if len(evs) != 1 || evs[0].Terminal != "WARD7-T1" {
		t.Fatalf("login audited %+v", evs)
	}

	// Instance A goes; B answers the next sign-in.
	f.a.stop()
	if _, err := c.Login(f.ctx, "", f.user.Username, goodPassword); err != nil {
		t.Fatalf("sign in with instance A down: %v", err)
	}
	// Everything down: one clear error, and offline.
	f.b.stop()
	_, err = c.Login(f.ctx, "", f.user.Username, goodPassword)
	if !errors.Is(err, remote.ErrUnavailable) || c.Status().Online {
		t.Fatalf("every instance down: %v, online %v", err, c.Status().Online)
	}
}

// The URL that answered last is tried first: a hung instance costs the
// first call its deadline, and no later call anything.
func TestRemembersTheURLThatAnswered(t *testing.T) {
	f := newFleet(t)
	c := f.kiosk(f.register("WARD7-T1"), nil, silentURL(t), f.a.url)
	if _, err := c.Policy(f.ctx); err != nil {
		t.Fatalf("past a hung instance: %v", err)
	}
	start := time.Now()
	for range 3 {
		if _, err := c.Policy(f.ctx); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("three calls took %v: the hung URL was tried again", d)
	}
}

// A refusal is an answer: the same error as standalone, and the next URL
// is not asked. A terminal the service does not know is refused.
func TestRefusalsAreAnswers(t *testing.T) {
	f := newFleet(t)
	c := f.kiosk(f.register("WARD7-T1"), nil, f.a.url, f.b.url)

	_, err := c.Login(f.ctx, "", f.user.Username, "Not-Her-Password-1")
	_, standalone := f.b.svc.Login(f.ctx, "WARD7-T1", f.user.Username, "Not-Her-Password-1")
	var le *auth.LoginError
	if !errors.As(err, &le) || !errors.As(standalone, new(*auth.LoginError)) {
		t.Fatalf("wrong password: %v (standalone %v)", err, standalone)
	}
	if got, want := words(err), words(standalone); got != want || got == "" {
		t.Errorf("the screen would say %q, standalone %q", got, want)
	}
	// Two failures, one by the client, one standalone: the client's was
	// not retried at B.
	fails, _ := f.a.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: auth.ActLoginFailed})
	if len(fails) != 2 {
		t.Errorf("%d failed sign-ins audited, want 2 (no retry of a refusal)", len(fails))
	}
	// An unknown user reads the same.
	_, err = c.Login(f.ctx, "", "382NOBODY01", "Not-Her-Password-1")
	if words(err) != words(standalone) {
		t.Errorf("unknown user: %q", words(err))
	}

	stranger := f.kiosk(terminalCert(t, f.termCA, "WARD9-T9"), nil, f.a.url, f.b.url)
	if _, err := stranger.Login(f.ctx, "", f.user.Username, goodPassword); !errors.Is(err, wire.ErrTerminalRefused) {
		t.Errorf("an unregistered terminal: %v", err)
	}
}

// words is what the screens show for an error.
func words(err error) string {
	m, _ := text.ForError(err)
	return text.For(text.English).Text(m)
}

// The Login Assistance journey through the client, across the instances:
// a code asked through A, the reset through B, then change password and
// logout by the session token the client keeps.
func TestResetAndSessionThroughTheClient(t *testing.T) {
	f := newFleet(t)
	cert := f.register("WARD7-T1")
	ca, cb := f.kiosk(cert, nil, f.a.url), f.kiosk(cert, nil, f.b.url)

	if err := ca.ForgotPassword(f.ctx, "", f.user.Username, f.user.Email); err != nil {
		t.Fatal(err)
	}
	if err := ca.ForgotUsername(f.ctx, "", "nobody@example.nhs.uk", time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	ms, err := f.b.svc.Messages(f.ctx)
	if err != nil || len(ms) != 1 {
		t.Fatalf("outbox %d, %v", len(ms), err)
	}
	code := codeRE.FindString(ms[0].Body)
	if _, err := cb.Reset(f.ctx, "", code, f.user.Username, "Velvet-Pylon-9", "Velvet-Pylon-8"); !errors.Is(err, auth.ErrMismatch) {
		t.Errorf("mismatch: %v", err)
	}
	u, err := cb.Reset(f.ctx, "", code, f.user.Username, "Velvet-Pylon-9", "Velvet-Pylon-9")
	if err != nil || u.Username != f.user.Username {
		t.Fatalf("reset: %v %+v", err, u)
	}
	if _, err := cb.Reset(f.ctx, "", code, f.user.Username, "Velvet-Pylon-9", "Velvet-Pylon-9"); !errors.Is(err, auth.ErrResetFailed) {
		t.Errorf("the code again: %v", err)
	}

	sess, err := ca.Login(f.ctx, "", f.user.Username, "Velvet-Pylon-9")
	if err != nil {
		t.Fatal(err)
	}
	if err := ca.ChangePassword(f.ctx, sess, "Wrong-Current-77", "Crimson-Tulip-73", "Crimson-Tulip-73"); !errors.Is(err, auth.ErrWrongPassword) {
		t.Errorf("wrong current password: %v", err)
	}
	if err := ca.ChangePassword(f.ctx, sess, "Velvet-Pylon-9", "Crimson-Tulip-73", "Crimson-Tulip-73"); err != nil {
		t.Fatalf("change password: %v", err)
	}
	// Another client never had this session's token.
	if err := cb.ChangePassword(f.ctx, sess, "Crimson-Tulip-73", "Amber-Kettle-62", "Amber-Kettle-62"); !errors.Is(err, wire.ErrSession) {
		t.Errorf("a session this client was not granted: %v", err)
	}
	if err := ca.Logout(f.ctx, sess, auth.LogoutByUser); err != nil {
		t.Fatal(err)
	}
	if err := ca.Logout(f.ctx, sess, auth.LogoutByUser); !errors.Is(err, wire.ErrSession) {
		t.Errorf("the token outlived its logout: %v", err)
	}
	if evs, _ := f.a.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: auth.ActLogout}); len(evs) != 1 || evs[0].Terminal != "WARD7-T1" {
		t.Errorf("logout audited %+v", evs)
	}
	if _, err := cb.Login(f.ctx, "", f.user.Username, "Crimson-Tulip-73"); err != nil {
		t.Errorf("the changed password through B: %v", err)
	}
	if hint, err := ca.DemoHint(f.ctx); hint != "" || err != nil {
		t.Errorf("demo hint %q %v", hint, err)
	}
}

// The policy is the service's: its forbidden words reach the checklist,
// run on the kiosk's own word lists.
func TestPolicyIsTheService(t *testing.T) {
	f := newFleet(t)
	c := f.kiosk(f.register("WARD7-T1"), nil, f.a.url)
	if c.Profile().Name != "esr-2019" {
		t.Errorf("profile before the service told: %q", c.Profile().Name)
	}
	if err := f.b.svc.AddForbiddenWord(f.ctx, auth.Actor{Name: "test"}, "marigold"); err != nil {
		t.Fatal(err)
	}
	pol, err := c.Policy(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	fails := pol.Check("Marigold-Tulip-73", policy.Subject{})
	if !slices.ContainsFunc(fails, func(fl policy.Failure) bool { return fl.Rule == policy.NoForbiddenWords }) {
		t.Errorf("the service's forbidden word passes the checklist: %v", fails)
	}
	if c.Profile() != f.a.svc.Profile() {
		t.Errorf("profile %v, the service's %v", c.Profile(), f.a.svc.Profile())
	}
}

// The change feed through the client: a user disabled at instance B while
// the kiosk watches A reaches it within 3 s; when A goes mid-watch the
// watch moves to B; after a restart the watch resumes after the last
// change applied, kept in the data directory.
func TestFollowAndResume(t *testing.T) {
	f := newFleet(t)
	cert := f.register("WARD7-T1")
	dir := t.TempDir()
	by := auth.Actor{Name: "test"}

	follow := func(c *remote.Client) (<-chan auth.Change, *remote.Keeper, func()) {
		k, err := remote.NewKeeper(dir)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(f.ctx)
		out := make(chan auth.Change, 16)
		done := make(chan struct{})
		go func() {
			defer close(done)
			c.Follow(ctx, k.State().Seq, func(ch auth.Change) {
				if err := k.Applied(ch.Seq, time.Now()); err != nil {
					t.Error(err)
				}
				out <- ch
			})
		}()
		return out, k, func() { cancel(); <-done }
	}
	wait := func(ch <-chan auth.Change, kind, subject string) auth.Change {
		t.Helper()
		deadline := time.After(3 * time.Second)
		for {
			select {
			case c := <-ch:
				if c.Kind == kind && c.Subject == subject {
					return c
				}
			case <-deadline:
				t.Fatalf("no %s of %s within 3s", kind, subject)
			}
		}
	}

	changes, k, stop := follow(f.kiosk(cert, nil, f.a.url, f.b.url))
	time.Sleep(200 * time.Millisecond) // the watch is open before the change
	if err := f.b.svc.Disable(f.ctx, by, f.user.Username); err != nil {
		t.Fatal(err)
	}
	disabled := wait(changes, auth.ChangeDisabled, f.user.Username)
	if !auth.EndsSession(disabled, f.user.Username) {
		t.Errorf("%+v does not end her session", disabled)
	}

	// The instance it watches goes mid-watch: the watch moves to B, and
	// the next change comes within 3 s still.
	f.a.stop()
	if err := f.b.svc.Enable(f.ctx, by, f.user.Username); err != nil {
		t.Fatal(err)
	}
	enabled := wait(changes, auth.ChangeEnabled, f.user.Username)
	stop()
	if k.State().Seq != enabled.Seq || enabled.Seq <= disabled.Seq {
		t.Fatalf("kept seq %d, applied %d after %d", k.State().Seq, enabled.Seq, disabled.Seq)
	}
	if fi, err := os.Stat(filepath.Join(dir, remote.StateFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v %v", fi, err)
	}

	// While the kiosk is off, another change; after the restart (a new
	// client, state from the file) it comes first, and nothing before it.
	if err := f.b.svc.Lock(f.ctx, by, f.user.Username); err != nil {
		t.Fatal(err)
	}
	changes, _, stop = follow(f.kiosk(cert, nil, f.a.url, f.b.url))
	defer stop()
	select {
	case c := <-changes:
		if c.Seq != enabled.Seq+1 || c.Kind != auth.ChangeLocked {
			t.Fatalf("resumed with %+v, want the lock after seq %d", c, enabled.Seq)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the change made while off did not come after the restart")
	}
}

// fakeCard is the virtual card answered in process: the unit-level card
// of a client kiosk's card sign-in, through the real Signer.
type fakeCard struct {
	card *vcard.Card
}

func (c fakeCard) SignChallenge(ctx context.Context, _, passcode string, challenge []byte) (*x509.Certificate, []byte, error) {
	return smartcard.NewSigner(nil, nil).Sign(ctx, transmitter{c.card}, passcode, challenge)
}

type transmitter struct{ c *vcard.Card }

func (t transmitter) Transmit(b []byte) ([]byte, error) { return t.c.Process(b), nil }

// Card sign-in proved to the service: its challenge signed by the card
// at the kiosk; a wrong passcode is the card's answer; a card the Trust
// did not issue, or not enrolled, is the service's refusal, in the
// standalone words.
func TestCardSignInThroughTheClient(t *testing.T) {
	f := newFleet(t)
	cert := f.register("WARD7-T1")
	card := func(ca *issue.Authority) (*vcard.Card, *x509.Certificate) {
		t.Helper()
		c, key, err := ca.Card(issue.Template{CommonName: "Jane Smith", Key: issue.ECDSAP256})
		if err != nil {
			t.Fatal(err)
		}
		v, err := vcard.New(c, key, "123456", vcard.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return v, c
	}
	jane, janeCert := card(f.cardCA)
	trust, _ := certs.New([]*x509.Certificate{f.cardCA.Cert})
	if _, err := f.a.svc.EnrolCard(f.ctx, auth.Actor{Name: "test"}, f.user.Username, janeCert.Raw, trust); err != nil {
		t.Fatal(err)
	}
	c := f.kiosk(cert, fakeCard{jane}, deadURL(t), f.b.url)

	var pe *smartcard.PasscodeError
	if _, err := c.CardLogin(f.ctx, "Virtual PCD 00 00", "999999"); !errors.As(err, &pe) || pe.Left != vcard.DefaultTries-1 {
		t.Fatalf("wrong passcode: %v", err)
	}
	// The service audits the wrong passcode, as a standalone kiosk does.
	failed, _ := f.a.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: auth.ActCardLoginFailed})
	if len(failed) != 1 || failed[0].Terminal != "WARD7-T1" || failed[0].Subject != f.user.Username ||
		!strings.Contains(failed[0].Detail, "tries left") || strings.Contains(failed[0].Detail, "999999") {
		t.Errorf("a wrong passcode audited as %+v", failed)
	}
	sess, err := c.CardLogin(f.ctx, "Virtual PCD 00 00", "123456")
	if err != nil {
		t.Fatalf("card sign-in: %v", err)
	}
	if sess.Method != "smartcard" || sess.User.Username != f.user.Username || sess.Terminal != "WARD7-T1" {
		t.Errorf("session %+v", sess)
	}
	if err := c.CardRemoved(f.ctx, sess, "logout"); err != nil {
		t.Fatalf("card removed: %v", err)
	}
	if evs, _ := f.a.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: auth.ActCardRemoved}); len(evs) != 1 || evs[0].Terminal != "WARD7-T1" {
		t.Errorf("card removal audited %+v", evs)
	}

	other, _ := card(mustCA(t))
	if _, err := f.kiosk(cert, fakeCard{other}, f.a.url).CardLogin(f.ctx, "r", "123456"); !errors.Is(err, certs.ErrUntrusted) {
		t.Errorf("a card another CA issued: %v", err)
	}
	stray, _ := card(f.cardCA)
	if _, err := f.kiosk(cert, fakeCard{stray}, f.a.url).CardLogin(f.ctx, "r", "123456"); !errors.Is(err, auth.ErrCardNotEnrolled) {
		t.Errorf("a card not enrolled: %v", err)
	}
	if _, err := f.kiosk(cert, nil, f.a.url).CardLogin(f.ctx, "r", "123456"); !errors.Is(err, remote.ErrNoCards) {
		t.Errorf("no signer: %v", err)
	}
}

func mustCA(t *testing.T) *issue.Authority { return newCA(t, "Another CA") }
