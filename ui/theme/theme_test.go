package theme

import "testing"

// High contrast is drawn white on black, so it asks the terminal for a
// black window; without colour it asks for nothing.
func TestHighContrastAsksForABlackWindow(t *testing.T) {
	if hc := New(HighContrast, Unicode, false); hc.Background == nil || hc.Foreground == nil {
		t.Fatal("high contrast leaves the window's colours to the terminal")
	}
	if hc := New(HighContrast, Unicode, true); hc.Background != nil || hc.Foreground != nil {
		t.Fatal("NO_COLOR high contrast still sets colours")
	}
	if d := New(Default, Unicode, false); d.Background != nil {
		t.Fatal("the default theme changes the terminal's background")
	}
}
