package pkcs11

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"

	p11 "github.com/miekg/pkcs11"
)

// candidate is a sign-in certificate on the token.
type candidate struct {
	id   []byte
	cert *x509.Certificate
}

// signed is what Sign returns.
type signed struct {
	cert *x509.Certificate
	sig  []byte
}

// Certificate is the sign-in certificate of the token in reader's slot,
// read without logging in. Its names are outside input.
func (m *Module) Certificate(ctx context.Context, reader string) (*x509.Certificate, error) {
	return call(ctx, m, "Certificate", func(c *p11.Ctx) (*x509.Certificate, error) {
		slot, err := findSlot(ctx, c, reader)
		if err != nil {
			return nil, err
		}
		sh, err := c.OpenSession(slot, p11.CKF_SERIAL_SESSION)
		if err != nil {
			return nil, removal(c, slot, wrap("C_OpenSession", err))
		}
		defer c.CloseSession(sh)
		cand, err := choose(ctx, c, sh)
		if err != nil {
			return nil, removal(c, slot, err)
		}
		return cand.cert, nil
	})
}

// Sign signs SHA-256(challenge) with the sign-in key of the token in
// reader's slot and returns the certificate and the signature (ASN.1 DER
// for ECDSA, PKCS#1 v1.5 or PSS for RSA), verified with the certificate's
// key. check sees the certificate before the login: if it fails, Sign
// returns the certificate and check's error without logging in, so a card
// that could never sign in costs no PIN try. The session is logged out
// and closed on every path. When ctx ends first, Sign returns at once;
// the call then finishes in the module on its own (check may still run).
func (m *Module) Sign(ctx context.Context, reader, pin string, check func(*x509.Certificate) error, challenge []byte) (*x509.Certificate, []byte, error) {
	r, err := call(ctx, m, "Sign", func(c *p11.Ctx) (signed, error) {
		return sign(ctx, c, reader, pin, check, challenge)
	})
	return r.cert, r.sig, err
}

