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
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Login is the first screen: username and password, smartcard, and the
// way into Login Assistance.
type Login struct {
	env    *Env
	form   *widget.Form
	work   working
	prob   problem // the error, then the lock hint
	notice text.ID
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
func NewLogin(env *Env, username string, notice text.ID) *Login {
	p := env.Text
	user := usernameField(env)
	user.Hint = p.T(text.UsernameHint)
	pass := widget.NewField(p.T(text.FieldPassword), inputWidth, true, env.Theme)
	s := &Login{env: env, work: newWorking(), notice: notice, clear: escKey(p, text.HelpClear), form: widget.NewForm(p,
		widget.FieldItem("username", user),
		widget.FieldItem("password", pass).Submitting(p.T(text.HelpLogIn)),
		widget.ButtonItem("login", p.T(text.ButtonLogIn)),
		widget.ButtonItem("smartcard", p.T(text.ButtonSmartcard)),
		widget.LinkItem("assist", p.T(text.LinkAssistance)),
	)}
	carryUsername(s.form, username, "password")
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
		case errors.As(msg.err, &le):
			lines := []text.Msg{le.Text()}
			if le.Hint {
				lines = append(lines, text.Msg{ID: text.LoginLockHint})
			}
			s.prob.say(lines, "username", "password")
		case s.env.offline():
			// Offline, the gate's refusals have words of their own;
			// anything else failed as the kiosk went offline.
			if m, ok := text.ForError(msg.err); ok && s.env.offlinePassword() {
				s.prob.say([]text.Msg{m}, "username", "password")
			} else {
				s.prob.say(msgs(offlinePasswordWords(s.env)))
			}
		default:
			s.prob.say(msgs(text.SomethingWrong))
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
			s.prob.say(msgs(text.LoginNoSmartcard))
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
	if s.env.offline() && !s.env.offlinePassword() {
		// Nothing is sent; the words are the same whoever typed what.
		s.prob.say(msgs(text.OfflinePasswordSignIn))
		return nil
	}
	switch noUser := strings.TrimSpace(user) == ""; {
	case noUser && pass == "":
		s.prob.say(msgs(text.LoginNeedBoth), "username", "password")
		s.form.FocusID("username")
		return nil
	case noUser:
		s.prob.say(msgs(text.LoginNeedUsername), "username")
		s.form.FocusID("username")
		return nil
	case pass == "":
		s.prob.say(msgs(text.LoginNeedPassword), "password")
		s.form.FocusID("password")
		return nil
	}
	s.prob.clear()
	env := s.env
	return tea.Batch(s.work.start(), func() tea.Msg {
		sess, err := env.Auth.Login(env.Ctx, env.Terminal, user, pass)
		return loginDone{sess: sess, err: err}
	})
}

// offlinePasswordWords is what Login says of password sign-in while the
// kiosk works offline: for whom it goes on, or that it does not.
func offlinePasswordWords(env *Env) text.ID {
	if env.offlinePassword() {
		return text.OfflinePasswordOffered
	}
	return text.OfflinePasswordSignIn
}

// Layout draws the screen.
func (s *Login) Layout(width int) *widget.Layout {
	t, p := s.env.Theme, s.env.Text
	l := &widget.Layout{}
	l.Add(t.Title.Render(p.T(text.LoginTitle)), "")
	l.Gap(1)
	if s.notice != "" {
		l.Add(t.Success.Render(p.T(s.notice)), "")
		l.Gap(1)
	}
	addFields(l, t, s.form, "username", "password")
	l.Gap(1)
	addButtons(l, t, s.form, "login", "smartcard")
	l.Gap(1)
	l.Add(s.form.Render("assist", t, 0), "assist")
	l.Gap(1)
	switch {
	case s.work.on:
		l.Add(s.work.view(t, p.T(text.LoginChecking)), "")
	case !s.prob.shown() && s.env.offline():
		style := t.Error
		if s.env.offlinePassword() {
			style = t.Note
		}
		l.Add(style.Width(min(width, 70)).Render(p.T(offlinePasswordWords(s.env))), "")
	case s.prob.shown():
		lines := s.prob.words(p)
		l.Add(t.Error.Width(min(width, 70)).Render(lines[0]), "")
		for _, note := range lines[1:] {
			l.Add(t.Note.Width(min(width, 70)).Render(note), "")
		}
	default:
		l.Gap(1)
	}
	if s.demo != "" {
		l.Gap(1)
		l.Add(t.Banner.Render(p.T(text.DemoBadge))+" "+t.Muted.Render(p.T(text.DemoTry, sanitize.Line(s.demo))), "")
	}
	return l
}

// Help lists the keys.
func (s *Login) Help() help.KeyMap {
	return s.form.HelpKeys(s.clear)
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
