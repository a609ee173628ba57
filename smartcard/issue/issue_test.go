package issue

import (
	"crypto/rand"
	"crypto/x509"
	"testing"
	"time"
)

// A server certificate verifies for each of its hosts, as a server's and
// not a client's; a card certificate the other way round.
func TestServerAndCardCertificates(t *testing.T) {
	ca, err := NewCA(rand.Reader, "Test CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	srv, _, err := ca.Server("127.0.0.1", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"127.0.0.1", "localhost"} {
		if _, err := srv.Verify(x509.VerifyOptions{Roots: roots, DNSName: host}); err != nil {
			t.Errorf("%s: %v", host, err)
		}
	}
	if _, err := srv.Verify(x509.VerifyOptions{Roots: roots, DNSName: "example.org"}); err == nil {
		t.Error("verified for a host it does not name")
	}
	client := x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	if _, err := srv.Verify(client); err == nil {
		t.Error("a server certificate passes as a client's")
	}
	card, _, err := ca.Card(Template{CommonName: "WARD7-T1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := card.Verify(client); err != nil {
		t.Errorf("a card or terminal certificate as a client's: %v", err)
	}
}
