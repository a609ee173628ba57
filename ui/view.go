package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// maxBodyWidth keeps lines short enough to read on a wide screen.
const maxBodyWidth = 68

// View draws header, the screen in a box, the help line and the status
// bar. A click comes back as a widget.Click naming the item under it,
// found among the layers of the frame the click was on.
func (a *App) View() tea.View {
	frame, layers := a.frame()
	v := tea.NewView(frame)
	v.OnMouse = widget.OnClick(layers)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = a.env.Text.T(text.KioskWindowTitle)
	v.BackgroundColor, v.ForegroundColor = a.env.Theme.Background, a.env.Theme.Foreground
	return v
}

// Render is the whole frame as text.
func (a *App) Render() string {
	frame, _ := a.frame()
	return frame
}

// frame is the whole frame as text, and its clickable layers; where the
// terminal takes only ASCII, names and other outside text are drawn in
// ASCII too.
func (a *App) frame() (string, func() []*lipgloss.Layer) {
	frame, layers := a.render()
	if a.env.Theme.Glyphs == theme.ASCII {
		frame = theme.ToASCII(frame)
	}
	return frame, layers
}

// noLayers is a frame with nothing to click.
func noLayers() []*lipgloss.Layer { return nil }

func (a *App) render() (string, func() []*lipgloss.Layer) {
	t := a.env.Theme
	if msg := widget.TooSmall(t, a.env.Text, text.TooSmallKiosk, a.width, a.height, MinWidth, MinHeight); msg != "" {
		return msg, noLayers
	}
	var body string
	var boxW int
	var screen *widget.Layout
	if a.idle.Warning() {
		body = a.warningBox()
		boxW = lipgloss.Width(body)
	} else {
		// A fixed width: the box never jumps as messages come and go.
		boxW = a.bodyWidth() + t.Box.GetHorizontalFrameSize()
		screen = a.screen.Layout(a.bodyWidth())
		body = t.Box.Width(boxW).Render(screen.String())
	}
	top := a.boxTop(lipgloss.Height(body))
	if a.idle.Warning() {
		top = max(0, (a.height-3-lipgloss.Height(body))/2)
	}
	var sb strings.Builder
	sb.WriteString(a.header())
	sb.WriteString("\n")
	sb.WriteString(strings.Repeat("\n", top))
	// Centred by a left margin alone: the box's width is known, and
	// measuring every line again, as lipgloss.PlaceHorizontal does, costs a
	// third of a frame.
	left := max(0, (a.width-boxW)/2)
	margin := strings.Repeat(" ", left)
	for i, line := range strings.Split(body, "\n") {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(margin)
		sb.WriteString(line)
	}
	used := 1 + top + lipgloss.Height(body)
	sb.WriteString(strings.Repeat("\n", max(1, a.height-2-used+1)))
	sb.WriteString(a.help.View(a.helpKeys()))
	sb.WriteString("\n")
	sb.WriteString(a.statusBar())
	if screen == nil {
		return sb.String(), noLayers // the warning: a click only dismisses it
	}
	// The screen's items lie where the box's border and padding put them,
	// under the header and the rows above the box.
	x := left + t.Box.GetBorderLeftSize() + t.Box.GetPaddingLeft()
	y := 1 + top + t.Box.GetBorderTopSize() + t.Box.GetPaddingTop()
	return sb.String(), func() []*lipgloss.Layer { return screen.Layers(x, y) }
}

// boxTop is the box's row under the header. It depends on the window's
// height alone, so the box's top edge is the same row on every screen and
// stays put as messages come and go (a click lands where the eye saw it);
// a box grows downwards. It is where the tallest box the minimum window
// holds would stand centred; a taller one is moved up to fit.
func (a *App) boxTop(boxH int) int {
	return max(0, min(a.topEdge(), a.height-3-boxH))
}

// topEdge is the box's row under the header on every screen: where the
// tallest box the minimum window holds would stand centred.
func (a *App) topEdge() int {
	return max(0, (a.height-3-(MinHeight-3))/2)
}

// bodyRows is the rows a screen may use inside its box: those from the
// common top edge down to the help line, less the box's border, so that
// a screen that fills them (an open guide) keeps the box's top edge.
func (a *App) bodyRows() int {
	return a.height - 3 - a.topEdge() - a.env.Theme.Box.GetVerticalFrameSize()
}

