package auth

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/text"
)

// Card sign-in failures the core decides; the card's own failures (wrong
// passcode, blocked, expired, ...) come from the CardProver. Staff read the
// words of their text IDs (text.ForError).
var (
	// ErrCardNotEnrolled means the card is genuine but enrolled to nobody.
	ErrCardNotEnrolled = text.NewError(text.CardNotEnrolled, "this card is not enrolled; ask a kiosk maintainer to enrol it", nil)
	// ErrCardWithdrawn means a maintainer revoked the card's enrolment.
	ErrCardWithdrawn = text.NewError(text.CardWithdrawn, "this card has been withdrawn from use here", nil)
	// ErrCardAccount means the card's account is disabled or locked.
	ErrCardAccount = text.NewError(text.CardAccount, "the account for this card cannot sign in at the moment; ask a kiosk maintainer", nil)
)

// CardProver is a smartcard in a reader, as the core needs it. The
// smartcard package implements it over PC/SC.
type CardProver interface {
	// Prove unlocks the card with the passcode, has it sign a fresh
	// challenge, checks the signature with the certificate's key and the
	// certificate against the Trust's CAs, and returns the certificate.
	// On failure it still returns the certificate when it was read, for
	// the audit. Errors are fit to show and never hold the passcode.
	Prove(ctx context.Context, passcode string) (*x509.Certificate, error)
}

// CardLogin signs in the holder of the card with the passcode: the card
// proves itself, then its certificate maps to the user it is enrolled to,
// under the same rules as a password: a disabled or locked account is
// refused, success clears failures and revokes any live reset code. Every
// outcome is audited.
func (s *Service) CardLogin(ctx context.Context, terminal string, card CardProver, passcode string) (Session, error) {
	cert, perr := card.Prove(ctx, passcode)
	var id CardIdentity
	if cert != nil {
		id = IdentityOf(cert)
	}
	now := s.now()
	var sess Session
	var refused error
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		refused = nil
		term, err := tx.Terminal(ctx, terminal)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		term.Name, term.LastSeen = terminal, now
		actor := Actor{Name: "-", Terminal: terminal}

		var c Card
		var u User
		known := false
		if id.Fingerprint != "" {
			c, err = tx.CardByFingerprint(ctx, id.Fingerprint)
			switch {
			case err == nil && c.Issuer == id.Issuer && c.Serial == id.Serial:
				if u, err = tx.UserByID(ctx, c.UserID); err != nil {
					return err
				}
				known = true
			case err != nil && !errors.Is(err, ErrNotFound):
				return err
			}
		}
		fail := func(why error) error {
			refused = why
			if err := tx.SaveTerminal(ctx, term); err != nil {
				return err
			}
			detail := "card " + short(id.Fingerprint) + ": " + clip(sanitize.Line(why.Error()), 200)
			if id.Fingerprint == "" {
				detail = "card unread: " + clip(sanitize.Line(why.Error()), 200)
			}
			return s.audit(ctx, tx, actor, ActCardLoginFailed, u.Username, oneLine(detail))
		}
		switch {
		case perr != nil:
			return fail(perr)
		case !known:
			return fail(ErrCardNotEnrolled)
		case c.Revoked():
			return fail(ErrCardWithdrawn)
		}
		lock, err := tx.Lockout(ctx, u.ID)
		if err != nil {
			return err
		}
		if accountOf(u, lock).State(now).Barred() {
			return fail(ErrCardAccount)
		}
		c.LastUsedAt = now
		if err := tx.SaveCard(ctx, c); err != nil {
			return err
		}
		sess, err = s.signedIn(ctx, tx, u, term, "smartcard", "smartcard card "+short(c.Fingerprint), now)
		return err
	})
	if err != nil {
		return Session{}, fmt.Errorf("auth: card login: %w", err)
	}
	if refused != nil {
		return Session{}, refused
	}
	return sess, nil
}

// CardRemoved audits a card pulled during a smartcard session and what the
// kiosk did about it: "logout", "lock" or "none" (card_removal).
func (s *Service) CardRemoved(ctx context.Context, sess Session, action string) error {
	return s.o.Store.Tx(ctx, func(tx Tx) error {
		return s.audit(ctx, tx, Actor{Name: sess.User.Username, Terminal: sess.Terminal}, ActCardRemoved,
			sess.User.Username, "card_removal="+oneLine(action))
	})
}
