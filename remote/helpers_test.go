package remote_test

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/api/server"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/feed"
	"github.com/wardkiosk/kiosk/internal/pgtest"
	"github.com/wardkiosk/kiosk/remote"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pkcs11"
	"github.com/wardkiosk/kiosk/store/postgres"
)

func TestMain(m *testing.M) {
	pkcs11.ServeProbe() // the card driver's module probe runs in a child of this binary
	os.Exit(pgtest.Wrap(m).Run())
}

var loadLists = sync.OnceValues(policy.LoadLists)

// fastArgon keeps tests quick.
var fastArgon = auth.Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const goodPassword = "Brisk-Owl-Lamp-48"

var codeKey = []byte("0123456789abcdef0123456789abcdef")

// newCA is a throwaway CA of the test's.
func newCA(t testing.TB, name string) *issue.Authority {
	t.Helper()
	ca, err := issue.NewCA(rand.Reader, name, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

// terminalCert is a terminal's client certificate from ca, as TLS presents it.
func terminalCert(t testing.TB, ca *issue.Authority, name string) tls.Certificate {
	t.Helper()
	cert, key, err := ca.Card(issue.Template{CommonName: name})
	if err != nil {
		t.Fatal(err)
	}
	return issue.TLS(cert, key)
}

// instance is one instance of the service: its own store connection,
// auth core, feed hub and API on loopback TLS.
type instance struct {
	svc  *auth.Service
	url  string
	stop func() // stops serving, as a SIGKILL would for the kiosk
}

// fleet is the Trust: one PostgreSQL, two instances of the service, a
// terminal CA, a card CA and one user.
type fleet struct {
	t      testing.TB
	ctx    context.Context
	a, b   *instance
	termCA *issue.Authority
	cardCA *issue.Authority
	crlPEM []byte // the card CA's CRL, as the service serves it
	roots  *x509.CertPool
	user   auth.User
}

func newFleet(t testing.TB) *fleet {
	t.Helper()
	url := pgtest.New(t)
	f := &fleet{t: t, ctx: context.Background(), termCA: newCA(t, "Terminal CA")}
	var err error
	if f.cardCA, err = issue.NewCA(rand.Reader, "Card CA", time.Now()); err != nil {
		t.Fatal(err)
	}
	crl, err := f.cardCA.CRL(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f.crlPEM = pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: crl})
	srvCA := newCA(t, "Service CA")
	f.roots = x509.NewCertPool()
	f.roots.AddCert(srvCA.Cert)
	srvCert, srvKey, err := srvCA.Server("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	leaf := issue.TLS(srvCert, srvKey)
	clients := x509.NewCertPool()
	clients.AddCert(f.termCA.Cert)
	conf := server.NewTLSConfig(leaf, clients)
	f.a = f.start(url, conf)
	f.b = f.start(url, conf)
	f.user, err = f.a.svc.CreateUser(f.ctx, auth.Actor{Name: "test"}, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane.smith@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Role: "Nurse",
		Ward: "Ward7", Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fleet) start(url string, conf *tls.Config) *instance {
	t := f.t
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	var hub *feed.Hub
	svc, err := auth.New(auth.Options{Store: feed.Notify(st, func() { hub.Wake() }), Lists: loadLists, Argon: fastArgon,
		CodeKey: codeKey, LockThreshold: 1 << 20, Sleep: func(context.Context, time.Duration) {}})
	if err != nil {
		t.Fatal(err)
	}
	hub = feed.New(svc.Changes, time.Second)
	var wg sync.WaitGroup
	wg.Go(func() { hub.Run(ctx) })
	wg.Go(func() { st.Listen(ctx, hub.Wake) })
	cardTrust, err := certs.New([]*x509.Certificate{f.cardCA.Cert})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Options{Service: svc, Feed: hub,
		Trust:    func() (*certs.Trust, error) { return cardTrust, nil },
		TrustPEM: func() ([]byte, []byte, error) { return issue.CertPEM(f.cardCA.Cert), f.crlPEM, nil }})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stopServe := context.WithCancel(ctx)
	served := make(chan struct{})
	go func() {
		defer close(served)
		srv.Serve(sctx, ln, conf)
	}()
	var once sync.Once
	in := &instance{svc: svc, url: "https://" + ln.Addr().String(), stop: func() {
		once.Do(func() {
			stopServe()
			<-served
		})
	}}
	t.Cleanup(func() {
		in.stop()
		cancel()
		wg.Wait()
		st.Close()
	})
	return in
}

// register adds a terminal at the service and returns its certificate.
func (f *fleet) register(name string) tls.Certificate {
	f.t.Helper()
	c := terminalCert(f.t, f.termCA, name)
	if _, err := f.a.svc.AddTerminal(f.ctx, auth.Actor{Name: "test"}, name, "Ward7", c.Certificate[0]); err != nil {
		f.t.Fatal(err)
	}
	return c
}

// kiosk is a client of the fleet at urls, presenting cert.
func (f *fleet) kiosk(cert tls.Certificate, signer remote.CardSigner, urls ...string) *remote.Client {
	f.t.Helper()
	return f.kioskWith(cert, signer, nil, urls...)
}

// kioskWith is kiosk with its options changed by with first.
func (f *fleet) kioskWith(cert tls.Certificate, signer remote.CardSigner, with func(*remote.Options), urls ...string) *remote.Client {
	t := f.t
	f.t.Helper()
	o := remote.Options{URLs: urls,
		TLS:     &tls.Config{RootCAs: f.roots, Certificates: []tls.Certificate{cert}},
		Profile: mustProfile(t), Lists: loadLists, Signer: signer, Version: "v-test",
		SignInTimeout: 2 * time.Second, CallTimeout: 2 * time.Second,
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond}
	if with != nil {
		with(&o)
	}
	c, err := remote.New(o)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(c.Close)
	return c
}

// deadURL is a loopback port nobody listens on: refused at once.
func deadURL(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "https://" + addr
}

// silentURL accepts connections and never answers: a hung instance.
func silentURL(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "https://" + ln.Addr().String()
}

func mustProfile(t testing.TB) policy.Profile {
	t.Helper()
	p, err := policy.Lookup("esr-2019")
	if err != nil {
		t.Fatal(err)
	}
	return p
}
