// Package widget holds the kiosk's shared widgets — text field, button,
// link, checklist, status bar, help line — and the Form and Layout that
// give them focus order and mouse hit-testing. Screens build on these.
package widget

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// Zone is where an item was drawn, relative to its layout.
type Zone struct {
	ID             string
	X0, Y0, X1, Y1 int // half-open: [X0, X1) x [Y0, Y1)
}

// Layout stacks blocks of text top to bottom and remembers where each
// focusable item landed, so a mouse click can be mapped back to it.
type Layout struct {
	lines []string
	zones []Zone
	width int
}

// Add appends a block; a non-empty id makes the whole block a zone.
func (l *Layout) Add(block string, id string) {
	w, h := lipgloss.Size(block)
	if id != "" {
		l.zones = append(l.zones, Zone{ID: id, X0: 0, Y0: len(l.lines), X1: w, Y1: len(l.lines) + h})
	}
	l.lines = append(l.lines, strings.Split(block, "\n")...)
	l.width = max(l.width, w)
}

// Gap appends n empty lines.
func (l *Layout) Gap(n int) {
	for range n {
		l.lines = append(l.lines, "")
	}
}

// Part is one piece of a row.
type Part struct {
	Text string
	ID   string // "" for no zone
}

// Row appends pieces side by side, separated by sep spaces, each piece
// its own zone.
func (l *Layout) Row(sep int, parts ...Part) {
	x := 0
	var texts []string
	h := 1
	for i, p := range parts {
		if i > 0 {
			texts = append(texts, strings.Repeat(" ", sep))
			x += sep
		}
		w, ph := lipgloss.Size(p.Text)
		if p.ID != "" {
			l.zones = append(l.zones, Zone{ID: p.ID, X0: x, Y0: len(l.lines), X1: x + w, Y1: len(l.lines) + ph})
		}
		texts = append(texts, p.Text)
		x += w
		h = max(h, ph)
	}
	block := lipgloss.JoinHorizontal(lipgloss.Top, texts...)
	l.lines = append(l.lines, strings.Split(block, "\n")...)
	l.width = max(l.width, x)
}

// String is the layout's text.
func (l *Layout) String() string { return strings.Join(l.lines, "\n") }

// Size is the layout's width and height.
func (l *Layout) Size() (int, int) { return l.width, len(l.lines) }

// Hit returns the id of the zone at x, y, or "".
func (l *Layout) Hit(x, y int) string {
	for _, z := range l.zones {
		if x >= z.X0 && x < z.X1 && y >= z.Y0 && y < z.Y1 {
			return z.ID
		}
	}
	return ""
}

// Zones are the recorded zones.
func (l *Layout) Zones() []Zone { return l.zones }
