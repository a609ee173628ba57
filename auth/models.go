package auth

import (
	"time"

	"github.com/wardkiosk/kiosk/text"
)

// Status says whether an account may sign in at all.
type Status string

// Account statuses.
const (
	StatusActive   Status = "active"
	StatusDisabled Status = "disabled"
)

// User is a member of staff.
type User struct {
	ID                int64
	Username          string
	FirstName         string
	LastName          string
	Email             string
	DOB               time.Time // date of birth, a date in UTC
	Role              string
	Ward              string
	Status            Status
	PasswordHash      string // PHC string; empty until a password is set
	PasswordChangedAt time.Time
	LastLoginAt       time.Time
	LastLoginTerminal string
	CreatedAt         time.Time
	Language          text.Lang // their portal's and emails' language; empty is English
}

// Name is the user's full name.
func (u User) Name() string { return u.FirstName + " " + u.LastName }

// Lockout is a user's consecutive failures and lock state.
type Lockout struct {
	UserID      int64
	Failures    int
	LockedUntil time.Time // zero when not locked by failures
	LockCount   int       // locks since the last success; doubles the duration
	AdminLocked bool      // locked by a maintainer until unlocked
}

// Locked reports whether the account is locked at now.
func (l Lockout) Locked(now time.Time) bool {
	return l.AdminLocked || now.Before(l.LockedUntil)
}

// TerminalLockout is an account's consecutive failures and lock at one
// terminal: what someone at that terminal has spent, which no other
// terminal has to pay for.
type TerminalLockout struct {
	UserID      int64
	Terminal    string
	Failures    int
	LockedUntil time.Time // zero when not locked here
	LockCount   int       // locks here since the last success; doubles the duration
}

// Locked reports whether the account is locked at this terminal at now.
func (l TerminalLockout) Locked(now time.Time) bool { return now.Before(l.LockedUntil) }

// ResetCode is an emailed one-time code, kept only as a keyed hash.
type ResetCode struct {
	ID        int64
	UserID    int64
	Hash      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
	Attempts  int
	UsedAt    time.Time
	RevokedAt time.Time
}

// Event is one audit row, chained to the previous row by its hash.
type Event struct {
	ID       int64
	At       time.Time
	Terminal string
	Actor    string // who did it: a username, "maintainer:<name>", "cli", or "-"
	Action   string
	Subject  string // the account concerned, if any
	Detail   string
	PrevHash string
	Hash     string
}

// Message kinds in the outbox.
const (
	KindUsernameReminder = "username-reminder"
	KindResetCode        = "reset-code"
	KindPasswordChanged  = "password-changed"
	KindAccountLocked    = "account-locked"
)

// Message statuses in the outbox.
const (
	MessageQueued = "queued"
	MessageSent   = "sent"
	MessageDead   = "dead"
)

// Message is an email waiting in, or delivered from, the outbox.
type Message struct {
	ID        int64
	CreatedAt time.Time
	UserID    int64
	Kind      string
	To        string
	Subject   string
	Body      string
	Status    string
	Attempts  int
	LastError string
	SentAt    time.Time
	// NextAttemptAt is when delivery is next tried while queued.
	NextAttemptAt time.Time
}

// Terminal is per-terminal state and, for a terminal of the Trust's
// fleet, its registration (DESIGN §10): the service knows a client kiosk
// by the fingerprint of its TLS client certificate.
type Terminal struct {
	Name        string
	Failures    int // consecutive failed sign-ins at this terminal
	LastSeen    time.Time
	ReaderState string
	Version     string // the kiosk's version, from its last heartbeat
	// QueuedEvents is how many events the kiosk had waiting for the
	// service at its last heartbeat.
	QueuedEvents int

	Ward        string
	Fingerprint string // hex SHA-256 of the client certificate's DER; "" = not registered
	Disabled    bool   // refused by the service until enabled
	AddedAt     time.Time
	AddedBy     string
}

// Registered reports whether the terminal was added with a certificate.
func (t Terminal) Registered() bool { return t.Fingerprint != "" }

// Session is a signed-in user at a terminal.
type Session struct {
	User     User
	Terminal string
	Method   string // "password" or "smartcard"
	At       time.Time
	// PreviousAt and PreviousTerminal are the sign-in before this one.
	PreviousAt       time.Time
	PreviousTerminal string
}
