// Package certs checks a smartcard's certificate for sign-in (DESIGN §6):
// an ECDSA P-256 or RSA 2048 key, key usage digitalSignature, in date,
// issued by one of the Trust's card-issuing CAs and not on their CRLs.
package certs

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/wardkiosk/kiosk/text"
)

// Errors callers act on. Their Error() is for logs and never repeats what
// the card said; the words the card holder reads are in the text catalogue
// (text.ForError).
var (
	ErrExpired     = text.NewError(text.CardErrExpired, "this card's certificate has expired", nil)
	ErrNotYetValid = text.NewError(text.CardErrNotYetValid, "this card's certificate is not valid yet", nil)
	ErrUntrusted   = text.NewError(text.CardErrUntrusted, "this card was not issued by the Trust", nil)
	ErrRevoked     = text.NewError(text.CardErrRevoked, "this card's certificate has been revoked", nil)
	ErrKeyUsage    = text.NewError(text.CardErrKeyUsage, "this card's certificate is not for signing in", nil)
	ErrKeyType     = text.NewError(text.CardErrKeyType, "this card's key type is not supported (ECDSA P-256 or RSA 2048)", nil)
)

// Trust is the set of card-issuing CAs and, optionally, their CRLs.
type Trust struct {
	roots *x509.CertPool
	crls  []*x509.RevocationList // none: none configured
}

// New builds a Trust from CA certificates and optional CRLs (nil ones
// are skipped), each of which must be signed by one of the CAs.
func New(cas []*x509.Certificate, crls ...*x509.RevocationList) (*Trust, error) {
	if len(cas) == 0 {
		return nil, errors.New("certs: no CA certificates")
	}
	t := &Trust{roots: x509.NewCertPool()}
	for _, ca := range cas {
		t.roots.AddCert(ca)
	}
	for _, crl := range crls {
		if crl == nil {
			continue
		}
		signed := false
		for _, ca := range cas {
			if bytes.Equal(crl.RawIssuer, ca.RawSubject) && crl.CheckSignatureFrom(ca) == nil {
				signed = true
				break
			}
		}
		if !signed {
			return nil, errors.New("certs: the CRL is not signed by any of the CAs")
		}
		t.crls = append(t.crls, crl)
	}
	return t, nil
}

// Load reads a PEM bundle of CAs and, when crlFile is not empty, their
// CRLs: one in DER, or one or more in PEM (one per CA, joined).
func Load(caFile, crlFile string) (*Trust, error) {
	if caFile == "" {
		return nil, errors.New("certs: trust.ca_file is not set")
	}
	b, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("certs: trust.ca_file: %w", err)
	}
	cas, err := ParsePEMCertificates(b)
	if err != nil {
		return nil, fmt.Errorf("certs: trust.ca_file %s: %w", caFile, err)
	}
	var crls []*x509.RevocationList
	if crlFile != "" {
		b, err := os.ReadFile(crlFile)
		if err != nil {
			return nil, fmt.Errorf("certs: trust.crl_file: %w", err)
		}
		if crls, err = ParseCRLs(b); err != nil {
			return nil, fmt.Errorf("certs: trust.crl_file %s: %w", crlFile, err)
		}
	}
	t, err := New(cas, crls...)
	if err != nil {
		return nil, fmt.Errorf("%w (trust.ca_file %s, trust.crl_file %s)", err, caFile, crlFile)
	}
	return t, nil
}

// ParsePEMCertificates reads every CERTIFICATE block of a PEM bundle.
func ParsePEMCertificates(b []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("no PEM certificate found")
	}
	return out, nil
}

// ParseCertificate reads one certificate in PEM or DER.
func ParseCertificate(b []byte) (*x509.Certificate, error) {
	if blk, _ := pem.Decode(b); blk != nil {
		if blk.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("a PEM %q block, not a CERTIFICATE", blk.Type)
		}
		b = blk.Bytes
	}
	return x509.ParseCertificate(b)
}

// ParseCRLs reads a DER CRL, or every block of a PEM file of CRLs: a
// Trust with several CAs publishes one CRL each, and reading only the
// first would let the others' revoked cards in. A PEM block of another
// type is an error, not skipped, for the same reason.
func ParseCRLs(b []byte) ([]*x509.RevocationList, error) {
	var out []*x509.RevocationList
	for {
		blk, rest := pem.Decode(b)
		if blk == nil {
			break
		}
		if blk.Type != "X509 CRL" {
			return nil, fmt.Errorf("a PEM %q block, not an X509 CRL", blk.Type)
		}
		crl, err := x509.ParseRevocationList(blk.Bytes)
		if err != nil {
			return nil, err
		}
		out, b = append(out, crl), rest
	}
	if out != nil {
		return out, nil
	}
	crl, err := x509.ParseRevocationList(b)
	if err != nil {
		return nil, err
	}
	return []*x509.RevocationList{crl}, nil
}

// ParseCRL reads one CRL in DER or, from PEM, the first block; Load uses
// ParseCRLs, which reads them all.
func ParseCRL(b []byte) (*x509.RevocationList, error) {
	if blk, _ := pem.Decode(b); blk != nil {
		if blk.Type != "X509 CRL" {
			return nil, fmt.Errorf("a PEM %q block, not an X509 CRL", blk.Type)
		}
		b = blk.Bytes
	}
	return x509.ParseRevocationList(b)
}

// Check reports whether cert may sign in at now. A CRL past its next
// update still counts: a stale list is better than none, and refusing
// every card when the file is late would shut a ward out.
func (t *Trust) Check(cert *x509.Certificate, now time.Time) error {
	if err := CheckKey(cert); err != nil {
		return err
	}
	switch {
	case now.After(cert.NotAfter):
		return ErrExpired
	case now.Before(cert.NotBefore):
		return ErrNotYetValid
	}
	chains, err := cert.Verify(x509.VerifyOptions{Roots: t.roots, CurrentTime: now,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err != nil || len(chains) == 0 {
		return ErrUntrusted
	}
	for _, crl := range t.crls {
		if !bytes.Equal(cert.RawIssuer, crl.RawIssuer) {
			continue
		}
		for _, e := range crl.RevokedCertificateEntries {
			if e.SerialNumber != nil && e.SerialNumber.Cmp(cert.SerialNumber) == 0 {
				return ErrRevoked
			}
		}
	}
	return nil
}

// CheckKey reports whether a certificate's key and key usage are fit for
// sign-in: ECDSA P-256 or RSA 2048, digitalSignature.
func CheckKey(cert *x509.Certificate) error {
	switch k := cert.PublicKey.(type) {
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return ErrKeyType
		}
	case *rsa.PublicKey:
		if k.N.BitLen() != 2048 {
			return ErrKeyType
		}
	default:
		return ErrKeyType
	}
	if cert.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		return ErrKeyUsage
	}
	return nil
}
