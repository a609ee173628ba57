package theme

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		theme   string
		env     string // space-separated KEY=value
		glyphs  Glyphs
		colours bool
	}{
		{"xterm in a UTF-8 locale", "", "TERM=xterm-256color LANG=en_GB.UTF-8", Unicode, true},
		{"the Linux console draws square boxes", "", "TERM=linux LANG=en_GB.UTF-8", Console, true},
		{"LANG=C draws ASCII", "", "TERM=xterm-256color LANG=C", ASCII, true},
		{"no locale at all draws ASCII", "", "TERM=xterm", ASCII, true},
		{"LC_ALL outranks LANG", "", "TERM=xterm LC_ALL=C LANG=en_GB.UTF-8", ASCII, true},
		{"LC_CTYPE outranks LANG", "", "TERM=xterm LC_CTYPE=en_GB.utf8 LANG=C", Unicode, true},
		{"NO_COLOR=1 drops colour", "", "TERM=xterm-256color LANG=C.UTF-8 NO_COLOR=1", Unicode, false},
		{"NO_COLOR set to anything drops colour", "", "TERM=xterm-256color LANG=C.UTF-8 NO_COLOR=yes", Unicode, false},
		{"NO_COLOR empty keeps colour", "", "TERM=xterm-256color LANG=C.UTF-8 NO_COLOR=", Unicode, true},
		{"TERM=dumb takes no colour", "", "TERM=dumb", ASCII, false},
		{"no TERM takes no colour", "", "LANG=en_GB.UTF-8", Unicode, false},
		{"the last setting wins", "", "TERM=dumb LANG=C.UTF-8 TERM=linux", Console, true},
		{"high contrast", HighContrast, "TERM=linux LANG=C.UTF-8", Console, true},
		{"high contrast without colour", HighContrast, "TERM=linux LANG=C.UTF-8 NO_COLOR=1", Console, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FromEnv(tt.theme, strings.Fields(tt.env))
			wantName := tt.theme
			if wantName == "" {
				wantName = Default
			}
			if got.Name != wantName {
				t.Errorf("theme %q, want %q", got.Name, wantName)
			}
			if got.Glyphs != tt.glyphs {
				t.Errorf("glyphs %v, want %v", got.Glyphs, tt.glyphs)
			}
			if want := New(tt.theme, tt.glyphs, false).TickMark; got.TickMark != want {
				t.Errorf("tick %q, want %q", got.TickMark, want)
			}
			_, plain := got.Error.GetForeground().(lipgloss.NoColor)
			if plain == tt.colours {
				t.Errorf("error text coloured = %v, want %v", !plain, tt.colours)
			}
		})
	}
}
