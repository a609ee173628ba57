package widget

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"github.com/wardkiosk/kiosk/ui/theme"
)

// NewHelp returns the help line in the theme's styles: bubbles/help draws
// it from the same key bindings the screen matches keys with, so the line
// cannot say what a key does not do.
func NewHelp(t theme.Theme) help.Model {
	h := help.New()
	h.ShortSeparator = "   "
	if t.Glyphs != theme.Unicode {
		h.Ellipsis = "..."
	}
	h.Styles = help.Styles{
		ShortKey: t.HelpKey, ShortDesc: t.Help, ShortSeparator: t.Help, Ellipsis: t.Help,
		FullKey: t.HelpKey, FullDesc: t.Help, FullSeparator: t.Help,
	}
	return h
}

// Keys is a key map that is a list of bindings, shown in order on the
// help line; a disabled binding is not shown.
type Keys []key.Binding

// ShortHelp is the bindings, for the help line.
func (k Keys) ShortHelp() []key.Binding { return k }

// FullHelp is the bindings in one column.
func (k Keys) FullHelp() [][]key.Binding { return [][]key.Binding{k} }
