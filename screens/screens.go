// Package screens holds one Bubble Tea model per screen of the journey
// (DESIGN §3): Login, Login Assistance, Sent, Reset, Portal and Change
// password. Screens ask the app to move with messages; slow work (argon2,
// SQL) runs in a tea.Cmd and comes back as a message. A screen has no words
// of its own: it asks Env.Text, the text catalogue, for each.
package screens

import (
	"context"
	"time"

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

// Auth is what the screens need of the auth core; *auth.Service has it.
type Auth interface {
	Login(ctx context.Context, terminal, username, password string) (auth.Session, error)
	Logout(ctx context.Context, sess auth.Session, reason string) error
	ForgotPassword(ctx context.Context, terminal, username, email string) error
	ForgotUsername(ctx context.Context, terminal, email string, dob time.Time) error
	Reset(ctx context.Context, terminal, code, username, password, confirm string) (auth.User, error)
	ChangePassword(ctx context.Context, sess auth.Session, current, password, confirm string) error
	Policy(ctx context.Context) (*policy.Policy, error)
	Profile() policy.Profile
	// DemoHint is "<username> <password>" while the demo user still signs
	// in with it, else "": it may verify a password, so run it in a command.
	DemoHint(ctx context.Context) (string, error)
}

// Env is what every screen shares.
type Env struct {
	Ctx   context.Context
	Auth  Auth
	Theme theme.Theme
	// Text gives the screens their words, in the language staff read: a
	// screen asks it for every word it draws, and holds none of its own.
	// The zero Printer speaks English.
	Text      text.Printer
	Terminal  string
	Now       func() time.Time
	Smartcard bool // smartcard sign-in is set up on this terminal
	// CodeLifetime is how long an emailed reset code lasts, and
	// IdleTimeout and IdleWarning when the kiosk logs out: to tell staff.
	CodeLifetime, IdleTimeout, IdleWarning time.Duration
	// MaxEmailsPerHour is how many Login Assistance emails an account may
	// get in an hour (reset.max_emails_per_hour), for Sent to say; 0 is
	// the auth core's default.
	MaxEmailsPerHour int
	// Cards signs in with a smartcard; nil when smartcard sign-in is off.
	Cards Cards
	// CardState says what the smartcard monitor sees now; nil when off.
	CardState func() smartcard.State
	// Offline says whether a client kiosk works offline now (DESIGN §10):
	// the screens that need the Trust's service then say so, and what to
	// do instead, and send nothing. nil for a kiosk that is never offline
	// (standalone).
	Offline func() bool
	// OfflineCard and OfflinePassword say whether the kiosk can sign in
	// offline with a card, or with a password, now (offline.Gate's
	// CardOffered and PasswordOffered); nil: it cannot.
	OfflineCard, OfflinePassword func() bool
}

// offline reports whether the kiosk works offline now.
func (e *Env) offline() bool { return e.Offline != nil && e.Offline() }

// offlineCard reports whether offline card sign-in is offered now.
func (e *Env) offlineCard() bool { return e.OfflineCard != nil && e.OfflineCard() }

// offlinePassword reports whether offline password sign-in is offered now.
func (e *Env) offlinePassword() bool { return e.OfflinePassword != nil && e.OfflinePassword() }

// Cards is smartcard sign-in: the card in a reader proves itself with the
// passcode and maps to its enrolled user (setup.CardSignIn has it).
type Cards interface {
	CardLogin(ctx context.Context, reader, passcode string) (auth.Session, error)
	CardRemoved(ctx context.Context, sess auth.Session, action string) error
}

// CardPasscode is what Cards may also do: say what the card in a reader
// says of its passcode before one is typed, so the Smartcard screen can
// warn that the next wrong passcode blocks it.
type CardPasscode interface {
	CardPasscodeState(ctx context.Context, reader string) (smartcard.PasscodeState, error)
}

// Name names a screen.
type Name int

// The screens.
const (
	LoginScreen Name = iota
	AssistanceScreen
	SentScreen
	ResetScreen
	PortalScreen
	ChangePasswordScreen
	SmartcardScreen
)

// Goto asks the app to show another screen. Username fills in the next
// screen's username: Login's right after a successful reset, on the way
// from Login through Login Assistance (and Sent) to Reset, and back the
// same way, so nobody types 382XXXXXXX0X three times. Passwords and codes
// are never carried.
type Goto struct {
	To       Name
	Username string
	Notice   text.ID // a message for the next screen to show; "" for none
}

// SignedIn asks the app to start a session and show the Portal. Reader
// names the reader holding the card of a smartcard session.
type SignedIn struct {
	Session auth.Session
	Reader  string
}

// SignOut asks the app to end the session and wipe everything.
type SignOut struct{}

// Screen is one screen's model. Layout draws the body (everything between
// the header and the help line) for a width; the app centres it, and a
// click on one of its layers comes back to Click by the layer's id. The
// app asks a screen, never its concrete type, for what it needs.
type Screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Screen, tea.Cmd)
	Layout(width int) *widget.Layout
	Click(id string) (Screen, tea.Cmd)
	// Help is the screen's key map: the keys its Update matches, drawn on
	// the help line by bubbles/help.
	Help() help.KeyMap
	// Busy reports slow work in flight: input waits until it is done.
	Busy() bool
	// Empty reports that the screen holds nothing to wipe: the first
	// screen, untouched. The idle timeout leaves it be.
	Empty() bool
	// Resize tells the screen the width and rows its body may use.
	Resize(width, height int)
	// Card gives the screen a smartcard event; handled is false when the
	// screen has no use for it, and the app acts on it instead.
	Card(ev smartcard.Event) (s Screen, cmd tea.Cmd, handled bool)
}

// goTo is a command that asks for another screen.
func goTo(to Name) tea.Cmd {
	return func() tea.Msg { return Goto{To: to} }
}

// goToWith asks for another screen, carrying a username to fill in.
func goToWith(to Name, username string) tea.Cmd {
	return func() tea.Msg { return Goto{To: to, Username: username} }
}

// labelWidth is the width of field labels on every screen.
const labelWidth = 17

// inputWidth is the width of text fields.
const inputWidth = 30

// escKey is Esc doing what does says (text.HelpBack, text.HelpClear), in
// p's language.
func escKey(p text.Printer, does text.ID) key.Binding {
	return key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", p.T(does)))
}
