package widget

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Click is a mouse click and the id of the layer under it; ID is "" where
// the click hit nothing clickable.
type Click struct {
	tea.Mouse
	ID string
}

// OnClick is a view's OnMouse: it turns a click into a Click, hit-testing
// the layers of the frame it was made with by a compositor. layers is
// called only when a click comes, so drawing a frame costs nothing more.
func OnClick(layers func() []*lipgloss.Layer) func(tea.MouseMsg) tea.Cmd {
	return func(msg tea.MouseMsg) tea.Cmd {
		c, ok := msg.(tea.MouseClickMsg)
		if !ok {
			return nil
		}
		m := c.Mouse()
		id := lipgloss.NewCompositor(layers()...).Hit(m.X, m.Y).ID()
		return func() tea.Msg { return Click{Mouse: m, ID: id} }
	}
}
