package widget

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/ui/theme"
)

// StatusBar draws items left and right across the full width.
func StatusBar(t theme.Theme, width int, left []string, right string) string {
	items := make([]StatusItem, len(left))
	for i, s := range left {
		items[i] = StatusItem{Full: s}
	}
	return StatusBarFit(t, width, items, right)
}

// StatusItem is one item of the status bar and what it may become when
// the bar is too narrow for every item whole.
type StatusItem struct {
	Full  string
	Short string // a shorter form with the same sense; "" when none
	// Droppable items may go altogether, after every item is short.
	Droppable bool
}

// StatusBarFit draws items left and the clock right across the full
// width. Words are never cut: when the items do not fit whole, they are
// shortened first to last, then the droppable ones dropped first to last,
// so the last items (what the kiosk and the card are doing) outlast the
// first (which terminal it is). Only an item wider than the bar on its own
// is cut, after a whole word.
func StatusBarFit(t theme.Theme, width int, left []StatusItem, right string) string {
	r := t.StatusItem.Render(right)
	room := width - lipgloss.Width(r) - 1
	text := make([]string, len(left))
	for i, it := range left {
		text[i] = it.Full
	}
	keep := make([]bool, len(left))
	for i := range keep {
		keep[i] = true
	}
	join := func() string {
		var items []string
		for i, s := range text {
			if keep[i] {
				items = append(items, t.StatusItem.Render(s))
			}
		}
		return strings.Join(items, t.Separator)
	}
	l := join()
	for i := 0; i < len(left) && lipgloss.Width(l) > room; i++ {
		if left[i].Short != "" {
			text[i] = left[i].Short
			l = join()
		}
	}
	for i := 0; i < len(left) && lipgloss.Width(l) > room; i++ {
		if left[i].Droppable {
			keep[i] = false
			l = join()
		}
	}
	if lipgloss.Width(l) > room {
		l = cutWords(l, max(0, room))
	}
	gap := max(0, width-lipgloss.Width(l)-lipgloss.Width(r))
	return t.StatusBar.Width(width).MaxWidth(width).Render(l + strings.Repeat(" ", gap) + r)
}

// cutWords cuts s to at most width cells after a whole word, marking the
// cut with an ellipsis.
func cutWords(s string, width int) string {
	const tail = "…"
	words := strings.SplitAfter(s, " ")
	var out strings.Builder
	for _, w := range words {
		if lipgloss.Width(out.String()+w)+lipgloss.Width(tail) > width {
			break
		}
		out.WriteString(w)
	}
	if out.Len() == 0 {
		return ""
	}
	return strings.TrimRight(out.String(), " ") + " " + tail
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
	// Two columns three cells apart, or two where three do not fit: a
	// language with longer rules (Welsh) still gets the rows it needs
	// for the messages below at 72x24.
	for _, gap := range []int{3, 2} {
		var cols []string
		for c := 0; c < len(lines); c += per {
			col := strings.Join(lines[c:min(c+per, len(lines))], "\n")
			if len(cols) > 0 {
				col = lipgloss.NewStyle().PaddingLeft(gap).Render(col)
			}
			cols = append(cols, col)
		}
		if two := lipgloss.JoinHorizontal(lipgloss.Top, cols...); lipgloss.Width(two) <= width {
			return two
		}
	}
	return one
}
