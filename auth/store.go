package auth

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by a Store when a row does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned by a Store when a unique value is already taken.
var ErrConflict = errors.New("already exists")

// Store is the persistence the auth core needs. Every use case runs inside
// one transaction, so a crash leaves the old state or the new, never half.
type Store interface {
	// Read runs fn in one read-only transaction: one consistent snapshot
	// that takes no write lock, so sign-ins at other kiosks go on while a
	// maintainer lists or a dashboard refreshes.
	Read(ctx context.Context, fn func(ReadTx) error) error
	// Tx runs fn in one read-write transaction, committing when fn returns
	// nil. Writers take turns: use it only for use cases that write.
	Tx(ctx context.Context, fn func(Tx) error) error
}

// ReadTx is one read-only transaction's view of the store: the reading
// half of each small interface, so a read cannot write by mistake.
type ReadTx interface {
	UserReader
	LockoutReader
	PasswordReader
	AuditReader
	OutboxReader
	TerminalReader
	SettingReader
	CardReader
	LimitReader
	FeedReader
	WardSignInReader
	KioskEventReader
}

// Tx is one transaction's view of the store, composed of small interfaces
// so that a second implementation is a matter of SQL.
type Tx interface {
	Users
	Lockouts
	Passwords
	Codes
	AuditLog
	Outbox
	Terminals
	Settings
	Cards
	Limits
	Feed
	Challenges
	Requests
	KioskEvents
	WardSignIns
}

// Users keeps staff accounts.
type Users interface {
	UserReader
	CreateUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u User) error
}

// UserReader reads staff accounts.
type UserReader interface {
	UserByID(ctx context.Context, id int64) (User, error)
	UserByUsername(ctx context.Context, username string) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	UsernamesWithPrefix(ctx context.Context, prefix string) ([]string, error)
	ListUsers(ctx context.Context) ([]User, error)
}

// Lockouts keeps consecutive failures and locks, one row a user.
type Lockouts interface {
	LockoutReader
	SaveLockout(ctx context.Context, l Lockout) error
}

// LockoutReader reads failures and locks.
type LockoutReader interface {
	Lockout(ctx context.Context, userID int64) (Lockout, error)
	// ListLockouts returns every stored lockout row, by user id.
	ListLockouts(ctx context.Context) ([]Lockout, error)
}

// Passwords keeps previous password hashes for the not-previous rule.
type Passwords interface {
	PasswordReader
	AddPasswordHistory(ctx context.Context, userID int64, hash string, at time.Time) error
}

// PasswordReader reads previous password hashes.
type PasswordReader interface {
	PasswordHistory(ctx context.Context, userID int64, n int) ([]string, error)
}

// Codes keeps reset codes, only as keyed hashes.
type Codes interface {
	AddCode(ctx context.Context, c *ResetCode) error
	LiveCode(ctx context.Context, userID int64, now time.Time) (ResetCode, error)
	SaveCode(ctx context.Context, c ResetCode) error
	RevokeCodes(ctx context.Context, userID int64, at time.Time) error
}

// Limits keeps what can be spent against an account at one terminal:
// wrong passwords, assistance emails and wrong codes (DESIGN §4). Each
// terminal has its own share, so one terminal cannot spend another's; the
// account-wide ceilings are counted from the same rows.
type Limits interface {
	LimitReader
	// TerminalLockout returns the account's failures and lock at one
	// terminal, zero (keys set) when nothing was spent there.
	TerminalLockout(ctx context.Context, userID int64, terminal string) (TerminalLockout, error)
	SaveTerminalLockout(ctx context.Context, l TerminalLockout) error
	// LockedTerminals counts the terminals at which the account is locked at now.
	LockedTerminals(ctx context.Context, userID int64, now time.Time) (int, error)
	// ClearTerminalLockouts forgets the account's failures and locks at every terminal.
	ClearTerminalLockouts(ctx context.Context, userID int64) error
	// AddAssistance records an assistance email to the account asked for at a terminal.
	AddAssistance(ctx context.Context, userID int64, terminal string, at time.Time) error
	// CountAssistance counts the account's assistance emails since a time,
	// asked for at one terminal, or at any for terminal "".
	CountAssistance(ctx context.Context, userID int64, terminal string, since time.Time) (int, error)
	// CodeTries is the number of wrong tries at one code from one terminal.
	CodeTries(ctx context.Context, codeID int64, terminal string) (int, error)
	SaveCodeTries(ctx context.Context, codeID int64, terminal string, n int) error
}

