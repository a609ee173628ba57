package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/pkcs11"
)

// driverLine is the card driver in a line for the maintainers' console:
// which driver, and for a module its path and whether it loads (or why
// not). "" without one.
func driverLine(ctx context.Context, d smartcard.Driver) string {
	p, ok := d.(*smartcard.PKCS11)
	if !ok {
		if d == nil {
			return ""
		}
		return d.Name() + " (built in)"
	}
	if done, err := p.Loaded(); !done {
		return "pkcs11 " + p.Path() + ": loading"
	} else if le := (*pkcs11.LoadError)(nil); errors.As(err, &le) {
		return "pkcs11 " + p.Path() + ": did not load: " + le.Reason
	} else if err != nil {
		return "pkcs11 " + p.Path() + ": did not load: " + err.Error()
	}
	if op, d := p.Stuck(); op != "" {
		return fmt.Sprintf("pkcs11 %s: stuck in %s for %s; card sign-in is off until the kiosk restarts", p.Path(), op, d.Round(time.Second))
	}
	info, err := p.Info(ctx)
	if err != nil {
		return "pkcs11 " + p.Path() + ": " + err.Error()
	}
	return fmt.Sprintf("pkcs11 %s: loaded (%s %s)", p.Path(), info.Description, info.Version)
}

// cardReader reads cards through card_driver, opened for one command:
// cards enrol --from-card and cards read. Without smartcard = true a
// command over SSH has no reader to read; a local one still may.
func cardReader(cfg config.Config) cli.CardReader {
	return func(ctx context.Context, reader string) (*x509.Certificate, string, error) {
		d, err := smartcard.OpenDriver(ctx, cfg.CardDriver, cfg.PKCS11.Module, nil)
		if err != nil {
			return nil, "", err
		}
		defer d.Close()
		if reader == "" {
			if reader, err = smartcard.ReaderWithCard(); err != nil {
				return nil, "", err
			}
		}
		cert, err := d.Certificate(ctx, reader)
		return cert, reader, err
	}
}
