package cli

import (
	"context"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/mail"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/text"
)

// Kiosk is an opened kiosk as the commands see it: what they act through,
// and none of its configuration, so the SSH server can hand over exactly
// what a maintainer's command may use.
type Kiosk struct {
	// Service is the auth core every command acts through.
	Service Service
	// Trust loads the Trust's card CAs, to check a certificate before it
	// is enrolled; it returns nil and no error when none is configured.
	Trust func() (*certs.Trust, error)
	// Outbox builds the mail delivery for `outbox flush`; its error says
	// why there is none (no relay configured, no SMTP password).
	Outbox func() (Flusher, error)
	// DataDir is where `demo` writes the demo Trust CA and cards.
	DataDir string
}

// Service is what the commands use of the auth core; *auth.Service has it.
type Service interface {
	Users(ctx context.Context) ([]auth.User, error)
	Accounts(ctx context.Context) ([]auth.Account, error)
	Account(ctx context.Context, username string) (auth.Account, error)
	CreateUser(ctx context.Context, by auth.Actor, n auth.NewUser) (auth.User, error)
	MarkDemo(ctx context.Context, hint string) error

	Lock(ctx context.Context, by auth.Actor, username string) error
	Unlock(ctx context.Context, by auth.Actor, username string) error
	Disable(ctx context.Context, by auth.Actor, username string) error
	Enable(ctx context.Context, by auth.Actor, username string) error
	SendReset(ctx context.Context, by auth.Actor, username string) error

	Profile() policy.Profile
	CheckPassword(ctx context.Context, username string, profile policy.Profile, password string, previous bool) ([]policy.Failure, error)
	ForbiddenWords(ctx context.Context) ([]string, error)
	AddForbiddenWord(ctx context.Context, by auth.Actor, word string) error
	RemoveForbiddenWord(ctx context.Context, by auth.Actor, word string) error

	Messages(ctx context.Context) ([]auth.Message, error)
	Message(ctx context.Context, id int64) (auth.Message, error)

	AuditEvents(ctx context.Context, n int) ([]auth.Event, error)
	VerifyAuditTo(ctx context.Context, anchor string) (int, auth.AuditHead, error)
	AuditHead(ctx context.Context) (auth.AuditHead, error)

	EnrolCard(ctx context.Context, by auth.Actor, username string, certificate []byte, trust *certs.Trust) (auth.Card, error)
	Cards(ctx context.Context) ([]auth.Card, error)
	RevokeCard(ctx context.Context, by auth.Actor, id int64) (auth.Card, error)

	SetLanguage(ctx context.Context, by auth.Actor, username string, lang text.Lang) error
	AddTerminal(ctx context.Context, by auth.Actor, name, ward string, certificate []byte) (auth.Terminal, error)
	RenewTerminal(ctx context.Context, by auth.Actor, name string, certificate []byte) (auth.Terminal, error)
	Terminals(ctx context.Context) ([]auth.Terminal, error)
	DisableTerminal(ctx context.Context, by auth.Actor, name string) error
	EnableTerminal(ctx context.Context, by auth.Actor, name string) error
}

// Flusher delivers the mail due now; *mail.Worker has it.
type Flusher interface {
	Flush(ctx context.Context, all bool) ([]mail.Result, error)
}
