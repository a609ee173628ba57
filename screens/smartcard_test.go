package screens

import (
	"context"
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

// passcodeCards is a Cards whose card says st of its passcode.
type passcodeCards struct {
	Cards
	st smartcard.PasscodeState
}

func (c passcodeCards) CardPasscodeState(context.Context, string) (smartcard.PasscodeState, error) {
	return c.st, nil
}

// A card whose next wrong passcode blocks it says so as it goes in,
// before the passcode is typed; a blocked one says it is blocked; any
// other says nothing; a warning about a card no longer in is dropped.
func TestSmartcardWarnsOfTheLastTry(t *testing.T) {
	for _, c := range []struct {
		st   smartcard.PasscodeState
		want string
	}{
		{smartcard.PasscodeState{Left: 1}, en.T(text.CardWarnLastTry)},
		{smartcard.PasscodeState{Blocked: true}, en.T(text.CardErrBlocked)},
		{smartcard.PasscodeState{Left: 2}, ""},
		{smartcard.PasscodeState{Left: smartcard.LeftUnknown}, ""},
	} {
		env := testPortalEnv()
		env.Cards = passcodeCards{st: c.st}
		s := NewSmartcard(env, "", false)
		_, cmd, _ := s.Card(smartcard.Event{Kind: smartcard.CardInserted, Reader: "Reader 0"})
		if cmd == nil {
			t.Fatalf("%+v: the card was not asked", c.st)
		}
		s.Update(cmd())
		said := strings.Join(strings.Fields(ansi.Strip(s.Layout(wideBody).String())), " ")
		for _, w := range []string{en.T(text.CardWarnLastTry), en.T(text.CardErrBlocked)} {
			if got := strings.Contains(said, w); got != (w == c.want) {
				t.Errorf("%+v: says %q: %v\n%s", c.st, w, got, said)
			}
		}
	}
	env := testPortalEnv()
	env.Cards = passcodeCards{st: smartcard.PasscodeState{Left: 1}}
	s := NewSmartcard(env, "Reader 0", false)
	msg := s.Init()()
	s.Card(smartcard.Event{Kind: smartcard.CardRemoved, Reader: "Reader 0"})
	s.Update(msg)
	if said := ansi.Strip(s.Layout(wideBody).String()); strings.Contains(said, "1 try left") {
		t.Errorf("warned of a card taken out:\n%s", said)
	}
}
