package smartcard

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/wardkiosk/kiosk/smartcard/piv"
	"github.com/wardkiosk/kiosk/smartcard/pkcs11"
	"github.com/wardkiosk/kiosk/text"
)

// Driver reaches the card in a reader for a sign-in (DESIGN §6): the
// built-in PIV client (PIV) or the card vendor's PKCS#11 module
// (LoadPKCS11). Above this package nothing knows which one answered: the
// Authenticator, the Signer and their errors are the same for both.
type Driver interface {
	// Name is "piv" or "pkcs11", for doctor and the maintainers' console.
	Name() string
	// Certificate reads the sign-in certificate of the card in reader,
	// without the passcode.
	Certificate(ctx context.Context, reader string) (*x509.Certificate, error)
	// Sign has the card in reader sign SHA-256(challenge) with the key of
	// its sign-in certificate. It calls check on the certificate before
	// the passcode reaches the card, so that a card which could never sign
	// in costs its holder no try, and returns the certificate whenever it
	// was read. The caller verifies the signature.
	Sign(ctx context.Context, reader, passcode string, check func(*x509.Certificate) error, challenge []byte) (*x509.Certificate, []byte, error)
	// PasscodeState says what the card in reader says of its passcode
	// before one is typed: its last try, or blocked.
	PasscodeState(ctx context.Context, reader string) (PasscodeState, error)
	// Close releases what the driver holds.
	Close() error
}

// PasscodeState is what a card says of its passcode before one is typed.
type PasscodeState struct {
	// Left is the tries left before the card blocks; LeftUnknown when
	// the card does not say.
	Left int
	// Blocked: no try is left.
	Blocked bool
}

// Warning is what the card holder reads before typing, if anything: that
// the next wrong passcode blocks the card, or that it is blocked.
func (s PasscodeState) Warning() (text.Msg, bool) {
	switch {
	case s.Blocked:
		return text.Msg{ID: text.CardErrBlocked}, true
	case s.Left == 1:
		return text.Msg{ID: text.CardWarnLastTry}, true
	}
	return text.Msg{}, false
}

// PIV is the built-in driver: the PIV card application over PC/SC,
// reached through pcscd. Each call connects to the card in reader and
// runs the protocol (transmitterPIV) in a transaction with it.
type PIV struct{}

// Name is "piv".
func (PIV) Name() string { return "piv" }

// Close has nothing to release.
func (PIV) Close() error { return nil }

// Certificate reads the card's slot 9A certificate.
func (PIV) Certificate(ctx context.Context, reader string) (cert *x509.Certificate, err error) {
	err = withCard(ctx, reader, func(t piv.Transmitter) error {
		cert, err = transmitterPIV{t}.Certificate(ctx, reader)
		return err
	})
	return cert, err
}

// Sign signs with the card's slot 9A key.
func (PIV) Sign(ctx context.Context, reader, passcode string, check func(*x509.Certificate) error, challenge []byte) (cert *x509.Certificate, sig []byte, err error) {
	if err := pivPasscode(passcode); err != nil {
		return nil, nil, err // before the card is touched
	}
	err = withCard(ctx, reader, func(t piv.Transmitter) error {
		cert, sig, err = transmitterPIV{t}.Sign(ctx, reader, passcode, check, challenge)
		return err
	})
	return cert, sig, err
}

// PasscodeState asks the card's PIV application for the tries left.
func (PIV) PasscodeState(ctx context.Context, reader string) (st PasscodeState, err error) {
	err = withCard(ctx, reader, func(t piv.Transmitter) error {
		st, err = transmitterPIV{t}.PasscodeState(ctx, reader)
		return err
	})
	return st, err
}

// transmitterPIV is the PIV protocol over one transmitter, whatever the
// reader: PIV runs it on a PC/SC connection, and Authenticator.Prove and
// Signer.Sign take a card that way.
type transmitterPIV struct{ t piv.Transmitter }

func (transmitterPIV) Name() string { return "piv" }
func (transmitterPIV) Close() error { return nil }

// Certificate selects the PIV application and reads the slot 9A
// certificate.
func (d transmitterPIV) Certificate(context.Context, string) (*x509.Certificate, error) {
	_, cert, err := d.open()
	return cert, err
}

// open selects the PIV application and reads the slot 9A certificate.
func (d transmitterPIV) open() (*piv.Client, *x509.Certificate, error) {
	c := piv.New(d.t)
	if err := c.Select(); err != nil {
		return nil, nil, cardError(err)
	}
	cert, err := c.Certificate(piv.SlotAuthentication)
	if err != nil {
		return nil, nil, cardError(err)
	}
	return c, cert, nil
}

