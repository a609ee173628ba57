package auth

import (
	"errors"
	"strings"

	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/text"
)

// Errors callers act on. Those staff read carry a text ID (text.ForError):
// a screen shows the catalogue's words for it, never Error(), which is for
// developers and logs. None says whether an account exists.
var (
	// ErrLoginFailed is the one failure for an unknown user, a wrong
	// password, a disabled or a locked account.
	ErrLoginFailed = text.NewError(text.LoginFailed, "the username or password you entered is not right", nil)
	// ErrResetFailed is the one failure for a wrong, used or expired code or
	// a username it does not belong to.
	ErrResetFailed = text.NewError(text.ResetFailed, "the reset code or username is not right, or the code has expired", nil)
	// ErrMismatch means the new password and its confirmation differ.
	ErrMismatch = text.NewError(text.PasswordMismatch, "the passwords you entered do not match", nil)
	// ErrWrongPassword means the current password given to change it is wrong.
	ErrWrongPassword = text.NewError(text.PasswordWrongCurrent, "your current password is not right", nil)
	// ErrControlCharacters means a new password holds control or invisible
	// characters, which PRECIS OpaqueString refuses.
	// It is ErrInvalid too.
	ErrControlCharacters = text.NewError(text.PasswordControl, "invalid input: a password cannot hold control characters", ErrInvalid)
	// ErrInvalid wraps a bad input; the message names the field. It is
	// for maintainers (CLI, console), so it has no words in the catalogue.
	ErrInvalid = errors.New("invalid input")
	// ErrLocked is returned to maintainers acting on a locked account.
	ErrLocked = errors.New("account locked")
)

// LoginError is a failed sign-in. It is ErrLoginFailed to errors.Is; Hint
// asks the screen to add that the account may be locked and a reset
// unlocks it (text.LoginLockHint).
type LoginError struct {
	Hint bool
}

func (e *LoginError) Error() string        { return ErrLoginFailed.Error() }
func (e *LoginError) Is(target error) bool { return target == ErrLoginFailed }

// Text returns the words staff read for a failed sign-in.
func (e *LoginError) Text() text.Msg { return text.Msg{ID: text.LoginFailed} }

// PolicyError lists every rule a new password breaks.
type PolicyError struct {
	Failures []policy.Failure
}

func (e *PolicyError) Error() string {
	en := text.For(text.English)
	msgs := make([]string, len(e.Failures))
	for i, f := range e.Failures {
		msgs[i] = en.T(f.MessageID, f.N)
	}
	return "the password does not meet the policy: " + strings.Join(msgs, "; ")
}

// Text returns the words staff read for a refused password; each failure
// has its own (policy.Failure's MessageID and GuidanceID).
func (e *PolicyError) Text() text.Msg { return text.Msg{ID: text.PasswordRefused} }

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
