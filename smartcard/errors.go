package smartcard

import (
	"fmt"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/text"
)

// Errors of a card sign-in. Their Error() is for logs; the words the card
// holder reads are in the text catalogue (text.ForError), so the Smartcard
// screen never shows Error().
var (
	ErrNoService      = text.NewError(text.CardErrNoService, "the smartcard service is not running", nil)
	ErrNoReader       = text.NewError(text.CardErrNoReader, "no smartcard reader is connected", nil)
	ErrNoCard         = text.NewError(text.CardErrNoCard, "there is no card in the reader", nil)
	ErrCardRemoved    = text.NewError(text.CardErrRemoved, "the card was removed", nil)
	ErrNotRecognised  = text.NewError(text.CardErrNotRecognised, "this card is not recognised", nil)
	ErrWrongPasscode  = text.NewError(text.CardErrWrongPasscode, "the passcode is not right", nil)
	ErrBlocked        = text.NewError(text.CardErrBlocked, "this card is blocked: too many wrong passcodes; ask the service desk to unblock it", nil)
	ErrPasscodeFormat = text.NewError(text.CardErrPasscodeFormat, "a passcode is 6 to 8 digits", nil)
	ErrBadSignature   = text.NewError(text.CardErrBadSignature, "this card failed its security check", nil)
	// ErrDriver is card sign-in out of order: the PKCS#11 module did not
	// load. Its cause is in the error, for the log.
	ErrDriver = text.NewError(text.CardErrDriver, "the smartcard driver is not working", nil)

	// The certificate checks, from package certs.
	ErrExpired     = certs.ErrExpired
	ErrNotYetValid = certs.ErrNotYetValid
	ErrUntrusted   = certs.ErrUntrusted
	ErrRevoked     = certs.ErrRevoked
	ErrKeyUsage    = certs.ErrKeyUsage
	ErrKeyType     = certs.ErrKeyType

	// The core's refusals, from package auth.
	ErrNotEnrolled = auth.ErrCardNotEnrolled
	ErrWithdrawn   = auth.ErrCardWithdrawn
	ErrAccount     = auth.ErrCardAccount
)

// PasscodeError is a wrong passcode with the tries the card has left.
// None left, the card is blocked, and its words are ErrBlocked's. A
// PKCS#11 token does not count: it says only that few tries are left, or
// that the next is the last (Left 1).
type PasscodeError struct {
	// Left is the tries left; LeftUnknown when the card does not say.
	Left int
	// Few is set, with LeftUnknown, when the card says few are left.
	Few bool
}

// LeftUnknown is PasscodeError.Left when the card does not say.
const LeftUnknown = -1

func (e *PasscodeError) Error() string {
	switch {
	case e.Left < 0 && e.Few:
		return ErrWrongPasscode.Error() + ": few tries left before the card is blocked"
	case e.Left < 0:
		return ErrWrongPasscode.Error()
	case e.Left == 1:
		return ErrWrongPasscode.Error() + ": 1 try left before the card is blocked"
	}
	return fmt.Sprintf("%s: %d tries left before the card is blocked", ErrWrongPasscode, e.Left)
}

// Text returns the words the card holder reads: the tries left (or that
// few are), or that the card is blocked.
func (e *PasscodeError) Text() text.Msg {
	switch {
	case e.Left < 0 && e.Few:
		return text.Msg{ID: text.CardErrTriesFew}
	case e.Left < 0:
		return text.Msg{ID: text.CardErrWrongPasscode}
	case e.Left == 0:
		return text.Msg{ID: text.CardErrBlocked}
	}
	return text.Msg{ID: text.CardErrTriesLeft, Args: []any{e.Left}}
}

// Is makes a PasscodeError match ErrWrongPasscode.
func (e *PasscodeError) Is(target error) bool { return target == ErrWrongPasscode }
