package server_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/api/server"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/feed"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

var loadLists = sync.OnceValues(policy.LoadLists)

// fastArgon keeps tests quick; the benchmark runs the real parameters.
var fastArgon = auth.Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const goodPassword = "Brisk-Owl-Lamp-48"

// newCA is a throwaway CA of the test's.
func newCA(t testing.TB, name string) *issue.Authority {
	t.Helper()
	ca, err := issue.NewCA(rand.Reader, name, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

// terminalCert is a kiosk's TLS client certificate issued by ca.
func terminalCert(t testing.TB, ca *issue.Authority, name string) tls.Certificate {
	t.Helper()
	cert, key, err := ca.Card(issue.Template{CommonName: name})
	if err != nil {
		t.Fatal(err)
	}
	return issue.TLS(cert, key)
}

// cardCert is a smartcard's certificate issued by ca, with its P-256 key.
func cardCert(t testing.TB, ca *issue.Authority, name string) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	cert, key, err := ca.Card(issue.Template{CommonName: name})
	if err != nil {
		t.Fatal(err)
	}
	return cert, key.(*ecdsa.PrivateKey)
}

func pemOf(cert *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
}

// fixture is the service on a real SQLite file behind the API on
// loopback TLS, with a terminal CA, a card CA and one user.
type fixture struct {
	t        testing.TB
	ctx      context.Context
	svc      *auth.Service
	store    *sqlite.Store
	termCA   *issue.Authority
	cardCA   *issue.Authority
	serverCA *x509.CertPool
	url      string
	user     auth.User
}

type option func(*auth.Options)

func newFixture(t testing.TB, argon auth.Argon2, opts ...option) *fixture {
	t.Helper()
	return newFixtureFeed(t, argon, true, opts...)
}

// newFixtureFeed is newFixture with Watch streaming the change feed, or
// not served.
func newFixtureFeed(t testing.TB, argon auth.Argon2, watch bool, opts ...option) *fixture {
	t.Helper()
	return newFixtureServer(t, argon, watch, nil, opts...)
}

// newFixtureServer is newFixtureFeed with the server's options as tweak
// leaves them.
func newFixtureServer(t testing.TB, argon auth.Argon2, watch bool, tweak func(*server.Options), opts ...option) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var hub *feed.Hub
	o := auth.Options{Store: feed.Notify(st, func() { hub.Wake() }), Lists: loadLists, Argon: argon, CodeKey: []byte("0123456789abcdef0123456789abcdef"),
		LockThreshold: 1 << 20, Sleep: func(context.Context, time.Duration) {}}
	for _, opt := range opts {
		opt(&o)
	}
	svc, err := auth.New(o)
	if err != nil {
		t.Fatal(err)
	}
	hub = feed.New(svc.Changes, 0)
	go hub.Run(ctx)
	var watched server.Feed
	if watch {
		watched = hub
	}
	f := &fixture{t: t, ctx: context.Background(), svc: svc, store: st,
		termCA: newCA(t, "Terminal CA"), cardCA: newCA(t, "Card CA")}
	f.user, err = svc.CreateUser(f.ctx, auth.Actor{Name: "test"}, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane.smith@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Role: "Nurse",
		Ward: "Ward7", Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}

	srvCA := newCA(t, "Service CA")
	leaf, key, err := srvCA.Server("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	f.serverCA = x509.NewCertPool()
	f.serverCA.AddCert(srvCA.Cert)
	clients := x509.NewCertPool()
	clients.AddCert(f.termCA.Cert)
	conf := server.NewTLSConfig(issue.TLS(leaf, key), clients)

	trust, err := certs.New([]*x509.Certificate{f.cardCA.Cert})
	if err != nil {
		t.Fatal(err)
	}
	so := server.Options{Service: svc, Trust: func() (*certs.Trust, error) { return trust, nil }, Feed: watched}
	if tweak != nil {
		tweak(&so)
	}
	srv, err := server.New(so)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.url = "https://" + ln.Addr().String()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, conf) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		st.Close()
	})
	return f
}

// register adds a terminal of the fleet and returns its certificate.
func (f *fixture) register(name, ward string) tls.Certificate {
	f.t.Helper()
	c := terminalCert(f.t, f.termCA, name)
	if _, err := f.svc.AddTerminal(f.ctx, auth.Actor{Name: "test"}, name, ward, pemOf(c.Leaf)); err != nil {
		f.t.Fatal(err)
	}
	return c
}

// transport is an HTTP/2 client transport presenting certs.
func (f *fixture) transport(certs ...tls.Certificate) *http.Transport {
	return &http.Transport{
		TLSClientConfig:   &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: f.serverCA, Certificates: certs},
		ForceAttemptHTTP2: true,
	}
}

// client is a kiosk's API client presenting certs.
func (f *fixture) client(certs ...tls.Certificate) kioskv1connect.KioskServiceClient {
	f.t.Helper()
	tr := f.transport(certs...)
	f.t.Cleanup(tr.CloseIdleConnections)
	return kioskv1connect.NewKioskServiceClient(&http.Client{Transport: tr}, f.url)
}

// events are the audit rows of an action, oldest first.
func (f *fixture) events(action string) []auth.Event {
	f.t.Helper()
	evs, err := f.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: action})
	if err != nil {
		f.t.Fatal(err)
	}
	return evs
}
