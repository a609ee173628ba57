package pkcs11

import (
	"errors"
	"fmt"

	p11 "github.com/miekg/pkcs11"
)

// Errors callers act on. Their Error() is for logs only; none of them
// ever holds the PIN. Any other failure of the module wraps a p11.Error,
// so its CKR_ code reaches the log.
var (
	// ErrNoSlot: no slot of the module belongs to the reader. Its text
	// quotes the reader and the module's slot descriptions: outside input.
	ErrNoSlot = errors.New("pkcs11: no slot for the reader")
	// ErrNoToken: the reader's slot has no token (no card, or one the
	// module does not know).
	ErrNoToken = errors.New("pkcs11: no token in the reader's slot")
	// ErrNoCertificate: the token has no X.509 certificate with a
	// signing private key of the same CKA_ID.
	ErrNoCertificate = errors.New("pkcs11: no certificate with a signing key on the token")
	// ErrRemoved: the token went away during the call.
	ErrRemoved = errors.New("pkcs11: the token was removed")
	// ErrLocked: the user PIN is locked; no login was tried.
	ErrLocked = errors.New("pkcs11: the token's user PIN is locked")
	// ErrPINLen: the PIN is too short or too long for the token.
	ErrPINLen = errors.New("pkcs11: the PIN's length is outside the token's range")
	// ErrKeyType: neither the token nor the key offers a mechanism this
	// package can sign with.
	ErrKeyType = errors.New("pkcs11: no usable signing mechanism for the key")
)

// PINError is a wrong PIN (CKR_PIN_INCORRECT), with the token's PIN flags
// read right after the failed login: the next wrong PIN locks it
// (FinalTry), or few tries are left (CountLow).
type PINError struct {
	FinalTry bool
	CountLow bool
}

func (e *PINError) Error() string {
	switch {
	case e.FinalTry:
		return "pkcs11: wrong PIN (one try left before the token locks)"
	case e.CountLow:
		return "pkcs11: wrong PIN (few tries left)"
	}
	return "pkcs11: wrong PIN"
}

// LoadError is why a module could not be loaded: Error() is one line for
// a maintainer, naming the path and the reason.
type LoadError struct {
	Path   string
	Reason string
	err    error // the cause when there is one (a context's error, a p11.Error)
}

func (e *LoadError) Error() string {
	return fmt.Sprintf("pkcs11 module %s: %s", e.Path, e.Reason)
}

// Unwrap returns the cause, if any.
func (e *LoadError) Unwrap() error { return e.err }

// ckr is the CKR_ code of a module's error, or false.
func ckr(err error) (p11.Error, bool) {
	var pe p11.Error
	if errors.As(err, &pe) {
		return pe, true
	}
	return 0, false
}

// isRemoval reports whether a module's answer means the token went.
func isRemoval(err error) bool {
	pe, ok := ckr(err)
	if !ok {
		return false
	}
	switch pe {
	case p11.CKR_DEVICE_REMOVED, p11.CKR_TOKEN_NOT_PRESENT, p11.CKR_SESSION_CLOSED,
		p11.CKR_SESSION_HANDLE_INVALID:
		return true
	}
	return false
}

// wrap names the call that failed and maps the CKR_ codes callers act on
// to this package's errors; the p11.Error stays in the chain for the log.
func wrap(call string, err error) error {
	if err == nil {
		return nil
	}
	pe, ok := ckr(err)
	if !ok {
		return fmt.Errorf("pkcs11: %s: %w", call, err)
	}
	switch {
	case isRemoval(pe):
		return fmt.Errorf("%w (%s: %w)", ErrRemoved, call, pe)
	case pe == p11.CKR_PIN_LOCKED:
		return fmt.Errorf("%w (%s: %w)", ErrLocked, call, pe)
	case pe == p11.CKR_PIN_LEN_RANGE:
		return fmt.Errorf("%w (%s: %w)", ErrPINLen, call, pe)
	}
	return fmt.Errorf("pkcs11: %s: %w", call, pe)
}
