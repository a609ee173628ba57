package auth

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// RosterUser is what a client kiosk may keep of one member of its ward's
// roster (DESIGN §10): enough to let their card sign them in offline,
// nothing more: no hash, no code, no email, no date of birth.
type RosterUser struct {
	Username  string
	FirstName string
	LastName  string
	Role      string
	Ward      string
	Language  string // the user's language ("en", "cy"), for their portal offline
	Disabled  bool   // disabled by a maintainer, as of the sync
	Locked    bool   // locked by a maintainer, as of the sync
	// SignedIn is their latest online sign-in on the ward: the kiosk
	// keeps them on its roster offline.roster_days from it.
	SignedIn time.Time
	// Cards are the hex SHA-256 fingerprints of the user's enrolled cards
	// that are not revoked, as of the sync.
	Cards []string
}

// Roster is a ward's roster as the service tells a kiosk of that ward:
// the users who signed in online on the ward within the days asked, the
// Trust's card CA and CRL (PEM, as the service holds them; empty when the
// service checks no cards), and the service's clock when it answered.
type Roster struct {
	Ward       string
	Users      []RosterUser
	CAPEM      []byte
	CRLPEM     []byte
	ServerTime time.Time
}

// Roster days: what a kiosk gets when it asks for none, and the most it
// may ask for, so that a ward's roster stays the staff who work there.
const (
	DefaultRosterDays = 14
	MaxRosterDays     = 90
)

// Roster returns the roster of the ward of the named terminal: every user
// who signed in online on that ward within days (<= 0: DefaultRosterDays;
// at most MaxRosterDays), with their state and usable cards as of now.
// The CA and CRL are the caller's to fill in: the store does not hold
// them. An unknown or disabled terminal gets ErrTerminalRefused.
func (s *Service) Roster(ctx context.Context, terminal string, days int) (Roster, error) {
	if days <= 0 {
		days = DefaultRosterDays
	}
	days = min(days, MaxRosterDays)
	now := s.now()
	since := now.AddDate(0, 0, -days)
	r, err := read(ctx, s, func(tx ReadTx) (Roster, error) {
		term, err := tx.Terminal(ctx, terminal)
		switch {
		case errors.Is(err, ErrNotFound):
			return Roster{}, ErrTerminalRefused
		case err != nil:
			return Roster{}, err
		case term.Disabled || term.Ward == "":
			return Roster{}, ErrTerminalRefused
		}
		seen, err := tx.WardSignIns(ctx, term.Ward, since)
		if err != nil {
			return Roster{}, err
		}
		r := Roster{Ward: term.Ward, ServerTime: now, Users: make([]RosterUser, 0, len(seen))}
		for _, w := range seen {
			ru, err := rosterUser(ctx, tx, w)
			if err != nil {
				return Roster{}, err
			}
			r.Users = append(r.Users, ru)
		}
		return r, nil
	})
	if err != nil {
		return Roster{}, fmt.Errorf("auth: roster: %w", err)
	}
	return r, nil
}

// rosterUser is what a kiosk may keep of the user w records. Locked is
// a maintainer's lock only: a lock by wrong passwords ends by itself
// after minutes, which a kiosk offline for days could not tell, and the
// failures that made it were typed, not carded.
func rosterUser(ctx context.Context, tx ReadTx, w WardSignIn) (RosterUser, error) {
	u, err := tx.UserByID(ctx, w.UserID)
	if err != nil {
		return RosterUser{}, err
	}
	lock, err := tx.Lockout(ctx, u.ID)
	if err != nil {
		return RosterUser{}, err
	}
	cards, err := tx.UserCards(ctx, u.ID)
	if err != nil {
		return RosterUser{}, err
	}
	ru := RosterUser{Username: u.Username, FirstName: u.FirstName, LastName: u.LastName, Role: u.Role,
		Ward: u.Ward, Language: string(u.Language), Disabled: u.Status == StatusDisabled, Locked: lock.AdminLocked, SignedIn: w.At}
	for _, c := range cards {
		if !c.Revoked() {
			ru.Cards = append(ru.Cards, c.Fingerprint)
		}
	}
	return ru, nil
}
