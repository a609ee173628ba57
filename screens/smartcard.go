package screens

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Smartcard is sign-in with a card: insert it, type the passcode.
type Smartcard struct {
	env     *Env
	reader  string // the reader holding the card; "" while waiting for one
	form    *widget.Form
	work    working
	prob    problem
	notice  text.ID
	locked  bool        // a locked session waits behind this screen
	backKey key.Binding // esc: back to Login, or out of a locked session
}

// cardPasscode is what the card in reader said of its passcode when it
// went in.
type cardPasscode struct {
	reader string
	state  smartcard.PasscodeState
}

// passcodeWait bounds the question; a card that does not answer in time
// is not warned of.
const passcodeWait = 3 * time.Second

// askPasscode asks the card in reader what it says of its passcode, when
// Cards can ask; nil otherwise.
func (s *Smartcard) askPasscode(reader string) tea.Cmd {
	c, ok := s.env.Cards.(CardPasscode)
	if !ok || reader == "" {
		return nil
	}
	ctx := s.env.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, passcodeWait)
		defer cancel()
		st, err := c.CardPasscodeState(ctx, reader)
		if err != nil {
			return nil
		}
		return cardPasscode{reader: reader, state: st}
	}
}

// cardDone is the answer to a card sign-in.
type cardDone struct {
	sess auth.Session
	err  error
}

// NewSmartcard returns the Smartcard screen: at the passcode prompt when
// reader holds a card, else asking for one. locked says a session is
// locked behind it (card_removal = "lock").
func NewSmartcard(env *Env, reader string, locked bool) *Smartcard {
	s := &Smartcard{env: env, work: newWorking(), locked: locked, backKey: escKey(env.Text, text.HelpBack)}
	if locked {
		s.notice = text.CardLocked
	}
	if reader == "" && env.CardState != nil {
		for _, r := range env.CardState().Readers {
			if r.Card {
				reader = r.Name
				break
			}
		}
	}
	s.setReader(reader)
	return s
}

func (s *Smartcard) setReader(reader string) {
	s.reader = reader
	p := s.env.Text
	if reader == "" {
		s.form = widget.NewForm(p, widget.ButtonItem("back", p.T(text.ButtonBack)))
		return
	}
	code := widget.NewField(p.T(text.FieldPasscode), 12, true, s.env.Theme)
	code.SetCharLimit(8)
	code.ShowHelp, code.HideHelp = p.T(text.HelpShowPasscode), p.T(text.HelpHidePasscode)
	s.form = widget.NewForm(p,
		widget.FieldItem("passcode", code).Submitting(p.T(text.HelpLogIn)),
		widget.ButtonItem("login", p.T(text.ButtonLogIn)),
		widget.ButtonItem("back", p.T(text.ButtonBack)),
	)
}

// Init asks the card already in the reader, if any, about its passcode.
func (s *Smartcard) Init() tea.Cmd { return s.askPasscode(s.reader) }

// Busy reports a card sign-in in flight.
func (s *Smartcard) Busy() bool { return s.work.on }

// Reader is the reader whose card the screen is signing in with.
func (s *Smartcard) Reader() string { return s.reader }

// Locked reports a locked session behind the screen.
func (s *Smartcard) Locked() bool { return s.locked }

// Card takes a card put in, when waiting for one, to the passcode prompt,
// and the card taken out back to waiting. While a sign-in is in flight a
// card taken out is the app's to act on.
func (s *Smartcard) Card(ev smartcard.Event) (Screen, tea.Cmd, bool) {
	switch ev.Kind {
	case smartcard.CardInserted:
		if s.reader == "" {
			s.prob.clear()
			s.setReader(ev.Reader)
			return s, s.askPasscode(ev.Reader), true
		}
		return s, nil, true
	case smartcard.CardRemoved, smartcard.ReaderRemoved:
		if s.Busy() {
			return s, nil, false
		}
		if ev.Reader == s.reader {
			s.setReader("")
			s.prob.say(msgs(text.CardTakenOut))
		}
		return s, nil, true
	}
	return s, nil, false
}

// Update handles keys and the sign-in's answer.
func (s *Smartcard) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case cardPasscode:
		// Said while the prompt for that card is up, no sign-in in flight.
		if w, ok := msg.state.Warning(); ok && msg.reader == s.reader && !s.work.on {
			s.prob.say([]text.Msg{w}, "passcode")
		}
		return s, nil
	case cardDone:
		s.work.stop()
		if msg.err == nil {
			reader := s.reader
			return s, func() tea.Msg { return SignedIn{Session: msg.sess, Reader: reader} }
		}
		m := cardMessage(msg.err)
		if _, ok := text.ForError(msg.err); !ok && s.env.offline() && !s.env.offlineCard() {
			m = text.Msg{ID: text.OfflineCardSignIn} // the kiosk went offline, or offline sign-in closed
		}
		s.prob.say([]text.Msg{m}, "passcode")
		if f := s.form.Field("passcode"); f != nil {
			f.Reset()
			s.form.FocusID("passcode")
		}
		return s, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, s.backKey) {
			return s.back()
		}
	}
	return step(s, &s.work, s.form, &s.prob, msg, s.activate)
}

