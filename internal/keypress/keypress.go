// Package keypress makes the key presses tests send a Bubble Tea model or
// program, by the names tea gives them, so that every package's tests
// press keys the one way.
package keypress

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// named are the keys known by a name rather than the character they type.
var named = map[string]rune{
	"tab": tea.KeyTab, "enter": tea.KeyEnter, "esc": tea.KeyEscape, "backspace": tea.KeyBackspace,
	"space": tea.KeySpace, "up": tea.KeyUp, "down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
	"home": tea.KeyHome, "end": tea.KeyEnd,
	"f1": tea.KeyF1, "f2": tea.KeyF2, "f3": tea.KeyF3, "f4": tea.KeyF4,
}

// Msg is the key press named as tea names it ("tab", "shift+tab",
// "ctrl+r", "pgdown", "f2", "j"), as a terminal reports it: a key that
// types something (a character or space, without ctrl or alt) carries
// its text. A name it does not know, or one tea would read back as
// another, is the test's mistake, and Msg panics.
func Msg(name string) tea.KeyPressMsg {
	var k tea.KeyPressMsg
	parts := strings.Split(name, "+")
	base := parts[len(parts)-1]
	for _, m := range parts[:len(parts)-1] {
		switch m {
		case "ctrl":
			k.Mod |= tea.ModCtrl
		case "shift":
			k.Mod |= tea.ModShift
		case "alt":
			k.Mod |= tea.ModAlt
		default:
			panic(fmt.Sprintf("keypress: %q: unknown modifier %q", name, m))
		}
	}
	if r, ok := named[base]; ok {
		k.Code = r
	} else if rs := []rune(base); len(rs) == 1 {
		k.Code = rs[0]
	} else {
		panic(fmt.Sprintf("keypress: %q: unknown key %q", name, base))
	}
	if k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && (k.Code == tea.KeySpace || named[base] == 0) {
		k.Text = string(k.Code)
	}
	if got := k.String(); got != name {
		panic(fmt.Sprintf("keypress: %q reads as %q", name, got))
	}
	return k
}
