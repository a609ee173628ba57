// Package ui is the kiosk's top model: the state machine of DESIGN §3 that
// routes between screens, and the things every screen shares — header,
// help line, status bar, idle timeout and the kiosk-mode keys. The screens
// themselves live in package screens; the look in ui/theme and ui/widget.
package ui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/idle"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Minimum terminal size every screen fits in.
const (
	MinWidth  = 72
	MinHeight = 24
)

// Options configure the app beyond what the screens share.
type Options struct {
	// Kiosk ignores ctrl+c, ctrl+z and ctrl+\ so staff cannot leave the
	// kiosk for a shell.
	Kiosk       bool
	IdleTimeout time.Duration
	IdleWarning time.Duration
	// Cards are the smartcard monitor's events; nil when smartcard
	// sign-in is off.
	Cards <-chan smartcard.Event
	// CardRemoval is what pulling the card does to a smartcard session:
	// "logout" (the default), "lock" or "none".
	CardRemoval string
	// Changes are the change feed's entries as they happen (DESIGN §10):
	// a maintainer disabling or locking the signed-in account ends the
	// session. nil: nothing is followed.
	Changes <-chan auth.Change
}

// App is the top model.
type App struct {
	// env is what the screens share, in the language shown now; home is
	// it in the terminal's own language, which sign-out and the idle
	// timeout return to.
	env     *screens.Env
	home    *screens.Env
	opt     Options
	screen  screens.Screen
	name    screens.Name
	session *auth.Session
	width   int
	height  int
	now     time.Time
	idle    idle.Timer // touched by every key, click, paste and scroll
	// cardReader holds the card of a smartcard session; "" otherwise.
	cardReader string
	locked     bool // the session waits behind the card prompt
	keys       appKeys
	help       help.Model // the help line, drawn from the screen's key map
}

// appKeys are the keys the app handles above every screen.
type appKeys struct {
	// Quit ends the program, outside kiosk mode.
	Quit key.Binding
	// Suspend would stop or quit the program: the kiosk never does, as
	// there is nothing behind it.
	Suspend key.Binding
	// Stay is what a key does while the idle warning shows: any key at
	// all, so Update does not match it; its key only enables it for help,
	// where words stand in place of a key's name.
	Stay key.Binding
	// Language switches the screens before sign-in to the next language;
	// its help names that language in itself ("Cymraeg").
	Language key.Binding
}

func newAppKeys(p text.Printer) appKeys {
	return appKeys{
		Quit:    key.NewBinding(key.WithKeys("ctrl+c")),
		Suspend: key.NewBinding(key.WithKeys("ctrl+z", "ctrl+\\")),
		Stay:    key.NewBinding(key.WithKeys("any"), key.WithHelp(p.T(text.HelpAnyKey), p.T(text.HelpStay))),
		// f4 and ctrl+l type nothing in a field (f2 shows a password);
		// the help line names f4, the shorter.
		Language: key.NewBinding(key.WithKeys("f4", "ctrl+l"), key.WithHelp("f4", p.Lang().Next().Name())),
	}
}

// cardEvent is one event of the smartcard monitor.
type cardEvent smartcard.Event

// tick drives the status-bar clock and the idle timeout.
type tick time.Time

// New returns the app on the Login screen.
func New(env *screens.Env, opt Options) *App {
	now := env.Now()
	a := &App{env: env, home: env, opt: opt, width: 80, height: 24, now: now,
		idle: idle.New(opt.IdleTimeout, opt.IdleWarning, now),
		keys: newAppKeys(env.Text), help: widget.NewHelp(env.Theme)}
	a.help.SetWidth(a.width)
	a.screen = screens.NewLogin(env, "", "")
	return a
}

// Init starts the clock and listens to the card readers.
func (a *App) Init() tea.Cmd {
	return tea.Batch(a.screen.Init(), a.tick(), a.nextCard(), a.nextChange())
}

