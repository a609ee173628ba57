package certs_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func ca(t *testing.T, name string) *issue.Authority {
	t.Helper()
	a, err := issue.NewCA(rand.Reader, name, now)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func card(t *testing.T, a *issue.Authority, tmpl issue.Template) *x509.Certificate {
	t.Helper()
	c, _, err := a.Card(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCheck(t *testing.T) {
	trustCA, otherCA := ca(t, "Trust CA"), ca(t, "Other CA")
	good := card(t, trustCA, issue.Template{CommonName: "Jane"})
	rsaCard := card(t, trustCA, issue.Template{CommonName: "Amir", Key: issue.RSA2048})
	revoked := card(t, trustCA, issue.Template{CommonName: "Lost"})
	crl, err := trustCA.CRL(now, revoked)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := x509.ParseRevocationList(crl)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := certs.New([]*x509.Certificate{trustCA.Cert}, parsed)
	if err != nil {
		t.Fatal(err)
	}
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	wrongCurve, err := trustCA.Sign(issue.Template{CommonName: "P384"}, p384.Public())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		cert *x509.Certificate
		want error
	}{
		{"good", good, nil},
		{"rsa", rsaCard, nil},
		{"expired", card(t, trustCA, issue.Template{CommonName: "Old", NotBefore: now.AddDate(-2, 0, 0), NotAfter: now.AddDate(0, 0, -1)}), certs.ErrExpired},
		{"not yet", card(t, trustCA, issue.Template{CommonName: "New", NotBefore: now.Add(time.Hour), NotAfter: now.AddDate(1, 0, 0)}), certs.ErrNotYetValid},
		{"wrong CA", card(t, otherCA, issue.Template{CommonName: "Mallory"}), certs.ErrUntrusted},
		{"self-signed", otherCA.Cert, certs.ErrKeyUsage},
		{"revoked", revoked, certs.ErrRevoked},
		{"key usage", card(t, trustCA, issue.Template{CommonName: "Enc", Usage: x509.KeyUsageKeyEncipherment}), certs.ErrKeyUsage},
		{"curve", wrongCurve, certs.ErrKeyType},
	} {
		err := tr.Check(tc.cert, now)
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	// Without the CRL the revoked card passes.
	noCRL, _ := certs.New([]*x509.Certificate{trustCA.Cert}, nil)
	if err := noCRL.Check(revoked, now); err != nil {
		t.Fatalf("no CRL: %v", err)
	}
	// A CRL the CAs did not sign is refused at load.
	other, _ := otherCA.CRL(now)
	otherParsed, _ := x509.ParseRevocationList(other)
	if _, err := certs.New([]*x509.Certificate{trustCA.Cert}, otherParsed); err == nil {
		t.Fatal("foreign CRL accepted")
	}
}

func TestLoadPEMAndDER(t *testing.T) {
	dir := t.TempDir()
	a := ca(t, "Trust CA")
	revoked := card(t, a, issue.Template{CommonName: "Lost"})
	crl, _ := a.CRL(now, revoked)
	caFile := filepath.Join(dir, "ca.pem")
	os.WriteFile(caFile, append([]byte("junk before\n"), issue.CertPEM(a.Cert)...), 0o600)
	for _, form := range []struct {
		name string
		data []byte
	}{
		{"crl.der", crl},
		{"crl.pem", pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: crl})},
	} {
		path := filepath.Join(dir, form.name)
		os.WriteFile(path, form.data, 0o600)
		tr, err := certs.Load(caFile, path)
		if err != nil {
			t.Fatalf("%s: %v", form.name, err)
		}
		if err := tr.Check(revoked, now); !errors.Is(err, certs.ErrRevoked) {
			t.Fatalf("%s: %v", form.name, err)
		}
	}
	if _, err := certs.Load("", ""); err == nil {
		t.Fatal("no CA file accepted")
	}
	empty := filepath.Join(dir, "empty.pem")
	os.WriteFile(empty, []byte("nothing"), 0o600)
	if _, err := certs.Load(empty, ""); err == nil {
		t.Fatal("a CA file without certificates accepted")
	}
	if _, err := certs.Load(caFile, filepath.Join(dir, "missing")); err == nil {
		t.Fatal("missing CRL accepted")
	}
}

func FuzzParseCertificate(f *testing.F) {
	a, _ := issue.NewCA(rand.Reader, "F", now)
	f.Add(a.Cert.Raw)
	f.Add(issue.CertPEM(a.Cert))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := certs.ParseCertificate(b)
		if err == nil {
			certs.CheckKey(c)
		}
		certs.ParseCRL(b)
	})
}

// ca_file is a bundle of the Trust's CAs, so crl_file may hold one PEM
// CRL for each, one after the other as `cat` joins them: every one counts.
// A second CRL was silently ignored, so the second CA's revoked cards were
// let in; a block that is not a CRL, or a CRL no CA signed, is refused.
func TestLoadCRLBundle(t *testing.T) {
	dir := t.TempDir()
	first, second := ca(t, "Trust CA 1"), ca(t, "Trust CA 2")
	lost1 := card(t, first, issue.Template{CommonName: "Lost One"})
	lost2 := card(t, second, issue.Template{CommonName: "Lost Two"})
	kept := card(t, second, issue.Template{CommonName: "Kept"})
	crl1, _ := first.CRL(now, lost1)
	crl2, _ := second.CRL(now, lost2)
	pemCRL := func(der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der}) }
	caFile := filepath.Join(dir, "ca.pem")
	os.WriteFile(caFile, append(issue.CertPEM(first.Cert), issue.CertPEM(second.Cert)...), 0o600)
	crlFile := filepath.Join(dir, "ca.crl")
	os.WriteFile(crlFile, append(pemCRL(crl1), pemCRL(crl2)...), 0o600)
	tr, err := certs.Load(caFile, crlFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*x509.Certificate{lost1, lost2} {
		if err := tr.Check(c, now); !errors.Is(err, certs.ErrRevoked) {
			t.Errorf("%s: %v, want revoked", c.Subject.CommonName, err)
		}
	}
	if err := tr.Check(kept, now); err != nil {
		t.Errorf("a card on neither list: %v", err)
	}

	other := ca(t, "Not the Trust")
	crl3, _ := other.CRL(now)
	for name, data := range map[string][]byte{
		"a certificate after the CRL": append(pemCRL(crl1), issue.CertPEM(second.Cert)...),
		"an unsigned CRL after one":   append(pemCRL(crl1), pemCRL(crl3)...),
	} {
		os.WriteFile(crlFile, data, 0o600)
		if _, err := certs.Load(caFile, crlFile); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
