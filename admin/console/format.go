package console

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/sanitize"
)

// clean makes stored or typed text safe to draw.
func clean(s string) string { return sanitize.Line(s) }

// cell is s cut or padded to exactly w columns.
func cell(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, "…")
	if pad := w - lipgloss.Width(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// cut is s cut to at most w columns.
func cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// row joins cells of the given widths with two spaces; the last cell
// takes what is left of width.
func row(width int, widths []int, cells ...string) string {
	var sb strings.Builder
	used := 0
	for i, c := range cells {
		if i > 0 {
			if used+2 >= width {
				break
			}
			sb.WriteString("  ")
			used += 2
		}
		w := width - used
		if i == len(cells)-1 {
			sb.WriteString(cut(c, w))
			break
		}
		if i < len(widths) && widths[i] < w {
			w = widths[i]
		}
		sb.WriteString(cell(c, w))
		used += w
	}
	return sb.String()
}

// ago says how long ago t was, briefly: "5s ago", "3m ago", "2h ago", "4d ago".
func ago(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < 0:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	}
	return fmt.Sprintf("%dd ago", int(d.Hours()/24))
}

// clock is a time of day today, else a date and time.
func clock(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	t, now = t.Local(), now.Local()
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}

// accountStatus says whether an account can sign in, and if not why, in
// the console's words for the auth core's account state.
func accountStatus(a auth.Account, now time.Time) string {
	st := a.State(now)
	if here := a.LockedHere(now); len(here) > 0 && !st.Barred() {
		// Locked only where someone got the password wrong (DESIGN §4).
		var at []string
		for _, l := range here {
			at = append(at, clean(l.Terminal)+" until "+l.LockedUntil.Local().Format("15:04"))
		}
		return "locked at " + strings.Join(at, ", ")
	}
	switch st {
	case auth.AccountLocked:
		return "locked by a maintainer"
	case auth.AccountLockedUntil:
		return "locked until " + a.Lockout.LockedUntil.Local().Format("15:04")
	case auth.AccountNoPassword:
		return "no password yet"
	default: // active, disabled
		return string(st)
	}
}

// dash shows an empty field as "-".
func dash(s string) string {
	if s = clean(s); s == "" {
		return "-"
	}
	return s
}
