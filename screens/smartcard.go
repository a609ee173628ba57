package screens

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Words on the Smartcard screen (DESIGN §3).
const (
	SmartcardTitle = "Log in via smartcard"
	MsgInsertCard  = "Insert your smartcard"
	MsgEnterCode   = "Enter your passcode"
	MsgCardRemoved = "The card was taken out. Insert it again to log in."
	MsgCardLocked  = "This session is locked. Insert your smartcard and enter your passcode to carry on."
	MsgCardUnknown = "The card could not be read. Take it out, put it back and try again."
	MsgNoService   = "Smartcard login is not working on this terminal: the smartcard service is not running. Log in with your username and password, and tell your IT service desk."
	MsgNoReader    = "No smartcard reader is connected to this terminal. Connect one, or log in with your username and password."
)

// Smartcard is sign-in with a card: insert it, type the passcode.
type Smartcard struct {
	env     *Env
	reader  string // the reader holding the card; "" while waiting for one
	form    *widget.Form
	work    working
	prob    problem
	notice  string
	locked  bool        // a locked session waits behind this screen
	backKey key.Binding // esc: back to Login, or out of a locked session
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
	s := &Smartcard{env: env, work: newWorking(), locked: locked, backKey: escKey("back")}
	if locked {
		s.notice = MsgCardLocked
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
	if reader == "" {
		s.form = widget.NewForm(widget.ButtonItem("back", "Back"))
		return
	}
	code := widget.NewField("Passcode", 12, true, s.env.Theme)
	code.SetCharLimit(8)
	s.form = widget.NewForm(
		widget.FieldItem("passcode", code),
		widget.ButtonItem("login", "Log in"),
		widget.ButtonItem("back", "Back"),
	)
}

// Init starts nothing.
func (s *Smartcard) Init() tea.Cmd { return nil }

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
		}
		return s, nil, true
	case smartcard.CardRemoved, smartcard.ReaderRemoved:
		if s.Busy() {
			return s, nil, false
		}
		if ev.Reader == s.reader {
			s.setReader("")
			s.prob.say([]string{MsgCardRemoved})
		}
		return s, nil, true
	}
	return s, nil, false
}

// Update handles keys and the sign-in's answer.
func (s *Smartcard) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case cardDone:
		s.work.stop()
		if msg.err == nil {
			reader := s.reader
			return s, func() tea.Msg { return SignedIn{Session: msg.sess, Reader: reader} }
		}
		s.prob.say([]string{cardMessage(msg.err)}, "passcode")
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
		code := s.form.Field("passcode").Value()
		if code == "" {
			s.prob.say([]string{"Enter the passcode of your card."}, "passcode")
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

// cardMessage is what to tell the card holder: the card errors are
// written for them; anything else is a plain "could not be read".
func cardMessage(err error) string {
	var pe *smartcard.PasscodeError
	if errors.As(err, &pe) {
		switch pe.Left {
		case 0:
			return sentence(smartcard.ErrBlocked.Error())
		case 1:
			return "The passcode is not right. 1 try left before the card is blocked."
		default:
			return fmt.Sprintf("The passcode is not right. %d tries left before the card is blocked.", pe.Left)
		}
	}
	for _, known := range []error{smartcard.ErrBlocked, smartcard.ErrPasscodeFormat, smartcard.ErrWrongPasscode,
		smartcard.ErrNoService, smartcard.ErrNoReader, smartcard.ErrNoCard, smartcard.ErrCardRemoved,
		smartcard.ErrNotRecognised, smartcard.ErrBadSignature, smartcard.ErrExpired, smartcard.ErrNotYetValid,
		smartcard.ErrUntrusted, smartcard.ErrRevoked, smartcard.ErrKeyUsage, smartcard.ErrKeyType,
		smartcard.ErrNotEnrolled, smartcard.ErrWithdrawn, smartcard.ErrAccount} {
		if errors.Is(err, known) {
			return sentence(known.Error())
		}
	}
	return MsgCardUnknown
}

// sentence starts with a capital and ends with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	out := string(r)
	if !strings.HasSuffix(out, ".") {
		out += "."
	}
	return out
}

// Layout draws the screen.
func (s *Smartcard) Layout(width int) *widget.Layout {
	t := s.env.Theme
	l := &widget.Layout{}
	l.Add(t.Title.Render(SmartcardTitle), "")
	l.Gap(1)
	if s.notice != "" {
		l.Add(t.Note.Width(min(width, 64)).Render(s.notice), "")
		l.Gap(1)
	}
	var state smartcard.State // no monitor: no service
	if s.env.CardState != nil {
		state = s.env.CardState()
	}
	if s.reader == "" {
		// A card cannot be read without the service or a reader: say so
		// plainly rather than ask for a card nothing will see.
		switch {
		case !state.Service:
			l.Add(t.Error.Width(min(width, 64)).Render(MsgNoService), "")
		case len(state.Readers) == 0:
			l.Add(t.Subtitle.Render(MsgInsertCard), "")
			l.Add(t.Note.Width(min(width, 64)).Render(MsgNoReader), "")
		default:
			l.Add(t.Subtitle.Render(MsgInsertCard), "")
			l.Add(t.Muted.Render("Reader: "+sanitize.Line(state.String())), "")
		}
		l.Gap(1)
		l.Add(s.form.Render("back", t, 0), "back")
	} else {
		l.Add(t.Subtitle.Render(MsgEnterCode), "")
		l.Add(t.Muted.Render("Card in "+sanitize.Line(s.reader)), "")
		l.Gap(1)
		l.Add(s.form.Render("passcode", t, labelWidth), "passcode")
		l.Gap(1)
		l.Row(3,
			widget.Part{Text: s.form.Render("login", t, 0), ID: "login"},
			widget.Part{Text: s.form.Render("back", t, 0), ID: "back"})
	}
	l.Gap(1)
	switch {
	case s.work.on:
		l.Add(s.work.view(t, "Checking your card..."), "")
	case s.prob.shown():
		l.Add(t.Error.Width(min(width, 64)).Render(s.prob.first()), "")
	}
	return l
}

// Help lists the keys: only Esc while waiting for a card. The passcode's
// ctrl+r is left off the line, which speaks of passwords.
func (s *Smartcard) Help() help.KeyMap {
	if s.reader == "" {
		return widget.Keys{s.backKey}
	}
	return widget.Keys{s.form.Keys.Next, s.form.Keys.Choose, s.backKey}
}

// Empty is false: a card may be in, or a session locked behind.
func (s *Smartcard) Empty() bool { return false }

// Resize does nothing: the Smartcard screen fits every size.
func (s *Smartcard) Resize(width, height int) {}
