// Package widget holds the kiosk's shared widgets — text field, button,
// link, checklist, status bar, help line — and the Form and Layout that
// give them focus order, key maps and clickable layers. Screens build on
// these.
package widget

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// Layout stacks blocks of text top to bottom and keeps the focusable
// items among them, so that a compositor can find the one under a click.
type Layout struct {
	lines []string
	items []placed
	width int
}

// placed is a clickable block and where it landed in the layout.
type placed struct {
	id, text string
	x, y     int
}

// Add appends a block; a non-empty id makes the whole block clickable.
func (l *Layout) Add(block string, id string) {
	w := lipgloss.Width(block)
	if id != "" {
		l.items = append(l.items, placed{id: id, text: block, y: len(l.lines)})
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
	ID   string // "" for a piece that is not clickable
}

// Row appends pieces side by side, separated by sep spaces, each piece
// clickable on its own.
func (l *Layout) Row(sep int, parts ...Part) {
	x := 0
	texts := make([]string, 0, 2*len(parts))
	for i, p := range parts {
		if i > 0 {
			texts = append(texts, strings.Repeat(" ", sep))
			x += sep
		}
		if p.ID != "" {
			l.items = append(l.items, placed{id: p.ID, text: p.Text, x: x, y: len(l.lines)})
		}
		texts = append(texts, p.Text)
		x += lipgloss.Width(p.Text)
	}
	block := lipgloss.JoinHorizontal(lipgloss.Top, texts...)
	l.lines = append(l.lines, strings.Split(block, "\n")...)
	l.width = max(l.width, x)
}

// String is the layout's text.
func (l *Layout) String() string { return strings.Join(l.lines, "\n") }

// Size is the layout's width and height.
func (l *Layout) Size() (int, int) { return l.width, len(l.lines) }

// Layers are the layout's clickable items, each a layer named by its id,
// placed as they are drawn when the layout's top-left cell is at x, y.
// They are made when asked for, not each frame: a layer measures its text
// as it is made.
func (l *Layout) Layers(x, y int) []*lipgloss.Layer {
	layers := make([]*lipgloss.Layer, len(l.items))
	for i, it := range l.items {
		layers[i] = lipgloss.NewLayer(it.text).ID(it.id).X(x + it.x).Y(y + it.y)
	}
	return layers
}
