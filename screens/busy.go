package screens

import (
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/ui/theme"
)

// working is the spinner a screen shows while slow work runs; while it is
// on the screen takes no input.
type working struct {
	on   bool
	spin spinner.Model
}

func newWorking() working {
	return working{spin: spinner.New(spinner.WithSpinner(spinner.Line))}
}

// start turns the spinner on; batch the returned command with the work.
func (w *working) start() tea.Cmd {
	w.on = true
	return w.spin.Tick
}

// stop turns the spinner off.
func (w *working) stop() { w.on = false }

// update advances the spinner on its ticks.
func (w *working) update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(spinner.TickMsg); !ok || !w.on {
		return nil
	}
	var cmd tea.Cmd
	w.spin, cmd = w.spin.Update(msg)
	return cmd
}

// view is the spinner and what it is waiting for, or "" when off.
func (w *working) view(t theme.Theme, what string) string {
	if !w.on {
		return ""
	}
	return t.Muted.Render(w.spin.View() + " " + what)
}
