package widget

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
)

func TestIdleWarning(t *testing.T) {
	th := theme.New(theme.Default, theme.Unicode, false)
	en, what := text.For(text.English), text.IdleConsole
	tests := []struct {
		secs, most int
		says       string
	}{
		{30, 30, "This session closes in 30 seconds."},
		{9, 30, "This session closes in 9 seconds."},
		{1, 30, "This session closes in 1 second."},
		{0, 30, "This session closes in 0 seconds."},
		{120, 30, "This session closes in 120 seconds."}, // a warning longer than the timeout
	}
	full := IdleWarning(th, en, what, 30, 30)
	for _, tt := range tests {
		got := IdleWarning(th, en, what, tt.secs, tt.most)
		text := ansi.Strip(got)
		for _, want := range []string{"Are you still there?", tt.says, "Press any key to stay."} {
			if !strings.Contains(text, want) {
				t.Errorf("%d of %d seconds: no %q in\n%s", tt.secs, tt.most, want, text)
			}
		}
		// Same box as the countdown goes down; wider only when it must.
		if tt.secs <= tt.most && (lipgloss.Width(got) != lipgloss.Width(full) || lipgloss.Height(got) != lipgloss.Height(full)) {
			t.Errorf("%d seconds: box %dx%d, at the start %dx%d", tt.secs,
				lipgloss.Width(got), lipgloss.Height(got), lipgloss.Width(full), lipgloss.Height(full))
		}
		if tt.secs > tt.most && lipgloss.Width(got) <= lipgloss.Width(full) {
			t.Errorf("%d seconds: the box did not widen for the longer count", tt.secs)
		}
	}
}
