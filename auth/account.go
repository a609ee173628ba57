package auth

import "time"

// Account is a user with their lockout, as maintainers see it: the
// password hash is never part of it.
type Account struct {
	User    User // PasswordHash is always empty
	Lockout Lockout
	// HasPassword says whether a password is set at all.
	HasPassword bool
	// Terminals are the account's failures and locks at single terminals,
	// past locks too (LockedHere says which hold now). They bar sign-in by
	// password at that terminal only, so State leaves them out.
	Terminals []TerminalLockout
}

// LockedHere returns the terminal locks that hold at now.
func (a Account) LockedHere(now time.Time) []TerminalLockout {
	var out []TerminalLockout
	for _, l := range a.Terminals {
		if l.Locked(now) {
			out = append(out, l)
		}
	}
	return out
}

// withTerminals adds the account's rows among ts, and counts their
// failures into Lockout.Failures: the failed sign-ins in a row, at any
// terminal, that maintainers read.
func (a *Account) withTerminals(ts []TerminalLockout) {
	for _, t := range ts {
		if t.UserID == a.User.ID {
			a.Terminals = append(a.Terminals, t)
			a.Lockout.Failures += t.Failures
		}
	}
}

// accountOf is u with their lockout, the hash left out.
func accountOf(u User, l Lockout) Account {
	has := u.PasswordHash != ""
	u.PasswordHash = ""
	return Account{User: u, Lockout: l, HasPassword: has}
}

// AccountState says whether an account can sign in now and, if not, why.
// Its values are the words the CLI prints, fit for scripts.
type AccountState string

// Account states, the first that applies in this order.
const (
	// AccountDisabled: a maintainer disabled the account.
	AccountDisabled AccountState = "disabled"
	// AccountLocked: a maintainer locked it until they unlock it.
	AccountLocked AccountState = "locked"
	// AccountLockedUntil: too many failures locked it until
	// Lockout.LockedUntil.
	AccountLockedUntil AccountState = "locked-until"
	// AccountNoPassword: no password is set yet; a card may still sign in.
	AccountNoPassword AccountState = "no-password"
	// AccountActive: it can sign in.
	AccountActive AccountState = "active"
)

// State is the account's state at now: the one answer the kiosk, the CLI
// and the console give.
func (a Account) State(now time.Time) AccountState {
	switch {
	case a.User.Status == StatusDisabled:
		return AccountDisabled
	case a.Lockout.AdminLocked:
		return AccountLocked
	case a.Lockout.Locked(now):
		return AccountLockedUntil
	case !a.HasPassword:
		return AccountNoPassword
	}
	return AccountActive
}

// Barred reports whether the state stops every sign-in, by password or
// by card: disabled or locked either way.
func (st AccountState) Barred() bool {
	return st == AccountDisabled || st == AccountLocked || st == AccountLockedUntil
}
