package auth

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// Card is a smartcard enrolled to a user, known by its certificate.
type Card struct {
	ID          int64
	UserID      int64
	Username    string // filled in by ListCards and the use cases
	Fingerprint string // hex SHA-256 of the certificate's DER
	Issuer      string // the issuer's name, RFC 4514
	Serial      string // the certificate's serial number, hex
	Subject     string // the subject's common name, as the card says it
	NotAfter    time.Time
	EnrolledAt  time.Time
	EnrolledBy  string
	RevokedAt   time.Time // zero while the card may sign in
	RevokedBy   string
	LastUsedAt  time.Time
}

// Revoked reports whether a maintainer revoked the card.
func (c Card) Revoked() bool { return !c.RevokedAt.IsZero() }

// State is "active", "revoked" or "expired" at now.
func (c Card) State(now time.Time) string {
	switch {
	case c.Revoked():
		return "revoked"
	case now.After(c.NotAfter):
		return "expired"
	}
	return "active"
}

// CardIdentity is what the core keys a card on: its certificate's
// fingerprint, and issuer and serial. Every field comes from the card and
// is outside input: sanitise before display.
type CardIdentity struct {
	Fingerprint string
	Issuer      string
	Serial      string
	Subject     string
	NotAfter    time.Time
}

// IdentityOf derives a card's identity from its certificate.
func IdentityOf(cert *x509.Certificate) CardIdentity {
	sum := sha256.Sum256(cert.Raw)
	serial := ""
	if cert.SerialNumber != nil {
		serial = cert.SerialNumber.Text(16)
	}
	return CardIdentity{
		Fingerprint: hex.EncodeToString(sum[:]),
		Issuer:      cert.Issuer.String(),
		Serial:      serial,
		Subject:     cert.Subject.CommonName,
		NotAfter:    cert.NotAfter.UTC(),
	}
}

// short is the start of a fingerprint, enough to tell cards apart in the audit.
func short(fingerprint string) string {
	if len(fingerprint) > 16 {
		return fingerprint[:16]
	}
	return fingerprint
}

// EnrolCard enrols a smartcard to a user: the one rule for the CLI and the
// console. The certificate, PEM or DER, must be one a card sign-in would
// take: a key fit for sign-in and, when trust is given, issued by the
// Trust, in date and not revoked; otherwise the error is ErrInvalid and
// says why. With no trust (none configured) the issuer is not checked and
// the caller should say so. A card already enrolled, or once revoked, is
// ErrConflict.
func (s *Service) EnrolCard(ctx context.Context, by Actor, username string, certificate []byte, trust *certs.Trust) (Card, error) {
	cert, err := certs.ParseCertificate(certificate)
	if err != nil {
		return Card{}, fmt.Errorf("auth: enrol card: %w: that is not a certificate: %v", ErrInvalid, err)
	}
	if err := certs.CheckKey(cert); err != nil {
		return Card{}, fmt.Errorf("auth: enrol card: %w: %v", ErrInvalid, err)
	}
	if trust != nil {
		if err := trust.Check(cert, s.now()); err != nil {
			return Card{}, fmt.Errorf("auth: enrol card: %w: %v", ErrInvalid, err)
		}
	}
	id := IdentityOf(cert)
	username = NormalizeUsername(username)
	c := Card{Fingerprint: id.Fingerprint, Issuer: id.Issuer, Serial: id.Serial, Subject: clip(sanitize.Line(id.Subject), 128),
		NotAfter: id.NotAfter, EnrolledAt: s.now(), EnrolledBy: by.Name}
	c, err = write(ctx, s, func(tx Tx) (Card, error) {
		u, err := tx.UserByUsername(ctx, username)
		if err != nil {
			return Card{}, err
		}
		if old, err := tx.CardByFingerprint(ctx, id.Fingerprint); err == nil {
			if old.Revoked() {
				return Card{}, fmt.Errorf("%w: this card (card %d) was revoked; a revoked card cannot be enrolled again", ErrConflict, old.ID)
			}
			return Card{}, fmt.Errorf("%w: this card is already enrolled as card %d", ErrConflict, old.ID)
		} else if !errors.Is(err, ErrNotFound) {
			return Card{}, err
		}
		c.UserID, c.Username = u.ID, u.Username
		if err := tx.AddCard(ctx, &c); err != nil {
			if errors.Is(err, ErrConflict) {
				return Card{}, fmt.Errorf("%w: a card with this issuer and serial number is already enrolled", ErrConflict)
			}
			return Card{}, err
		}
		if err := s.publish(ctx, tx, ActCardEnrolled, u.Username); err != nil {
			return c, err
		}
		return c, s.audit(ctx, tx, by, ActCardEnrolled, u.Username, fmt.Sprintf("card %d %s", c.ID, short(c.Fingerprint)))
	})
	if err != nil {
		return Card{}, fmt.Errorf("auth: enrol card for %s: %w", username, err)
	}
	return c, nil
}

// Cards lists every enrolled card, revoked ones too, by id.
func (s *Service) Cards(ctx context.Context) ([]Card, error) {
	return read(ctx, s, func(tx ReadTx) ([]Card, error) { return tx.ListCards(ctx) })
}

// RevokeCard stops a card signing in, for good.
func (s *Service) RevokeCard(ctx context.Context, by Actor, id int64) (Card, error) {
	c, err := write(ctx, s, func(tx Tx) (Card, error) {
		c, err := tx.CardByID(ctx, id)
		if err != nil {
			return Card{}, err
		}
		if c.Revoked() {
			return Card{}, fmt.Errorf("%w: card %d is already revoked", ErrInvalid, id)
		}
		u, err := tx.UserByID(ctx, c.UserID)
		if err != nil {
			return Card{}, err
		}
		c.Username = u.Username
		c.RevokedAt, c.RevokedBy = s.now(), by.Name
		if err := tx.SaveCard(ctx, c); err != nil {
			return Card{}, err
		}
		if err := s.publish(ctx, tx, ActCardRevoked, u.Username); err != nil {
			return c, err
		}
		return c, s.audit(ctx, tx, by, ActCardRevoked, u.Username, fmt.Sprintf("card %d %s", c.ID, short(c.Fingerprint)))
	})
	if err != nil {
		return Card{}, fmt.Errorf("auth: revoke card %d: %w", id, err)
	}
	return c, nil
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
