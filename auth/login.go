package auth

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Login signs a user in with a password at a terminal. Every failure is a
// *LoginError, the same for an unknown user, a wrong password, a disabled
// or a locked account, and each costs one argon2id verify.
//
// A blank username or password is refused at once and counts for nothing:
// it is a slip of the hand, not a guess at anyone's account, and it looks
// up no account, so answering fast tells nobody anything.
func (s *Service) Login(ctx context.Context, terminal, username, password string) (Session, error) {
	username = NormalizeUsername(username)
	typed := password
	password = normalizePassword(password)
	if username == "" || password == "" {
		return Session{}, &LoginError{}
	}
	now := s.now()

	var u User
	found := false
	err := s.o.Store.Read(ctx, func(tx ReadTx) error {
		var err error
		u, err = tx.UserByUsername(ctx, username)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		found = err == nil
		return err
	})
	if err != nil {
		return Session{}, fmt.Errorf("auth: login: %w", err)
	}

	// The verify runs outside the transaction so a slow hash never holds the
	// database; it always runs, against a dummy when there is no hash.
	hash := s.dummy
	if found && u.PasswordHash != "" {
		hash = u.PasswordHash
	}
	ok, stale, verr := s.matches(ctx, hash, typed)
	if ctxErr := ctx.Err(); verr != nil && ctxErr != nil {
		return Session{}, fmt.Errorf("auth: login: %w", ctxErr) // the kiosk left the queue
	}
	if verr != nil {
		ok = false
	}
	ok = ok && found && u.PasswordHash != ""

	var sess Session
	var lerr *LoginError
	err = s.o.Store.Tx(ctx, func(tx Tx) error {
		lerr = nil
		term, err := tx.Terminal(ctx, terminal)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		term.Name = terminal
		term.LastSeen = now
		actor := Actor{Name: "-", Terminal: terminal}
		if !found {
			// The same reads as for a wrong password, of rows that do not
			// exist, so that the time taken tells nothing.
			if err := s.readsOfNobody(ctx, tx, terminal); err != nil {
				return err
			}
			return s.loginFailed(ctx, tx, &term, actor, nil, "unknown user", &lerr)
		}
		// Re-read inside the write: another kiosk may have counted a
		// failure, and while the hash was verified a maintainer may have
		// disabled the account or its password may have changed. The
		// password verified must still be the current one, and what is
		// written back must be the account as it is now.
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		verified := ok && cur.PasswordHash == u.PasswordHash
		u = cur
		lock, err := tx.Lockout(ctx, u.ID)
		if err != nil {
			return err
		}
		lock.UserID = u.ID
		here, err := tx.TerminalLockout(ctx, u.ID, terminal)
		if err != nil {
			return err
		}
		switch st := accountOf(u, lock).State(now); {
		case st == AccountDisabled:
			return s.loginFailed(ctx, tx, &term, actor, &u, "account disabled", &lerr)
		case st.Barred():
			return s.loginFailed(ctx, tx, &term, actor, &u, "account locked", &lerr)
		case here.Locked(now):
			return s.loginFailed(ctx, tx, &term, actor, &u, "account locked at this terminal", &lerr)
		case !verified:
			detail := fmt.Sprintf("wrong password (%d in a row here)", here.Failures+1)
			if err := s.countFailure(ctx, tx, actor, u, &lock, &here, now); err != nil {
				return err
			}
			return s.loginFailed(ctx, tx, &term, actor, &u, detail, &lerr)
		}

		if stale {
			// The stored parameters or preparation are not the ones in
			// force: upgrade now, while the password is at hand.
			if h, err := s.hashPassword(ctx, password); err == nil {
				u.PasswordHash = h
			}
		}
		sess, err = s.signedIn(ctx, tx, u, term, "password", "password", now)
		return err
	})
	if err != nil {
		return Session{}, fmt.Errorf("auth: login: %w", err)
	}
	if lerr != nil {
		return Session{}, lerr
	}
	return sess, nil
}

// readsOfNobody makes the reads that a wrong password makes, for no
// account.
func (s *Service) readsOfNobody(ctx context.Context, tx Tx, terminal string) error {
	if _, err := tx.UserByID(ctx, 0); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if _, err := tx.Lockout(ctx, 0); err != nil {
		return err
	}
	_, err := tx.TerminalLockout(ctx, 0, terminal)
	return err
}

