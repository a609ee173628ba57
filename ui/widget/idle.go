package widget

import (
	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// IdleWarning is the box drawn in place of the screen while the idle
// warning counts down: it asks whether anyone is there, says what happens
// in secs seconds (what, a plural message on the seconds: text.IdleLogout)
// and how to stay, in p's language. It is as wide as the words are with
// most seconds left, so the box stays put as the seconds go down.
func IdleWarning(t theme.Theme, p text.Printer, what text.ID, secs, most int) string {
	words := func(n int) string {
		return p.T(text.IdleStillThere) + "\n\n" + p.T(what, n) + "\n" + p.T(text.IdleStay)
	}
	widest := lipgloss.Width(words(max(secs, most)))
	return t.Modal.Width(widest + t.Modal.GetHorizontalFrameSize()).Render(words(secs))
}
