package screens

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// MsgSent is the one message for every Login Assistance outcome (DESIGN
// §3): it never says whether anything matched.
const MsgSent = "If the details you entered match our records, we have sent an email to your work address."

// Sent confirms a Login Assistance request.
type Sent struct {
	env  *Env
	form *widget.Form
	back key.Binding // enter or esc: back to Login
}

// NewSent returns the Sent screen.
func NewSent(env *Env) *Sent {
	return &Sent{env: env, form: widget.NewForm(widget.ButtonItem("ok", "Back to log in")),
		back: key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter/esc", "back to log in"))}
}

// Init starts nothing.
func (s *Sent) Init() tea.Cmd { return nil }

// Busy is never.
func (s *Sent) Busy() bool { return false }

// Update returns to Login on Enter or Esc.
func (s *Sent) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.back) {
		return s, goTo(LoginScreen)
	}
	return s, nil
}

// Click returns to Login from the button.
func (s *Sent) Click(id string) (Screen, tea.Cmd) {
	if s.form.Click(id) != "" {
		return s, goTo(LoginScreen)
	}
	return s, nil
}

// Layout draws the screen.
func (s *Sent) Layout(width int) *widget.Layout {
	t := s.env.Theme
	w := min(width, 64)
	l := &widget.Layout{}
	l.Add(t.Title.Render(AssistanceTitle), "")
	l.Gap(1)
	l.Add(t.Success.Width(w).Render(MsgSent), "")
	l.Gap(1)
	l.Add(t.Text.Width(w).Render("The email holds a reset code. To use it, choose \"Forgotten your username or password?\" and then \"I have a reset code\". The code expires after "+minutes(s.env.CodeLifetime)+"."), "")
	l.Gap(1)
	l.Add(t.Muted.Width(w).Render("No email? Check the address with your manager or IT service desk; you can ask again in a few minutes."), "")
	l.Gap(1)
	l.Add(s.form.Render("ok", t, 0), "ok")
	return l
}

// Help lists the keys.
func (s *Sent) Help() help.KeyMap { return widget.Keys{s.back} }

// Empty is false: Sent is no place to stay.
func (s *Sent) Empty() bool { return false }

// Resize does nothing: Sent fits every size.
func (s *Sent) Resize(width, height int) {}

// Card leaves card events to the app.
func (s *Sent) Card(smartcard.Event) (Screen, tea.Cmd, bool) { return s, nil, false }

// minutes says a code lifetime in words; zero is the default 30 minutes.
func minutes(d time.Duration) string {
	if d <= 0 {
		d = 30 * time.Minute
	}
	if m := int(d.Minutes()); m != 1 {
		return fmt.Sprintf("%d minutes", m)
	}
	return "1 minute"
}
