package screens

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/assets"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// minBodyRows is the rows an open guide may use until the app says how
// many it has (Resize).
const minBodyRows = 17

// guideID is the form id of a guide's link.
func guideID(name string) string { return "guide:" + name }

// Portal is the landing page after sign-in: who is signed in, when they
// last signed in, the user guides (read here, in a guide view), Change
// password and Log out.
type Portal struct {
	env    *Env
	sess   auth.Session
	guides []assets.GuideInfo
	form   *widget.Form
	open   *guide  // the guide being read, or nil
	rows   int     // rows the body may use
	width  int     // the last layout's width, to wrap a guide as it opens
	err    text.ID // a guide that would not open
	notice text.ID // what just happened, such as a password changed
	// stay is Esc, which does nothing here: logging out is explicit. It
	// has no help words, so the help line does not offer it.
	stay key.Binding
}

// NewPortal returns the Portal for a session, focused on the first guide.
func NewPortal(env *Env, sess auth.Session) *Portal {
	pr := env.Text
	guides := assets.GuideList()
	items := make([]*widget.Item, 0, len(guides)+2)
	for _, g := range guides {
		link := widget.LinkItem(guideID(g.Name), pr.T(g.Title))
		link.Does = pr.T(text.HelpOpen) // Enter opens the guide, here in the portal
		items = append(items, link)
	}
	items = append(items, widget.ButtonItem("change", pr.T(text.ButtonChangePassword)), widget.ButtonItem("logout", pr.T(text.ButtonLogOut)))
	p := &Portal{env: env, sess: sess, guides: guides, form: widget.NewForm(pr, items...),
		rows: minBodyRows, width: 64, stay: key.NewBinding(key.WithKeys("esc"))}
	return p
}

// WithNotice shows notice under the welcome, such as that the password
// has been changed, until a guide is opened or the portal left.
func (s *Portal) WithNotice(notice text.ID) *Portal {
	s.notice = notice
	return s
}

// Resize tells the portal the width and rows its body may use inside the
// app's box, so an open guide shows as much text as fits; until told, it
// fits the smallest terminal.
func (s *Portal) Resize(width, height int) {
	s.width, s.rows = width, max(height, guideChrome+1)
}

// Empty is false: a session is open.
func (s *Portal) Empty() bool { return false }

// Card leaves card events to the app.
func (s *Portal) Card(smartcard.Event) (Screen, tea.Cmd, bool) { return s, nil, false }

// Init starts nothing.
func (s *Portal) Init() tea.Cmd { return nil }

// Busy is never: nothing here is slow.
func (s *Portal) Busy() bool { return false }

// Reading reports the name of the guide open, or "".
func (s *Portal) Reading() string {
	if s.open == nil {
		return ""
	}
	return s.open.info.Name
}

// Update moves focus and activates; while a guide is open it scrolls it.
func (s *Portal) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if s.open != nil {
		if s.open.update(msg) {
			s.closeGuide()
		}
		return s, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.stay) {
		return s, nil // there is nothing to go back to: logging out is explicit
	}
	act, cmd := s.form.Update(msg)
	if act == "" {
		return s, cmd
	}
	return s.activate(act)
}

// Click focuses or activates what was clicked.
func (s *Portal) Click(id string) (Screen, tea.Cmd) {
	if s.open != nil {
		if s.open.click(id) {
			s.closeGuide()
		}
		return s, nil
	}
	if act := s.form.Click(id); act != "" {
		return s.activate(act)
	}
	return s, nil
}

func (s *Portal) activate(id string) (Screen, tea.Cmd) {
	switch id {
	case "change":
		return s, goTo(ChangePasswordScreen)
	case "logout":
		return s, func() tea.Msg { return SignOut{} }
	}
	for _, info := range s.guides {
		if id == guideID(info.Name) {
			s.openGuide(info)
		}
	}
	return s, nil
}

func (s *Portal) openGuide(info assets.GuideInfo) {
	s.notice = ""
	g, err := openGuide(s.env, info)
	if err != nil {
		s.err = text.PortalGuideMissing
		return
	}
	s.err = ""
	// Wrap at once so the first keys scroll, even before a frame is drawn.
	g.resize(s.env.Theme, s.width, s.rows)
	s.open = g
}

// closeGuide returns to the portal with focus on the guide just read.
func (s *Portal) closeGuide() {
	s.form.FocusID(guideID(s.open.info.Name))
	s.open = nil
}

