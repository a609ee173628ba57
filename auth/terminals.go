package auth

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// Audit actions on the Trust's terminals.
const (
	ActTerminalAdded    = "terminal.added"
	ActTerminalDisabled = "terminal.disabled"
	ActTerminalEnabled  = "terminal.enabled"
	ActTerminalRenewed  = "terminal.renewed"
)

// ErrTerminalRefused is the service's answer to a client certificate that
// names no registered terminal, or a disabled one.
var ErrTerminalRefused = errors.New("this terminal is not registered, or is disabled")

// maxTerminalName bounds a terminal's name and its ward, in characters,
// as config's terminal key is bounded.
const maxTerminalName = 32

// CertificateFingerprint is the hex SHA-256 of a certificate's DER: what
// the registry knows a terminal's certificate by.
func CertificateFingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(sum[:])
}

// nameProblem says what is wrong with a terminal's name or ward: printable
// characters (a list writes a space as _), at most 32, as config's
// terminal key.
func nameProblem(what, s string) error {
	switch {
	case s == "":
		return fmt.Errorf("%w: the %s is empty", ErrInvalid, what)
	case !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxTerminalName:
		return fmt.Errorf("%w: the %s is at most %d characters", ErrInvalid, what, maxTerminalName)
	case strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
		return fmt.Errorf("%w: the %s holds a character that cannot be printed", ErrInvalid, what)
	}
	return nil
}

// AddTerminal registers a terminal of the Trust's fleet with the client
// certificate (PEM or DER) it will present to the service. Audited.
func (s *Service) AddTerminal(ctx context.Context, by Actor, name, ward string, certificate []byte) (Terminal, error) {
	name, ward = strings.TrimSpace(name), strings.TrimSpace(ward)
	if err := errors.Join(nameProblem("terminal name", name), nameProblem("ward", ward)); err != nil {
		return Terminal{}, fmt.Errorf("auth: add terminal: %w", err)
	}
	now := s.now()
	fp, err := terminalCertificate(certificate, now)
	if err != nil {
		return Terminal{}, fmt.Errorf("auth: add terminal: %w", err)
	}
	t := Terminal{Name: name, Ward: ward, Fingerprint: fp, AddedAt: now, AddedBy: by.Name}
	t, err = write(ctx, s, func(tx Tx) (Terminal, error) {
		if err := certificateFree(ctx, tx, fp); err != nil {
			return Terminal{}, err
		}
		if err := tx.RegisterTerminal(ctx, t); err != nil {
			if errors.Is(err, ErrConflict) {
				return Terminal{}, fmt.Errorf("%w: terminal %s is registered already", ErrConflict, name)
			}
			return Terminal{}, err
		}
		t, err := tx.Terminal(ctx, name)
		if err != nil {
			return Terminal{}, err
		}
		return t, s.audit(ctx, tx, by, ActTerminalAdded, "", fmt.Sprintf("%s ward %s certificate %s",
			name, ward, short(t.Fingerprint)))
	})
	if err != nil {
		return Terminal{}, fmt.Errorf("auth: add terminal %s: %w", sanitize.Line(name), err)
	}
	return t, nil
}

