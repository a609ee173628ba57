package screens

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
)

// Without the smartcard service or a reader no card can be read: the
// screen says so plainly instead of asking for a card.
func TestSmartcardSaysWhyNoCardCanBeRead(t *testing.T) {
	tests := []struct {
		name  string
		state smartcard.State
		want  []string
		not   []string
	}{
		{"no service", smartcard.State{}, []string{en.T(text.CardNoService)}, []string{en.T(text.CardInsert)}},
		{"no reader", smartcard.State{Service: true}, []string{en.T(text.CardInsert), en.T(text.CardNoReader)}, nil},
		{"no card", smartcard.State{Service: true, Readers: []smartcard.ReaderInfo{{Name: "Reader 0"}}},
			[]string{en.T(text.CardInsert), "Reader: no card"}, []string{en.T(text.CardNoService), en.T(text.CardNoReader)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testPortalEnv()
			env.CardState = func() smartcard.State { return tt.state }
			s := NewSmartcard(env, "", false)
			for _, width := range []int{narrowBody, wideBody} {
				said := strings.Join(strings.Fields(ansi.Strip(s.Layout(width).String())), " ")
				for _, w := range tt.want {
					if !strings.Contains(said, w) {
						t.Errorf("at %d columns the screen does not say %q:\n%s", width, w, said)
					}
				}
				for _, w := range tt.not {
					if strings.Contains(said, w) {
						t.Errorf("at %d columns the screen says %q:\n%s", width, w, said)
					}
				}
			}
		})
	}
}

// A failed card sign-in says the catalogue's words for the error, never
// its Error(); an error without words is "could not be read".
func TestSmartcardSaysTheCardsError(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&smartcard.PasscodeError{Left: 2}, "The passcode is not right. 2 tries left before the card is blocked."},
		{&smartcard.PasscodeError{Left: 1}, "The passcode is not right. 1 try left before the card is blocked."},
		{fmt.Errorf("prove: %w", smartcard.ErrBlocked), en.T(text.CardErrBlocked)},
		{smartcard.ErrExpired, "This card's certificate has expired."},
		{smartcard.ErrNotEnrolled, en.T(text.CardNotEnrolled)},
		{errors.New("pcsc: SCardTransmit: 0x80100069"), en.T(text.CardUnreadable)},
	} {
		env := testPortalEnv()
		s := NewSmartcard(env, "Reader 0", false)
		s.Update(cardDone{err: c.err})
		said := strings.Join(strings.Fields(ansi.Strip(s.Layout(wideBody).String())), " ")
		if !strings.Contains(said, c.want) {
			t.Errorf("%v: the screen does not say %q:\n%s", c.err, c.want, said)
		}
		if strings.Contains(said, c.err.Error()) {
			t.Errorf("%v: the screen shows the error's own text:\n%s", c.err, said)
		}
	}
}
