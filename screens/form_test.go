package screens

import (
	"testing"

	"github.com/wardkiosk/kiosk/ui/widget"
)

// A screen that asks for every field sends focus to the first one left
// blank: spaces alone are blank in a username or an email, but a
// password of spaces is a password (the core, not the form, refuses it).
func TestFocusBlank(t *testing.T) {
	tests := []struct {
		name                    string
		code, user, pw, confirm string
		want                    string // "" for none blank
	}{
		{"all typed", "K7Q2", "382JSMITH01", "pw", "pw", ""},
		{"nothing typed", "", "", "", "", "code"},
		{"a username of spaces", "K7Q2", "   ", "pw", "pw", "username"},
		{"a password of spaces", "K7Q2", "382JSMITH01", "   ", "", "confirm"},
		{"a password of spaces and its confirmation", "K7Q2", "382JSMITH01", "   ", "   ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testPortalEnv()
			f := widget.NewForm(env.Text,
				widget.FieldItem("code", widget.NewField("Reset code", inputWidth, false, env.Theme)),
				widget.FieldItem("username", usernameField(env)),
				widget.FieldItem("password", widget.NewField("Password", inputWidth, true, env.Theme)),
				widget.FieldItem("confirm", widget.NewField("Confirm", inputWidth, true, env.Theme)),
				widget.ButtonItem("set", "Set"),
			)
			for id, v := range map[string]string{"code": tt.code, "username": tt.user, "password": tt.pw, "confirm": tt.confirm} {
				f.Field(id).SetValue(v)
			}
			f.FocusID("set")
			got := focusBlank(f, "code", "username", "password", "confirm")
			if got != (tt.want != "") {
				t.Fatalf("focusBlank = %v, want %v", got, tt.want != "")
			}
			if focus := f.FocusedID(); tt.want != "" && focus != tt.want || tt.want == "" && focus != "set" {
				t.Errorf("focus on %q, want %q", focus, tt.want)
			}
		})
	}
}
