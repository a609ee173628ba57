package pkcs11

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"

	p11 "github.com/miekg/pkcs11"
)

// mechanism is how a key signs the challenge.
type mechanism struct {
	Type    uint
	Name    string
	Prehash bool // the token is given SHA-256(challenge), not the challenge
	PSS     bool // RSA-PSS with SHA-256, MGF1-SHA-256, a 32-byte salt
	Info    bool // the digest goes in a DigestInfo (raw CKM_RSA_PKCS)
}

// Mechanisms in order of preference for each key type: the ones that sign
// a digest first (the challenge never leaves the kiosk whole), then the
// ones that hash on the token.
var (
	ecMechs = []mechanism{
		{Type: p11.CKM_ECDSA, Name: "CKM_ECDSA", Prehash: true},
		{Type: p11.CKM_ECDSA_SHA256, Name: "CKM_ECDSA_SHA256"},
	}
	rsaMechs = []mechanism{
		{Type: p11.CKM_RSA_PKCS, Name: "CKM_RSA_PKCS", Prehash: true, Info: true},
		{Type: p11.CKM_SHA256_RSA_PKCS, Name: "CKM_SHA256_RSA_PKCS"},
		{Type: p11.CKM_RSA_PKCS_PSS, Name: "CKM_RSA_PKCS_PSS", Prehash: true, PSS: true},
		{Type: p11.CKM_SHA256_RSA_PKCS_PSS, Name: "CKM_SHA256_RSA_PKCS_PSS", PSS: true},
	}
)

// chooseMechanism picks the first mechanism for the key that the token
// offers and the key allows (allowed empty: the key sets no limit).
func chooseMechanism(pub crypto.PublicKey, token, allowed []uint) (mechanism, error) {
	var prefs []mechanism
	switch pub.(type) {
	case *ecdsa.PublicKey:
		prefs = ecMechs
	case *rsa.PublicKey:
		prefs = rsaMechs
	default:
		return mechanism{}, fmt.Errorf("%w (a %T key)", ErrKeyType, pub)
	}
	for _, m := range prefs {
		if slices.Contains(token, m.Type) && (len(allowed) == 0 || slices.Contains(allowed, m.Type)) {
			return m, nil
		}
	}
	return mechanism{}, fmt.Errorf("%w (the token offers %d mechanisms, the key allows %d; none of ECDSA, RSA PKCS#1 v1.5 or PSS with SHA-256)",
		ErrKeyType, len(token), len(allowed))
}

// sha256Info is the DER DigestInfo prefix of a SHA-256 digest (RFC 8017).
var sha256Info = []byte{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20}

// p11Mechanism is the mechanism as the module takes it.
func (m mechanism) p11Mechanism() []*p11.Mechanism {
	var param any
	if m.PSS {
		param = p11.NewPSSParams(p11.CKM_SHA256, p11.CKG_MGF1_SHA256, sha256.Size)
	}
	return []*p11.Mechanism{p11.NewMechanism(m.Type, param)}
}

// input is what the token signs for this challenge.
func (m mechanism) input(challenge []byte) []byte {
	if !m.Prehash {
		return challenge
	}
	d := sha256.Sum256(challenge)
	if m.Info {
		return append(slices.Clone(sha256Info), d[:]...)
	}
	return d[:]
}

// finish turns the token's signature into the form the verifier takes
// (ASN.1 DER for ECDSA) and verifies it with the certificate's key: a
// token that signs with another key, or garbles it, is caught here.
func (m mechanism) finish(pub crypto.PublicKey, challenge, sig []byte) ([]byte, error) {
	d := sha256.Sum256(challenge)
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		der, err := ecdsaDER(sig, (k.Curve.Params().BitSize+7)/8)
		if err != nil {
			return nil, err
		}
		if !ecdsa.VerifyASN1(k, d[:], der) {
			return nil, errors.New("pkcs11: the token's ECDSA signature does not verify with the certificate's key")
		}
		return der, nil
	case *rsa.PublicKey:
		var err error
		if m.PSS {
			err = rsa.VerifyPSS(k, crypto.SHA256, d[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto, Hash: crypto.SHA256})
		} else {
			err = rsa.VerifyPKCS1v15(k, crypto.SHA256, d[:], sig)
		}
		if err != nil {
			return nil, fmt.Errorf("pkcs11: the token's RSA signature (%s) does not verify with the certificate's key: %w", m.Name, err)
		}
		return sig, nil
	}
	return nil, fmt.Errorf("%w (a %T key)", ErrKeyType, pub)
}

// ecdsaDER converts PKCS#11's r||s (each size bytes) to ASN.1 DER.
func ecdsaDER(raw []byte, size int) ([]byte, error) {
	if len(raw) != 2*size {
		return nil, fmt.Errorf("pkcs11: an ECDSA signature of %d bytes, want %d", len(raw), 2*size)
	}
	return asn1.Marshal(struct{ R, S *big.Int }{
		new(big.Int).SetBytes(raw[:size]), new(big.Int).SetBytes(raw[size:]),
	})
}

// ulongs decodes an array of CK_ULONG (CKA_ALLOWED_MECHANISMS).
func ulongs(b []byte) []uint {
	n := strconv.IntSize / 8
	var out []uint
	for ; len(b) >= n; b = b[n:] {
		if n == 8 {
			out = append(out, uint(binary.NativeEndian.Uint64(b)))
		} else {
			out = append(out, uint(binary.NativeEndian.Uint32(b)))
		}
	}
	return out
}