// tooSmall reports a window below the minimum size, where only a message
// is drawn.
func (a *App) tooSmall() bool { return a.width < MinWidth || a.height < MinHeight }

// bodyWidth is the width a screen may use inside its box.
func (a *App) bodyWidth() int {
	return min(maxBodyWidth, a.width-2-a.env.Theme.Box.GetHorizontalFrameSize())
}

func (a *App) header() string {
	t, p := a.env.Theme, a.env.Text
	left := p.T(text.HeaderTitle)
	right := ""
	switch {
	case a.session != nil && !a.locked:
		right = p.T(text.HeaderSignedIn, clean(a.session.User.Name()))
	case a.session == nil:
		// The language key, named in the language it switches to.
		right = a.keys.Language.Help().Key + " " + a.keys.Language.Help().Desc
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
	t, p := a.env.Theme, a.env.Text
	// The card's state and working offline are what staff need to know
	// now; the terminal's name is for the service desk, so it is
	// shortened to the name, then dropped, before they are (DESIGN §12:
	// Welsh words are longer, and 72 columns must hold them whole).
	card := widget.StatusItem{Full: p.T(text.StatusCardOff)}
	switch {
	case a.session != nil && a.cardReader != "" && !a.locked:
		card = widget.StatusItem{Full: p.T(text.StatusCardSession, clean(a.session.User.Name())),
			Short: p.T(text.StatusCardIn)} // the header names who is signed in
	case a.env.CardState != nil:
		card = widget.StatusItem{Full: p.T(cardStatus[a.env.CardState().Condition()])}
	}
	items := []widget.StatusItem{{Full: p.T(text.StatusTerminal, clean(a.env.Terminal)),
		Short: clean(a.env.Terminal), Droppable: true}}
	if a.env.Offline != nil && a.env.Offline() {
		// Polled each second, as the reader is: a client kiosk that lost
		// the Trust's service says so (DESIGN §10).
		items = append(items, widget.StatusItem{Full: p.T(text.StatusOffline)})
	}
	return widget.StatusBarFit(t, a.width, append(items, card), p.Clock(a.now.Local()))
}

// cardStatus is the status bar's words for what the card reader sees.
var cardStatus = [...]text.ID{
	smartcard.NoService: text.StatusCardNoService,
	smartcard.NoReader:  text.StatusCardNoReader,
	smartcard.NoCard:    text.StatusCardNoCard,
	smartcard.CardIn:    text.StatusCardIn,
}

// helpKeys is the help line's key map: the screen's, or while the idle
// warning shows, the one thing a key does then.
func (a *App) helpKeys() help.KeyMap {
	if a.idle.Warning() {
		return widget.Keys{a.keys.Stay}
	}
	own := a.screen.Help()
	// The language key goes on the line where it fits the narrowest
	// window; the header shows it always.
	if a.session == nil && helpWidth(append(own.ShortHelp(), a.keys.Language)) <= MinWidth {
		return withKey{own, a.keys.Language}
	}
	return own
}

// helpWidth is how wide the help line draws keys: "key words", three
// spaces between.
func helpWidth(keys []key.Binding) int {
	w := 0
	for _, b := range keys {
		if !b.Enabled() {
			continue
		}
		if w > 0 {
			w += 3
		}
		w += ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc)
	}
	return w
}

// withKey is a screen's key map with one of the app's keys after its own.
type withKey struct {
	help.KeyMap
	key key.Binding
}

// ShortHelp is the screen's keys, then the app's.
func (w withKey) ShortHelp() []key.Binding {
	return slices.Concat(w.KeyMap.ShortHelp(), []key.Binding{w.key})
}

// FullHelp is the screen's columns, then the app's key.
func (w withKey) FullHelp() [][]key.Binding {
	return append(w.KeyMap.FullHelp(), []key.Binding{w.key})
}

// warningBox is the idle warning shown in place of the screen: a session
// is logged out, any other screen cleared.
func (a *App) warningBox() string {
	what := text.IdleClear
	if a.session != nil {
		what = text.IdleLogout
	}
	return widget.IdleWarning(a.env.Theme, a.env.Text, what, a.idle.SecondsLeft(a.now), a.idle.WarnSeconds())
}
