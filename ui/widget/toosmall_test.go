package widget

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
)

func TestTooSmall(t *testing.T) {
	th := theme.New(theme.Default, theme.Unicode, false)
	tests := []struct {
		what          string
		width, height int
		minW, minH    int
		small         bool
	}{
		{"kiosk", 72, 24, 72, 24, false},
		{"kiosk", 200, 60, 72, 24, false},
		{"kiosk", 71, 24, 72, 24, true},
		{"kiosk", 72, 23, 72, 24, true},
		{"kiosk", 24, 8, 72, 24, true},
		{"console", 80, 24, 80, 24, false},
		{"console", 79, 30, 80, 24, true},
		{"console", 60, 20, 80, 24, true},
		{"console", 30, 12, 80, 24, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %dx%d", tt.what, tt.width, tt.height), func(t *testing.T) {
			what := map[string]text.ID{"kiosk": text.TooSmallKiosk, "console": text.TooSmallConsole}[tt.what]
			got := TooSmall(th, text.For(text.English), what, tt.width, tt.height, tt.minW, tt.minH)
			if !tt.small {
				if got != "" {
					t.Fatalf("a window of the minimum size or more got %q", got)
				}
				return
			}
			// Wrapped, however narrow: every line fits the window.
			if w := lipgloss.Width(got); w > tt.width {
				t.Errorf("the message is %d wide in a window %d wide:\n%s", w, tt.width, got)
			}
			words := strings.Join(strings.Fields(ansi.Strip(got)), " ")
			want := fmt.Sprintf("This window is too small for the %s. Make it at least %d x %d (it is %d x %d).",
				tt.what, tt.minW, tt.minH, tt.width, tt.height)
			if words != want {
				t.Errorf("words %q, want %q", words, want)
			}
			if h := lipgloss.Height(got); h < tt.height {
				t.Errorf("the message is %d rows in a window %d high: it does not fill the frame", h, tt.height)
			}
		})
	}
}
