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
	z := m.tabZones()[1]
	m.Update(tea.MouseClickMsg{X: z[0] + 1, Y: 1, Button: tea.MouseLeft})
	if m.Page() != "Users" {
		t.Fatalf("page %s after clicking Users", m.Page())
	}
	// Find the Lock button on the screen and click it.
	for y, l := range strings.Split(m.Render(), "\n") {
		if x := strings.Index(ansi.Strip(l), "< Lock >"); x >= 0 {
			m.Update(tea.MouseClickMsg{X: x + 2, Y: y, Button: tea.MouseLeft})
			break
		}
	}
	if out := ansi.Strip(m.Render()); !strings.Contains(out, "Lock 382JSMITH01 (Jane Smith) until") {
		t.Errorf("no confirmation after clicking Lock:\n%s", out)
	}
}
