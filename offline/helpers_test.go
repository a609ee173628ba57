package offline_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/offline"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

// t0 is when the tests' service last answered: the sync.
var t0 = time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)

const pin = "123456"

// clock is the kiosk's local clock, which a test winds as it likes.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// cards is a reader bay of virtual PIV cards: the in-process CardSigner,
// the real smartcard.Signer over vcard's APDUs, no pcscd.
type cards struct {
	mu     sync.Mutex
	in     map[string]*vcard.Card
	signer *smartcard.Signer
	// tamper, when set, changes what the card returns before the kiosk
	// sees it.
	tamper func(cert *x509.Certificate, sig []byte) (*x509.Certificate, []byte)
}

type transmitter struct{ c *vcard.Card }

func (t transmitter) Transmit(cmd []byte) ([]byte, error) { return t.c.Process(cmd), nil }

func (b *cards) SignChallenge(ctx context.Context, reader, passcode string, challenge []byte) (*x509.Certificate, []byte, error) {
	b.mu.Lock()
	c := b.in[reader]
	b.mu.Unlock()
	if c == nil {
		return nil, nil, smartcard.ErrNoCard
	}
	defer c.Reset() // as withCard resets the card after each use
	cert, sig, err := b.signer.Sign(ctx, transmitter{c}, passcode, challenge)
	if err == nil && b.tamper != nil {
		cert, sig = b.tamper(cert, sig)
	}
	return cert, sig, err
}

// world is a client kiosk's database and gate, the Trust's CA and a
// reader bay.
type world struct {
	t     testing.TB
	ctx   context.Context
	dir   string
	db    *kiosklocal.DB
	gate  *offline.Gate
	clock *clock
	ca    *issue.Authority
	bay   *cards
	certs map[string]*x509.Certificate // reader -> card certificate
}

// defaults are DESIGN §10's offline settings, with passwords on.
var defaults = offline.Limits{Card: true, Password: true, RosterDays: 14, MaxSyncAge: 72 * time.Hour,
	MaxCRLAge: 168 * time.Hour, PasswordWindow: 24 * time.Hour, PasswordCache: 25}

func newWorld(t testing.TB, l offline.Limits) *world {
	t.Helper()
	ctx := context.Background()
	ck := &clock{t: t0}
	dir := t.TempDir()
	db, err := kiosklocal.Open(ctx, dir, ck.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ca, err := issue.NewCA(rand.Reader, "Test Trust Card CA", t0)
	if err != nil {
		t.Fatal(err)
	}
	bay := &cards{in: map[string]*vcard.Card{}, signer: smartcard.NewSigner(nil, ck.Now)}
	w := &world{t: t, ctx: ctx, dir: dir, db: db, clock: ck, ca: ca, bay: bay, certs: map[string]*x509.Certificate{}}
	w.gate = offline.New(db, "ward7-kiosk2", l, bay, ck.Now)
	return w
}

// card makes a card issued by ca and puts it in the named reader.
func (w *world) card(reader string, ca *issue.Authority) *x509.Certificate {
	w.t.Helper()
	cert, key, err := ca.Card(issue.Template{CommonName: reader})
	if err != nil {
		w.t.Fatal(err)
	}
	w.insert(reader, cert, key)
	return cert
}

func (w *world) insert(reader string, cert *x509.Certificate, key crypto.Signer) {
	w.t.Helper()
	c, err := vcard.New(cert, key, pin, vcard.Options{})
	if err != nil {
		w.t.Fatal(err)
	}
	w.bay.mu.Lock()
	w.bay.in[reader] = c
	w.bay.mu.Unlock()
	w.certs[reader] = cert
}

// fp is a certificate's fingerprint as the service enrols it.
func fp(c *x509.Certificate) string { return auth.IdentityOf(c).Fingerprint }

// user is a roster entry who signed in on the ward an hour before t0.
func user(name string, cards ...*x509.Certificate) auth.RosterUser {
	u := auth.RosterUser{Username: name, FirstName: "First " + name, LastName: "Last " + name, Role: "Nurse",
		Ward: "Ward 7", Language: "en", SignedIn: t0.Add(-time.Hour)}
	for _, c := range cards {
		u.Cards = append(u.Cards, fp(c))
	}
	return u
}

// roster is the service's answer at t0 with the CA and a CRL revoking revoked.
func (w *world) roster(users []auth.RosterUser, revoked ...*x509.Certificate) auth.Roster {
	w.t.Helper()
	der, err := w.ca.CRL(t0, revoked...)
	if err != nil {
		w.t.Fatal(err)
	}
	return auth.Roster{Ward: "Ward 7", Users: users, CAPEM: issue.CertPEM(w.ca.Cert),
		CRLPEM: pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der}), ServerTime: t0}
}

func (w *world) sync(users []auth.RosterUser, revoked ...*x509.Certificate) {
	w.t.Helper()
	if err := w.gate.Sync(w.ctx, w.roster(users, revoked...)); err != nil {
		w.t.Fatal(err)
	}
}

// events are the outbox's events after the first n.
func (w *world) events(from int) []auth.KioskEvent {
	w.t.Helper()
	evs, err := w.db.Events(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	return evs[from:]
}

func (w *world) countEvents() int {
	w.t.Helper()
	return len(w.events(0))
}

// wantEvent checks the outbox's newest event.
func (w *world) wantEvent(kind, subject string, detailHas string) {
	w.t.Helper()
	evs := w.events(0)
	if len(evs) == 0 {
		w.t.Fatalf("no event in the outbox; want %s %q", kind, subject)
	}
	e := evs[len(evs)-1]
	if e.Kind != kind || e.Subject != subject || !strings.Contains(e.Detail, detailHas) {
		w.t.Fatalf("newest event %s %q %q; want %s %q with %q", e.Kind, e.Subject, e.Detail, kind, subject, detailHas)
	}
}

func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v; want %v", err, want)
	}
}

// online is the session an online sign-in at this kiosk gave at.
func online(name string, at time.Time) auth.Session {
	return auth.Session{User: auth.User{Username: name, FirstName: "First " + name, LastName: "Last " + name,
		Role: "Nurse", Ward: "Ward 7", Status: auth.StatusActive}, Terminal: "ward7-kiosk2", Method: "password", At: at}
}
