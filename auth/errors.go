package auth

import (
	"errors"
	"strings"

	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/sanitize"
)

// Errors callers act on. Messages are safe to show: they never say whether
// an account exists.
var (
	// ErrLoginFailed is the one failure for an unknown user, a wrong
	// password, a disabled or a locked account.
	ErrLoginFailed = errors.New("the username or password you entered is not right")
	// ErrResetFailed is the one failure for a wrong, used or expired code or
	// a username it does not belong to.
	ErrResetFailed = errors.New("the reset code or username is not right, or the code has expired")
	// ErrMismatch means the new password and its confirmation differ.
	ErrMismatch = errors.New("the passwords you entered do not match")
	// ErrWrongPassword means the current password given to change it is wrong.
	ErrWrongPassword = errors.New("your current password is not right")
	// ErrInvalid wraps a bad input; the message names the field.
	ErrInvalid = errors.New("invalid input")
	// ErrLocked is returned to maintainers acting on a locked account.
	ErrLocked = errors.New("account locked")
)

// LoginError is a failed sign-in. It is ErrLoginFailed to errors.Is; Hint
// asks the screen to add that the account may be locked and a reset unlocks it.
type LoginError struct {
	Hint bool
}

func (e *LoginError) Error() string        { return ErrLoginFailed.Error() }
func (e *LoginError) Is(target error) bool { return target == ErrLoginFailed }

// PolicyError lists every rule a new password breaks.
type PolicyError struct {
	Failures []policy.Failure
}

func (e *PolicyError) Error() string {
	msgs := make([]string, len(e.Failures))
	for i, f := range e.Failures {
		msgs[i] = f.Message
	}
	return "the password does not meet the policy: " + strings.Join(msgs, "; ")
}

// ErrorText is an error as a maintainer reads it, in the CLI and the
// console alike: for bad input and conflicts the words after the
// sentinel's, which say what is wrong without package prefixes; any other
// error whole. It is one line, safe to draw.
func ErrorText(err error) string {
	msg := err.Error()
	for _, sentinel := range []error{ErrInvalid, ErrConflict} {
		if errors.Is(err, sentinel) {
			if _, after, ok := strings.Cut(msg, sentinel.Error()+": "); ok {
				msg = after
				break
			}
		}
	}
	return sanitize.Line(msg)
}
