package screens

import (
	"errors"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Words on the Login screen (DESIGN §3; tests look for them).
const (
	LoginTitle        = "Employee Self Service"
	UsernameHint      = "Your username looks like 382XXXXXXX0X"
	MsgLoginFailed    = "The username or password you entered is not right."
	MsgLockHint       = "After several failed attempts an account may be locked. Resetting your password through Login Assistance unlocks it."
	MsgNoSmartcard    = "Smartcard login is not set up on this terminal. Log in with your username and password."
	MsgSomethingWrong = "Something went wrong on this terminal. Please try again, or use another terminal."
)

// Login is the first screen: username and password, smartcard, and the
// way into Login Assistance.
type Login struct {
	env    *Env
	form   *widget.Form
	work   working
	err    string
	note   string
	notice string
	clear  key.Binding // esc: wipes what was typed
}

// loginDone is the answer to a sign-in.
type loginDone struct {
	sess auth.Session
	err  error
}

// NewLogin returns the Login screen; a username (after a reset) is filled
// in and focus goes to Password.
func NewLogin(env *Env, username, notice string) *Login {
	user := widget.NewField("Username", inputWidth, false, env.Theme)
	user.Hint = UsernameHint
	user.SetCharLimit(auth.MaxUsernameLen + 8)
	pass := widget.NewField("Password", inputWidth, true, env.Theme)
	s := &Login{env: env, work: newWorking(), notice: notice, clear: escKey("clear"), form: widget.NewForm(
		widget.FieldItem("username", user),
		widget.FieldItem("password", pass),
		widget.ButtonItem("login", "Log in"),
		widget.ButtonItem("smartcard", "Log in via smartcard"),
		widget.LinkItem("assist", "Forgotten your username or password?"),
	)}
	if username != "" {
		user.SetValue(username)
		s.form.FocusID("password")
	}
	return s
}

// Init starts nothing.
func (s *Login) Init() tea.Cmd { return nil }

// Busy reports a sign-in in flight.
func (s *Login) Busy() bool { return s.work.on }

// Update handles keys and the sign-in's answer.
func (s *Login) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loginDone:
		s.work.stop()
		if msg.err == nil {
			return s, func() tea.Msg { return SignedIn{Session: msg.sess} }
		}
		s.form.Field("password").Reset()
		s.form.FocusID("password")
		s.note = ""
		var le *auth.LoginError
		switch {
		case errors.As(msg.err, &le):
			s.err = MsgLoginFailed
			if le.Hint {
				s.note = MsgLockHint
			}
		default:
			s.err = MsgSomethingWrong
		}
		return s, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, s.clear) {
			// Esc on the first screen wipes what was typed.
			s.form.Reset()
			s.err, s.note, s.notice = "", "", ""
			return s, nil
		}
	}
	return step(s, &s.work, s.form, msg, s.activate)
}

// Click focuses or activates what was clicked.
func (s *Login) Click(id string) (Screen, tea.Cmd) {
	return click(s, s.form, id, s.activate)
}

func (s *Login) activate(id string) (Screen, tea.Cmd) {
	switch id {
	case "username":
		s.form.FocusID("password")
	case "password", "login":
		return s, s.submit()
	case "smartcard":
		if !s.env.Smartcard || s.env.Cards == nil {
			s.err, s.note = MsgNoSmartcard, ""
			return s, nil
		}
		return s, goTo(SmartcardScreen)
	case "assist":
		return s, goTo(AssistanceScreen)
	}
	return s, nil
}

// submit starts the sign-in in a command: argon2 takes tens of ms.
func (s *Login) submit() tea.Cmd {
	user, pass := s.form.Field("username").Value(), s.form.Field("password").Value()
	s.err, s.notice = "", ""
	env := s.env
	return tea.Batch(s.work.start(), func() tea.Msg {
		sess, err := env.Auth.Login(env.Ctx, env.Terminal, user, pass)
		return loginDone{sess: sess, err: err}
	})
}

// Layout draws the screen.
func (s *Login) Layout(width int) *widget.Layout {
	t := s.env.Theme
	l := &widget.Layout{}
	l.Add(t.Title.Render(LoginTitle), "")
	l.Gap(1)
	if s.notice != "" {
		l.Add(t.Success.Render(s.notice), "")
		l.Gap(1)
	}
	l.Add(s.form.Render("username", t, labelWidth), "username")
	l.Add(s.form.Render("password", t, labelWidth), "password")
	l.Gap(1)
	l.Row(3,
		widget.Part{Text: s.form.Render("login", t, 0), ID: "login"},
		widget.Part{Text: s.form.Render("smartcard", t, 0), ID: "smartcard"})
	l.Gap(1)
	l.Add(s.form.Render("assist", t, 0), "assist")
	l.Gap(1)
	switch {
	case s.work.on:
		l.Add(s.work.view(t, "Checking your details..."), "")
	case s.err != "":
		l.Add(t.Error.Width(min(width, 70)).Render(s.err), "")
		if s.note != "" {
			l.Add(t.Note.Width(min(width, 70)).Render(s.note), "")
		}
	default:
		l.Gap(1)
	}
	if s.env.Demo != "" {
		l.Gap(1)
		l.Add(t.Banner.Render("Demo")+" "+t.Muted.Render("try "+sanitize.Line(s.env.Demo)), "")
	}
	return l
}

// Help lists the keys.
func (s *Login) Help() help.KeyMap {
	return widget.Keys{s.form.Keys.Next, s.form.Keys.Choose, s.form.Keys.Show, s.clear}
}

// Resize does nothing: Login fits every size.
func (s *Login) Resize(width, height int) {}

// Card leaves card events to the app.
func (s *Login) Card(smartcard.Event) (Screen, tea.Cmd, bool) { return s, nil, false }

// Empty reports that nothing has been typed and nothing is said: the idle
// timeout has nothing to wipe.
func (s *Login) Empty() bool {
	return s.form.Field("username").Value() == "" && s.form.Field("password").Value() == "" &&
		s.err == "" && s.notice == ""
}
