package console

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/internal/keypress"
	"github.com/wardkiosk/kiosk/internal/testclock"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// idleConsole is a 100x30 console with a five-minute idle timeout on a
// test clock; the test sends the ticks.
func idleConsole(t *testing.T) (*Model, *testclock.Clock) {
	t.Helper()
	f := newFixture(t)
	clock := testclock.New(time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC))
	env := f.env(f.ctx)
	env.Now, env.IdleTimeout = clock.Now, 5*time.Minute
	m := New(env)
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return m, clock
}

// Like the kiosk, any input while the idle warning shows means "still
// here" and does nothing else: a paste does not land in the field behind
// the warning, a scroll does not move the list behind it.
func TestInputDuringTheIdleWarningOnlyDismissesIt(t *testing.T) {
	const warning = "Are you still there?"
	tests := []struct {
		name string
		msg  tea.Msg
	}{
		{"key", keypress.Msg("j")},
		{"paste", tea.PasteMsg{Content: "jane"}},
		{"click", widget.Click{Mouse: tea.Mouse{X: 10, Y: 5, Button: tea.MouseLeft}}},
		{"wheel", tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelDown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, clock := idleConsole(t)
			m.Update(keypress.Msg("f2")) // Users: the search field has the focus
			search := m.pages[1].(*users).form.Field("search")

			m.Update(tick(clock.Advance(5*time.Minute - idleWarning - time.Second)))
			if strings.Contains(m.Render(), warning) {
				t.Fatal("the warning came early")
			}
			m.Update(tick(clock.Advance(time.Second)))
			if !strings.Contains(m.Render(), "This session closes in 30 seconds.") {
				t.Fatalf("no warning at the warning time:\n%s", m.Render())
			}
			m.Update(tt.msg)
			if out := m.Render(); strings.Contains(out, warning) {
				t.Fatalf("the %s left the warning:\n%s", tt.name, out)
			}
			if search.Value() != "" || m.Page() != "Users" {
				t.Errorf("the %s did more than dismiss the warning: search %q, page %s", tt.name, search.Value(), m.Page())
			}
			// The quiet time counts again from the input.
			m.Update(tick(clock.Advance(5*time.Minute - idleWarning - time.Second)))
			if strings.Contains(m.Render(), warning) || m.Goodbye() != "" {
				t.Errorf("the warning came back early, goodbye %q", m.Goodbye())
			}
		})
	}
}

// The console's too-small message wraps to the window, as the kiosk's
// does, so a very narrow window still shows it whole.
func TestTooSmallWrapsToTheWindow(t *testing.T) {
	f := newFixture(t)
	for _, size := range [][2]int{{79, 24}, {80, 23}, {60, 20}, {30, 12}} {
		w, h := size[0], size[1]
		m := New(f.env(f.ctx))
		m.Update(tea.WindowSizeMsg{Width: w, Height: h})
		out := m.Render()
		if got := lipgloss.Width(out); got > w {
			t.Errorf("%dx%d: the message is %d wide:\n%s", w, h, got, out)
		}
		words := strings.Join(strings.Fields(ansi.Strip(out)), " ")
		want := fmt.Sprintf("This window is too small for the console. Make it at least 80 x 24 (it is %d x %d).", w, h)
		if !strings.Contains(words, want) {
			t.Errorf("%dx%d: %q, want %q", w, h, words, want)
		}
	}
}

// The countdown says "1 second", and its box keeps its width as the
// seconds go down, as the kiosk's does.
func TestIdleWarningCountsDown(t *testing.T) {
	m, clock := idleConsole(t)
	m.Update(tick(clock.Advance(5*time.Minute - idleWarning)))
	at30 := ansi.Strip(m.Render())
	m.Update(tick(clock.Advance(idleWarning - time.Second)))
	at1 := ansi.Strip(m.Render())
	if !strings.Contains(at1, "This session closes in 1 second.") {
		t.Fatalf("no \"1 second\":\n%s", at1)
	}
	corner := func(s string) int {
		for _, line := range strings.Split(s, "\n") {
			if i := strings.Index(line, "╭"); i >= 0 {
				return lipgloss.Width(line[:i])
			}
		}
		return -1
	}
	if a, b := corner(at30), corner(at1); a < 0 || a != b {
		t.Errorf("the box's corner moved from column %d to %d", a, b)
	}
}
