package screens

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Assistance is Login Assistance: forgot password, forgot username, or
// use a reset code.
type Assistance struct {
	env  *Env
	form *widget.Form
	work working
	prob problem
	back key.Binding // esc: back to Login
}

// assistDone is the answer to a request; the screen says the same
// whatever it was. username is the one asked about, for Sent to carry on
// to Reset; "" for a forgotten username.
type assistDone struct {
	err      error
	username string
}

// NewAssistance returns the Login Assistance screen. A username typed on
// Login is filled in, and focus goes on to Work email.
func NewAssistance(env *Env, username string) *Assistance {
	p := env.Text
	user := usernameField(env)
	user.Hint = p.T(text.UsernameHint)
	email1 := widget.NewField(p.T(text.FieldWorkEmail), inputWidth, false, env.Theme)
	email2 := widget.NewField(p.T(text.FieldWorkEmail), inputWidth, false, env.Theme)
	email1.SetCharLimit(auth.MaxEmailLen)
	email2.SetCharLimit(auth.MaxEmailLen)
	dob := widget.NewField(p.T(text.FieldDateOfBirth), inputWidth, false, env.Theme)
	dob.SetPlaceholder(p.T(text.DateOfBirthPlaceholder))
	dob.SetCharLimit(10)
	s := &Assistance{env: env, work: newWorking(), back: escKey(p, text.HelpBack), form: widget.NewForm(p,
		widget.FieldItem("username", user),
		widget.FieldItem("email", email1),
		widget.ButtonItem("forgot-password", p.T(text.ButtonForgotPassword)),
		widget.FieldItem("email2", email2),
		widget.FieldItem("dob", dob),
		widget.ButtonItem("forgot-username", p.T(text.ButtonForgotUsername)),
		widget.ButtonItem("have-code", p.T(text.ButtonHaveCode)),
		widget.ButtonItem("back", p.T(text.ButtonBack)),
	)}
	carryUsername(s.form, username, "email")
	return s
}

// Init starts nothing.
func (s *Assistance) Init() tea.Cmd { return nil }

// Busy reports a request in flight.
func (s *Assistance) Busy() bool { return s.work.on }

// Update handles keys and the request's answer.
func (s *Assistance) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case assistDone:
		s.work.stop()
		if msg.err != nil && s.env.offline() {
			s.prob.say(msgs(text.OfflineAssistance))
			return s, nil
		}
		if msg.err != nil {
			s.prob.say(msgs(text.SomethingWrong))
			return s, nil
		}
		return s, goToWith(SentScreen, msg.username)
	case tea.KeyPressMsg:
		if key.Matches(msg, s.back) {
			return s, s.toLogin()
		}
	}
	return step(s, &s.work, s.form, &s.prob, msg, s.activate)
}

// Click focuses or activates what was clicked.
func (s *Assistance) Click(id string) (Screen, tea.Cmd) {
	return click(s, s.form, id, s.activate)
}

func (s *Assistance) activate(id string) (Screen, tea.Cmd) {
	v := func(id string) string { return strings.TrimSpace(s.form.Field(id).Value()) }
	env := s.env
	if sends := id == "email" || id == "forgot-password" || id == "dob" || id == "forgot-username"; sends && env.offline() {
		// Nothing is sent while offline: the screen says what to do.
		s.prob.say(msgs(text.OfflineAssistance))
		return s, nil
	}
	switch id {
	case "username", "email2":
		s.form.FocusIndex(s.indexOf(id) + 1) // Enter moves on to the next field
	case "email", "forgot-password":
		user, email := v("username"), v("email")
		if focusBlank(s.form, "username", "email") {
			s.prob.say(msgs(text.AssistNeedUserEmail), "username", "email")
			return s, nil
		}
		s.prob.clear()
		return s, tea.Batch(s.work.start(), func() tea.Msg {
			return assistDone{env.Auth.ForgotPassword(env.Ctx, env.Terminal, user, email), user}
		})
	case "dob", "forgot-username":
		email, dobText := v("email2"), v("dob")
		if focusBlank(s.form, "email2", "dob") {
			s.prob.say(msgs(text.AssistNeedEmailDOB), "email2", "dob")
			return s, nil
		}
		dob, err := parseDOB(dobText)
		if err != nil {
			s.prob.say(msgs(text.AssistBadDOB), "dob")
			s.form.FocusID("dob")
			return s, nil
		}
		s.prob.clear()
		return s, tea.Batch(s.work.start(), func() tea.Msg {
			return assistDone{env.Auth.ForgotUsername(env.Ctx, env.Terminal, email, dob), ""}
		})
	case "have-code":
		return s, goToWith(ResetScreen, v("username"))
	case "back":
		return s, s.toLogin()
	}
	return s, nil
}

// toLogin goes back to Login with the username typed here, so nobody
// types it again; the emails and the date of birth stay behind.
func (s *Assistance) toLogin() tea.Cmd {
	return goToWith(LoginScreen, strings.TrimSpace(s.form.Field("username").Value()))
}

func (s *Assistance) indexOf(id string) int {
	for i, it := range s.form.Items {
		if it.ID == id {
			return i
		}
	}
	return 0
}

// Layout draws the screen.
func (s *Assistance) Layout(width int) *widget.Layout {
	t, p := s.env.Theme, s.env.Text
	l := &widget.Layout{}
	// A way of asking: its heading and guidance, its fields, and its
	// button under them, in line with the fields.
	section := func(heading, guidance text.ID, button string, fields ...string) {
		l.Add(t.Subtitle.Render(p.T(heading)), "")
		l.Add(t.Muted.Render(fitLine(p.T(guidance), width)), "")
		addFields(l, t, s.form, fields...)
		l.Row(0, widget.Part{Text: strings.Repeat(" ", labelWidth+1)},
			widget.Part{Text: s.form.Render(button, t, 0), ID: button})
		l.Gap(1)
	}
	l.Add(t.Title.Render(p.T(text.AssistanceTitle)), "")
	l.Gap(1)
	section(text.AssistPasswordHeading, text.AssistPasswordGuidance, "forgot-password", "username", "email")
	section(text.AssistUsernameHeading, text.AssistUsernameGuidance, "forgot-username", "email2", "dob")
	addButtons(l, t, s.form, "have-code", "back")
	// A blank line keeps the message apart from the buttons above it; the
	// row is there empty too, so nothing moves when a message comes.
	l.Gap(1)
	switch {
	case s.work.on:
		l.Add(s.work.view(t, p.T(text.LoginChecking)), "")
	case s.prob.shown():
		l.Add(t.Error.Width(min(width, 70)).Render(s.prob.words(p)[0]), "")
	case s.env.offline():
		l.Add(t.Error.Width(min(width, 70)).Render(p.T(text.OfflineAssistance)), "")
	default:
		l.Gap(1)
	}
	return l
}

// Help lists the keys.
func (s *Assistance) Help() help.KeyMap {
	return s.form.HelpKeys(s.back)
}

// Empty is false: leaving Login Assistance is something to wipe.
func (s *Assistance) Empty() bool { return false }

// Resize does nothing: Login Assistance fits every size.
func (s *Assistance) Resize(width, height int) {}

// Card leaves card events to the app.
func (s *Assistance) Card(smartcard.Event) (Screen, tea.Cmd, bool) { return s, nil, false }

// parseDOB reads DD/MM/YYYY (also D/M/YYYY, with dashes or dots, DDMMYYYY
// and YYYY-MM-DD).
var parseDOB = auth.ParseDate