// RenewTerminal gives a registered terminal a new client certificate (PEM
// or DER), as its old one nears its end: from this call on the service
// knows the terminal by the new certificate alone and refuses the old, and
// a watch of the feed the old one opened ends. The terminal keeps its
// name, ward, state and history. Audited, with both fingerprints.
func (s *Service) RenewTerminal(ctx context.Context, by Actor, name string, certificate []byte) (Terminal, error) {
	name = strings.TrimSpace(name)
	fp, err := terminalCertificate(certificate, s.now())
	if err != nil {
		return Terminal{}, fmt.Errorf("auth: renew terminal %s: %w", sanitize.Line(name), err)
	}
	t, err := write(ctx, s, func(tx Tx) (Terminal, error) {
		old, err := tx.Terminal(ctx, name) // its fingerprint, for the audit
		if err != nil {
			return Terminal{}, err
		}
		if err := certificateFree(ctx, tx, fp); err != nil {
			return Terminal{}, err
		}
		// ErrNotFound for a name a standalone sign-in wrote: not registered.
		if err := tx.SetTerminalCertificate(ctx, name, fp); err != nil {
			return Terminal{}, err
		}
		if err := s.publish(ctx, tx, ChangeTerminalRenewed, name); err != nil {
			return Terminal{}, err
		}
		t, err := tx.Terminal(ctx, name)
		if err != nil {
			return Terminal{}, err
		}
		return t, s.audit(ctx, tx, by, ActTerminalRenewed, "", fmt.Sprintf("%s certificate %s replaces %s",
			name, short(fp), short(old.Fingerprint)))
	})
	if err != nil {
		return Terminal{}, fmt.Errorf("auth: renew terminal %s: %w", sanitize.Line(name), err)
	}
	return t, nil
}

// terminalCertificate is the fingerprint of a terminal's client
// certificate (PEM or DER), refused when it is not one or has expired.
func terminalCertificate(certificate []byte, now time.Time) (string, error) {
	cert, err := certs.ParseCertificate(certificate)
	if err != nil {
		return "", fmt.Errorf("%w: that is not a certificate: %v", ErrInvalid, err)
	}
	if now.After(cert.NotAfter) {
		return "", fmt.Errorf("%w: the certificate expired on %s", ErrInvalid, cert.NotAfter.UTC().Format("2006-01-02"))
	}
	return CertificateFingerprint(cert), nil
}

// certificateFree refuses a certificate a terminal is registered with
// already: each terminal is known by its own.
func certificateFree(ctx context.Context, tx Tx, fingerprint string) error {
	other, err := tx.TerminalByFingerprint(ctx, fingerprint)
	switch {
	case err == nil:
		return fmt.Errorf("%w: this certificate is terminal %s's", ErrConflict, other.Name)
	case !errors.Is(err, ErrNotFound):
		return err
	}
	return nil
}

// DisableTerminal refuses a registered terminal from its next call to the
// service on. Audited.
func (s *Service) DisableTerminal(ctx context.Context, by Actor, name string) error {
	return s.setTerminalDisabled(ctx, by, name, true)
}

// EnableTerminal lets a disabled terminal call the service again. Audited.
func (s *Service) EnableTerminal(ctx context.Context, by Actor, name string) error {
	return s.setTerminalDisabled(ctx, by, name, false)
}

func (s *Service) setTerminalDisabled(ctx context.Context, by Actor, name string, disabled bool) error {
	name = strings.TrimSpace(name)
	action := ActTerminalEnabled
	if disabled {
		action = ActTerminalDisabled
	}
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		if err := tx.SetTerminalDisabled(ctx, name, disabled); err != nil {
			return err
		}
		if err := s.publish(ctx, tx, action, name); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, action, "", oneLine(name))
	})
	if err != nil {
		return fmt.Errorf("auth: terminal %s: %w", sanitize.Line(name), err)
	}
	return nil
}

// TerminalFor returns the registered, enabled terminal whose client
// certificate this is; ErrTerminalRefused for any other. The service asks
// it on every call, so a terminal disabled a moment ago is refused at its
// next.
func (s *Service) TerminalFor(ctx context.Context, cert *x509.Certificate) (Terminal, error) {
	fp := CertificateFingerprint(cert)
	t, err := read(ctx, s, func(tx ReadTx) (Terminal, error) { return tx.TerminalByFingerprint(ctx, fp) })
	switch {
	case errors.Is(err, ErrNotFound):
		return Terminal{}, ErrTerminalRefused
	case err != nil:
		return Terminal{}, fmt.Errorf("auth: terminal: %w", err)
	case t.Disabled:
		return Terminal{}, ErrTerminalRefused
	}
	return t, nil
}
