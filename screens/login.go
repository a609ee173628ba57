package screens

import (
	"errors"
	"strings"

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
	MsgNeedLogin      = "Enter your username and password."
	MsgLockHint       = "After several failed attempts an account may be locked. Resetting your password through Login Assistance unlocks it."
	MsgNoSmartcard    = "Smartcard login is not set up on this terminal. Log in with your username and password."
	MsgSomethingWrong = "Something went wrong. Please try again, or use another terminal."
)

// Login is the first screen: username and password, smartcard, and the
// way into Login Assistance.
type Login struct {
	env    *Env
	form   *widget.Form
	work   working
	prob   problem // the error, then the lock hint
	notice string
	clear  key.Binding // esc: wipes what was typed
	demo   string      // the demo hint, while it is true
}

// demoChecked is the demo hint as it stands: "" when there is none or it
// is no longer true.
type demoChecked struct{ hint string }

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

// Init checks the demo hint off the UI loop: it costs a password verify,
// and it must not offer a password the demo user has since changed.
func (s *Login) Init() tea.Cmd {
	env := s.env
	return func() tea.Msg {
		hint, err := env.Auth.DemoHint(env.Ctx)
		if err != nil {
			hint = "" // no hint is better than a wrong one
		}
		return demoChecked{hint}
	}
}

// Busy reports a sign-in in flight.
func (s *Login) Busy() bool { return s.work.on }

// Update handles keys and the sign-in's answer.
func (s *Login) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case demoChecked:
		s.demo = msg.hint
		return s, nil
	case loginDone:
		s.work.stop()
		if msg.err == nil {
			return s, func() tea.Msg { return SignedIn{Session: msg.sess} }
		}
		s.form.Field("password").Reset()
		s.form.FocusID("password")
		var le *auth.LoginError
		switch {
		case errors.As(msg.err, &le) && le.Hint:
			s.prob.say([]string{MsgLoginFailed, MsgLockHint}, "username", "password")
		case errors.As(msg.err, &le):
			s.prob.say([]string{MsgLoginFailed}, "username", "password")
		default:
			s.prob.say([]string{MsgSomethingWrong})
		}
		return s, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, s.clear) {
			// Esc on the first screen wipes what was typed.
			s.form.Reset()
			s.prob.clear()
			s.notice = ""
			return s, nil
		}
	}
	return step(s, &s.work, s.form, &s.prob, msg, s.activate)
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
			s.prob.say([]string{MsgNoSmartcard})
			return s, nil
		}
		return s, goTo(SmartcardScreen)
	case "assist":
		// A username typed here goes along: Login Assistance asks for it.
		return s, goToWith(AssistanceScreen, strings.TrimSpace(s.form.Field("username").Value()))
	}
	return s, nil
}

// submit starts the sign-in in a command: argon2 takes tens of ms. A
// blank field is said here and goes no further: it is no failed sign-in.
func (s *Login) submit() tea.Cmd {
	user, pass := s.form.Field("username").Value(), s.form.Field("password").Value()
	s.notice = ""
	if strings.TrimSpace(user) == "" || pass == "" {
		s.prob.say([]string{MsgNeedLogin}, "username", "password")
		if strings.TrimSpace(user) == "" {
			s.form.FocusID("username")
		} else {
			s.form.FocusID("password")
		}
		return nil
	}
	s.prob.clear()
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
	case s.prob.shown():
		l.Add(t.Error.Width(min(width, 70)).Render(s.prob.first()), "")
		for _, note := range s.prob.lines[1:] {
			l.Add(t.Note.Width(min(width, 70)).Render(note), "")
		}
	default:
		l.Gap(1)
	}
	if s.demo != "" {
		l.Gap(1)
		l.Add(t.Banner.Render("Demo")+" "+t.Muted.Render("try "+sanitize.Line(s.demo)), "")
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
		!s.prob.shown() && s.notice == ""
}
