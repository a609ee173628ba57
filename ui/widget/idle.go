package widget

import (
	"fmt"

	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/ui/theme"
)

// IdleWarning is the box drawn in place of the screen while the idle
// warning counts down: it asks whether anyone is there and says what
// happens in secs seconds ("For your security you will be logged out")
// unless a key is pressed. It is as wide as the words are with most
// seconds left, so the box stays put as the seconds go down.
func IdleWarning(t theme.Theme, what string, secs, most int) string {
	words := func(n int) string {
		unit := "seconds"
		if n == 1 {
			unit = "second"
		}
		return fmt.Sprintf("Are you still there?\n\n%s in %d %s.\nPress any key to stay.", what, n, unit)
	}
	widest := lipgloss.Width(words(max(secs, most)))
	return t.Modal.Width(widest + t.Modal.GetHorizontalFrameSize()).Render(words(secs))
}
