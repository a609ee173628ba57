package main

import (
	"context"
	"crypto/x509"

	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/smartcard"
)

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
