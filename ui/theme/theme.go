// Package theme holds the kiosk's look: one set of named styles that every
// screen uses, so no screen picks a raw colour. Colours are the 16 basic
// ANSI ones, which look the same on the Linux console and on xterm; focus
// is also shown by reverse video and bold, so it survives NO_COLOR.
package theme

import (
	"charm.land/lipgloss/v2"
)

// Names of the themes in the configuration.
const (
	Default      = "default"
	HighContrast = "high-contrast"
)

// Theme is every style the screens draw with.
type Theme struct {
	Name  string
	ASCII bool // no box drawing or ticks: plain ASCII only

	Header, Banner, Title, Subtitle, Text, Muted lipgloss.Style
	Label, LabelFocused                          lipgloss.Style
	Input, InputFocused                          lipgloss.Style
	Button, ButtonFocused                        lipgloss.Style
	Link, LinkFocused                            lipgloss.Style
	Error, Note, Success                         lipgloss.Style
	Tick, Cross, Pending                         lipgloss.Style
	Box, Modal                                   lipgloss.Style
	StatusBar, StatusItem, Help, HelpKey         lipgloss.Style

	// Symbols drawn beside checklist items and in the status bar.
	TickMark, CrossMark, PendingMark, Bullet, Separator string
	MaskChar                                            rune
}

// New returns the named theme ("" is the default). ascii picks plain ASCII
// borders and marks; noColor drops every colour, keeping bold, underline
// and reverse video.
func New(name string, ascii, noColor bool) Theme {
	var t Theme
	switch name {
	case HighContrast:
		t = highContrast()
	default:
		t = standard()
	}
	t.ASCII = ascii
	border := lipgloss.RoundedBorder()
	t.TickMark, t.CrossMark, t.PendingMark, t.Bullet, t.Separator = "✓", "✗", "…", "›", " │ "
	t.MaskChar = '•'
	if ascii {
		border = lipgloss.ASCIIBorder()
		t.TickMark, t.CrossMark, t.PendingMark, t.Bullet, t.Separator = "+", "x", ".", ">", " | "
		t.MaskChar = '*'
	}
	t.Box = t.Box.Border(border)
	t.Modal = t.Modal.Border(border)
	if noColor {
		t = t.withoutColour()
	}
	return t
}

func standard() Theme {
	s := lipgloss.NewStyle
	blue, cyan, red, green, yellow, white, black, grey := lipgloss.Blue, lipgloss.Cyan, lipgloss.Red,
		lipgloss.Green, lipgloss.Yellow, lipgloss.BrightWhite, lipgloss.Black, lipgloss.BrightBlack
	return Theme{
		Name:          Default,
		Header:        s().Bold(true).Foreground(white).Background(blue).Padding(0, 1),
		Banner:        s().Bold(true).Foreground(black).Background(yellow).Padding(0, 1),
		Title:         s().Bold(true).Foreground(cyan),
		Subtitle:      s().Bold(true),
		Text:          s(),
		Muted:         s().Foreground(grey),
		Label:         s(),
		LabelFocused:  s().Bold(true).Foreground(cyan),
		Input:         s().Underline(true),
		InputFocused:  s().Underline(true).Bold(true),
		Button:        s().Padding(0, 1).Background(grey).Foreground(white),
		ButtonFocused: s().Padding(0, 1).Bold(true).Reverse(true).Foreground(cyan),
		Link:          s().Underline(true).Foreground(cyan),
		LinkFocused:   s().Underline(true).Bold(true).Reverse(true).Foreground(cyan),
		Error:         s().Bold(true).Foreground(red),
		Note:          s().Foreground(yellow),
		Success:       s().Bold(true).Foreground(green),
		Tick:          s().Bold(true).Foreground(green),
		Cross:         s().Bold(true).Foreground(red),
		Pending:       s().Foreground(grey),
		Box:           s().BorderForeground(blue).Padding(0, 2),
		Modal:         s().BorderForeground(yellow).Padding(1, 3).Bold(true),
		StatusBar:     s().Foreground(black).Background(lipgloss.White),
		StatusItem:    s().Padding(0, 1),
		Help:          s().Foreground(grey),
		HelpKey:       s().Bold(true),
	}
}

// highContrast is black and white with yellow focus, for low vision and
// bright wards.
func highContrast() Theme {
	s := lipgloss.NewStyle
	white, black, yellow := lipgloss.BrightWhite, lipgloss.Black, lipgloss.BrightYellow
	return Theme{
		Name:          HighContrast,
		Header:        s().Bold(true).Foreground(black).Background(white).Padding(0, 1),
		Banner:        s().Bold(true).Foreground(black).Background(yellow).Padding(0, 1),
		Title:         s().Bold(true).Foreground(white).Underline(true),
		Subtitle:      s().Bold(true).Foreground(white),
		Text:          s().Foreground(white),
		Muted:         s().Foreground(white),
		Label:         s().Foreground(white),
		LabelFocused:  s().Bold(true).Foreground(black).Background(yellow),
		Input:         s().Underline(true).Foreground(white),
		InputFocused:  s().Underline(true).Bold(true).Foreground(black).Background(yellow),
		Button:        s().Padding(0, 1).Bold(true).Foreground(black).Background(white),
		ButtonFocused: s().Padding(0, 1).Bold(true).Foreground(black).Background(yellow),
		Link:          s().Underline(true).Bold(true).Foreground(white),
		LinkFocused:   s().Underline(true).Bold(true).Foreground(black).Background(yellow),
		Error:         s().Bold(true).Foreground(black).Background(white),
		Note:          s().Bold(true).Foreground(white),
		Success:       s().Bold(true).Foreground(white),
		Tick:          s().Bold(true).Foreground(white),
		Cross:         s().Bold(true).Foreground(white).Reverse(true),
		Pending:       s().Foreground(white),
		Box:           s().BorderForeground(white).Padding(0, 2),
		Modal:         s().BorderForeground(yellow).Padding(1, 3).Bold(true),
		StatusBar:     s().Bold(true).Foreground(black).Background(white),
		StatusItem:    s().Padding(0, 1),
		Help:          s().Foreground(white),
		HelpKey:       s().Bold(true).Underline(true),
	}
}

// withoutColour keeps each style's attributes and drops its colours.
func (t Theme) withoutColour() Theme {
	for _, st := range []*lipgloss.Style{&t.Header, &t.Banner, &t.Title, &t.Subtitle, &t.Text, &t.Muted,
		&t.Label, &t.LabelFocused, &t.Input, &t.InputFocused, &t.Button, &t.ButtonFocused, &t.Link,
		&t.LinkFocused, &t.Error, &t.Note, &t.Success, &t.Tick, &t.Cross, &t.Pending, &t.Box, &t.Modal,
		&t.StatusBar, &t.StatusItem, &t.Help, &t.HelpKey} {
		*st = st.UnsetForeground().UnsetBackground().UnsetBorderForeground()
	}
	// Without colour, reverse video marks what colour marked.
	t.ButtonFocused = t.ButtonFocused.Reverse(true)
	t.LabelFocused = t.LabelFocused.Reverse(true)
	t.Header = t.Header.Reverse(true)
	t.StatusBar = t.StatusBar.Reverse(true)
	t.Button = t.Button.Border(lipgloss.HiddenBorder(), false)
	return t
}
