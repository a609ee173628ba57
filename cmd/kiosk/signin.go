package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/remote"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
)

// serviceAPI is what the screens of a client kiosk need of the Trust's
// service; *remote.Client has it.
type serviceAPI interface {
	screens.Auth
	screens.Cards
	Offline() bool
}

// gate is what the screens of a client kiosk need of its offline sign-in;
// *offline.Gate has it.
type gate interface {
	Login(ctx context.Context, username, password string) (auth.Session, error)
	CardLogin(ctx context.Context, reader, passcode string) (auth.Session, error)
	SignedInOnline(ctx context.Context, sess auth.Session, password string) error
	CardOffered(ctx context.Context) bool
	PasswordOffered(ctx context.Context) bool
}

// appender is the kiosk's event outbox; *kiosklocal.DB has it.
type appender interface {
	Append(ctx context.Context, kind, subject, detail string) (auth.KioskEvent, error)
}

// signIn is the screens' Auth and Cards on a client kiosk: the service
// while it answers, the offline gate while the kiosk works offline (or a
// sign-in finds the service gone and the gate can take it). It remembers
// the sessions the gate granted, whose logout and card removal the
// service never heard of: those go to the outbox, to reach the service
// with the rest of the offline events.
type signIn struct {
	serviceAPI // the rest (assistance, reset, change password, policy) is the service's alone
	gate       gate
	outbox     appender
	log        *slog.Logger

	mu    sync.Mutex
	local map[localKey]struct{} // sessions the gate granted

	// kept runs the gate's SignedInOnline off the sign-in: with offline
	// passwords on it derives an argon2id verifier, which staff should
	// not wait for on their way to the portal.
	kept sync.WaitGroup

	// afterOnline, when set, runs once an online sign-in is kept: the
	// client asks for a roster sync, so that the card just used (which
	// only the service's roster names) signs its holder in offline from
	// the next minute, not from the next 15-minute sync.
	afterOnline func()

	// card asks the card in a reader what it says of its passcode, for
	// the Smartcard screen's warning; nil without smartcard sign-in.
	card interface {
		PasscodeState(ctx context.Context, reader string) (smartcard.PasscodeState, error)
	}
}

// CardPasscodeState asks the card itself: it needs no service.
func (s *signIn) CardPasscodeState(ctx context.Context, reader string) (smartcard.PasscodeState, error) {
	if s.card == nil {
		return smartcard.PasscodeState{Left: smartcard.LeftUnknown}, nil
	}
	return s.card.PasscodeState(ctx, reader)
}

// localKey names a session as the screens hand it back.
type localKey struct {
	username, method string
	at               int64
}

func localKeyOf(s auth.Session) localKey {
	return localKey{username: s.User.Username, method: s.Method, at: s.At.UnixNano()}
}

// maxLocal bounds the offline sessions remembered: a kiosk has one at a
// time, and each ends with a logout, which forgets it.
const maxLocal = 16

// newSignIn is the screens' service over svc, with offline sign-in through
// g and its events in out.
func newSignIn(svc serviceAPI, g gate, out appender, log *slog.Logger) *signIn {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &signIn{serviceAPI: svc, gate: g, outbox: out, log: log, local: map[localKey]struct{}{}}
}

// Login signs in with a password: at the service while online, and on
// the way it lets the gate keep the user (and, when the Trust allows
// offline passwords, a verifier derived from what was typed); offline,
// or when the service cannot be reached, through the gate if it offers
// password sign-in. Otherwise the kiosk's offline refusal: the screen
// says password sign-in is not available.
func (s *signIn) Login(ctx context.Context, terminal, username, password string) (auth.Session, error) {
	if !s.serviceAPI.Offline() {
		sess, err := s.serviceAPI.Login(ctx, terminal, username, password)
		if err == nil {
			s.keep(ctx, sess, password)
			return sess, nil
		}
		if !errors.Is(err, remote.ErrUnavailable) {
			return sess, err
		}
	}
	if !s.gate.PasswordOffered(ctx) {
		return auth.Session{}, remote.ErrOffline
	}
	return s.granted(s.gate.Login(ctx, username, password))
}

// CardLogin signs in with the card in reader: at the service while
// online; offline, or when the service cannot be reached, through the
// gate if it offers card sign-in.
func (s *signIn) CardLogin(ctx context.Context, reader, passcode string) (auth.Session, error) {
	if !s.serviceAPI.Offline() {
		sess, err := s.serviceAPI.CardLogin(ctx, reader, passcode)
		if err == nil {
			s.keep(ctx, sess, "")
			return sess, nil
		}
		if !errors.Is(err, remote.ErrUnavailable) {
			return sess, err
		}
	}
	if !s.gate.CardOffered(ctx) {
		return auth.Session{}, remote.ErrOffline
	}
	return s.granted(s.gate.CardLogin(ctx, reader, passcode))
}

