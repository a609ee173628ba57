package auth_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// testCert makes a throwaway self-signed card certificate.
func testCert(t *testing.T, serial int64, cn string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn},
		Issuer: pkix.Name{CommonName: "Test CA"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// prover is a card that answers as told.
type prover struct {
	cert *x509.Certificate
	err  error
	got  string
}

func (p *prover) Prove(_ context.Context, passcode string) (*x509.Certificate, error) {
	p.got = passcode
	return p.cert, p.err
}

func TestCardEnrolLoginRevoke(t *testing.T) {
	f := newFixture(t)
	jane := f.jane()
	cert := testCert(t, 7, "Jane Smith\x1b[31m")
	c, err := f.svc.EnrolCard(f.ctx, f.admin, strings.ToLower(jane.Username), cert.Raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || len(c.Fingerprint) != 64 || c.Serial != "7" || c.Username != jane.Username || strings.Contains(c.Subject, "\x1b") {
		t.Fatalf("card %+v", c)
	}
	if _, err := f.svc.EnrolCard(f.ctx, f.admin, jane.Username, cert.Raw, nil); !errors.Is(err, auth.ErrConflict) {
		t.Fatalf("second enrolment: %v", err)
	}

	f.clock.Advance(time.Minute)
	p := &prover{cert: cert}
	sess, err := f.svc.CardLogin(f.ctx, "T1", p, "123456")
	if err != nil {
		t.Fatal(err)
	}
	if sess.Method != "smartcard" || sess.User.Username != jane.Username || p.got != "123456" {
		t.Fatalf("session %+v", sess)
	}
	cs, err := f.svc.Cards(f.ctx)
	if err != nil || len(cs) != 1 || cs[0].LastUsedAt.IsZero() {
		t.Fatalf("cards %+v %v", cs, err)
	}

	// The card's own failure is passed on and audited, without the passcode.
	cardErr := errors.New("the passcode is not right: 2 tries left")
	p = &prover{cert: cert, err: cardErr}
	if _, err := f.svc.CardLogin(f.ctx, "T1", p, "999999"); !errors.Is(err, cardErr) {
		t.Fatalf("wrong passcode: %v", err)
	}

	// A card that cannot be read at all is audited as unread.
	readErr := errors.New("no card in the reader")
	if _, err := f.svc.CardLogin(f.ctx, "T1", &prover{err: readErr}, "123456"); !errors.Is(err, readErr) {
		t.Fatalf("unread card: %v", err)
	}

	// A locked account is refused.
	if err := f.svc.Lock(f.ctx, f.admin, jane.Username); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CardLogin(f.ctx, "T1", &prover{cert: cert}, "123456"); !errors.Is(err, auth.ErrCardAccount) {
		t.Fatalf("locked: %v", err)
	}
	if err := f.svc.Unlock(f.ctx, f.admin, jane.Username); err != nil {
		t.Fatal(err)
	}

	// A card nobody enrolled.
	other := testCert(t, 8, "Stranger")
	if _, err := f.svc.CardLogin(f.ctx, "T1", &prover{cert: other}, "123456"); !errors.Is(err, auth.ErrCardNotEnrolled) {
		t.Fatalf("unknown card: %v", err)
	}

	// Revoked: refused, and cannot be enrolled again.
	if _, err := f.svc.RevokeCard(f.ctx, f.admin, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RevokeCard(f.ctx, f.admin, c.ID); !errors.Is(err, auth.ErrInvalid) {
		t.Fatalf("second revoke: %v", err)
	}
	if _, err := f.svc.CardLogin(f.ctx, "T1", &prover{cert: cert}, "123456"); !errors.Is(err, auth.ErrCardWithdrawn) {
		t.Fatalf("revoked: %v", err)
	}
	if _, err := f.svc.EnrolCard(f.ctx, f.admin, jane.Username, cert.Raw, nil); !errors.Is(err, auth.ErrConflict) {
		t.Fatalf("re-enrol revoked: %v", err)
	}
	if err := f.svc.CardRemoved(f.ctx, sess, "logout"); err != nil {
		t.Fatal(err)
	}
	// The enrolment and the revocation are in the change feed, once each.
	var cards []string
	feed, err := f.svc.Changes(f.ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range feed {
		if ch.Kind == auth.ChangeCardEnrolled || ch.Kind == auth.ChangeCardRevoked {
			cards = append(cards, ch.Kind+" "+ch.Subject)
		}
	}
	if want := []string{auth.ChangeCardEnrolled + " " + jane.Username, auth.ChangeCardRevoked + " " + jane.Username}; !slices.Equal(cards, want) {
		t.Errorf("card changes %q, want %q", cards, want)
	}

	evs, err := f.svc.AuditEvents(f.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range evs {
		if strings.Contains(e.Detail, "999999") || strings.Contains(e.Detail, "123456") {
			t.Fatalf("passcode in the audit: %+v", e)
		}
		if strings.HasPrefix(e.Action, "card.") || e.Action == auth.ActLoginOK {
			actions = append(actions, e.Action+" "+e.Detail+"\n")
		}
	}
	// The audit names a card by the start of its fingerprint, as cards
	// list shows it whole.
	fp, otherFP := c.Fingerprint[:16], auth.IdentityOf(other).Fingerprint[:16]
	want := []string{"card.enrolled card " + strconv.FormatInt(c.ID, 10) + " " + fp + "\n",
		"login.ok smartcard card " + fp + "\n",
		"card.login-failed card " + fp + ": the passcode is not right",
		"card.login-failed card unread: no card in the reader\n",
		"card.login-failed card " + fp + ": ",
		"card.login-failed card " + otherFP + ": ",
		"card.revoked card " + strconv.FormatInt(c.ID, 10) + " " + fp + "\n",
		"card.login-failed card " + fp + ": ",
		"card.removed"}
	if len(actions) != len(want) {
		t.Fatalf("audit:\n%s", strings.Join(actions, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(actions[i], w) {
			t.Fatalf("audit %d = %q, want %q…\n%s", i, actions[i], w, strings.Join(actions, "\n"))
		}
	}
	if n, err := f.svc.VerifyAudit(f.ctx); err != nil || n != len(evs) {
		t.Fatalf("verify: %d %v", n, err)
	}
}

func TestEnrolUnknownUser(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.EnrolCard(f.ctx, f.admin, "382NOBODY01", testCert(t, 1, "x").Raw, nil); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("got %v", err)
	}
}
