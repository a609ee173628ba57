package ui

import (
	"image/color"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
)

func sameColour(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// isBoxDrawing reports whether r is a box-drawing rune.
func isBoxDrawing(r rune) bool { return r >= 0x2500 && r <= 0x257F }

func TestThemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		theme theme.Theme
		// check checks Reset with a password partly typed; for no colour
		// and high contrast, Login as well.
		check func(t *testing.T, rows [][]cell)
	}{
		{"default", theme.New(theme.Default, theme.Unicode, false), func(t *testing.T, rows [][]cell) {
			for _, want := range []string{"╭", "╯", "•••", "✗ At least 8 characters"} {
				if len(find(rows, want)) == 0 {
					t.Errorf("no %q", want)
				}
			}
			coloured := false
			for _, row := range rows {
				for _, c := range row {
					coloured = coloured || c.style.Fg != nil || c.style.Bg != nil
				}
			}
			if !coloured {
				t.Errorf("the default theme draws no colour at all")
			}
		}},
		{"console", theme.New(theme.Default, theme.Console, false), func(t *testing.T, rows [][]cell) {
			for _, want := range []string{"┌", "┘", "***", "x At least 8 characters", "+ At most 128 characters"} {
				if len(find(rows, want)) == 0 {
					t.Errorf("no %q", want)
				}
			}
			for _, bad := range []string{"╭", "•", "✓", "✗", "…"} {
				if len(find(rows, bad)) > 0 {
					t.Errorf("%q is not in the Linux console font", bad)
				}
			}
		}},
		{"ascii", theme.New(theme.Default, theme.ASCII, false), func(t *testing.T, rows [][]cell) {
			for _, want := range []string{"+--", "--+", "| ", " |", "***", "x At least 8 characters", "+ At most 128 characters"} {
				if len(find(rows, want)) == 0 {
					t.Errorf("no %q", want)
				}
			}
			for y, row := range rows {
				for x, c := range row {
					if c.r > 0x7e || isBoxDrawing(c.r) {
						t.Fatalf("%q at %d,%d is not ASCII", c.r, x, y)
					}
				}
			}
		}},
		{"no colour", theme.New(theme.Default, theme.Unicode, true), func(t *testing.T, rows [][]cell) {
			for y, row := range rows {
				for x, c := range row {
					if c.style.Fg != nil || c.style.Bg != nil {
						t.Fatalf("%q at %d,%d has a colour (fg %v, bg %v) under NO_COLOR", c.r, x, y, c.style.Fg, c.style.Bg)
					}
				}
			}
			// Focus survives without colour: reverse video.
			at := find(rows, "Password")
			if len(at) == 0 || rows[at[0][1]][at[0][0]].style.Attrs&uv.AttrReverse == 0 {
				t.Errorf("the focused label is not in reverse video")
			}
		}},
		{"high contrast", theme.New(theme.HighContrast, theme.Unicode, false), func(t *testing.T, rows [][]cell) {
			at := find(rows, "Password")
			if len(at) == 0 {
				t.Fatal("no Password label")
			}
			if st := rows[at[0][1]][at[0][0]].style; !sameColour(st.Bg, lipgloss.BrightYellow) || !sameColour(st.Fg, lipgloss.Black) {
				t.Errorf("the focused label is %v on %v, want black on bright yellow", st.Fg, st.Bg)
			}
			at = find(rows, "Username")
			if st := rows[at[0][1]][at[0][0]].style; !sameColour(st.Fg, lipgloss.BrightWhite) || st.Bg != nil {
				t.Errorf("an unfocused label is %v on %v, want bright white on the terminal's background", st.Fg, st.Bg)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24, withTheme(tt.theme))
			mask := string(tt.theme.MaskChar)
			// Login, with the password field focused and typed into.
			hs.Press("tab")
			hs.Type("abc")
			hs.WaitField("Password", strings.Repeat(mask, 3))
			// The whole screen must draw in every theme: title, fields, buttons, help, status bar.
			for _, w := range []string{en.T(text.LoginTitle), "Username", "< Log in >", "Forgotten your username or password?",
				"tab next", "Terminal " + terminalName} {
				if !hs.Has(w) {
					t.Errorf("%s: no %q on Login", tt.name, w)
				}
			}
			login := hs.snapshot()
			if tt.name == "no colour" || tt.name == "high contrast" {
				tt.check(t, login)
			}
			// Reset, for the checklist's marks.
			hs.Press("esc")
			hs.WaitField("Password", "")
			hs.toReset()
			hs.Press("tab", "tab")
			hs.Type("abc")
			hs.WaitField("Password", strings.Repeat(mask, 3))
			hs.WaitFor(tt.theme.CrossMark + " At least 8 characters")
			if tt.name != "high contrast" {
				tt.check(t, hs.snapshot())
			}
			if t.Failed() {
				t.Logf("the screen:\n%s", hs.Screen())
			}
		})
	}
}
