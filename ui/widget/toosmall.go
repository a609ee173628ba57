package widget

import (
	"fmt"

	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/ui/theme"
)

// TooSmall is the whole frame for a window smaller than minW x minH: a
// message, centred, that says how large to make it; "" when the window is
// large enough. what names the program ("kiosk", "console"). The message
// wraps to the window, however narrow, so it is always whole.
func TooSmall(t theme.Theme, what string, width, height, minW, minH int) string {
	if width >= minW && height >= minH {
		return ""
	}
	msg := fmt.Sprintf("This window is too small for the %s.\nMake it at least %d x %d (it is %d x %d).",
		what, minW, minH, width, height)
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center,
		t.Error.Width(min(width, lipgloss.Width(msg))).Render(msg))
}