func sign(ctx context.Context, c *p11.Ctx, reader, pin string, check func(*x509.Certificate) error, challenge []byte) (signed, error) {
	slot, err := findSlot(ctx, c, reader)
	if err != nil {
		return signed{}, err
	}
	sh, err := c.OpenSession(slot, p11.CKF_SERIAL_SESSION)
	if err != nil {
		return signed{}, removal(c, slot, wrap("C_OpenSession", err))
	}
	defer c.CloseSession(sh)
	cand, err := choose(ctx, c, sh)
	if err != nil {
		return signed{}, removal(c, slot, err)
	}
	out := signed{cert: cand.cert}
	if check != nil {
		if err := check(cand.cert); err != nil {
			return out, err
		}
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	if err := beforeLogin(c, slot, pin); err != nil {
		return out, removal(c, slot, err)
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	err = c.Login(sh, p11.CKU_USER, pin)
	// Logging out is harmless when the login failed, and a must on every
	// other path: the token stays logged in for the whole process.
	defer c.Logout(sh)
	if pe, ok := ckr(err); ok && pe == p11.CKR_USER_ALREADY_LOGGED_IN {
		// Left logged in by someone else: this PIN must still be proved.
		c.Logout(sh)
		err = c.Login(sh, p11.CKU_USER, pin)
	}
	if err != nil {
		return out, removal(c, slot, loginError(c, slot, err))
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	key, mech, err := signingKey(c, slot, sh, cand)
	if errors.Is(err, ErrNoCertificate) {
		// The token hid its private keys before the login (SoftHSM
		// does), so the choice was blind: choose again now they show,
		// and check the new certificate too.
		if again, cerr := choose(ctx, c, sh); cerr == nil && !bytes.Equal(again.id, cand.id) {
			cand, out.cert = again, again.cert
			if check != nil {
				if err := check(cand.cert); err != nil {
					return out, err
				}
			}
			key, mech, err = signingKey(c, slot, sh, cand)
		}
	}
	if err != nil {
		return out, removal(c, slot, err)
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	if err := c.SignInit(sh, mech.p11Mechanism(), key); err != nil {
		return out, removal(c, slot, signError("C_SignInit", err))
	}
	raw, err := c.Sign(sh, mech.input(challenge))
	if err != nil {
		return out, removal(c, slot, signError("C_Sign", err))
	}
	out.sig, err = mech.finish(cand.cert.PublicKey, challenge, raw)
	return out, err
}

// beforeLogin refuses a login that can only fail or lock the token: the
// PIN is already locked, or the PIN's length is outside the token's range.
func beforeLogin(c *p11.Ctx, slot uint, pin string) error {
	ti, err := c.GetTokenInfo(slot)
	if err != nil {
		return wrap("C_GetTokenInfo", err)
	}
	if ti.Flags&p11.CKF_USER_PIN_LOCKED != 0 {
		return fmt.Errorf("%w (the token says so before login)", ErrLocked)
	}
	// Some modules leave the range unset (0, or CK_UNAVAILABLE_INFORMATION).
	minLen, maxLen := ti.MinPinLen, ti.MaxPinLen
	if maxLen == 0 || maxLen == ^uint(0) || minLen > maxLen {
		maxLen = ^uint(0)
	}
	if n := uint(len(pin)); n < minLen || n > maxLen {
		// Not the PIN's own length: that much of a secret stays out of logs.
		return fmt.Errorf("%w (the token takes %d to %d characters)", ErrPINLen, minLen, ti.MaxPinLen)
	}
	return nil
}

// loginError maps a failed C_Login. A wrong PIN comes with the token's
// PIN flags read just after it, or is ErrLocked when that locked it.
func loginError(c *p11.Ctx, slot uint, err error) error {
	pe, ok := ckr(err)
	if !ok || pe != p11.CKR_PIN_INCORRECT {
		return wrap("C_Login", err)
	}
	ti, terr := c.GetTokenInfo(slot)
	if terr != nil {
		return &PINError{}
	}
	if ti.Flags&p11.CKF_USER_PIN_LOCKED != 0 {
		return fmt.Errorf("%w (by this wrong PIN)", ErrLocked)
	}
	return &PINError{FinalTry: ti.Flags&p11.CKF_USER_PIN_FINAL_TRY != 0, CountLow: ti.Flags&p11.CKF_USER_PIN_COUNT_LOW != 0}
}

// signError maps a module's refusal of the key or mechanism to ErrKeyType.
func signError(call string, err error) error {
	if pe, ok := ckr(err); ok {
		switch pe {
		case p11.CKR_MECHANISM_INVALID, p11.CKR_MECHANISM_PARAM_INVALID, p11.CKR_KEY_TYPE_INCONSISTENT,
			p11.CKR_KEY_FUNCTION_NOT_PERMITTED:
			return fmt.Errorf("%w (%s: %w)", ErrKeyType, call, pe)
		}
	}
	return wrap(call, err)
}

// removal turns CKR_DEVICE_ERROR (and the like) into ErrRemoved when the
// token is no longer in its slot: modules answer a card pulled in the
// middle of a command in many ways.
func removal(c *p11.Ctx, slot uint, err error) error {
	if err == nil || errors.Is(err, ErrRemoved) {
		return err
	}
	pe, ok := ckr(err)
	if !ok {
		return err
	}
	switch pe {
	case p11.CKR_DEVICE_ERROR, p11.CKR_GENERAL_ERROR, p11.CKR_FUNCTION_FAILED, p11.CKR_SLOT_ID_INVALID:
	default:
		return err
	}
	si, serr := c.GetSlotInfo(slot)
	if serr == nil && si.Flags&p11.CKF_TOKEN_PRESENT != 0 {
		return err
	}
	return fmt.Errorf("%w (%w)", ErrRemoved, err)
}

// choose picks the sign-in certificate: an X.509 certificate whose CKA_ID
// has a private key that can sign, one with key usage digitalSignature
// first, then by CKA_ID. Before login many tokens (SoftHSM, for one) hide
// private keys; when the token shows none at all, every certificate is a
// candidate, so Certificate may name one without a key, and Sign chooses
// again after the login.
func choose(ctx context.Context, c *p11.Ctx, sh p11.SessionHandle) (candidate, error) {
	certs, err := findObjects(c, sh, []*p11.Attribute{
		p11.NewAttribute(p11.CKA_CLASS, p11.CKO_CERTIFICATE),
		p11.NewAttribute(p11.CKA_CERTIFICATE_TYPE, p11.CKC_X_509),
	})
	if err != nil {
		return candidate{}, err
	}
	keys, err := keyIDs(c, sh)
	if err != nil {
		return candidate{}, err
	}
	var cands []candidate
	for _, h := range certs {
		if err := ctx.Err(); err != nil {
			return candidate{}, err
		}
		attrs, err := c.GetAttributeValue(sh, h, []*p11.Attribute{
			p11.NewAttribute(p11.CKA_ID, nil), p11.NewAttribute(p11.CKA_VALUE, nil),
		})
		if err != nil {
			if isRemoval(err) {
				return candidate{}, wrap("C_GetAttributeValue", err)
			}
			continue
		}
		id, der := attrs[0].Value, attrs[1].Value
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			continue
		}
		if len(keys) > 0 && !slices.ContainsFunc(keys, func(k []byte) bool { return bytes.Equal(k, id) }) {
			continue
		}
		cands = append(cands, candidate{id: id, cert: cert})
	}
	if len(cands) == 0 {
		return candidate{}, fmt.Errorf("%w (%d certificates, %d signing keys visible)", ErrNoCertificate, len(certs), len(keys))
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		ua, ub := a.cert.KeyUsage&x509.KeyUsageDigitalSignature != 0, b.cert.KeyUsage&x509.KeyUsageDigitalSignature != 0
		if ua != ub {
			if ua {
				return -1
			}
			return 1
		}
		return bytes.Compare(a.id, b.id)
	})
	return cands[0], nil
}

// signingKeyTemplate finds private keys that may sign.
func signingKeyTemplate(id []byte) []*p11.Attribute {
	t := []*p11.Attribute{
		p11.NewAttribute(p11.CKA_CLASS, p11.CKO_PRIVATE_KEY),
		p11.NewAttribute(p11.CKA_SIGN, true),
	}
	if id != nil {
		t = append(t, p11.NewAttribute(p11.CKA_ID, id))
	}
	return t
}

// keyIDs are the CKA_IDs of the signing private keys visible now.
func keyIDs(c *p11.Ctx, sh p11.SessionHandle) ([][]byte, error) {
	hs, err := findObjects(c, sh, signingKeyTemplate(nil))
	if err != nil {
		return nil, err
	}
	var ids [][]byte
	for _, h := range hs {
		a, err := c.GetAttributeValue(sh, h, []*p11.Attribute{p11.NewAttribute(p11.CKA_ID, nil)})
		if err != nil {
			if isRemoval(err) {
				return nil, wrap("C_GetAttributeValue", err)
			}
			continue
		}
		ids = append(ids, a[0].Value)
	}
	return ids, nil
}

// signingKey finds, after the login, the private key of the certificate
// and the mechanism to sign with: one the token offers and the key allows.
func signingKey(c *p11.Ctx, slot uint, sh p11.SessionHandle, cand candidate) (p11.ObjectHandle, mechanism, error) {
	hs, err := findObjects(c, sh, signingKeyTemplate(cand.id))
	if err != nil {
		return 0, mechanism{}, err
	}
	if len(hs) == 0 {
		return 0, mechanism{}, fmt.Errorf("%w (no signing key with the certificate's CKA_ID %x)", ErrNoCertificate, cand.id)
	}
	key := hs[0]
	var allowed []uint
	// A key without CKA_ALLOWED_MECHANISMS (most, and every 2.20 module)
	// answers CKR_ATTRIBUTE_TYPE_INVALID: no limit then.
	if a, err := c.GetAttributeValue(sh, key, []*p11.Attribute{p11.NewAttribute(p11.CKA_ALLOWED_MECHANISMS, nil)}); err == nil {
		allowed = ulongs(a[0].Value)
	} else if isRemoval(err) {
		return 0, mechanism{}, wrap("C_GetAttributeValue", err)
	}
	list, err := c.GetMechanismList(slot)
	if err != nil {
		return 0, mechanism{}, wrap("C_GetMechanismList", err)
	}
	token := make([]uint, len(list))
	for i, m := range list {
		token[i] = m.Mechanism
	}
	mech, err := chooseMechanism(cand.cert.PublicKey, token, allowed)
	return key, mech, err
}

// findObjects lists every object matching the template.
func findObjects(c *p11.Ctx, sh p11.SessionHandle, tmpl []*p11.Attribute) ([]p11.ObjectHandle, error) {
	if err := c.FindObjectsInit(sh, tmpl); err != nil {
		return nil, wrap("C_FindObjectsInit", err)
	}
	defer c.FindObjectsFinal(sh)
	var all []p11.ObjectHandle
	for {
		hs, _, err := c.FindObjects(sh, 32)
		if err != nil {
			return nil, wrap("C_FindObjects", err)
		}
		if len(hs) == 0 {
			return all, nil
		}
		all = append(all, hs...)
	}
}
