// Package console is the maintainers' admin console: a Bubble Tea program
// that `kiosk serve` runs over each SSH session with a terminal. It has a
// Dashboard (terminals, outbox, locked accounts, the latest audit events,
// live), Users (search, details and the account actions), Policy (the
// profile, forbidden words, testing a password) and Audit (search and
// verify the chain). It draws with the kiosk's own theme and widgets, and
// never shows a password hash, a reset code or a passcode.
package console

import (
	"context"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// Service is what the console needs of the auth core; *auth.Service has it.
type Service interface {
	Dashboard(ctx context.Context, events int) (auth.Dashboard, error)
	FindAuditEvents(ctx context.Context, f auth.EventFilter) ([]auth.Event, error)
	VerifyAudit(ctx context.Context) (int, error)

	Lock(ctx context.Context, by auth.Actor, username string) error
	Unlock(ctx context.Context, by auth.Actor, username string) error
	Disable(ctx context.Context, by auth.Actor, username string) error
	Enable(ctx context.Context, by auth.Actor, username string) error
	SendReset(ctx context.Context, by auth.Actor, username string) error
	SetLanguage(ctx context.Context, by auth.Actor, username string, lang text.Lang) error
	EnrolCard(ctx context.Context, by auth.Actor, username string, certificate []byte, trust *certs.Trust) (auth.Card, error)
	RevokeCard(ctx context.Context, by auth.Actor, id int64) (auth.Card, error)

	AddForbiddenWord(ctx context.Context, by auth.Actor, word string) error
	RemoveForbiddenWord(ctx context.Context, by auth.Actor, word string) error
	CheckPassword(ctx context.Context, username string, profile policy.Profile, password string, previous bool) ([]policy.Failure, error)
	Profile() policy.Profile
}

// Env is what one console session runs with.
type Env struct {
	// Ctx ends when the session or the server does; the console then
	// closes, saying why.
	Ctx     context.Context
	Service Service
	// Feed is the dashboard's data, shared by every session of a server.
	Feed  *Feed
	Theme theme.Theme
	// Maintainer and Fingerprint say who is connected; Actor is what the
	// audit records for their actions.
	Maintainer  string
	Fingerprint string
	Actor       auth.Actor
	// Kiosk names this kiosk (the configured terminal name).
	Kiosk string
	// ConfiguredWords are the forbidden words of the configuration file,
	// which only the file changes.
	ConfiguredWords []string
	// Trust loads the Trust's card CAs to check a certificate before it is
	// enrolled; it returns nil and no error when none is configured.
	Trust func() (*certs.Trust, error)
	Now   func() time.Time
	// IdleTimeout closes a console nobody types in (0: never).
	IdleTimeout time.Duration
	// Poll is how often the data is refreshed (default 3s).
	Poll time.Duration
}
