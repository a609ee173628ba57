package smartcard_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
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
