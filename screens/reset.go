package screens

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Reset sets a new password with an emailed code, under the policy.
type Reset struct {
	env  *Env
	form *widget.Form
	work working
	np   newPassword
	prob problem
	back key.Binding // esc: back to Login Assistance
}

// resetDone is the answer to a reset.
type resetDone struct {
	user auth.User
	err  error
}

// NewReset returns the Reset screen, focused on Reset code, with the
// username carried from Login Assistance or Sent filled in.
func NewReset(env *Env, username string) *Reset {
	p := env.Text
	code := widget.NewField(p.T(text.FieldResetCode), inputWidth, false, env.Theme)
	code.SetPlaceholder(p.T(text.ResetCodePlaceholder))
	code.SetCharLimit(20)
	user := usernameField(env)
	user.SetValue(username)
	return &Reset{env: env, work: newWorking(), np: newNewPassword(env, false), back: escKey(p, text.HelpBack), form: widget.NewForm(p,
		widget.FieldItem("code", code),
		widget.FieldItem("username", user),
		widget.FieldItem("password", widget.NewField(p.T(text.FieldPassword), inputWidth, true, env.Theme)),
		widget.FieldItem("confirm", widget.NewField(p.T(text.FieldConfirmPassword), inputWidth, true, env.Theme)).
			Submitting(p.T(text.HelpSetPassword)),
		widget.ButtonItem("set", p.T(text.ButtonSetPassword)),
		widget.ButtonItem("back", p.T(text.ButtonBack)),
	)}
}

// Init loads the policy for the checklist.
func (s *Reset) Init() tea.Cmd { return loadPolicy(s.env) }

// Busy reports a reset in flight.
func (s *Reset) Busy() bool { return s.work.on }

// Update handles keys and answers.
func (s *Reset) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case PolicyChanged:
		return s, loadPolicy(s.env)
	case policyLoaded:
		if msg.pol != nil { // a failed reload keeps the policy it had
			s.np.pol, s.np.rules = msg.pol, msg.pol.Rules() // the rules too: the profile may have changed
		}
		return s, nil
	case resetDone:
		s.work.stop()
		switch {
		case msg.err == nil:
			return s, func() tea.Msg {
				return Goto{To: LoginScreen, Username: msg.user.Username, Notice: text.ResetDone}
			}
		case errors.Is(msg.err, auth.ErrResetFailed):
			// The code is the likelier slip: focus goes there to put it right.
			s.prob.say(msgs(text.ResetFailed), "code", "username")
			s.form.FocusID("code")
		case s.env.offline():
			s.prob.say(msgs(text.OfflineReset))
		default:
			// Refused for this user: another username is another check.
			s.np.answer(&s.prob, msg.err, s.form.Field("password").Value(), s.subject().Username, "password", "username")
		}
		return s, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, s.back) {
			return s, s.toAssistance()
		}
	}
	return step(s, &s.work, s.form, &s.prob, msg, s.activate)
}

// Click focuses or activates what was clicked.
func (s *Reset) Click(id string) (Screen, tea.Cmd) {
	return click(s, s.form, id, s.activate)
}

func (s *Reset) activate(id string) (Screen, tea.Cmd) {
	switch id {
	case "code":
		s.form.FocusID("username")
	case "username":
		s.form.FocusID("password")
	case "password":
		s.form.FocusID("confirm")
	case "confirm", "set":
		return s, s.submit()
	case "back":
		return s, s.toAssistance()
	}
	return s, nil
}

// toAssistance goes back to Login Assistance with the username typed
// here; the code and the passwords stay behind.
func (s *Reset) toAssistance() tea.Cmd {
	return goToWith(AssistanceScreen, strings.TrimSpace(s.form.Field("username").Value()))
}

func (s *Reset) submit() tea.Cmd {
	if s.env.offline() {
		s.prob.say(msgs(text.OfflineReset))
		return nil
	}
	if focusBlank(s.form, "code", "username", "password", "confirm") {
		s.prob.say(msgs(text.ResetNeedAll), "code", "username", "password", "confirm")
		return nil
	}
	v := func(id string) string { return s.form.Field(id).Value() }
	code, user, pw, confirm := v("code"), v("username"), v("password"), v("confirm")
	s.prob.clear()
	env := s.env
	return tea.Batch(s.work.start(), func() tea.Msg {
		u, err := env.Auth.Reset(env.Ctx, env.Terminal, code, user, pw, confirm)
		return resetDone{u, err}
	})
}

// Layout draws the screen.
func (s *Reset) Layout(width int) *widget.Layout {
	t, p := s.env.Theme, s.env.Text
	l := &widget.Layout{}
	l.Add(t.Title.Render(p.T(text.ResetTitle)), "")
	l.Gap(1)
	addFields(l, t, s.form, "code", "username", "password", "confirm")
	l.Gap(1)
	whom := s.subject()
	s.np.addChecklist(l, t, s.form, whom, width)
	addButtons(l, t, s.form, "set", "back")
	lines := s.np.words(p, &s.prob, s.form.Field("password").Value(), whom.Username)
	if len(lines) == 0 && s.env.offline() {
		lines = []string{p.T(text.OfflineReset)}
	}
	showLines(l, t, s.work, lines, width, p.T(text.ResetSetting))
	return l
}

// subject is what Reset knows of whose password it is: the username typed.
func (s *Reset) subject() policy.Subject {
	return policy.Subject{Username: auth.NormalizeUsername(s.form.Field("username").Value())}
}

// Help lists the keys.
func (s *Reset) Help() help.KeyMap {
	return s.form.HelpKeys(s.back)
}

// Empty is false: a reset code may be on the screen.
func (s *Reset) Empty() bool { return false }

// Resize does nothing: Reset fits every size.
func (s *Reset) Resize(width, height int) {}

// Card leaves card events to the app.
func (s *Reset) Card(smartcard.Event) (Screen, tea.Cmd, bool) { return s, nil, false }
