// Package issue makes a throwaway certificate authority and its
// certificates for the demo data set, the fleet on one machine (make
// fleet) and the tests: smartcard and terminal client certificates, and
// the service's server certificate. It is no CA for real cards or
// terminals: keys live in files and nothing is audited.
package issue

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// KeyType is a card key the kiosk accepts.
type KeyType int

// Card key types.
const (
	ECDSAP256 KeyType = iota
	RSA2048
)

// Authority is a CA that signs card certificates and CRLs.
type Authority struct {
	Cert *x509.Certificate
	Key  crypto.Signer
	rand io.Reader
	now  time.Time // the CA's birth: default validity counts from it
	next int64
}

// NewCA makes a self-signed ECDSA P-256 CA valid for ten years from now.
func NewCA(rand io.Reader, name string, now time.Time) (*Authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand)
	if err != nil {
		return nil, fmt.Errorf("issue: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"Ward Kiosk demo"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("issue: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("issue: %w", err)
	}
	return &Authority{Cert: cert, Key: key, rand: rand, now: now, next: 100}, nil
}

// Template describes a card certificate; zero times mean from an hour
// before the CA was made to a year after.
type Template struct {
	CommonName string
	Key        KeyType
	NotBefore  time.Time
	NotAfter   time.Time
	// Usage defaults to digitalSignature.
	Usage x509.KeyUsage
}

// Card issues a card certificate and its fresh key.
func (a *Authority) Card(t Template) (*x509.Certificate, crypto.Signer, error) {
	var key crypto.Signer
	var err error
	switch t.Key {
	case ECDSAP256:
		key, err = ecdsa.GenerateKey(elliptic.P256(), a.rand)
	case RSA2048:
		key, err = rsa.GenerateKey(a.rand, 2048)
	default:
		return nil, nil, fmt.Errorf("issue: unknown key type %d", t.Key)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("issue: %w", err)
	}
	cert, err := a.Sign(t, key.Public())
	return cert, key, err
}

// Sign issues a card certificate for a public key.
func (a *Authority) Sign(t Template, pub crypto.PublicKey) (*x509.Certificate, error) {
	now := a.now
	if t.NotBefore.IsZero() {
		t.NotBefore = now.Add(-time.Hour)
	}
	if t.NotAfter.IsZero() {
		t.NotAfter = now.AddDate(1, 0, 0)
	}
	if t.Usage == 0 {
		t.Usage = x509.KeyUsageDigitalSignature
	}
	a.next++
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(a.next),
		Subject:      pkix.Name{CommonName: t.CommonName, Organization: []string{"Ward Kiosk demo"}},
		NotBefore:    t.NotBefore,
		NotAfter:     t.NotAfter,
		KeyUsage:     t.Usage,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(a.rand, tmpl, a.Cert, pub, a.Key)
	if err != nil {
		return nil, fmt.Errorf("issue: %w", err)
	}
	return x509.ParseCertificate(der)
}

// Server issues a TLS server certificate for hosts (names or IP
// addresses) and its fresh ECDSA P-256 key: the kiosk API's, in a demo.
func (a *Authority) Server(hosts ...string) (*x509.Certificate, crypto.Signer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), a.rand)
	if err != nil {
		return nil, nil, fmt.Errorf("issue: %w", err)
	}
	a.next++
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(a.next),
		Subject:      pkix.Name{CommonName: hosts[0], Organization: []string{"Ward Kiosk demo"}},
		NotBefore:    a.now.Add(-time.Hour),
		NotAfter:     a.now.AddDate(1, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(a.rand, tmpl, a.Cert, key.Public(), a.Key)
	if err != nil {
		return nil, nil, fmt.Errorf("issue: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

// CRL returns a DER CRL revoking the given certificates.
func (a *Authority) CRL(now time.Time, revoked ...*x509.Certificate) ([]byte, error) {
	var entries []x509.RevocationListEntry
	for _, c := range revoked {
		entries = append(entries, x509.RevocationListEntry{SerialNumber: c.SerialNumber, RevocationTime: now})
	}
	der, err := x509.CreateRevocationList(a.rand, &x509.RevocationList{
		Number: big.NewInt(1), ThisUpdate: now.Add(-time.Minute), NextUpdate: now.AddDate(0, 0, 7),
		RevokedCertificateEntries: entries,
	}, a.Cert, a.Key)
	if err != nil {
		return nil, fmt.Errorf("issue: %w", err)
	}
	return der, nil
}

// CertPEM encodes a certificate as PEM.
func CertPEM(c *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

// KeyPEM encodes a private key as PKCS#8 PEM.
func KeyPEM(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("issue: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// ParseKeyPEM reads a PKCS#8 PEM private key that can sign.
func ParseKeyPEM(b []byte) (crypto.Signer, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("issue: no PEM PRIVATE KEY (PKCS#8) block")
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("issue: %w", err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("issue: a %T cannot sign", k)
	}
	return s, nil
}

// WriteFiles writes a certificate and its key as dir/name.pem and
// dir/name.key (0600), as a service or kiosk configuration names them.
func WriteFiles(dir, name string, cert *x509.Certificate, key crypto.Signer) (certFile, keyFile string, err error) {
	certFile, keyFile = filepath.Join(dir, name+".pem"), filepath.Join(dir, name+".key")
	keyPEM, err := KeyPEM(key)
	if err != nil {
		return "", "", err
	}
	if err := os.WriteFile(certFile, CertPEM(cert), 0o644); err != nil {
		return "", "", err
	}
	return certFile, keyFile, os.WriteFile(keyFile, keyPEM, 0o600)
}

// TLS is a certificate and its key as a TLS peer presents them.
func TLS(cert *x509.Certificate, key crypto.Signer) tls.Certificate {
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}
}
