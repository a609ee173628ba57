package widget

import (
	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// TooSmall is the whole frame for a window smaller than minW x minH: a
// message, centred, that says how large to make it; "" when the window is
// large enough. what says which program it is too small for
// (text.TooSmallKiosk), in p's language. The message wraps to the window,
// however narrow, so it is always whole.
func TooSmall(t theme.Theme, p text.Printer, what text.ID, width, height, minW, minH int) string {
	if width >= minW && height >= minH {
		return ""
	}
	msg := p.T(what) + "\n" + p.T(text.TooSmallSize, minW, minH, width, height)
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center,
		t.Error.Width(min(width, lipgloss.Width(msg))).Render(msg))
}
