package smartcard

import (
	"errors"
	"fmt"
	"strings"
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

// ReadState asks pcscd once for its readers and which hold a card; the
// Monitor does it continuously. No reader is ErrNoReader (with the State
// saying the service runs); pcscd not answering is ErrNoService.
func ReadState() (State, error) {
	ctx, err := scard.EstablishContext()
	if err != nil {
		return State{}, pcscError(err)
	}
	defer ctx.Release()
	readers, err := ctx.ListReaders()
	if errors.Is(err, scard.ErrNoReadersAvailable) || (err == nil && len(readers) == 0) {
		return State{Service: true}, ErrNoReader
	}
	if err != nil {
		return State{}, pcscError(err)
	}
	st := State{Service: true}
	states := make([]scard.ReaderState, len(readers))
	for i, r := range readers {
		states[i] = scard.ReaderState{Reader: r, CurrentState: scard.StateUnaware}
	}
	if err := ctx.GetStatusChange(states, 0); err != nil {
		return st, pcscError(err)
	}
	for _, s := range states {
		st.Readers = append(st.Readers, ReaderInfo{Name: s.Reader, Card: s.EventState&scard.StatePresent != 0})
	}
	return st, nil
}

// ReaderWithCard names the one reader that holds a card: for a
// maintainer's command, which has no Monitor. Cards in several readers
// is an error naming them.
func ReaderWithCard() (string, error) {
	st, err := ReadState()
	if err != nil {
		return "", err
	}
	var with []string
	for _, r := range st.Readers {
		if r.Card {
			with = append(with, r.Name)
		}
	}
	switch len(with) {
	case 0:
		return "", ErrNoCard
	case 1:
		return with[0], nil
	}
	return "", fmt.Errorf("smartcard: cards are in %d readers (%s): name one", len(with), strings.Join(with, ", "))
}