// LimitReader reads what was spent against accounts at terminals.
type LimitReader interface {
	// ListTerminalLockouts returns every account's failures and locks at
	// terminals, by user and terminal.
	ListTerminalLockouts(ctx context.Context) ([]TerminalLockout, error)
}

// AuditLog is append-only; the core computes the hash chain.
type AuditLog interface {
	AuditReader
	AppendEvent(ctx context.Context, e *Event) error
	// RechainEvents rewrites every event's prev_hash and hash, oldest
	// first, to what next returns for it, lifting the append-only guard for
	// this transaction only. It is used once, to key an unkeyed chain.
	RechainEvents(ctx context.Context, next func(Event) (prevHash, hash string, err error)) error
}

// AuditReader reads the audit.
type AuditReader interface {
	LastEvent(ctx context.Context) (Event, error)
	// Events returns the newest n events, oldest first; n <= 0 means all.
	Events(ctx context.Context, n int) ([]Event, error)
	// EachEvent hands every event to fn, oldest first, one row at a time,
	// so that a chain of millions is walked in constant memory; an error
	// from fn stops the walk and is returned.
	EachEvent(ctx context.Context, fn func(Event) error) error
	// FindEvents returns the newest events matching f, oldest first.
	FindEvents(ctx context.Context, f EventFilter) ([]Event, error)
}

// Outbox queues email for delivery.
type Outbox interface {
	OutboxReader
	Enqueue(ctx context.Context, m *Message) error
}

// OutboxReader reads the outbox.
type OutboxReader interface {
	Messages(ctx context.Context) ([]Message, error)
	MessageByID(ctx context.Context, id int64) (Message, error)
	// CountMessages counts messages to a user of the given kinds since a time.
	CountMessages(ctx context.Context, userID int64, kinds []string, since time.Time) (int, error)
}

// Terminals keeps per-terminal state (consecutive failures, heartbeat)
// and the registry of the Trust's terminals.
type Terminals interface {
	TerminalReader
	// SaveTerminal stores a terminal's state: failures, last seen, reader
	// state, version and queued events. It never changes a registration.
	SaveTerminal(ctx context.Context, t Terminal) error
	// RegisterTerminal records t's ward, fingerprint, AddedAt and AddedBy,
	// enabled, keeping any state a terminal of that name has. ErrConflict
	// when a terminal of that name is registered already or another holds
	// the fingerprint.
	RegisterTerminal(ctx context.Context, t Terminal) error
	// SetTerminalDisabled disables or enables a registered terminal;
	// ErrNotFound when none of that name is registered.
	SetTerminalDisabled(ctx context.Context, name string, disabled bool) error
	// SetTerminalCertificate replaces a registered terminal's certificate
	// fingerprint; ErrNotFound when no registered terminal has the name,
	// ErrConflict when another has the fingerprint.
	SetTerminalCertificate(ctx context.Context, name, fingerprint string) error
}

// TerminalReader reads per-terminal state.
type TerminalReader interface {
	// Terminal returns the named terminal, or ErrNotFound with Name set.
	Terminal(ctx context.Context, name string) (Terminal, error)
	// TerminalByFingerprint returns the terminal registered with the
	// certificate of that fingerprint (hex SHA-256), or ErrNotFound.
	TerminalByFingerprint(ctx context.Context, fingerprint string) (Terminal, error)
	// ListTerminals returns every known terminal, by name.
	ListTerminals(ctx context.Context) ([]Terminal, error)
}

