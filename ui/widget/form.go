package widget

import (
	"cmp"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// Kind is what sort of item a form holds.
type Kind int

// Kinds of form items.
const (
	KindField Kind = iota
	KindButton
	KindLink
)

// Item is one focusable thing on a screen.
type Item struct {
	ID    string
	Kind  Kind
	Label string // button or link text
	Field *Field // for KindField
	// Does is the help line's word for Enter while the item has focus
	// ("open" on a guide's link); "" is the form's, "choose".
	Does string
}

// Form is a screen's focusable items in focus order.
type Form struct {
	Items []*Item
	// Keys are the keys Update matches; a screen draws its help line from
	// them, and may set their help words (Choose "open", say).
	Keys  FormKeys
	focus int
	// show and hide are Show's words for a password field; a field may
	// have its own (Field.ShowHelp, Field.HideHelp).
	show, hide string
}

// FormKeys are the keys of a form.
type FormKeys struct {
	Next, Prev, Choose key.Binding
	// Show shows or masks a password; it is enabled only in a form with a
	// masked field. Form.ShowKey is it as it stands, enabled only while a
	// masked field has focus: draw the help line from that one.
	Show key.Binding
}

// NewFormKeys returns the form keys with their usual help words, in p's
// language.
func NewFormKeys(p text.Printer) FormKeys {
	return FormKeys{
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", p.T(text.HelpNext))),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", p.T(text.HelpPrevious))),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", p.T(text.HelpChoose))),
		Show:   key.NewBinding(key.WithKeys("ctrl+r", "f2"), key.WithHelp("ctrl+r", p.T(text.HelpShowPassword))),
	}
}

// NewForm returns a form focused on its first item, its keys' help in p's
// language.
func NewForm(p text.Printer, items ...*Item) *Form {
	f := &Form{Items: items, Keys: NewFormKeys(p), show: p.T(text.HelpShowPassword), hide: p.T(text.HelpHidePassword)}
	masked := false
	for _, it := range items {
		masked = masked || (it.Field != nil && it.Field.Masked)
	}
	f.Keys.Show.SetEnabled(masked)
	f.FocusIndex(0)
	return f
}

// ShowKey is Keys.Show as it stands: enabled only while a masked field
// has focus, as it does nothing elsewhere, and saying "hide" while that
// field shows what was typed. Update matches it, and a help line drawn
// from it says what ctrl+r would do now.
func (f *Form) ShowKey() key.Binding {
	b := f.Keys.Show
	var fl *Field
	if len(f.Items) > 0 {
		fl = f.Focused().Field
	}
	if fl == nil || !fl.Masked {
		b.SetEnabled(false)
		return b
	}
	words := cmp.Or(fl.ShowHelp, f.show)
	if fl.Shown() {
		words = cmp.Or(fl.HideHelp, f.hide)
	}
	b.SetHelp(b.Help().Key, words)
	return b
}

// HelpKeys is the help line of a screen with this form: tab next (when
// there is somewhere to go), enter and what it does on the focused item,
// ctrl+r while a password has focus (ShowKey), then the screen's own keys.
// Every form screen draws its help line from it, so the form's keys read
// the same, in the same order, everywhere. Shift+tab works but is not
// listed, to keep the line inside the narrowest window.
func (f *Form) HelpKeys(own ...key.Binding) Keys {
	next, choose := f.Keys.Next, f.Keys.Choose
	next.SetEnabled(next.Enabled() && len(f.Items) > 1)
	if len(f.Items) > 0 && f.Focused().Does != "" {
		choose.SetHelp(choose.Help().Key, f.Focused().Does)
	}
	return append(Keys{next, choose, f.ShowKey()}, own...)
}

// Submitting sets what Enter does on the item, for the help line: on the
// last field of a form Enter submits it ("log in"), not "choose".
func (it *Item) Submitting(does string) *Item {
	it.Does = does
	return it
}

// FieldItem, ButtonItem and LinkItem make items.
func FieldItem(id string, f *Field) *Item { return &Item{ID: id, Kind: KindField, Field: f} }

