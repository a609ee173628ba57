package smartcard_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

const pin = "123456"

// pki is a test CA with a trust built on it.
type pki struct {
	ca    *issue.Authority
	trust *certs.Trust
}

func newPKI(t testing.TB) *pki {
	t.Helper()
	ca, err := issue.NewCA(rand.Reader, "Test Trust Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tr, err := certs.New([]*x509.Certificate{ca.Cert}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &pki{ca: ca, trust: tr}
}

func (p *pki) card(t testing.TB, cn string, kt issue.KeyType, o vcard.Options) (*vcard.Card, *x509.Certificate, crypto.Signer) {
	t.Helper()
	cert, key, err := p.ca.Card(issue.Template{CommonName: cn, Key: kt})
	if err != nil {
		t.Fatal(err)
	}
	c, err := vcard.New(cert, key, pin, o)
	if err != nil {
		t.Fatal(err)
	}
	return c, cert, key
}

func (p *pki) authenticator(t testing.TB) *smartcard.Authenticator {
	t.Helper()
	a, err := smartcard.NewAuthenticator(p.trust, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// next waits for the monitor's next event of a kind, skipping others.
func next(t testing.TB, m *smartcard.Monitor, kind smartcard.EventKind, within time.Duration) smartcard.Event {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case ev, ok := <-m.Events():
			if !ok {
				t.Fatalf("monitor stopped waiting for %v", kind)
			}
			if ev.Kind == kind {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %v within %v; state %v", kind, within, m.State())
		}
	}
}

func insert(t testing.TB, addr string, c *vcard.Card) *vcard.Link {
	t.Helper()
	l, err := vcard.Insert(context.Background(), addr, c, vcard.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Remove() })
	return l
}

// kiosk is the auth core on a real SQLite file with Jane Smith in it.
type kiosk struct {
	svc  *auth.Service
	jane auth.User
}

func newKiosk(t testing.TB) *kiosk {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc, err := auth.New(auth.Options{Store: st, CodeKey: make([]byte, 32),
		Lists: func() (*policy.Lists, error) { return nil, errors.New("no word lists in this test") }})
	if err != nil {
		t.Fatal(err)
	}
	u, err := svc.CreateUser(ctx, auth.Actor{Name: "test"}, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return &kiosk{svc: svc, jane: u}
}

func (k *kiosk) enrol(t testing.TB, cert *x509.Certificate) {
	t.Helper()
	if _, err := k.svc.EnrolCard(context.Background(), auth.Actor{Name: "test"}, k.jane.Username, cert.Raw, nil); err != nil {
		t.Fatal(err)
	}
}
