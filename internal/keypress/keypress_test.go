package keypress

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestMsg(t *testing.T) {
	tests := []struct {
		name string
		want tea.KeyPressMsg
	}{
		{"tab", tea.KeyPressMsg{Code: tea.KeyTab}},
		{"shift+tab", tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}},
		{"enter", tea.KeyPressMsg{Code: tea.KeyEnter}},
		{"esc", tea.KeyPressMsg{Code: tea.KeyEscape}},
		{"pgdown", tea.KeyPressMsg{Code: tea.KeyPgDown}},
		{"f2", tea.KeyPressMsg{Code: tea.KeyF2}},
		{"ctrl+r", tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}},
		{"ctrl+\\", tea.KeyPressMsg{Code: '\\', Mod: tea.ModCtrl}},
		// Keys that type carry their text, as a terminal reports them.
		{"j", tea.KeyPressMsg{Code: 'j', Text: "j"}},
		{"3", tea.KeyPressMsg{Code: '3', Text: "3"}},
		{"space", tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}},
	}
	for _, tt := range tests {
		if got := Msg(tt.name); got != tt.want {
			t.Errorf("Msg(%q) = %#v, want %#v", tt.name, got, tt.want)
		}
	}
}

// A name tea does not know, or would read back as another, is a
// mistake in the test, not a key.
func TestMsgRefusesWhatItDoesNotKnow(t *testing.T) {
	for _, name := range []string{"", "return", "hyper+a", "ctrl+", "tab+ctrl", "shift+a"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Msg(%q) did not panic", name)
				}
			}()
			Msg(name)
		}()
	}
}