// Sign is the protocol: select, read the slot 9A certificate, check it,
// verify the passcode, sign.
func (d transmitterPIV) Sign(_ context.Context, _, passcode string, check func(*x509.Certificate) error, challenge []byte) (*x509.Certificate, []byte, error) {
	if err := pivPasscode(passcode); err != nil {
		return nil, nil, err
	}
	c, cert, err := d.open()
	if err != nil {
		return nil, nil, err
	}
	if err := check(cert); err != nil {
		return cert, nil, err
	}
	if err := c.Verify(passcode); err != nil {
		return cert, nil, cardError(err)
	}
	digest := sha256.Sum256(challenge)
	alg, input, err := signingInput(cert.PublicKey, digest[:])
	if err != nil {
		return cert, nil, err
	}
	sig, err := c.Sign(piv.SlotAuthentication, alg, input)
	if err != nil {
		return cert, nil, cardError(err)
	}
	return cert, sig, nil
}

// PasscodeState selects the PIV application and asks for the tries left,
// presenting no PIN.
func (d transmitterPIV) PasscodeState(context.Context, string) (PasscodeState, error) {
	c := piv.New(d.t)
	if err := c.Select(); err != nil {
		return PasscodeState{}, cardError(err)
	}
	left, err := c.Tries()
	switch {
	case errors.Is(err, piv.ErrBlocked):
		return PasscodeState{Blocked: true}, nil
	case err != nil:
		return PasscodeState{}, cardError(err)
	case left == 0:
		return PasscodeState{Left: LeftUnknown}, nil // verified already: not said
	}
	return PasscodeState{Left: left}, nil
}

// pivPasscode refuses a passcode PIV cannot take: 6 to 8 digits.
func pivPasscode(passcode string) error {
	if _, err := piv.PadPIN(passcode); err != nil {
		return ErrPasscodeFormat
	}
	return nil
}

// OpenDriver opens the driver card_driver names: "piv", the built-in
// client, or "pkcs11", the module at path, which starts loading in the
// background. A module that does not load turns card sign-in off, with
// one line in log saying why; password sign-in goes on.
func OpenDriver(ctx context.Context, name, path string, log *slog.Logger) (Driver, error) {
	switch name {
	case "", "piv":
		return PIV{}, nil
	case "pkcs11":
		if path == "" {
			return nil, errors.New(`smartcard: card_driver = "pkcs11" needs [pkcs11] module`)
		}
		d := LoadPKCS11(ctx, path)
		if log != nil {
			go func() {
				if err := d.Wait(ctx); err != nil && ctx.Err() == nil {
					log.Error("smartcard sign-in is off: the PKCS#11 module did not load", "err", err)
				} else if err == nil {
					log.Info("smartcard PKCS#11 module loaded", "module", path, "took", d.Took().Round(time.Millisecond))
				}
			}()
		}
		return d, nil
	}
	return nil, fmt.Errorf("smartcard: unknown card_driver %q (want piv or pkcs11)", name)
}

// Describe names the driver for the maintainers' dashboard, and for a
// module whether it loaded: "piv", "pkcs11", "pkcs11 loading", "pkcs11
// module did not load", or "pkcs11 module stuck" (restart the kiosk).
func Describe(d Driver) string {
	short, _ := describe(d)
	return short
}

// Detail is the driver in a line for a maintainer's console: which
// driver, and for a module its path and whether it loaded (or why not),
// or where it is stuck; "" without a driver. A module's words are
// outside input: sanitise before display.
func Detail(d Driver) string {
	_, long := describe(d)
	return long
}

// describe is the driver in Describe's words and in Detail's.
func describe(d Driver) (short, long string) {
	p, ok := d.(*PKCS11)
	switch {
	case d == nil:
		return "", ""
	case !ok:
		return d.Name(), d.Name() + " (built in)"
	}
	head := "pkcs11 " + p.path + ": "
	switch done, err := p.Loaded(); {
	case !done:
		return "pkcs11 loading", head + "loading"
	case err != nil:
		return "pkcs11 module did not load", head + "did not load: " + LoadReason(err)
	}
	if op, d := p.Stuck(); op != "" {
		return "pkcs11 module stuck", fmt.Sprintf("%sstuck in %s for %s; card sign-in is off until the kiosk restarts", head, op, d.Round(time.Second))
	}
	info := p.m.Info()
	return "pkcs11", fmt.Sprintf("%sloaded (%s %s)", head, info.Description, info.Version)
}

// LoadReason is why a module did not load, in a maintainer's words: its
// LoadError's reason, without the path around it.
func LoadReason(err error) string {
	if le := (*pkcs11.LoadError)(nil); errors.As(err, &le) {
		return le.Reason
	}
	return err.Error()
}
