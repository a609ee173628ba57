package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wardkiosk/kiosk/sanitize"
)

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
	return s.heartbeat(ctx, terminal, readerState, nil)
}

// maxVersion bounds what a kiosk may store as its version.
const maxVersion = 64

// Beat is what a client kiosk reports in its heartbeat (DESIGN §10).
type Beat struct {
	ReaderState  string
	Version      string
	QueuedEvents int // events waiting in the kiosk's outbox for the service
}

// KioskHeartbeat is a client kiosk's heartbeat through the service: as
// Heartbeat, with the kiosk's version and queued events, for the
// terminals list and the console.
func (s *Service) KioskHeartbeat(ctx context.Context, terminal string, b Beat) error {
	return s.heartbeat(ctx, terminal, b.ReaderState, &b)
}

func (s *Service) heartbeat(ctx context.Context, terminal, readerState string, b *Beat) error {
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
		if b != nil {
			t.Version = clip(sanitize.Line(b.Version), maxVersion)
			t.QueuedEvents = max(b.QueuedEvents, 0)
		}
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
	ts, err := read(ctx, s, func(tx ReadTx) ([]Terminal, error) { return tx.ListTerminals(ctx) })
	if err != nil {
		return nil, fmt.Errorf("auth: terminals: %w", err)
	}
	return ts, nil
}

// Accounts lists every user with their lockout, by username, in one
// transaction (three queries however many users there are).
func (s *Service) Accounts(ctx context.Context) ([]Account, error) {
	as, err := read(ctx, s, func(tx ReadTx) ([]Account, error) { return accounts(ctx, tx) })
	if err != nil {
		return nil, fmt.Errorf("auth: accounts: %w", err)
	}
	return as, nil
}

// accounts reads every user with their lockout, by username.
func accounts(ctx context.Context, tx ReadTx) ([]Account, error) {
	us, err := tx.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	ls, err := tx.ListLockouts(ctx)
	if err != nil {
		return nil, err
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
		out[i] = accountOf(u, l)
	}
	ts, err := tx.ListTerminalLockouts(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64][]TerminalLockout, len(ts))
	for _, t := range ts {
		byID[t.UserID] = append(byID[t.UserID], t)
	}
	for i := range out {
		out[i].withTerminals(byID[out[i].User.ID])
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
	evs, err := read(ctx, s, func(tx ReadTx) ([]Event, error) { return tx.FindEvents(ctx, f) })
	if err != nil {
		return nil, fmt.Errorf("auth: audit: %w", err)
	}
	return evs, nil
}
