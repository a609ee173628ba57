package widget

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/ui/theme"
)

// Field is a labelled text field; a masked one hides what is typed until
// the user asks to show it.
type Field struct {
	Label  string
	Hint   string // shown under the field, muted
	Masked bool
	// ShowHelp and HideHelp are the help line's words for ctrl+r on a
	// masked field, when it masks something other than a password (a
	// card's passcode); "" is the form's, "show password".
	ShowHelp, HideHelp string
	shown              bool
	input              textinput.Model
}

// NewField returns a field of the given input width.
func NewField(label string, width int, masked bool, t theme.Theme) *Field {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 128
	in.SetWidth(width) // without it the placeholder shows one letter only
	if masked {
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = t.MaskChar
	}
	return &Field{Label: label, Masked: masked, input: in}
}

// Value is what was typed.
func (f *Field) Value() string { return f.input.Value() }

// SetValue replaces what was typed.
func (f *Field) SetValue(s string) { f.input.SetValue(s); f.input.CursorEnd() }

// Reset wipes the field and masks it again.
func (f *Field) Reset() {
	f.input.Reset()
	f.shown = false
	if f.Masked {
		f.input.EchoMode = textinput.EchoPassword
	}
}

// SetPlaceholder sets the muted text shown while the field is empty.
func (f *Field) SetPlaceholder(s string) { f.input.Placeholder = s }

// SetCharLimit sets the most characters the field takes.
func (f *Field) SetCharLimit(n int) { f.input.CharLimit = n }

// ToggleShow shows or masks a masked field's text.
func (f *Field) ToggleShow() {
	if !f.Masked {
		return
	}
	f.shown = !f.shown
	if f.shown {
		f.input.EchoMode = textinput.EchoNormal
	} else {
		f.input.EchoMode = textinput.EchoPassword
	}
}

// Shown reports whether a masked field is showing its text.
func (f *Field) Shown() bool { return f.shown }

func (f *Field) focus() { f.input.Focus() }
func (f *Field) blur()  { f.input.Blur() }
func (f *Field) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	return cmd
}

// View draws the label (padded to labelWidth) and the field.
func (f *Field) View(t theme.Theme, focused bool, labelWidth int) string {
	label, input := t.Label, t.Input
	if focused {
		label, input = t.LabelFocused, t.InputFocused
	}
	st := f.input.Styles()
	st.Focused.Text, st.Blurred.Text = input, input
	st.Focused.Placeholder, st.Blurred.Placeholder = t.Muted, t.Muted
	// The cursor takes the theme's colour, not the text input's own grey,
	// so that NO_COLOR leaves it a plain reverse-video block.
	st.Cursor.Color = input.GetForeground()
	f.input.SetStyles(st)
	// Brackets show where the field is on every terminal, colour or not;
	// the input is padded so its underline spans the field.
	box := t.Muted.Render("[") + input.Width(f.input.Width()+1).Render(f.input.View()) + t.Muted.Render("]")
	row := lipgloss.JoinHorizontal(lipgloss.Top, label.Width(labelWidth).Render(f.Label), box)
	if f.Hint != "" {
		row += "\n" + lipgloss.NewStyle().PaddingLeft(labelWidth+1).Render(t.Muted.Render(f.Hint))
	}
	return row
}
