package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/ui/theme"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// maxBodyWidth keeps lines short enough to read on a wide screen.
const maxBodyWidth = 68

// View draws header, the screen in a box, the help line and the status bar.
func (a *App) View() tea.View {
	v := tea.NewView(a.Render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "Ward Kiosk"
	v.BackgroundColor, v.ForegroundColor = a.env.Theme.Background, a.env.Theme.Foreground
	return v
}

// Render is the whole frame as text; where the terminal takes only ASCII,
// names and other outside text are drawn in ASCII too.
func (a *App) Render() string {
	if a.env.Theme.Glyphs == theme.ASCII {
		return theme.ToASCII(a.render())
	}
	return a.render()
}

func (a *App) render() string {
	t := a.env.Theme
	if a.tooSmall() {
		msg := fmt.Sprintf("This window is too small for the kiosk.\nMake it at least %d x %d (it is %d x %d).",
			MinWidth, MinHeight, a.width, a.height)
		// Wrapped to the window, however narrow, so the message is whole.
		return lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center,
			t.Error.Width(min(a.width, lipgloss.Width(msg))).Render(msg))
	}
	var body string
	var boxW int
	if a.warning {
		body = a.warningBox()
		boxW = lipgloss.Width(body)
	} else {
		// A fixed width: the box never jumps as messages come and go.
		boxW = a.bodyWidth() + t.Box.GetHorizontalFrameSize()
		body = t.Box.Width(boxW).Render(a.screen.Layout(a.bodyWidth()).String())
	}
	top := a.boxTop(lipgloss.Height(body))
	if a.warning {
		top = max(0, (a.height-3-lipgloss.Height(body))/2)
	}
	var sb strings.Builder
	sb.WriteString(a.header())
	sb.WriteString("\n")
	sb.WriteString(strings.Repeat("\n", top))
	// Centred by a left margin alone: the box's width is known, and
	// measuring every line again, as lipgloss.PlaceHorizontal does, costs a
	// third of a frame.
	margin := strings.Repeat(" ", max(0, (a.width-boxW)/2))
	for i, line := range strings.Split(body, "\n") {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(margin)
		sb.WriteString(line)
	}
	used := 1 + top + lipgloss.Height(body)
	sb.WriteString(strings.Repeat("\n", max(1, a.height-2-used+1)))
	sb.WriteString(widget.Help(t, a.width, a.help()))
	sb.WriteString("\n")
	sb.WriteString(a.statusBar())
	return sb.String()
}

// boxTop is the box's row under the header. It depends on the window's
// height alone, so the box's top edge is the same row on every screen and
// stays put as messages come and go (a click lands where the eye saw it);
// a box grows downwards. It is where the tallest box the minimum window
// holds would stand centred; a taller one is moved up to fit.
func (a *App) boxTop(boxH int) int {
	avail := a.height - 3
	top := (avail - (MinHeight - 3)) / 2
	return max(0, min(top, avail-boxH))
}

// tooSmall reports a window below the minimum size, where only a message
// is drawn.
func (a *App) tooSmall() bool { return a.width < MinWidth || a.height < MinHeight }

// bodyWidth is the width a screen may use inside its box.
func (a *App) bodyWidth() int {
	return min(maxBodyWidth, a.width-2-a.env.Theme.Box.GetHorizontalFrameSize())
}

// bodyOrigin is where the screen's layout starts on the terminal: the
// inverse of Render's placement, for mouse clicks.
func (a *App) bodyOrigin(l *widget.Layout) (x, y int) {
	t := a.env.Theme
	_, h := l.Size()
	boxW := a.bodyWidth() + t.Box.GetHorizontalFrameSize()
	top := a.boxTop(h + t.Box.GetVerticalFrameSize())
	x = (a.width-boxW)/2 + t.Box.GetBorderLeftSize() + t.Box.GetPaddingLeft()
	y = 1 + top + t.Box.GetBorderTopSize() + t.Box.GetPaddingTop()
	return x, y
}

func (a *App) header() string {
	t := a.env.Theme
	left := "ESR  Ward Kiosk"
	right := ""
	if a.session != nil && !a.locked {
		right = "Signed in: " + clean(a.session.User.Name())
	}
	// A long name is cut, never wrapped: the header is one row.
	inner := a.width - t.Header.GetHorizontalFrameSize()
	tail := "…"
	if t.Glyphs != theme.Unicode {
		tail = "..."
	}
	right = ansi.Truncate(right, max(0, inner-lipgloss.Width(left)-1), tail)
	gap := max(1, inner-lipgloss.Width(left)-lipgloss.Width(right))
	return t.Header.Width(a.width).MaxWidth(a.width).Render(left + strings.Repeat(" ", gap) + right)
}

func (a *App) statusBar() string {
	t := a.env.Theme
	reader := "Smartcard: not set up"
	switch {
	case a.session != nil && a.cardReader != "" && !a.locked:
		reader = "Signed in with smartcard as " + a.session.User.Name()
	case a.env.CardState != nil:
		reader = "Smartcard: " + a.env.CardState().String()
	}
	return widget.StatusBar(t, a.width, []string{"Terminal " + clean(a.env.Terminal), clean(reader)},
		a.now.Local().Format("Mon 2 Jan 15:04"))
}

// help is the help line's keys: the screen's, or while the idle warning
// shows, the one thing a key does then.
func (a *App) help() []widget.Key {
	if a.warning {
		return []widget.Key{{Keys: "press any key", Does: "to stay"}}
	}
	return a.screen.Help()
}

// warningBox is the idle warning shown in place of the screen. Its width
// is the widest the countdown makes it, so the box does not move as the
// seconds go down.
func (a *App) warningBox() string {
	left := a.opt.IdleTimeout - a.now.Sub(a.active)
	secs := int(max(0, left.Round(time.Second).Seconds()))
	widest := lipgloss.Width(a.warningText(max(secs, int(a.opt.IdleWarning.Round(time.Second).Seconds()))))
	m := a.env.Theme.Modal
	return m.Width(widest + m.GetHorizontalFrameSize()).Render(a.warningText(secs))
}

// warningText is the idle warning's words with secs seconds left.
func (a *App) warningText(secs int) string {
	what := "this screen will be cleared"
	if a.session != nil {
		what = "you will be logged out"
	}
	unit := "seconds"
	if secs == 1 {
		unit = "second"
	}
	return fmt.Sprintf("Are you still there?\n\nFor your security %s in %d %s.\nPress any key to stay.", what, secs, unit)
}
