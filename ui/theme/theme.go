// Package theme holds the kiosk's look: one set of named styles that every
// screen uses, so no screen picks a raw colour. Colours are the 16 basic
// ANSI ones, which look the same on the Linux console and on xterm; focus
// is also shown by reverse video and bold, so it survives NO_COLOR.
package theme

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
)

// Names of the themes in the configuration.
const (
	Default      = "default"
	HighContrast = "high-contrast"
)

// Glyphs says which characters the terminal can draw.
type Glyphs int

// Glyph sets, from richest to plainest.
const (
	// Unicode: rounded boxes, ticks and crosses (xterm and friends).
	Unicode Glyphs = iota
	// Console: the Linux console's font: square box lines, ASCII marks.
	Console
	// ASCII: nothing but ASCII.
	ASCII
)

// DetectGlyphs picks the glyphs for a terminal from TERM and the locale
// (LC_ALL, LC_CTYPE, LANG, first set wins).
func DetectGlyphs(term, lcAll, lcCtype, lang string) Glyphs {
	locale := lcAll
	if locale == "" {
		locale = lcCtype
	}
	if locale == "" {
		locale = lang
	}
	l := strings.ToLower(locale)
	switch {
	case !strings.Contains(l, "utf-8") && !strings.Contains(l, "utf8"),
		term == "dumb", term == "vt100", term == "vt102", term == "vt220", term == "ansi":
		return ASCII
	case term == "linux":
		return Console
	}
	return Unicode
}

// Theme is every style the screens draw with.
type Theme struct {
	Name   string
	Glyphs Glyphs

	Header, Banner, Title, Subtitle, Text, Muted lipgloss.Style
	Label, LabelFocused                          lipgloss.Style
	Input, InputFocused                          lipgloss.Style
	Button, ButtonFocused                        lipgloss.Style
	Link, LinkFocused                            lipgloss.Style
	Error, Note, Success                         lipgloss.Style
	Tick, Cross, Pending                         lipgloss.Style
	Box, Modal                                   lipgloss.Style
	StatusBar, StatusItem, Help, HelpKey         lipgloss.Style

	// Background and Foreground, when set, are asked of the terminal for
	// the whole window: high contrast is drawn for a black background.
	Background, Foreground color.Color

	// Symbols drawn beside checklist items and in the status bar.
	TickMark, CrossMark, PendingMark, Bullet, Separator string
	MaskChar                                            rune
}

// New returns the named theme ("" is the default) drawn with the given
// glyphs; noColor drops every colour, keeping bold, underline and reverse
// video.
func New(name string, glyphs Glyphs, noColor bool) Theme {
	var t Theme
	switch name {
	case HighContrast:
		t = highContrast()
	default:
		t = standard()
	}
	t.Glyphs = glyphs
	border := lipgloss.RoundedBorder()
	t.TickMark, t.CrossMark, t.PendingMark, t.Bullet, t.Separator = "✓", "✗", "…", "›", " │ "
	t.MaskChar = '•'
	switch glyphs {
	case Console:
		border = lipgloss.NormalBorder()
		t.TickMark, t.CrossMark, t.PendingMark, t.Bullet, t.Separator = "+", "x", "-", ">", " │ "
		t.MaskChar = '*'
	case ASCII:
		border = lipgloss.ASCIIBorder()
		t.TickMark, t.CrossMark, t.PendingMark, t.Bullet, t.Separator = "+", "x", "-", ">", " | "
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
		LinkFocused:   s().Bold(true).Reverse(true).Foreground(cyan), // no underline: lipgloss would draw the spaces between words apart, unreversed
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
		Background:    black,
		Foreground:    white,
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
	t.Background, t.Foreground = nil, nil
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
