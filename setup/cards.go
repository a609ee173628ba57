package setup

import (
	"errors"
	"fmt"
	"time"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// ErrNoTrust means [trust] ca_file is not set, so no card can be checked.
var ErrNoTrust = errors.New("trust.ca_file is not set")

// CardTrust loads the Trust's card-issuing CAs and CRL from [trust]
// ca_file and crl_file.
func (k *Kiosk) CardTrust() (*certs.Trust, error) {
	if k.Config.Trust.CAFile == "" {
		return nil, ErrNoTrust
	}
	t, err := certs.Load(k.Config.Trust.CAFile, k.Config.Trust.CRLFile)
	if err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	return t, nil
}

// CardAuthenticator is the smartcard sign-in for the Smartcard screen, on
// the configured Trust: pass its Reader(name) to auth.Service.CardLogin.
func (k *Kiosk) CardAuthenticator() (*smartcard.Authenticator, error) {
	t, err := k.CardTrust()
	if err != nil {
		return nil, fmt.Errorf("smartcard sign-in: %w", err)
	}
	return smartcard.NewAuthenticator(t, time.Now, nil)
}
