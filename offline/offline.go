// Package offline is how a client kiosk goes on signing staff in when it
// cannot reach the Trust's service (DESIGN §10): from its ward's roster,
// the Trust's CA and CRL and, if the Trust allows it, password verifiers
// the kiosk derived itself, all kept in kiosklocal, under strict limits
// of age and tries. Each offline sign-in and failure is recorded in the
// kiosk's event outbox for the service to audit when the link returns.
package offline

import (
	"context"
	"crypto/x509"
	"errors"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
)

// Limits are the Trust's offline settings ([offline] in the configuration).
type Limits struct {
	Card           bool          // offline.card
	Password       bool          // offline.password
	RosterDays     int           // offline.roster_days
	MaxSyncAge     time.Duration // offline.max_sync_age
	MaxCRLAge      time.Duration // offline.max_crl_age
	PasswordWindow time.Duration // offline.password_window
	PasswordCache  int           // offline.password_cache
}

// CardSigner has the card in a reader, unlocked by its passcode, sign a
// challenge; *smartcard.Signer is one.
type CardSigner interface {
	SignChallenge(ctx context.Context, reader, passcode string, challenge []byte) (*x509.Certificate, []byte, error)
}

// errNotBuilt marks what is not built yet.
var errNotBuilt = errors.New("offline: not built yet")

// Gate decides offline sign-ins from what the kiosk keeps. It is safe for
// concurrent use.
type Gate struct {
	db       *kiosklocal.DB
	terminal string
	limits   Limits
	signer   CardSigner
	now      func() time.Time
}

// New is the gate of the kiosk named terminal (its certificate's name),
// over db. signer is nil when the kiosk has no card reader; now is the
// local clock (nil: time.Now).
func New(db *kiosklocal.DB, terminal string, l Limits, signer CardSigner, now func() time.Time) *Gate {
	if now == nil {
		now = time.Now
	}
	return &Gate{db: db, terminal: terminal, limits: l, signer: signer, now: now}
}

// Sync replaces the roster, CA and CRL with the service's answer and
// records the time of the sync and the service's clock.
func (g *Gate) Sync(ctx context.Context, r auth.Roster) error { return errNotBuilt }

// ServerTime records the service's clock as a heartbeat told it.
func (g *Gate) ServerTime(ctx context.Context, t time.Time) error { return errNotBuilt }

// Now is the clock every offline limit uses: the later of the local clock
// and the last time the service told, so winding the kiosk's clock back
// extends nothing.
func (g *Gate) Now(ctx context.Context) time.Time { return g.now() }

// Apply acts on a change from the feed: a user disabled, enabled, locked
// or unlocked changes their roster entry; a card revoked drops that
// user's cards until the next sync; a password change or reset anywhere
// deletes the user's verifier.
func (g *Gate) Apply(ctx context.Context, ch auth.Change) error { return errNotBuilt }

// SignedInOnline notes an online sign-in at this kiosk: the user joins
// the roster, and, with offline passwords on and a password given, the
// kiosk derives and keeps (or refreshes) the user's verifier, closing
// out the least recently used beyond the cache's size, and clears the
// user's offline failures.
func (g *Gate) SignedInOnline(ctx context.Context, sess auth.Session, password string) error {
	return errNotBuilt
}

// CardOffered says whether offline card sign-in can be offered now: on,
// a reader, a sync within MaxSyncAge and a CRL within MaxCRLAge.
func (g *Gate) CardOffered(ctx context.Context) bool { return false }

// PasswordOffered says whether offline password sign-in can be offered
// now: on, and a sync within MaxSyncAge.
func (g *Gate) PasswordOffered(ctx context.Context) bool { return false }

// CardLogin signs in offline with the card in reader: the card checks the
// passcode and signs a fresh local challenge; the kiosk checks the
// signature, the cached CA and CRL, the roster and the user's state as
// of the last sync. The sign-in or failure goes to the outbox.
func (g *Gate) CardLogin(ctx context.Context, reader, passcode string) (auth.Session, error) {
	return auth.Session{}, errNotBuilt
}

// Login signs in offline with a password against the kiosk's own
// verifier; the sign-in or failure goes to the outbox.
func (g *Gate) Login(ctx context.Context, username, password string) (auth.Session, error) {
	return auth.Session{}, errNotBuilt
}
