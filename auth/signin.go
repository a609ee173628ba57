package auth

import (
	"context"
	"time"
)

// signedIn records, inside tx, a sign-in that passed every check, by
// password or by card alike: the user's last sign-in, their failures and
// the terminal's cleared, and any live reset code revoked, since whoever
// asked for it is in. u is the account as it is now in tx; what is audited
// is method's detail. At a terminal of a ward, the sign-in is recorded on
// that ward's roster. The session carries the sign-in before this one.
func (s *Service) signedIn(ctx context.Context, tx Tx, u User, term Terminal, method, detail string, now time.Time) (Session, error) {
	sess := Session{Terminal: term.Name, Method: method, At: now,
		PreviousAt: u.LastLoginAt, PreviousTerminal: u.LastLoginTerminal}
	u.LastLoginAt, u.LastLoginTerminal = now, term.Name
	if err := tx.UpdateUser(ctx, u); err != nil {
		return Session{}, err
	}
	if err := tx.SaveLockout(ctx, Lockout{UserID: u.ID}); err != nil {
		return Session{}, err
	}
	if err := tx.RevokeCodes(ctx, u.ID, now); err != nil {
		return Session{}, err
	}
	// Only this terminal's failures go: a success here says nothing of
	// who is guessing at another.
	if err := tx.SaveTerminalLockout(ctx, TerminalLockout{UserID: u.ID, Terminal: term.Name}); err != nil {
		return Session{}, err
	}
	term.Failures = 0
	if err := tx.SaveTerminal(ctx, term); err != nil {
		return Session{}, err
	}
	// A sign-in at a registered terminal puts the user on its ward's
	// roster, which the ward's kiosks keep for signing in offline. A
	// standalone kiosk's terminal has no ward and no roster.
	if term.Ward != "" {
		if err := tx.SaveWardSignIn(ctx, WardSignIn{Ward: term.Ward, UserID: u.ID, At: now}); err != nil {
			return Session{}, err
		}
	}
	sess.User = u
	return sess, s.audit(ctx, tx, Actor{Name: u.Username, Terminal: term.Name}, ActLoginOK, u.Username, detail)
}