// Challenges keeps the card sign-in challenges the service issued until
// they are used or expire, so that each is used once, at any instance.
type Challenges interface {
	// AddChallenge stores an issued challenge and forgets those expired by
	// its IssuedAt.
	AddChallenge(ctx context.Context, c Challenge) error
	// TakeChallenge deletes the challenge with this hash and returns it, in
	// one statement, so that of two takers exactly one gets it; ErrNotFound
	// when there is none (never issued, taken or forgotten).
	TakeChallenge(ctx context.Context, hash []byte) (Challenge, error)
}

// Settings keeps maintainers' runtime settings such as extra forbidden words.
type Settings interface {
	SettingReader
	AddForbiddenWord(ctx context.Context, word, by string, at time.Time) error
	RemoveForbiddenWord(ctx context.Context, word string) error
	SetSetting(ctx context.Context, key, value string) error
}

// SettingReader reads runtime settings.
type SettingReader interface {
	ForbiddenWords(ctx context.Context) ([]string, error)
	// Setting returns a setting's value, or ErrNotFound.
	Setting(ctx context.Context, key string) (string, error)
}

// Cards keeps smartcards enrolled to users, keyed on the certificate.
type Cards interface {
	CardReader
	// AddCard enrols a card; ErrConflict when its fingerprint or its issuer
	// and serial are already enrolled, revoked or not.
	AddCard(ctx context.Context, c *Card) error
	// SaveCard stores a card's revocation and last use.
	SaveCard(ctx context.Context, c Card) error
}

// CardReader reads enrolled cards.
type CardReader interface {
	// CardByFingerprint finds a card by its certificate's SHA-256, or ErrNotFound.
	CardByFingerprint(ctx context.Context, fingerprint string) (Card, error)
	CardByID(ctx context.Context, id int64) (Card, error)
	// ListCards returns every card, revoked too, by id, with usernames.
	ListCards(ctx context.Context) ([]Card, error)
	// UserCards returns the user's cards, revoked too, by id, with usernames.
	UserCards(ctx context.Context, userID int64) ([]Card, error)
}

// Feed is the change feed kiosks follow (DESIGN §10): appended in the
// transaction that made the change, read in sequence order.
type Feed interface {
	FeedReader
	// AddChange appends c, setting its Seq.
	AddChange(ctx context.Context, c *Change) error
}

// FeedReader reads the change feed.
type FeedReader interface {
	// Changes returns up to limit changes with Seq above after, oldest first.
	Changes(ctx context.Context, after int64, limit int) ([]Change, error)
}

// Requests remembers the kiosk API requests already applied, so that one a
// kiosk sends again, to another instance after the first died before it
// answered, changes nothing twice (see WithRequest).
type Requests interface {
	// ClaimRequest records key at, forgetting keys older than
	// RequestMemory; fresh is false when key was recorded already.
	ClaimRequest(ctx context.Context, key string, at time.Time) (fresh bool, err error)
}

// WardSignIn is a user's latest online sign-in on a ward: what puts them
// on that ward's roster (DESIGN §10).
type WardSignIn struct {
	Ward   string
	UserID int64
	At     time.Time
}

// WardSignIns keeps each user's latest online sign-in on each ward.
type WardSignIns interface {
	WardSignInReader
	// SaveWardSignIn records s, keeping the later of its At and the one
	// recorded for that ward and user, so a slow transaction cannot move
	// a sign-in back.
	SaveWardSignIn(ctx context.Context, s WardSignIn) error
}

// WardSignInReader reads the ward sign-in record.
type WardSignInReader interface {
	// WardSignIns returns the ward's records at or after since, by user id.
	WardSignIns(ctx context.Context, ward string, since time.Time) ([]WardSignIn, error)
}
