package screens

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Sent confirms a Login Assistance request; from here staff go back to
// Login or on to Reset with the code the email holds.
type Sent struct {
	env      *Env
	form     *widget.Form
	username string      // the username asked about, for Reset; "" if none
	back     key.Binding // esc: back to Login
}

// NewSent returns the Sent screen, focused on Back to log in. username is
// the one a reset code was asked for, carried on to Reset.
func NewSent(env *Env, username string) *Sent {
	p := env.Text
	return &Sent{env: env, username: username, back: escKey(p, text.HelpBackToLogin), form: widget.NewForm(p,
		widget.ButtonItem("login", p.T(text.ButtonBackToLogin)),
		widget.ButtonItem("have-code", p.T(text.ButtonHaveCode)),
	)}
}

// Init starts nothing.
func (s *Sent) Init() tea.Cmd { return nil }

// Busy is never.
func (s *Sent) Busy() bool { return false }

// Update moves between the buttons; Esc returns to Login.
func (s *Sent) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.back) {
		return s, goToWith(LoginScreen, s.username)
	}
	act, cmd := s.form.Update(msg)
	if act == "" {
		return s, cmd
	}
	return s.activate(act)
}

// Click activates the button clicked.
func (s *Sent) Click(id string) (Screen, tea.Cmd) {
	if act := s.form.Click(id); act != "" {
		return s.activate(act)
	}
	return s, nil
}

func (s *Sent) activate(id string) (Screen, tea.Cmd) {
	if id == "have-code" {
		return s, goToWith(ResetScreen, s.username)
	}
	// Back to Login with the username asked about: the one to sign in
	// with once the password is reset.
	return s, goToWith(LoginScreen, s.username)
}

// Layout draws the screen.
func (s *Sent) Layout(width int) *widget.Layout {
	t, p := s.env.Theme, s.env.Text
	w := min(width, 64)
	l := &widget.Layout{}
	l.Add(t.Title.Render(p.T(text.AssistanceTitle)), "")
	l.Gap(1)
	l.Add(t.Success.Width(w).Render(p.T(text.SentMessage)), "")
	l.Gap(1)
	l.Add(t.Text.Width(w).Render(p.T(text.SentCode, p.T(text.ButtonHaveCode), codeMinutes(s.env.CodeLifetime))), "")
	l.Gap(1)
	l.Add(t.Muted.Width(w).Render(p.T(text.SentNoEmail, perHour(s.env.MaxEmailsPerHour))), "")
	l.Gap(1)
	addButtons(l, t, s.form, "login", "have-code")
	return l
}

// Help lists the keys.
func (s *Sent) Help() help.KeyMap {
	return s.form.HelpKeys(s.back)
}

// Empty is false: Sent is no place to stay.
func (s *Sent) Empty() bool { return false }

// Resize does nothing: Sent fits every size.
func (s *Sent) Resize(width, height int) {}

// Card leaves card events to the app.
func (s *Sent) Card(smartcard.Event) (Screen, tea.Cmd, bool) { return s, nil, false }

// codeMinutes is how many minutes a reset code lasts; zero is the
// default, 30.
func codeMinutes(d time.Duration) int {
	if d <= 0 {
		d = 30 * time.Minute
	}
	return int(d.Minutes())
}

// perHour is the hourly limit on Login Assistance emails an account;
// zero is the auth core's default, 3.
func perHour(n int) int {
	if n <= 0 {
		return 3
	}
	return n
}
