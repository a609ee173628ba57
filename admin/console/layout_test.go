package console

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Every page fits the smallest terminal and a large one exactly.
func TestPagesFit(t *testing.T) {
	f := newFixture(t)
	env := f.env(f.ctx)
	snap := env.Feed.Get(f.ctx)
	for _, size := range [][2]int{{80, 24}, {200, 60}} {
		m := New(env)
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		m.Update(refreshed(snap))
		for i, name := range pageNames {
			m.show(i)
			out := m.Render()
			lines := strings.Split(out, "\n")
			if len(lines) != size[1] {
				t.Errorf("%s at %dx%d: %d lines", name, size[0], size[1], len(lines))
			}
			for n, l := range lines {
				if w := lipgloss.Width(l); w > size[0] {
					t.Errorf("%s at %dx%d: line %d is %d wide: %q", name, size[0], size[1], n, w, l)
				}
			}
			if !strings.Contains(out, name) {
				t.Errorf("%s: not shown", name)
			}
		}
	}
}

// A click on a tab shows its page; a click on a button activates it.
func TestMouse(t *testing.T) {
	f := newFixture(t)
	env := f.env(f.ctx)
	m := New(env)
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(refreshed(env.Feed.Get(f.ctx)))
	clickText(t, m, "F2 Users")
	if m.Page() != "Users" {
		t.Fatalf("page %s after clicking Users", m.Page())
	}
	clickText(t, m, "< Lock >")
	if out := ansi.Strip(m.Render()); !strings.Contains(out, "Lock 382JSMITH01 (Jane Smith) until") {
		t.Errorf("no confirmation after clicking Lock:\n%s", out)
	}
}

// click clicks the left button at x, y as the program does: through the
// OnMouse of the view last drawn, whose answer goes to Update.
func click(t *testing.T, m *Model, x, y int) {
	t.Helper()
	cmd := m.View().OnMouse(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	if cmd == nil {
		t.Fatalf("a click at %d,%d gives no message", x, y)
	}
	m.Update(cmd())
}

// clickText clicks the middle of the first place the frame shows s.
func clickText(t *testing.T, m *Model, s string) {
	t.Helper()
	for y, l := range strings.Split(ansi.Strip(m.Render()), "\n") {
		if i := strings.Index(l, s); i >= 0 {
			click(t, m, ansi.StringWidth(l[:i])+ansi.StringWidth(s)/2, y)
			return
		}
	}
	t.Fatalf("%q is not on the screen:\n%s", s, ansi.Strip(m.Render()))
}