// Layout draws the portal, or the guide being read.
func (s *Portal) Layout(width int) *widget.Layout {
	s.width = width
	t, p := s.env.Theme, s.env.Text
	if s.open != nil {
		return s.open.layout(t, p, width, s.rows)
	}
	u := s.sess.User
	l := &widget.Layout{}
	l.Add(t.Title.Render(fitLine(p.T(text.PortalWelcome, clean(u.FirstName), clean(u.LastName)), width)), "")
	if s.notice != "" {
		l.Add(t.Success.Render(fitLine(p.T(s.notice), width)), "")
	}
	l.Gap(1)
	s.detail(l, t, width, p.T(text.FieldUsername), clean(u.Username))
	s.detail(l, t, width, p.T(text.PortalRole), clean(u.Role))
	s.detail(l, t, width, p.T(text.PortalWard), clean(u.Ward))
	s.lastSignIn(l, t, width)
	l.Gap(1)
	l.Add(t.Subtitle.Render(p.T(text.PortalGuides)), "")
	for _, g := range s.guides {
		id := guideID(g.Name)
		l.Row(1, widget.Part{Text: t.Muted.Render(t.Bullet)}, widget.Part{Text: s.form.Render(id, t, 0), ID: id})
	}
	l.Gap(1)
	addButtons(l, t, s.form, "change", "logout")
	if s.err != "" {
		l.Gap(1)
		l.Add(t.Error.Width(width).Render(p.T(s.err)), "")
	}
	return l
}

// detail draws one labelled line of the user's details.
func (s *Portal) detail(l *widget.Layout, t theme.Theme, width int, label, value string) {
	shown := t.Text.Render(fitLine(value, width-labelWidth-1))
	if value == "" {
		shown = t.Muted.Render(s.env.Text.T(text.PortalNotRecorded))
	}
	l.Add(t.Label.Width(labelWidth).Render(label)+" "+shown, "")
}

// lastSignIn draws when and where the user last signed in, so they can
// spot a sign-in that was not theirs: on one line when it fits, else the
// terminal on a line of its own.
func (s *Portal) lastSignIn(l *widget.Layout, t theme.Theme, width int) {
	p := s.env.Text
	label := p.T(text.PortalLastSignIn)
	at := s.sess.PreviousAt
	if at.IsZero() {
		s.detail(l, t, width, label, p.T(text.PortalFirstSignIn))
		return
	}
	when, whenOn := signInTime(p, at, s.now(), clean(s.sess.PreviousTerminal))
	switch {
	case whenOn == "":
		s.detail(l, t, width, label, when)
	case ansi.StringWidth(whenOn) <= width-labelWidth-1:
		s.detail(l, t, width, label, whenOn)
	default:
		s.detail(l, t, width, label, when)
		s.detail(l, t, width, "", p.T(text.SignInOnTerminal, clean(s.sess.PreviousTerminal)))
	}
	l.Add(t.Muted.Width(width).Render(p.T(text.PortalNotYou)), "")
}

func (s *Portal) now() time.Time {
	if s.env.Now == nil {
		return time.Now()
	}
	return s.env.Now()
}

// signInTime says when, in the kiosk's local time: "Today at 09:12",
// "Yesterday at 18:40" or "Mon 3 Mar 2025 at 14:05"; and the same with
// "on terminal <terminal>", or "" when the terminal is not known. Each is
// one message, so that a language may put the words in its own order.
func signInTime(p text.Printer, at, now time.Time, terminal string) (when, whenOn string) {
	at, now = at.Local(), now.Local()
	clock := at.Format("15:04")
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	var args []any
	var id, idOn text.ID
	switch {
	case !at.Before(today) && at.Before(today.AddDate(0, 0, 1)):
		id, idOn, args = text.SignInToday, text.SignInTodayOn, []any{clock}
	case !at.Before(today.AddDate(0, 0, -1)) && at.Before(today):
		id, idOn, args = text.SignInYesterday, text.SignInYesterdayOn, []any{clock}
	default:
		id, idOn, args = text.SignInDay, text.SignInDayOn, []any{p.Date(at), clock}
	}
	if terminal != "" {
		whenOn = p.T(idOn, append(args, terminal)...)
	}
	return p.T(id, args...), whenOn
}

// Help lists the keys: the guide's while one is open.
func (s *Portal) Help() help.KeyMap {
	if s.open != nil {
		return s.open.help()
	}
	return s.form.HelpKeys()
}

// clean makes a string from the database safe to draw on one line.
func clean(s string) string { return sanitize.Line(s) }

// fitLine cuts s to width cells, marking the cut.
func fitLine(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, max(0, width), "...")
}
