package screens

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/smartcard"
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
		{"no service", smartcard.State{}, []string{MsgNoService}, []string{MsgInsertCard}},
		{"no reader", smartcard.State{Service: true}, []string{MsgInsertCard, MsgNoReader}, nil},
		{"no card", smartcard.State{Service: true, Readers: []smartcard.ReaderInfo{{Name: "Reader 0"}}},
			[]string{MsgInsertCard, "Reader: no card"}, []string{MsgNoService, MsgNoReader}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testPortalEnv()
			env.CardState = func() smartcard.State { return tt.state }
			s := NewSmartcard(env, "", false)
			for _, width := range []int{narrowBody, wideBody} {
				text := strings.Join(strings.Fields(ansi.Strip(s.Layout(width).String())), " ")
				for _, w := range tt.want {
					if !strings.Contains(text, w) {
						t.Errorf("at %d columns the screen does not say %q:\n%s", width, w, text)
					}
				}
				for _, w := range tt.not {
					if strings.Contains(text, w) {
						t.Errorf("at %d columns the screen says %q:\n%s", width, w, text)
					}
				}
			}
		})
	}
}