// Click focuses or activates what was clicked.
func (s *Smartcard) Click(id string) (Screen, tea.Cmd) {
	return click(s, s.form, id, s.activate)
}

func (s *Smartcard) activate(id string) (Screen, tea.Cmd) {
	switch id {
	case "passcode", "login":
		if s.env.offline() && !s.env.offlineCard() {
			// Nothing is tried: the card keeps its passcode tries, and
			// the passcode typed is not kept.
			s.prob.say(msgs(text.OfflineCardSignIn))
			s.form.Field("passcode").Reset()
			s.form.FocusID("passcode")
			return s, nil
		}
		code := s.form.Field("passcode").Value()
		if code == "" {
			s.prob.say(msgs(text.CardNeedPasscode), "passcode")
			return s, nil
		}
		s.prob.clear()
		env, reader := s.env, s.reader
		return s, tea.Batch(s.work.start(), func() tea.Msg {
			sess, err := env.Cards.CardLogin(env.Ctx, reader, code)
			return cardDone{sess, err}
		})
	case "back":
		return s.back()
	}
	return s, nil
}

// back leaves for Login; from a locked session, that ends the session.
func (s *Smartcard) back() (Screen, tea.Cmd) {
	if s.locked {
		return s, func() tea.Msg { return SignOut{} }
	}
	return s, goTo(LoginScreen)
}

// cardMessage is what to tell the card holder: the card's errors and the
// core's refusals have words for them; anything else is a plain "could
// not be read".
func cardMessage(err error) text.Msg {
	if m, ok := text.ForError(err); ok {
		return m
	}
	return text.Msg{ID: text.CardUnreadable}
}

// Layout draws the screen.
func (s *Smartcard) Layout(width int) *widget.Layout {
	t, p := s.env.Theme, s.env.Text
	l := &widget.Layout{}
	l.Add(t.Title.Render(p.T(text.CardTitle)), "")
	l.Gap(1)
	if s.notice != "" {
		l.Add(t.Note.Width(min(width, 64)).Render(p.T(s.notice)), "")
		l.Gap(1)
	}
	if s.env.offline() {
		// Offline, say first whether a card can sign in at all.
		if s.env.offlineCard() {
			l.Add(t.Note.Width(min(width, 64)).Render(p.T(text.OfflineCardOffered)), "")
		} else {
			l.Add(t.Error.Width(min(width, 64)).Render(p.T(text.OfflineCardSignIn)), "")
		}
		l.Gap(1)
	}
	var state smartcard.State // no monitor: no service
	if s.env.CardState != nil {
		state = s.env.CardState()
	}
	if s.reader == "" {
		// A card cannot be read without the service or a reader: say so
		// plainly rather than ask for a card nothing will see.
		switch state.Condition() {
		case smartcard.NoService:
			l.Add(t.Error.Width(min(width, 64)).Render(p.T(text.CardNoService)), "")
		case smartcard.NoReader:
			l.Add(t.Subtitle.Render(p.T(text.CardInsert)), "")
			l.Add(t.Note.Width(min(width, 64)).Render(p.T(text.CardNoReader)), "")
		case smartcard.NoCard:
			l.Add(t.Subtitle.Render(p.T(text.CardInsert)), "")
			l.Add(t.Muted.Render(p.T(text.CardReaderNoCard)), "")
		case smartcard.CardIn:
			l.Add(t.Subtitle.Render(p.T(text.CardInsert)), "")
			l.Add(t.Muted.Render(p.T(text.CardReaderCardIn)), "")
		}
		l.Gap(1)
		l.Add(s.form.Render("back", t, 0), "back")
	} else {
		l.Add(t.Subtitle.Render(p.T(text.CardEnterPasscode)), "")
		l.Add(t.Muted.Render(p.T(text.CardInReader, sanitize.Line(s.reader))), "")
		l.Gap(1)
		addFields(l, t, s.form, "passcode")
		l.Gap(1)
		addButtons(l, t, s.form, "login", "back")
	}
	l.Gap(1)
	switch {
	case s.work.on:
		l.Add(s.work.view(t, p.T(text.CardChecking)), "")
	case s.prob.shown():
		l.Add(t.Error.Width(min(width, 64)).Render(s.prob.words(p)[0]), "")
	}
	return l
}

// Help lists the keys: the form's, then Esc.
func (s *Smartcard) Help() help.KeyMap { return s.form.HelpKeys(s.backKey) }

// Empty is false: a card may be in, or a session locked behind.
func (s *Smartcard) Empty() bool { return false }

// Resize does nothing: the Smartcard screen fits every size.
func (s *Smartcard) Resize(width, height int) {}
