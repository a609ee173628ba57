package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/text"
)

func TestMouseClicks(t *testing.T) {
	t.Parallel()
	// Clicks map through the centred layout, so try them where the box
	// lands in different places.
	for _, size := range [][2]int{{MinWidth, MinHeight}, {80, 24}, {120, 40}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, size[0], size[1])
			// Click a field, then type into it.
			hs.ClickText("Password")
			hs.WaitFocus("Password", loginItems)
			hs.Type("secret")
			hs.WaitField("Password", "••••••")
			hs.WaitField("Username", "")
			// Inside the brackets of a field works as well as its label.
			x, y := hs.Locate(en.T(text.UsernameHint)) // the hint sits under the username's input
			hs.Click(x+2, y-1)
			hs.WaitFocus("Username", loginItems)
			hs.Type("382nobody01")
			hs.WaitField("Username", "382nobody01")
			// A button is activated by a click.
			hs.ClickText("< Log in >")
			hs.WaitFor(en.T(text.LoginFailed))
			// The link opens Login Assistance, Back comes back.
			hs.ClickText("Forgotten your username or password?")
			hs.WaitFor(en.T(text.AssistanceTitle))
			hs.ClickText("< Back >")
			hs.WaitFor(en.T(text.LoginTitle))
			hs.ClickText("< Log in via smartcard >")
			hs.WaitFor(en.T(text.LoginNoSmartcard))
		})
	}
}

func TestMouseIgnored(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		click func(hs *harness)
	}{
		{"right button on the link", func(hs *harness) {
			x, y := hs.Locate("Forgotten your username or password?")
			hs.Send(tea.MouseClickMsg{X: x + 3, Y: y, Button: tea.MouseRight})
		}},
		{"left button on the title", func(hs *harness) { hs.ClickText(en.T(text.LoginTitle)) }},
		{"left button outside the box", func(hs *harness) { hs.Click(0, 5) }},
		{"left button on the status bar", func(hs *harness) { hs.Click(3, 23) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			hs.Type("abc")
			hs.WaitField("Username", "abc")
			tt.click(hs)
			hs.Sync()
			if !hs.Has(en.T(text.LoginTitle)) {
				t.Fatalf("the click moved off Login:\n%s", hs.Screen())
			}
			hs.WaitFocus("Username", loginItems)
			hs.Type("d") // still typing into Username
			hs.WaitField("Username", "abcd")
		})
	}
}

func TestMouseOnOtherScreens(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 100, 30)
	hs.ClickText("Forgotten your username or password?")
	hs.WaitFor(en.T(text.AssistanceTitle))
	// Click the second Work email field and type into it.
	var at [][2]int
	hs.Until(func() string { return "two Work email fields" }, func(string) bool {
		at = find(hs.snapshot(), "Work email")
		return len(at) == 2
	})
	hs.Click(at[1][0], at[1][1])
	hs.WaitFocus("Work email#2", assistItems)
	hs.Type("x@example.nhs.uk")
	hs.ClickText("< Forgot username >")
	hs.WaitFor(en.T(text.AssistNeedEmailDOB))
	hs.ClickText("< I have a reset code >")
	hs.WaitFor(en.T(text.ResetTitle))
	hs.ClickText("Confirm Password")
	hs.WaitFocus("Confirm Password", resetItems)
	hs.Type("abc")
	hs.WaitField("Confirm Password", "•••")
	if got := hs.FieldText("Password"); got != "" {
		t.Fatalf("Password shows %q, typed into Confirm Password", got)
	}
	hs.ClickText("< Back >")
	hs.WaitFor(en.T(text.AssistanceTitle))
	if strings.Contains(hs.Screen(), "x@example.nhs.uk") {
		t.Fatalf("Login Assistance kept what was typed before:\n%s", hs.Screen())
	}
}