// changed is an entry of the change feed.
type changed auth.Change

// nextChange waits for the feed's next entry; Update asks again after each.
func (a *App) nextChange() tea.Cmd {
	return next(a.opt.Changes, func(c auth.Change) tea.Msg { return changed(c) })
}

// nextCard waits for the monitor's next event; Update asks again after
// each, so no event is lost.
func (a *App) nextCard() tea.Cmd {
	return next(a.opt.Cards, func(ev smartcard.Event) tea.Msg { return cardEvent(ev) })
}

// change acts on an entry of the change feed: a maintainer stopping the
// signed-in account ends its session; a forbidden word added or removed,
// or another policy profile, reaches the live checklist.
func (a *App) change(c auth.Change) tea.Cmd {
	switch {
	case a.session != nil && auth.EndsSession(c, a.session.User.Username):
		return a.signOutWith(auth.LogoutStopped, text.LoginStopped)
	case c.Kind == auth.ChangeForbiddenAdded || c.Kind == auth.ChangeForbiddenRemove || c.Kind == auth.ChangeProfile:
		var cmd tea.Cmd
		a.screen, cmd = a.screen.Update(screens.PolicyChanged{})
		return cmd
	}
	return nil
}

// next waits for the next value on ch, as a message; nil when ch is nil
// or closed.
func next[T any](ch <-chan T, msg func(T) tea.Msg) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		v, ok := <-ch
		if !ok {
			return nil
		}
		return msg(v)
	}
}

func (a *App) tick() tea.Cmd {
	return tea.Every(time.Second, func(t time.Time) tea.Msg { return tick(t) })
}

// Update routes a message: global keys and timers here, the rest to the
// screen.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
		a.fit()
		return a, nil
	case tea.MouseWheelMsg:
		if a.idle.Touch(a.env.Now()) { // scrolling a guide is activity too
			return a, nil
		}
	case tick:
		a.now = a.env.Now()
		return a, tea.Batch(a.idleTick(), a.tick())
	case tea.InterruptMsg:
		if a.opt.Kiosk {
			return a, nil
		}
		return a, tea.Quit
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, a.keys.Quit):
			if !a.opt.Kiosk {
				return a, tea.Quit
			}
			return a, nil
		case key.Matches(msg, a.keys.Suspend):
			return a, nil
		}
		if a.idle.Touch(a.env.Now()) {
			return a, nil // any key means "still here", and does nothing else
		}
		if a.screen.Busy() {
			return a, nil
		}
		if a.session == nil && key.Matches(msg, a.keys.Language) {
			a.speak(a.env.Text.Lang().Next())
			a.screen = screens.Reword(a.screen, a.env)
			a.fit()
			return a, nil
		}
	case tea.PasteMsg:
		if a.idle.Touch(a.env.Now()) {
			return a, nil // like a key: "still here", and nothing pasted
		}
		if a.screen.Busy() {
			return a, nil
		}
	case tea.MouseClickMsg:
		return a, nil // the view's OnMouse sends it again as a widget.Click
	case widget.Click:
		if a.idle.Touch(a.env.Now()) {
			return a, nil
		}
		// Below the minimum size the screen is not drawn: a click would hit
		// an item nobody can see.
		if a.screen.Busy() || msg.Button != tea.MouseLeft || a.tooSmall() || msg.ID == "" {
			return a, nil
		}
		var cmd tea.Cmd
		a.screen, cmd = a.screen.Click(msg.ID)
		return a, cmd
	case screens.Goto:
		return a, a.show(msg.To, msg.Username, msg.Notice)
	case screens.SignedIn:
		s := msg.Session
		a.session, a.cardReader, a.locked = &s, msg.Reader, false
		a.speak(a.home.Text.Lang())
		if s.User.Language != "" { // "" from a service that predates users' languages
			a.speak(s.User.Language)
		}
		return a, a.show(screens.PortalScreen, "", "")
	case cardEvent:
		return a, tea.Batch(a.card(smartcard.Event(msg)), a.nextCard())
	case changed:
		return a, tea.Batch(a.change(auth.Change(msg)), a.nextChange())
	case screens.SignOut:
		return a, a.signOut(auth.LogoutByUser)
	}
	var cmd tea.Cmd
	a.screen, cmd = a.screen.Update(msg)
	return a, cmd
}