// keep tells the gate of an online sign-in, in the background (wait
// waits for it). Its failure is logged, never the password, and costs the
// sign-in nothing: the user is signed in at the service.
func (s *signIn) keep(ctx context.Context, sess auth.Session, password string) {
	ctx = context.WithoutCancel(ctx) // a verifier half-kept is none
	s.kept.Go(func() {
		if err := s.gate.SignedInOnline(ctx, sess, password); err != nil {
			s.log.WarnContext(ctx, "online sign-in not kept for offline use", "method", sess.Method, "err", err)
		}
		if s.afterOnline != nil {
			s.afterOnline()
		}
	})
}

// wait waits for the online sign-ins being kept.
func (s *signIn) wait() { s.kept.Wait() }

// granted remembers a session the gate granted.
func (s *signIn) granted(sess auth.Session, err error) (auth.Session, error) {
	if err != nil {
		return sess, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.local) >= maxLocal {
		clear(s.local) // sessions never logged out (a crash of the screens): forget them
	}
	s.local[localKeyOf(sess)] = struct{}{}
	return sess, nil
}

// isLocal reports whether the gate granted sess; forget drops it too.
func (s *signIn) isLocal(sess auth.Session, forget bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := localKeyOf(sess)
	_, ok := s.local[k]
	if ok && forget {
		delete(s.local, k)
	}
	return ok
}

// Logout ends a session: one the gate granted goes to the outbox, for the
// service to audit when the link returns; the rest to the service.
func (s *signIn) Logout(ctx context.Context, sess auth.Session, reason string) error {
	if !s.isLocal(sess, true) {
		return s.serviceAPI.Logout(ctx, sess, reason)
	}
	return s.queue(ctx, auth.ActLogout, sess.User.Username, reason)
}

// CardRemoved records a card pulled during its session: in the outbox for
// a session the gate granted, at the service otherwise.
func (s *signIn) CardRemoved(ctx context.Context, sess auth.Session, action string) error {
	if !s.isLocal(sess, false) {
		return s.serviceAPI.CardRemoved(ctx, sess, action)
	}
	return s.queue(ctx, auth.ActCardRemoved, sess.User.Username, "card_removal="+action)
}

// errSignedInOffline refuses a password change in a session the gate
// granted: the service never saw that sign-in, so it holds no session to
// change the password in, even once the kiosk is back online.
var errSignedInOffline = text.NewError(text.OfflineSessionChangePassword,
	"a session granted offline cannot change its password", nil)

// ChangePassword changes the password at the service, for a session the
// service granted.
func (s *signIn) ChangePassword(ctx context.Context, sess auth.Session, current, password, confirm string) error {
	if s.isLocal(sess, false) {
		return errSignedInOffline
	}
	return s.serviceAPI.ChangePassword(ctx, sess, current, password, confirm)
}

// queue appends an event to the outbox.
func (s *signIn) queue(ctx context.Context, kind, username, detail string) error {
	if _, err := s.outbox.Append(ctx, kind, username, detail); err != nil {
		s.log.WarnContext(ctx, "offline event not queued", "kind", kind, "err", err)
		return err
	}
	return nil
}

// offers answers the screens' questions to the gate: may offline card
// or password sign-in be offered now. Each reads the kiosk's database, so
// the answer is kept for a moment: the status bar and the screens ask at
// every frame.
type offers struct {
	ctx  context.Context
	gate gate
	now  func() time.Time

	mu           sync.Mutex
	at           time.Time
	card, passwd bool
}

// offeredFor is how long an answer is kept.
const offeredFor = time.Second

func (o *offers) ask() (card, password bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if now := o.now(); o.at.IsZero() || now.Sub(o.at) >= offeredFor || now.Before(o.at) {
		o.card, o.passwd, o.at = o.gate.CardOffered(o.ctx), o.gate.PasswordOffered(o.ctx), now
	}
	return o.card, o.passwd
}

// Card reports whether offline card sign-in is offered now.
func (o *offers) Card() bool { c, _ := o.ask(); return c }

// Password reports whether offline password sign-in is offered now.
func (o *offers) Password() bool { _, p := o.ask(); return p }
