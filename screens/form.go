package screens

import (
	"strings"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// usernameField is the Username field every screen that asks for one
// draws: the same label and the same longest input (a username pasted
// with spaces round it still fits).
func usernameField(env *Env) *widget.Field {
	f := widget.NewField(env.Text.T(text.FieldUsername), inputWidth, false, env.Theme)
	f.SetCharLimit(auth.MaxUsernameLen + 8)
	return f
}

// carryUsername fills in the username another screen carried here and
// moves focus on to next, so nobody types it twice; with none, the form
// stays as it is.
func carryUsername(f *widget.Form, username, next string) {
	if username == "" {
		return
	}
	f.Field("username").SetValue(username)
	f.FocusID(next)
}

// blank reports a field with nothing in it: spaces alone are nothing in
// a username or an email, but a password's spaces are its own.
func blank(f *widget.Field) bool {
	if f.Masked {
		return f.Value() == ""
	}
	return strings.TrimSpace(f.Value()) == ""
}

// focusBlank moves focus to the first of the fields ids left blank, where
// the screen asks the user to type, and reports whether there was one.
func focusBlank(f *widget.Form, ids ...string) bool {
	for _, id := range ids {
		if blank(f.Field(id)) {
			f.FocusID(id)
			return true
		}
	}
	return false
}

// addFields adds the form's fields ids, a row each, their labels in a
// column labelWidth wide.
func addFields(l *widget.Layout, t theme.Theme, f *widget.Form, ids ...string) {
	for _, id := range ids {
		l.Add(f.Render(id, t, labelWidth), id)
	}
}

// addButtons adds the form's buttons ids side by side on one row, each a
// layer of its own for clicks.
func addButtons(l *widget.Layout, t theme.Theme, f *widget.Form, ids ...string) {
	parts := make([]widget.Part, len(ids))
	for i, id := range ids {
		parts[i] = widget.Part{Text: f.Render(id, t, 0), ID: id}
	}
	l.Row(3, parts...)
}
