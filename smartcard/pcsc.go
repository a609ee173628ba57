package smartcard

import (
	"errors"
	"time"

	"github.com/ebfe/scard"
)

// PCSC is the part of a PC/SC context the Monitor uses. *scard.Context is
// one; tests give a fake.
type PCSC interface {
	ListReaders() ([]string, error)
	GetStatusChange(states []scard.ReaderState, timeout time.Duration) error
	Cancel() error
	Release() error
}

// EstablishPCSC opens a PC/SC context with pcscd.
func EstablishPCSC() (PCSC, error) {
	c, err := scard.EstablishContext()
	if err != nil {
		return nil, err
	}
	return c, nil
}

// pnpReader is the pseudo-reader whose state changes when a reader comes
// or goes.
const pnpReader = `\\?PnP?\Notification`

// serviceLost reports whether a PC/SC error means pcscd is gone (or the
// context with it), so the context must be established again.
func serviceLost(err error) bool {
	var e scard.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e {
	case scard.ErrNoService, scard.ErrServiceStopped, scard.ErrCommError, scard.ErrInvalidHandle,
		scard.ErrInternalError:
		return true
	}
	return false
}
