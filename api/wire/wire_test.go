package wire_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"connectrpc.com/connect"

	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
)

// Every error the screens know comes back as itself, with the same words;
// a failure of the service comes back with none.
func TestErrorsComeBackAsTheScreensKnowThem(t *testing.T) {
	for _, err := range []error{
		auth.ErrResetFailed, auth.ErrMismatch, auth.ErrWrongPassword, auth.ErrControlCharacters,
		auth.ErrCardNotEnrolled, auth.ErrCardWithdrawn, auth.ErrCardAccount,
		smartcard.ErrBadSignature, smartcard.ErrNotRecognised, smartcard.ErrExpired, smartcard.ErrNotYetValid,
		smartcard.ErrUntrusted, smartcard.ErrRevoked, smartcard.ErrKeyUsage, smartcard.ErrKeyType,
	} {
		wrapped := fmt.Errorf("auth: something: %w", err)
		back := wire.AuthError(wire.Error(wrapped))
		if back != err {
			t.Errorf("%v came back as %v", err, back)
		}
		want, _ := text.ForError(err)
		if got, ok := text.ForError(back); !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%v: words %v, want %v", err, got, want)
		}
	}

	var le *auth.LoginError
	if back := wire.AuthError(wire.Error(&auth.LoginError{Hint: true})); !errors.As(back, &le) || !le.Hint {
		t.Errorf("a login failure with its hint came back as %#v", back)
	}
	fails := []policy.Failure{{Rule: "min-length", N: 8, MessageID: text.RuleMinLengthMessage, GuidanceID: text.RuleMinLengthGuidance}}
	var pe *auth.PolicyError
	if back := wire.AuthError(wire.Error(&auth.PolicyError{Failures: fails})); !errors.As(back, &pe) ||
		!reflect.DeepEqual(pe.Failures, fails) {
		t.Errorf("a refused password came back as %#v", back)
	}

	secret := errors.New("sqlite: disk I/O error at /var/lib/kiosk/kiosk.db for 382JSMITH01")
	ce := wire.Error(secret)
	if ce.Code() != connect.CodeInternal || len(ce.Details()) != 0 || ce.Message() == secret.Error() {
		t.Errorf("a store failure travels as %v", ce)
	}
	if _, ok := text.ForError(wire.AuthError(ce)); ok {
		t.Error("a store failure came back with words for staff")
	}
}
