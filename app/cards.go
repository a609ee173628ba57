package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

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

// CardDriver is what the kiosk reaches cards through (card_driver),
// opened on first use and closed with the kiosk: a PKCS#11 module starts
// loading then, in the background, and the system log says if it fails.
func (k *Kiosk) CardDriver() (smartcard.Driver, error) {
	k.driverOnce.Do(func() {
		k.driver, k.driverErr = smartcard.OpenDriver(context.Background(), k.Config.CardDriver, k.Config.PKCS11.Module, k.log)
	})
	return k.driver, k.driverErr
}

// CardAuthenticator is the smartcard sign-in for the Smartcard screen, on
// the configured Trust and driver: pass its Reader(name) to
// auth.Service.CardLogin.
func (k *Kiosk) CardAuthenticator() (*smartcard.Authenticator, error) {
	t, err := k.CardTrust()
	if err == nil && t == nil {
		err = ErrNoTrust
	}
	if err != nil {
		return nil, fmt.Errorf("smartcard sign-in: %w", err)
	}
	d, err := k.CardDriver()
	if err != nil {
		return nil, err
	}
	a, err := smartcard.NewAuthenticator(t, k.now, nil)
	if err != nil {
		return nil, err
	}
	return a.Using(d), nil
}

// CardSignIn is smartcard sign-in at this kiosk for the screens: the
// card in a named reader, checked against the Trust, mapped to its user.
//
// The kiosk runs for weeks, and the Trust revokes a lost card by replacing
// the CRL file: each sign-in reads [trust] ca_file and crl_file again and
// rebuilds the check when either changed, so a revoked card is refused
// from the next sign-in on, without a restart. When the new files do not
// load, card sign-in is refused until they do: the CRL that failed may be
// the one revoking the card in the reader.
type CardSignIn struct {
	k *Kiosk

	mu    sync.Mutex
	authn *smartcard.Authenticator // nil while the files do not load
	ca    []byte                   // the ca_file last loaded
	crl   []byte                   // the crl_file last loaded
}

// CardSignIn returns the kiosk's smartcard sign-in, or an error when the
// Trust's CAs are not configured or do not load.
func (k *Kiosk) CardSignIn() (*CardSignIn, error) {
	c := &CardSignIn{k: k}
	if _, err := c.authenticator(); err != nil {
		return nil, err
	}
	return c, nil
}

// authenticator returns the sign-in check for the Trust files as they are
// now, rebuilt when their contents changed since the last call.
func (c *CardSignIn) authenticator() (*smartcard.Authenticator, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ca, crl, err := c.k.trustFiles()
	if err != nil {
		err = fmt.Errorf("smartcard sign-in: %w", err)
		if c.k.log != nil && c.authn != nil {
			c.k.log.Error("smartcard sign-in refused until the trust files load", "err", err)
		}
		return nil, err
	}
	changed := !bytes.Equal(ca, c.ca) || !bytes.Equal(crl, c.crl)
	if c.authn != nil && !changed {
		return c.authn, nil
	}
	first := c.ca == nil
	a, err := c.k.CardAuthenticator()
	c.authn, c.ca, c.crl = a, ca, crl
	if err != nil {
		c.authn = nil
	}
	// The screen only says the card could not be read: the system log
	// tells the maintainers why, once per change of the files.
	if changed && !first && c.k.log != nil {
		if err != nil {
			c.k.log.Error("smartcard sign-in refused until the trust files load", "err", err)
		} else {
			c.k.log.Info("smartcard trust files reloaded", "ca_file", c.k.Config.Trust.CAFile, "crl_file", c.k.Config.Trust.CRLFile)
		}
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

// trustFiles reads [trust] ca_file and crl_file (nil when not set), to see
// whether they changed.
func (k *Kiosk) trustFiles() (ca, crl []byte, err error) {
	if k.Config.Trust.CAFile == "" {
		return nil, nil, ErrNoTrust
	}
	if ca, err = os.ReadFile(k.Config.Trust.CAFile); err != nil {
		return nil, nil, fmt.Errorf("app: trust.ca_file: %w", err)
	}
	if k.Config.Trust.CRLFile != "" {
		if crl, err = os.ReadFile(k.Config.Trust.CRLFile); err != nil {
			return nil, nil, fmt.Errorf("app: trust.crl_file: %w", err)
		}
	}
	return ca, crl, nil
}

// CardLogin signs in the holder of the card in reader.
func (c *CardSignIn) CardLogin(ctx context.Context, reader, passcode string) (auth.Session, error) {
	a, err := c.authenticator()
	if err != nil {
		return auth.Session{}, err
	}
	return c.k.Auth.CardLogin(ctx, c.k.Config.Terminal, a.Reader(reader), passcode)
}

// CardPasscodeState asks the card in reader what it says of its passcode
// before one is typed: the Smartcard screen warns of a last try.
func (c *CardSignIn) CardPasscodeState(ctx context.Context, reader string) (smartcard.PasscodeState, error) {
	a, err := c.authenticator()
	if err != nil {
		return smartcard.PasscodeState{}, err
	}
	return a.PasscodeState(ctx, reader)
}

// CardRemoved audits the end of a smartcard session by card removal.
func (c *CardSignIn) CardRemoved(ctx context.Context, sess auth.Session, action string) error {
	return c.k.Auth.CardRemoved(ctx, sess, action)
}