// ButtonItem makes a button.
func ButtonItem(id, label string) *Item { return &Item{ID: id, Kind: KindButton, Label: label} }

// LinkItem makes a link.
func LinkItem(id, label string) *Item { return &Item{ID: id, Kind: KindLink, Label: label} }

// Focused is the focused item.
func (f *Form) Focused() *Item { return f.Items[f.focus] }

// FocusedID is the focused item's id.
func (f *Form) FocusedID() string { return f.Items[f.focus].ID }

// FocusIndex moves focus to item i.
func (f *Form) FocusIndex(i int) tea.Cmd {
	if len(f.Items) == 0 {
		return nil
	}
	i = (i%len(f.Items) + len(f.Items)) % len(f.Items)
	if it := f.Items[f.focus]; it.Field != nil {
		it.Field.blur()
	}
	f.focus = i
	if it := f.Items[i]; it.Field != nil {
		it.Field.focus()
	}
	return nil
}

// FocusID moves focus to the item with id, if there is one.
func (f *Form) FocusID(id string) {
	for i, it := range f.Items {
		if it.ID == id {
			f.FocusIndex(i)
			return
		}
	}
}

// Field returns the field with id, or nil.
func (f *Form) Field(id string) *Field {
	for _, it := range f.Items {
		if it.ID == id {
			return it.Field
		}
	}
	return nil
}

// Reset wipes every field and focuses the first item.
func (f *Form) Reset() {
	for _, it := range f.Items {
		if it.Field != nil {
			it.Field.Reset()
		}
	}
	f.FocusIndex(0)
}

// ClearOrFirst is Esc in a form of several fields: it wipes the focused
// field when it holds text, else moves focus back to the first item.
func (f *Form) ClearOrFirst() {
	if fl := f.Focused().Field; fl != nil && fl.Value() != "" {
		fl.Reset()
		return
	}
	f.FocusIndex(0)
}

// Update moves focus on Next and Prev, types into the focused field, and
// shows a masked field on Show. It returns the id of the item activated by
// Choose (for a field: the field's id, so the screen decides whether Enter
// submits or moves on), or "".
func (f *Form) Update(msg tea.Msg) (activated string, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, f.Keys.Next):
			return "", f.FocusIndex(f.focus + 1)
		case key.Matches(msg, f.Keys.Prev):
			return "", f.FocusIndex(f.focus - 1)
		case key.Matches(msg, f.Keys.Choose):
			return f.FocusedID(), nil
		case key.Matches(msg, f.ShowKey()):
			f.Focused().Field.ToggleShow()
			return "", nil
		}
		if fl := f.Focused().Field; fl != nil {
			return "", fl.update(msg)
		}
	case tea.PasteMsg:
		if fl := f.Focused().Field; fl != nil {
			return "", fl.update(msg)
		}
	}
	return "", nil
}

// Click focuses the item with id; a button or link is also activated.
func (f *Form) Click(id string) (activated string) {
	for i, it := range f.Items {
		if it.ID == id {
			f.FocusIndex(i)
			if it.Kind != KindField {
				return id
			}
		}
	}
	return ""
}

// Render draws the item with id as its kind draws, focused or not.
func (f *Form) Render(id string, t theme.Theme, labelWidth int) string {
	for i, it := range f.Items {
		if it.ID != id {
			continue
		}
		focused := i == f.focus
		switch it.Kind {
		case KindField:
			return it.Field.View(t, focused, labelWidth)
		case KindButton:
			return Button(t, it.Label, focused)
		case KindLink:
			return Link(t, it.Label, focused)
		}
	}
	return ""
}

// Button draws a button as dialog(1) does, "< Log in >", so it reads as a
// button on every terminal; fields use square brackets.
func Button(t theme.Theme, label string, focused bool) string {
	if focused {
		return t.ButtonFocused.Render("< " + label + " >")
	}
	return t.Button.Render("< " + label + " >")
}

// Link draws a link.
func Link(t theme.Theme, label string, focused bool) string {
	if focused {
		return t.LinkFocused.Render(label)
	}
	return t.Link.Render(label)
}
