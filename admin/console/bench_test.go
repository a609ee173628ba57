package console

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkConsoleView is one frame of each page at 200x60 (DESIGN §9: at most
// 1 ms a frame).
func BenchmarkConsoleView(b *testing.B) {
	f := newFixture(b)
	env := f.env(f.ctx)
	snap := env.Feed.Get(f.ctx)
	for i, name := range pageNames {
		b.Run(name, func(b *testing.B) {
			m := New(env)
			m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
			m.Update(refreshed(snap))
			m.show(i)
			if v := m.View(); len(v.Content) == 0 || v.OnMouse == nil {
				b.Fatal("empty frame")
			}
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}
