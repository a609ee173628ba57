package widget

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/ui/theme"
)

// StatusBar draws items left and right across the full width.
func StatusBar(t theme.Theme, width int, left []string, right string) string {
	var items []string
	for _, s := range left {
		items = append(items, t.StatusItem.Render(s))
	}
	l := strings.Join(items, t.Separator)
	r := t.StatusItem.Render(right)
	gap := width - lipgloss.Width(l) - lipgloss.Width(r)
	if gap < 1 {
		// Too narrow: keep the right-hand clock, cut the rest.
		l = lipgloss.NewStyle().MaxWidth(max(0, width-lipgloss.Width(r)-1)).Render(l)
		gap = max(0, width-lipgloss.Width(l)-lipgloss.Width(r))
	}
	return t.StatusBar.Width(width).MaxWidth(width).Render(l + strings.Repeat(" ", gap) + r)
}

// CheckItem is one line of a live checklist.
type CheckItem struct {
	Label   string
	Passed  bool
	Pending bool // checked later (on submit), or nothing typed yet
	Note    string
}

// Checklist draws items as ticks, crosses or pending marks, in two
// columns when they fit width, else one.
func Checklist(t theme.Theme, items []CheckItem, width int) string {
	lines := make([]string, len(items))
	for i, it := range items {
		mark, st := t.CrossMark, t.Cross
		switch {
		case it.Pending:
			mark, st = t.PendingMark, t.Pending
		case it.Passed:
			mark, st = t.TickMark, t.Tick
		}
		line := st.Render(mark) + " " + it.Label
		if it.Note != "" {
			line += " " + t.Muted.Render(it.Note)
		}
		lines[i] = line
	}
	one := strings.Join(lines, "\n")
	if len(lines) < 2 {
		return one
	}
	per := (len(lines) + 1) / 2
	var cols []string
	for c := 0; c < len(lines); c += per {
		col := strings.Join(lines[c:min(c+per, len(lines))], "\n")
		if len(cols) > 0 {
			col = lipgloss.NewStyle().PaddingLeft(3).Render(col)
		}
		cols = append(cols, col)
	}
	if two := lipgloss.JoinHorizontal(lipgloss.Top, cols...); lipgloss.Width(two) <= width {
		return two
	}
	return one
}
