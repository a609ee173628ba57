// Package auth is the kiosk's auth core: accounts, password and smartcard
// sign-in, Login Assistance, reset codes, lockout and the audit chain. It
// knows nothing of screens or SQL; it talks to a Store.
package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"time"

	"github.com/wardkiosk/kiosk/auth/policy"
)

// Options configure a Service. Zero values take the defaults of DESIGN §4.
type Options struct {
	Store Store
	// Lists loads the shared word lists, once: wrap policy.LoadLists in
	// sync.OnceValues. Commands that never check a password never load them.
	Lists   func() (*policy.Lists, error)
	Profile policy.Profile
	// Forbidden are the configured forbidden words; maintainers' additions
	// in the store are added at each check.
	Forbidden []string
	OrgCode   string
	Argon     Argon2
	// MaxArgon is how many argon2id hashes and verifies run at once
	// (GOMAXPROCS): each holds Argon.Memory while it runs, so the rest
	// queue for a core without holding theirs.
	MaxArgon int

	// LockThreshold wrong passwords in a row at one terminal lock the
	// account at that terminal (5).
	LockThreshold int
	LockDuration  time.Duration // first lock (15m); each further lock doubles
	LockMax       time.Duration // longest lock (24h)
	// LockTerminals is how many terminals the account must be locked at,
	// at once, for it to be locked at every terminal (3): more than one
	// person at one terminal can do.
	LockTerminals int
	TerminalHint  int // failures at one terminal before the hint (3)

	CodeLifetime time.Duration // 30m
	// CodeTries wrong tries at one code from one terminal bar that terminal
	// from the code (5); CodeTriesAll from all terminals kill it (20). A
	// 60-bit code leaves room: 20 guesses find it with odds of 2^-55.
	CodeTries    int
	CodeTriesAll int
	// MaxEmailsPerHour is the assistance emails an account an hour asked
	// for at one terminal (3); MaxEmailsPerHourAll at all terminals (10).
	MaxEmailsPerHour    int
	MaxEmailsPerHourAll int
	// AssistanceFloor is the least time a Login Assistance answer takes,
	// so a match and a miss look alike (250ms).
	AssistanceFloor time.Duration
	CodeKey         []byte // HMAC key for reset codes; required, 32 bytes
	// AuditKey keys the audit chain (HMAC-SHA256), so that someone who can
	// write the database but not read the key cannot forge or re-chain it.
	// The kiosk keeps it in a file of its own; empty, it is derived from
	// CodeKey.
	AuditKey []byte
	// Log is the system log: the audit head goes there on every lockout,
	// an anchor outside the database. Nil: discarded.
	Log *slog.Logger
	// Observe, when set, is told of every audit event once its
	// transaction has committed: the service's metrics count sign-ins,
	// lockouts and assistance requests from it.
	Observe   func(Event)
	TrustName string // named in emails
	ResetURL  string // optional link in emails

	Now   func() time.Time
	Rand  io.Reader
	Sleep func(ctx context.Context, d time.Duration)
}

// Service runs the auth use cases.
type Service struct {
	o     Options
	dummy string // a well-formed hash no password matches, for unknown users
	argon *bound // every argon2id run passes through it
}

// New checks the options, fills in defaults and returns a Service.
func New(o Options) (*Service, error) {
	if o.Store == nil || o.Lists == nil {
		return nil, errors.New("auth: a store and word lists are required")
	}
	if len(o.CodeKey) < 16 {
		return nil, errors.New("auth: a reset code key of at least 16 bytes is required")
	}
	if o.Profile.Name == "" {
		p, err := policy.Lookup(policy.DefaultProfile)
		if err != nil {
			return nil, err
		}
		o.Profile = p
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defd := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if o.OrgCode == "" {
		o.OrgCode = "382"
	}
	if o.Argon.Memory == 0 {
		o.Argon = DefaultArgon2
	}
	def(&o.MaxArgon, runtime.GOMAXPROCS(0))
	def(&o.LockThreshold, 5)
	defd(&o.LockDuration, 15*time.Minute)
	defd(&o.LockMax, 24*time.Hour)
	def(&o.LockTerminals, 3)
	def(&o.TerminalHint, 3)
	defd(&o.CodeLifetime, 30*time.Minute)
	def(&o.CodeTries, 5)
	def(&o.CodeTriesAll, max(20, o.CodeTries))
	def(&o.MaxEmailsPerHour, 3)
	def(&o.MaxEmailsPerHourAll, max(10, o.MaxEmailsPerHour))
	defd(&o.AssistanceFloor, 250*time.Millisecond)
	if o.TrustName == "" {
		o.TrustName = "ESR Kiosk, for your NHS Trust"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if len(o.AuditKey) == 0 {
		m := hmac.New(sha256.New, o.CodeKey)
		m.Write([]byte("ward-kiosk audit chain"))
		o.AuditKey = m.Sum(nil)
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	// Outermost, so that a replayed request's rolled-back writes reach
	// nothing that acts on a commit.
	var inner Store = anchorStore{Store: o.Store, log: o.Log}
	if o.Observe != nil {
		inner = observeStore{Store: inner, observe: o.Observe}
	}
	o.Store = onceStore{Store: inner, now: o.Now}
	s := &Service{o: o, argon: newBound(o.MaxArgon)}
	// The dummy needs no argon2 run: verifying against it costs one, and
	// its random key matches nothing.
	salt := make([]byte, o.Argon.SaltLen)
	key := make([]byte, o.Argon.KeyLen)
	if _, err := io.ReadFull(o.Rand, salt); err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	if _, err := io.ReadFull(o.Rand, key); err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	b64 := base64.RawStdEncoding
	s.dummy = fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", o.Argon.Memory, o.Argon.Time, o.Argon.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
	return s, nil
}

func sleepCtx(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// now is the service clock in UTC.
func (s *Service) now() time.Time { return s.o.Now().UTC() }

// TrustName is the Trust that emails are signed with.
func (s *Service) TrustName() string { return s.o.TrustName }

// Profile is the active password policy profile.
func (s *Service) Profile() policy.Profile { return s.o.Profile }

// Policy returns the password policy in force now: the profile, the
// configured words and the maintainers' additions.
func (s *Service) Policy(ctx context.Context) (*policy.Policy, error) {
	return s.policyFor(ctx, s.o.Profile)
}

// policyFor builds a policy of the given profile with today's words.
func (s *Service) policyFor(ctx context.Context, p policy.Profile) (*policy.Policy, error) {
	words, err := s.ForbiddenWords(ctx)
	if err != nil {
		return nil, fmt.Errorf("auth: forbidden words: %w", err)
	}
	lists, err := s.o.Lists()
	if err != nil {
		return nil, fmt.Errorf("auth: word lists: %w", err)
	}
	return policy.New(p, lists, words), nil
}

// subject is the user's details that a password must not contain.
func subject(u User) policy.Subject {
	return policy.Subject{FirstName: u.FirstName, LastName: u.LastName, Username: u.Username,
		Email: u.Email, Role: u.Role, Ward: u.Ward}
}
