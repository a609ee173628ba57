package server_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/api/server"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/feed"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

var loadLists = sync.OnceValues(policy.LoadLists)

// fastArgon keeps tests quick; the benchmark runs the real parameters.
var fastArgon = auth.Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const goodPassword = "Brisk-Owl-Lamp-48"

var serial atomic.Int64

// ca is a test certificate authority with an ECDSA P-256 key.
type ca struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newCA(t testing.TB, name string) *ca {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial.Add(1)), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &ca{cert: cert, key: key}
}

// issue signs a leaf certificate for a new key.
func (c *ca) issue(t testing.TB, name string, usage x509.KeyUsage, ext []x509.ExtKeyUsage, ips ...net.IP) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial.Add(1)), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: usage, ExtKeyUsage: ext, IPAddresses: ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.cert, &key.PublicKey, c.key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return cert, key
}

// terminalCert is a kiosk's TLS client certificate issued by c.
func (c *ca) terminalCert(t testing.TB, name string) tls.Certificate {
	t.Helper()
	cert, key := c.issue(t, name, x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth})
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}
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
	termCA   *ca
	cardCA   *ca
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
	leaf, key := srvCA.issue(t, "kiosk-api", x509.KeyUsageDigitalSignature,
		[]x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, net.IPv4(127, 0, 0, 1))
	f.serverCA = x509.NewCertPool()
	f.serverCA.AddCert(srvCA.cert)
	clients := x509.NewCertPool()
	clients.AddCert(f.termCA.cert)
	conf := server.NewTLSConfig(tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: key, Leaf: leaf}, clients)

	trust, err := certs.New([]*x509.Certificate{f.cardCA.cert})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Options{Service: svc, Trust: func() (*certs.Trust, error) { return trust, nil }, Feed: watched})
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
	c := f.termCA.terminalCert(f.t, name)
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
