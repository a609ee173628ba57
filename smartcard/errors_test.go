package smartcard_test

import (
	"fmt"
	"testing"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
)

// Every error of a card sign-in has words for the card holder in the
// catalogue, wrapped or not: the Smartcard screen never shows Error().
func TestErrorsHaveWords(t *testing.T) {
	en := text.For(text.English)
	for err, want := range map[error]string{
		smartcard.ErrNoService:            "The smartcard service is not running.",
		smartcard.ErrNoReader:             "No smartcard reader is connected.",
		smartcard.ErrNoCard:               "There is no card in the reader.",
		smartcard.ErrCardRemoved:          "The card was removed.",
		smartcard.ErrNotRecognised:        "This card is not recognised.",
		smartcard.ErrWrongPasscode:        "The passcode is not right.",
		smartcard.ErrBlocked:              "This card is blocked: too many wrong passcodes; ask the service desk to unblock it.",
		smartcard.ErrPasscodeFormat:       "A passcode is 6 to 8 digits.",
		smartcard.ErrBadSignature:         "This card failed its security check.",
		smartcard.ErrExpired:              "This card's certificate has expired.",
		smartcard.ErrNotYetValid:          "This card's certificate is not valid yet.",
		smartcard.ErrUntrusted:            "This card was not issued by the Trust.",
		smartcard.ErrRevoked:              "This card's certificate has been revoked.",
		smartcard.ErrKeyUsage:             "This card's certificate is not for signing in.",
		smartcard.ErrKeyType:              "This card's key type is not supported (ECDSA P-256 or RSA 2048).",
		smartcard.ErrNotEnrolled:          "This card is not enrolled; ask a kiosk maintainer to enrol it.",
		smartcard.ErrWithdrawn:            "This card has been withdrawn from use here.",
		smartcard.ErrAccount:              "The account for this card cannot sign in at the moment; ask a kiosk maintainer.",
		&smartcard.PasscodeError{Left: 2}: "The passcode is not right. 2 tries left before the card is blocked.",
		&smartcard.PasscodeError{Left: 1}: "The passcode is not right. 1 try left before the card is blocked.",
		&smartcard.PasscodeError{Left: 0}: "This card is blocked: too many wrong passcodes; ask the service desk to unblock it.",
		&smartcard.PasscodeError{Left: smartcard.LeftUnknown, Few: true}:                 "The passcode is not right. Only a few tries are left before the card is blocked.",
		&smartcard.PasscodeError{Left: smartcard.LeftUnknown}:                            "The passcode is not right.",
		fmt.Errorf("%w: pkcs11 module /x.so: not a PKCS#11 module", smartcard.ErrDriver): "Smartcard sign-in is not working on this kiosk. Log in with your username and password, or call the IT service desk.",
	} {
		m, ok := text.ForError(fmt.Errorf("smartcard: sign in: %w", err))
		if !ok {
			t.Errorf("%v has no words for the card holder", err)
			continue
		}
		if got := en.Text(m); got != want {
			t.Errorf("%v says %q, want %q", err, got, want)
		}
	}
}

// A State comes to the first condition that holds, in order.
func TestStateCondition(t *testing.T) {
	for _, c := range []struct {
		s    smartcard.State
		want smartcard.Condition
		str  string
	}{
		{smartcard.State{}, smartcard.NoService, "service not running"},
		{smartcard.State{Readers: []smartcard.ReaderInfo{{Name: "R", Card: true}}}, smartcard.NoService, "service not running"},
		{smartcard.State{Service: true}, smartcard.NoReader, "no reader"},
		{smartcard.State{Service: true, Readers: []smartcard.ReaderInfo{{Name: "R"}}}, smartcard.NoCard, "no card"},
		{smartcard.State{Service: true, Readers: []smartcard.ReaderInfo{{Name: "R"}, {Name: "S", Card: true}}}, smartcard.CardIn, "card in reader"},
	} {
		if got := c.s.Condition(); got != c.want || c.s.String() != c.str {
			t.Errorf("%+v: Condition %d, String %q; want %d, %q", c.s, got, c.s.String(), c.want, c.str)
		}
	}
}
