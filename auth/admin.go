package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wardkiosk/kiosk/sanitize"
)

// Account is a user with their lockout, as maintainers see it: the
// password hash is never part of it.
type Account struct {
	User    User // PasswordHash is always empty
	Lockout Lockout
	// HasPassword says whether a password is set at all.
	HasPassword bool
}

// EventFilter selects audit events. Zero fields select everything.
type EventFilter struct {
	// Username selects events whose subject or actor is this username;
	// Maintainer selects events by the maintainer of that name. When both
	// are set an event matching either is selected.
	Username   string
	Maintainer string
	// Action is an action such as "login.failed", or a prefix when it ends
	// in "." ("admin.").
	Action string
	// Since and Until bound the event's time, Until excluded.
	Since, Until time.Time
	// Limit keeps the newest Limit events; <= 0 means all.
	Limit int
}

// maxReaderState bounds what a kiosk may store as its reader state.
const maxReaderState = 80

// Heartbeat records that a kiosk is alive now and what its smartcard
// reader shows, keeping the terminal's failure count.
func (s *Service) Heartbeat(ctx context.Context, terminal, readerState string) error {
	terminal = strings.TrimSpace(terminal)
	if terminal == "" {
		return fmt.Errorf("%w: a heartbeat needs a terminal name", ErrInvalid)
	}
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		t, err := tx.Terminal(ctx, terminal)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		t.Name = terminal
		t.LastSeen = s.now()
		t.ReaderState = clip(sanitize.Line(readerState), maxReaderState)
		return tx.SaveTerminal(ctx, t)
	})
	if err != nil {
		return fmt.Errorf("auth: heartbeat: %w", err)
	}
	return nil
}

// Terminals lists every terminal the store knows, by name, with its last
// heartbeat (or sign-in) and reader state.
func (s *Service) Terminals(ctx context.Context) ([]Terminal, error) {
	var ts []Terminal
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		var err error
		ts, err = tx.ListTerminals(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("auth: terminals: %w", err)
	}
	return ts, nil
}

// Accounts lists every user with their lockout, by username, in one
// transaction (two queries however many users there are).
func (s *Service) Accounts(ctx context.Context) ([]Account, error) {
	var us []User
	var ls []Lockout
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		var err error
		if us, err = tx.ListUsers(ctx); err != nil {
			return err
		}
		ls, err = tx.ListLockouts(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("auth: accounts: %w", err)
	}
	byUser := make(map[int64]Lockout, len(ls))
	for _, l := range ls {
		byUser[l.UserID] = l
	}
	out := make([]Account, len(us))
	for i, u := range us {
		l, ok := byUser[u.ID]
		if !ok {
			l = Lockout{UserID: u.ID}
		}
		has := u.PasswordHash != ""
		u.PasswordHash = ""
		out[i] = Account{User: u, Lockout: l, HasPassword: has}
	}
	return out, nil
}

// FindAuditEvents returns the newest audit events matching f, oldest
// first. The username is normalised as sign-in does.
func (s *Service) FindAuditEvents(ctx context.Context, f EventFilter) ([]Event, error) {
	if f.Username != "" {
		f.Username = NormalizeUsername(f.Username)
	}
	f.Maintainer = strings.TrimSpace(f.Maintainer)
	f.Action = strings.TrimSpace(f.Action)
	var evs []Event
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		var err error
		evs, err = tx.FindEvents(ctx, f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("auth: audit: %w", err)
	}
	return evs, nil
}
