package smartcard

import (
	"errors"
	"fmt"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// Errors of a card sign-in. Their text is fit to show to the card holder.
var (
	ErrNoService      = errors.New("the smartcard service is not running")
	ErrNoReader       = errors.New("no smartcard reader is connected")
	ErrNoCard         = errors.New("there is no card in the reader")
	ErrCardRemoved    = errors.New("the card was removed")
	ErrNotRecognised  = errors.New("this card is not recognised")
	ErrWrongPasscode  = errors.New("the passcode is not right")
	ErrBlocked        = errors.New("this card is blocked: too many wrong passcodes; ask the service desk to unblock it")
	ErrPasscodeFormat = errors.New("a passcode is 6 to 8 digits")
	ErrBadSignature   = errors.New("this card failed its security check")

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
type PasscodeError struct {
	Left int
}

func (e *PasscodeError) Error() string {
	if e.Left == 1 {
		return ErrWrongPasscode.Error() + ": 1 try left before the card is blocked"
	}
	return fmt.Sprintf("%s: %d tries left before the card is blocked", ErrWrongPasscode, e.Left)
}

// Is makes a PasscodeError match ErrWrongPasscode.
func (e *PasscodeError) Is(target error) bool { return target == ErrWrongPasscode }
