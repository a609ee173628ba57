package teamsg

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func TestEnds(t *testing.T) {
	tick := tea.Tick(time.Hour, func(time.Time) tea.Msg { return nil })
	other := func() tea.Msg { return "x" }
	for _, tt := range []struct {
		name string
		cmd  tea.Cmd
		want bool
	}{
		{"nil", nil, false},
		{"quit", tea.Quit, true},
		{"suspend", tea.Suspend, true},
		{"interrupt", tea.Interrupt, true},
		{"another message", other, false},
		{"a quit in a batch", tea.Batch(other, tea.Quit), true},
		{"a suspend in a sequence", tea.Sequence(other, tea.Suspend), true},
		{"a quit in a batch beside a tick", tea.Batch(tick, tea.Batch(tea.Quit)), true},
		{"only a tick", tick, false},
	} {
		if got := Ends(tt.cmd); got != tt.want {
			t.Errorf("%s: Ends = %v, want %v", tt.name, got, tt.want)
		}
	}
}