// show builds a fresh screen: no screen keeps what was typed on it.
func (a *App) show(to screens.Name, username string, notice text.ID) tea.Cmd {
	a.name = to
	switch to {
	case screens.AssistanceScreen:
		a.screen = screens.NewAssistance(a.env, username)
	case screens.SentScreen:
		a.screen = screens.NewSent(a.env, username)
	case screens.ResetScreen:
		a.screen = screens.NewReset(a.env, username)
	case screens.PortalScreen:
		if a.session == nil {
			return a.signOut("")
		}
		a.screen = screens.NewPortal(a.env, *a.session).WithNotice(notice)
	case screens.ChangePasswordScreen:
		if a.session == nil {
			return a.signOut("")
		}
		a.screen = screens.NewChangePassword(a.env, *a.session)
	case screens.SmartcardScreen:
		a.screen = screens.NewSmartcard(a.env, "", a.locked)
	default:
		a.name = screens.LoginScreen
		a.screen = screens.NewLogin(a.env, username, notice)
	}
	a.fit()
	return a.screen.Init()
}

// fit tells the screen the room its box has below the common top edge
// (the portal's guides scroll in it).
func (a *App) fit() {
	a.screen.Resize(a.bodyWidth(), a.bodyRows())
}

// signOut ends the session, auditing why when there is a reason to give,
// and wipes every field.
func (a *App) signOut(reason string) tea.Cmd { return a.signOutWith(reason, "") }

// signOutWith signs out as signOut does and says notice on Login.
func (a *App) signOutWith(reason string, notice text.ID) tea.Cmd {
	var audit tea.Cmd
	if a.session != nil && reason != "" {
		sess, env := *a.session, a.env
		audit = func() tea.Msg {
			env.Auth.Logout(env.Ctx, sess, reason) // best effort: the audit row
			return nil
		}
	}
	a.session, a.cardReader, a.locked = nil, "", false
	a.speak(a.home.Text.Lang())
	a.idle.Dismiss()
	return tea.Batch(audit, a.show(screens.LoginScreen, "", notice))
}

// pristine reports that there is nothing to wipe: no session, the
// screen empty (Login, untouched), in the terminal's own language.
func (a *App) pristine() bool {
	return a.session == nil && a.screen.Empty() && a.env == a.home
}

// speak makes lang the language of the screens built from now on, and of
// the frame: the terminal's own, or another one.
func (a *App) speak(lang text.Lang) {
	env := a.home
	if lang.Base() != a.home.Text.Lang().Base() {
		e := *a.home
		e.Text = text.For(lang)
		env = &e
	}
	a.env = env
	a.keys = newAppKeys(a.env.Text)
}

// Language is the language the kiosk speaks now.
func (a *App) Language() text.Lang { return a.env.Text.Lang() }

// idleTick warns, then wipes, when nobody has touched the kiosk for a
// while; an untouched Login has nothing to wipe, and slow work is not idle.
func (a *App) idleTick() tea.Cmd {
	if a.pristine() || a.screen.Busy() {
		return nil
	}
	if a.idle.Check(a.now) == idle.TimedOut {
		return a.signOut(auth.LogoutIdle)
	}
	return nil
}

// Session is the signed-in session, or nil.
func (a *App) Session() *auth.Session { return a.session }

// Screen is the screen showing.
func (a *App) Screen() screens.Screen { return a.screen }

// clean makes outside text safe to draw.
func clean(s string) string { return sanitize.Line(s) }
