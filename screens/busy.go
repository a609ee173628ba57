package screens

import (
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/ui/theme"
	"github.com/wardkiosk/kiosk/ui/widget"
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

// step gives a message the screen did not handle to its spinner, then to
// its form; an item activated by Enter goes to activate. Text typed into a
// field takes away a problem about that field.
func step(s Screen, w *working, f *widget.Form, p *problem, msg tea.Msg, activate func(string) (Screen, tea.Cmd)) (Screen, tea.Cmd) {
	if cmd := w.update(msg); cmd != nil {
		return s, cmd
	}
	id, before := focusedValue(f)
	act, cmd := f.Update(msg)
	if id != "" && p != nil {
		if _, after := focusedValue(f); f.FocusedID() == id && after != before {
			p.edited(id)
		}
	}
	if act == "" {
		return s, cmd
	}
	return activate(act)
}

// click focuses the clicked item; a button or link is also activated.
func click(s Screen, f *widget.Form, id string, activate func(string) (Screen, tea.Cmd)) (Screen, tea.Cmd) {
	if act := f.Click(id); act != "" {
		return activate(act)
	}
	return s, nil
}