// loginFailed counts a failure at the terminal and audits it; the caller's
// transaction commits so the count sticks.
func (s *Service) loginFailed(ctx context.Context, tx Tx, term *Terminal, a Actor, u *User, why string, out **LoginError) error {
	term.Failures++
	if err := tx.SaveTerminal(ctx, *term); err != nil {
		return err
	}
	subject := ""
	if u != nil {
		subject = u.Username
	}
	if err := s.audit(ctx, tx, a, ActLoginFailed, subject, why); err != nil {
		return err
	}
	*out = &LoginError{Hint: term.Failures >= s.o.TerminalHint}
	return nil
}

// countFailure counts a wrong password against the account at the actor's
// terminal inside tx and, at the threshold, locks the account there:
// audited, and the holder emailed. Someone at one terminal can lock a
// colleague out of that terminal only; when the account is locked at
// LockTerminals terminals at once, guessing is going on at several and the
// account is locked everywhere.
func (s *Service) countFailure(ctx context.Context, tx Tx, a Actor, u User, lock *Lockout, here *TerminalLockout, now time.Time) error {
	// Below the threshold one row is written, as few as for an unknown
	// user, so the time taken does not tell the two apart.
	lock.UserID = u.ID
	here.UserID, here.Terminal = u.ID, a.Terminal
	here.Failures++
	if here.Failures < s.o.LockThreshold {
		return tx.SaveTerminalLockout(ctx, *here)
	}
	d := s.lockDuration(here.LockCount)
	here.LockCount++
	here.Failures = 0
	here.LockedUntil = now.Add(d)
	if err := tx.SaveTerminalLockout(ctx, *here); err != nil {
		return err
	}
	if err := s.audit(ctx, tx, a, ActAccountLocked, u.Username, "locked at this terminal for "+d.String()); err != nil {
		return err
	}
	n, err := tx.LockedTerminals(ctx, u.ID, now)
	if err != nil {
		return err
	}
	if n >= s.o.LockTerminals && !lock.Locked(now) {
		d = s.lockDuration(lock.LockCount)
		lock.LockCount++
		lock.LockedUntil = now.Add(d)
		detail := fmt.Sprintf("locked at every terminal for %s (locked at %d)", d, n)
		if err := s.audit(ctx, tx, a, ActAccountLocked, u.Username, detail); err != nil {
			return err
		}
		if err := s.publish(ctx, tx, ChangeAccountLocked, u.Username); err != nil {
			return err
		}
	}
	if err := s.queueLocked(ctx, tx, u, a.Terminal, d); err != nil {
		return err
	}
	return tx.SaveLockout(ctx, *lock)
}

// lockDuration doubles the first lock for each earlier one, up to LockMax.
func (s *Service) lockDuration(earlier int) time.Duration {
	d := s.o.LockDuration
	for range earlier {
		if d >= s.o.LockMax/2 {
			return s.o.LockMax
		}
		d *= 2
	}
	return min(d, s.o.LockMax)
}

// queueLocked tells the account holder of a lock, so that someone guessing
// their password does not go unnoticed. It holds no secret.
//
// One email tells of one bout: wrong passwords spread over several
// terminals lock the account at each, and everywhere, within minutes, and
// the holder hears of it once, not once a terminal. A lock after the
// first email's lock period is news again.
func (s *Service) queueLocked(ctx context.Context, tx Tx, u User, terminal string, d time.Duration) error {
	if u.Email == "" {
		return nil
	}
	told, err := tx.CountMessages(ctx, u.ID, []string{KindAccountLocked}, s.now().Add(-s.o.LockDuration))
	if err != nil || told > 0 {
		return err
	}
	m, err := s.composeLocked(KindAccountLocked, u, terminal, "", d)
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, &m)
}

// Why a session ended, as Logout records it for maintainers to read in
// the audit.
const (
	LogoutByUser = "by the user"
	LogoutIdle   = "idle timeout"
	// LogoutStopped: a maintainer disabled or locked the account while it
	// was signed in (the change feed told the kiosk).
	LogoutStopped = "account disabled or locked by a maintainer"
)

// EndsSession reports that a change to the signed-in account ends its
// session at once: a maintainer disabled or locked it. A lockout by wrong
// passwords elsewhere does not, or anyone could sign a colleague out.
func EndsSession(c Change, username string) bool {
	return c.Subject == username && (c.Kind == ChangeDisabled || c.Kind == ChangeLocked)
}

// Logout records the end of a session: by the user, or by the idle
// timeout. There is nothing else to undo: a session lives on the screen.
func (s *Service) Logout(ctx context.Context, sess Session, reason string) error {
	return s.o.Store.Tx(ctx, func(tx Tx) error {
		return s.audit(ctx, tx, Actor{Name: sess.User.Username, Terminal: sess.Terminal}, ActLogout,
			sess.User.Username, oneLine(reason))
	})
}
