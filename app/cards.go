package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// ErrNoTrust means [trust] ca_file is not set, so no card can be checked.
var ErrNoTrust = errors.New("trust.ca_file is not set")

// CardTrust loads the Trust's card-issuing CAs and CRL from [trust]
// ca_file and crl_file. It returns nil and no error when ca_file is not
// set: enrolling a card then skips the issuer check (and says so), while
// sign-in by card is refused (CardAuthenticator).
func (k *Kiosk) CardTrust() (*certs.Trust, error) {
	if k.Config.Trust.CAFile == "" {
		return nil, nil
	}
	t, err := certs.Load(k.Config.Trust.CAFile, k.Config.Trust.CRLFile)
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	return t, nil
}

// CardAuthenticator is the smartcard sign-in for the Smartcard screen, on
// the configured Trust: pass its Reader(name) to auth.Service.CardLogin.
func (k *Kiosk) CardAuthenticator() (*smartcard.Authenticator, error) {
	t, err := k.CardTrust()
	if err == nil && t == nil {
		err = ErrNoTrust
	}
	if err != nil {
		return nil, fmt.Errorf("smartcard sign-in: %w", err)
	}
	return smartcard.NewAuthenticator(t, k.now, nil)
}

// CardSignIn is smartcard sign-in at this kiosk for the screens: the
// card in a named reader, checked against the Trust, mapped to its user.
type CardSignIn struct {
	k     *Kiosk
	authn *smartcard.Authenticator
}

// CardSignIn returns the kiosk's smartcard sign-in, or an error when the
// Trust's CAs are not configured.
func (k *Kiosk) CardSignIn() (*CardSignIn, error) {
	a, err := k.CardAuthenticator()
	if err != nil {
		return nil, err
	}
	return &CardSignIn{k: k, authn: a}, nil
}

// CardLogin signs in the holder of the card in reader.
func (c *CardSignIn) CardLogin(ctx context.Context, reader, passcode string) (auth.Session, error) {
	return c.k.Auth.CardLogin(ctx, c.k.Config.Terminal, c.authn.Reader(reader), passcode)
}

// CardRemoved audits the end of a smartcard session by card removal.
func (c *CardSignIn) CardRemoved(ctx context.Context, sess auth.Session, action string) error {
	return c.k.Auth.CardRemoved(ctx, sess, action)
}
