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
	"github.com/wardkiosk/kiosk/ui/theme"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// ChangePassword lets a signed-in user change their password.
type ChangePassword struct {
	env  *Env
	sess auth.Session
	form *widget.Form
	work working
	np   newPassword
	prob problem
	back key.Binding // esc: back to the portal
}

type changeDone struct{ err error }

// NewChangePassword returns the screen for a session, focused on the
// current password.
func NewChangePassword(env *Env, sess auth.Session) *ChangePassword {
	p := env.Text
	return &ChangePassword{env: env, sess: sess, work: newWorking(), np: newNewPassword(env, true), back: escKey(p, text.HelpBack), form: widget.NewForm(p,
		widget.FieldItem("current", widget.NewField(p.T(text.FieldCurrentPassword), inputWidth, true, env.Theme)),
		widget.FieldItem("password", widget.NewField(p.T(text.FieldNewPassword), inputWidth, true, env.Theme)),
		widget.FieldItem("confirm", widget.NewField(p.T(text.FieldConfirmNew), inputWidth, true, env.Theme)).
			Submitting(p.T(text.HelpChangePassword)),
		widget.ButtonItem("change", p.T(text.ButtonChangePassword)),
		widget.ButtonItem("cancel", p.T(text.ButtonCancel)),
	)}
}

// Init loads the policy for the checklist.
func (s *ChangePassword) Init() tea.Cmd { return loadPolicy(s.env) }

// Busy reports a change in flight.
func (s *ChangePassword) Busy() bool { return s.work.on }

// Update handles keys and answers.
func (s *ChangePassword) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case PolicyChanged:
		return s, loadPolicy(s.env)
	case policyLoaded:
		if msg.pol != nil { // a failed reload keeps the policy it had
			s.np.pol, s.np.rules = msg.pol, msg.pol.Rules() // the rules too: the profile may have changed
		}
		return s, nil
	case changeDone:
		s.work.stop()
		switch {
		case msg.err == nil:
			// Back to the portal, which says so: a screen of its own would
			// hold one line in an empty box.
			return s, func() tea.Msg { return Goto{To: PortalScreen, Notice: text.ChangeDone} }
		case errors.Is(msg.err, auth.ErrWrongPassword):
			s.prob.say(msgs(text.PasswordWrongCurrent), "current")
			s.form.Field("current").Reset()
			s.form.FocusID("current")
		case s.env.offline():
			s.prob.say(msgs(text.OfflineChangePassword))
		default:
			s.np.answer(&s.prob, msg.err, s.form.Field("password").Value(), s.sess.User.Username, "password")
		}
		return s, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, s.back) {
			return s, goTo(PortalScreen)
		}
	}
	return step(s, &s.work, s.form, &s.prob, msg, s.activate)
}

// Click focuses or activates what was clicked.
func (s *ChangePassword) Click(id string) (Screen, tea.Cmd) {
	return click(s, s.form, id, s.activate)
}

func (s *ChangePassword) activate(id string) (Screen, tea.Cmd) {
	switch id {
	case "current":
		s.form.FocusID("password")
	case "password":
		s.form.FocusID("confirm")
	case "confirm", "change":
		return s, s.submit()
	case "cancel":
		return s, goTo(PortalScreen)
	}
	return s, nil
}

func (s *ChangePassword) submit() tea.Cmd {
	if s.env.offline() {
		s.prob.say(msgs(text.OfflineChangePassword))
		return nil
	}
	if focusBlank(s.form, "current", "password", "confirm") {
		s.prob.say(msgs(text.ChangeNeedAll), "current", "password", "confirm")
		return nil
	}
	v := func(id string) string { return s.form.Field(id).Value() }
	cur, pw, confirm := v("current"), v("password"), v("confirm")
	s.prob.clear()
	env, sess := s.env, s.sess
	return tea.Batch(s.work.start(), func() tea.Msg {
		return changeDone{env.Auth.ChangePassword(env.Ctx, sess, cur, pw, confirm)}
	})
}

// Layout draws the screen.
func (s *ChangePassword) Layout(width int) *widget.Layout {
	t, p := s.env.Theme, s.env.Text
	l := &widget.Layout{}
	l.Add(t.Title.Render(p.T(text.ChangeTitle)), "")
	l.Gap(1)
	addFields(l, t, s.form, "current", "password", "confirm")
	l.Gap(1)
	u := s.sess.User
	s.np.addChecklist(l, t, s.form, policy.Subject{FirstName: u.FirstName, LastName: u.LastName,
		Username: u.Username, Email: u.Email, Role: u.Role, Ward: u.Ward}, width)
	addButtons(l, t, s.form, "change", "cancel")
	lines := s.np.words(p, &s.prob, s.form.Field("password").Value(), u.Username)
	if len(lines) == 0 && s.env.offline() {
		lines = []string{p.T(text.OfflineChangePassword)}
	}
	showLines(l, t, s.work, lines, width, p.T(text.ChangeChanging))
	return l
}

// Help lists the keys.
func (s *ChangePassword) Help() help.KeyMap {
	return s.form.HelpKeys(s.back)
}

// Empty is false: a session is open behind the screen.
func (s *ChangePassword) Empty() bool { return false }

// Resize does nothing: Change password fits every size.
func (s *ChangePassword) Resize(width, height int) {}

// Card leaves card events to the app.
func (s *ChangePassword) Card(smartcard.Event) (Screen, tea.Cmd, bool) { return s, nil, false }

// showLines adds the spinner, or the error lines, under a form.
func showLines(l *widget.Layout, t theme.Theme, w working, lines []string, width int, what string) {
	switch {
	case w.on:
		l.Add(w.view(t, what), "")
	case len(lines) > 0:
		w := min(width, 70)
		l.Add(t.Error.Width(w).Render(lines[0]), "")
		for _, line := range lines[1:] {
			// The cross hangs out to the left of the text it marks.
			text := strings.Split(t.Cross.Width(w-2).Render(line), "\n")
			for i := range text {
				lead := "  "
				if i == 0 {
					lead = t.Cross.Render(t.CrossMark) + " "
				}
				text[i] = lead + text[i]
			}
			l.Add(strings.Join(text, "\n"), "")
		}
	default:
		l.Gap(1)
	}
}
