// Package offline is how a client kiosk goes on signing staff in when it
// cannot reach the Trust's service (DESIGN §10): from its ward's roster,
// the Trust's CA and CRL and, if the Trust allows it, password verifiers
// the kiosk derived itself, all kept in kiosklocal, under strict limits
// of age and tries. Each offline sign-in and failure is recorded in the
// kiosk's event outbox for the service to audit when the link returns.
package offline

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/text"
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

// The offline password tries (DESIGN §10): after WaitAfter wrong
// passwords in a row a wait of Wait; after CloseAfter, closed until the
// user signs in online again.
const (
	WaitAfter  = 3
	Wait       = 15 * time.Minute
	CloseAfter = 6
)

// Gate decides offline sign-ins from what the kiosk keeps. It is safe for
// concurrent use.
type Gate struct {
	db       *kiosklocal.DB
	terminal string
	limits   Limits
	signer   CardSigner
	now      func() time.Time
	rand     io.Reader
	argon    auth.Argon2
	// dummy is a well-formed verifier no password matches: an unknown
	// user costs the same argon2id run as a wrong password.
	dummy string
	// parsed is the cached CA and CRL as last parsed (parse).
	parsedMu sync.Mutex
	parsed   *parsedTrust
	// mu orders password tries and what changes verifiers, so that two
	// tries at once cannot both read the count before either adds to it.
	mu sync.Mutex
	// unsure are the users a change from the feed could not be recorded
	// for (the database failed): refused offline until they next sign
	// in online here, so that a database error never leaves a disabled
	// user, or a password reset, signing in. Guarded by mu.
	unsure map[string]struct{}

	// syncing orders SyncFrom's calls; flight records, while one waits
	// for the service's roster, the changes applied meanwhile (guarded
	// by fmu), which the roster it gets may predate.
	syncing sync.Mutex
	fmu     sync.Mutex
	flight  *[]auth.Change
}

// New is the gate of the kiosk named terminal (its certificate's name),
// over db. signer is nil when the kiosk has no card reader; now is the
// local clock (nil: time.Now).
func New(db *kiosklocal.DB, terminal string, l Limits, signer CardSigner, now func() time.Time) *Gate {
	if now == nil {
		now = time.Now
	}
	a := auth.DefaultArgon2
	salt := make([]byte, a.SaltLen)
	key := make([]byte, a.KeyLen)
	rand.Read(salt) // crypto/rand.Read does not fail
	rand.Read(key)
	b64 := base64.RawStdEncoding
	dummy := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", a.Memory, a.Time, a.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
	return &Gate{db: db, terminal: terminal, limits: l, signer: signer, now: now, rand: rand.Reader, argon: a, dummy: dummy,
		unsure: map[string]struct{}{}}
}

// ErrNoServerTime refuses a roster that does not say the service's clock.
var ErrNoServerTime = errors.New("offline: sync: the roster does not say the service's time")

// Sync replaces the roster, CA and CRL with the service's answer and
// records the time of the sync and the service's clock. The sync counts
// as made at the service's time, so a kiosk clock running ahead while it
// syncs buys no offline time once it is set right; a roster without that
// time is refused (ErrNoServerTime) rather than counted at the kiosk's
// clock. Verifiers past the window, or all of them with offline
// passwords off, go.
func (g *Gate) Sync(ctx context.Context, r auth.Roster) error {
	at := r.ServerTime
	if at.IsZero() {
		return ErrNoServerTime
	}
	if err := g.db.ReplaceRoster(ctx, r, at); err != nil {
		return fmt.Errorf("offline: sync: %w", err)
	}
	return g.forget(ctx)
}

// forget deletes the verifiers that can sign nobody in: all of them with
// offline passwords off, else those past the window.
func (g *Gate) forget(ctx context.Context) error {
	now, err := g.clock(ctx)
	if err != nil {
		return err
	}
	before := now.Add(-g.limits.PasswordWindow)
	if !g.limits.Password {
		before = now.Add(1 << 62) // every one: none was derived 146 years ahead
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, err := g.db.DeleteVerifiersBefore(ctx, before); err != nil {
		return fmt.Errorf("offline: %w", err)
	}
	return nil
}

// ServerTime records the service's clock as a heartbeat told it.
func (g *Gate) ServerTime(ctx context.Context, t time.Time) error {
	if err := g.db.NoteServerTime(ctx, t); err != nil {
		return fmt.Errorf("offline: %w", err)
	}
	return nil
}

// Now is the clock every offline limit uses: the later of the local clock
// and the last time the service told, so winding the kiosk's clock back
// extends nothing.
func (g *Gate) Now(ctx context.Context) time.Time {
	t, err := g.clock(ctx)
	if err != nil {
		return g.now()
	}
	return t
}

// clock is Now, or the error reading the last server time: the sign-ins
// refuse rather than fall back to a clock that may have been wound back.
func (g *Gate) clock(ctx context.Context) (time.Time, error) {
	_, server, err := g.db.SyncState(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("offline: %w", err)
	}
	now := g.now()
	if server.After(now) {
		return server, nil
	}
	return now, nil
}

// Apply acts on a change from the feed: a user disabled, enabled, locked
// or unlocked changes their roster entry; a card revoked drops that
// user's cards until the next sync; a password change or reset anywhere
// deletes the user's verifier. An account locked by wrong passwords is
// locked here too until the next sync, as online card sign-in refuses it.
// A change the database does not take leaves the user refused offline
// until they next sign in online here.
func (g *Gate) Apply(ctx context.Context, ch auth.Change) error {
	ch.Subject = auth.NormalizeUsername(ch.Subject) // as the roster keeps them; other kinds are ignored
	g.noteInFlight(ch)                              // before it is written: a roster replacing it after takes it again
	return g.apply(ctx, ch)
}

// apply is Apply's writing.
func (g *Gate) apply(ctx context.Context, ch auth.Change) error {
	yes, no := true, false
	var err error
	switch ch.Kind {
	case auth.ChangeDisabled:
		err = g.db.SetUserState(ctx, ch.Subject, &yes, nil)
	case auth.ChangeEnabled:
		err = g.db.SetUserState(ctx, ch.Subject, &no, nil)
	case auth.ChangeLocked, auth.ChangeAccountLocked:
		err = g.db.SetUserState(ctx, ch.Subject, nil, &yes)
	case auth.ChangeUnlocked:
		err = g.db.SetUserState(ctx, ch.Subject, nil, &no)
	case auth.ChangeCardRevoked:
		err = g.db.WithdrawCards(ctx, ch.Subject)
	case auth.ChangePassword, auth.ChangeReset:
		g.mu.Lock()
		err = g.db.DeleteVerifier(ctx, ch.Subject)
		g.mu.Unlock()
	}
	if err != nil {
		g.mu.Lock()
		g.unsure[ch.Subject] = struct{}{}
		g.mu.Unlock()
		return fmt.Errorf("offline: change %d: %w", ch.Seq, err)
	}
	return nil
}

// isUnsure reports whether a change for username was not recorded.
func (g *Gate) isUnsure(username string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	_, ok := g.unsure[username]
	return ok
}

// SignedInOnline notes an online sign-in at this kiosk: the user joins
// the roster, and, with offline passwords on and a password given, the
// kiosk derives and keeps (or refreshes) the user's verifier, closing
// out the least recently used beyond the cache's size, and clears the
// user's offline failures.
func (g *Gate) SignedInOnline(ctx context.Context, sess auth.Session, password string) error {
	username := auth.NormalizeUsername(sess.User.Username)
	if username == "" {
		return errors.New("offline: a session without a user")
	}
	// The session's time is the service's clock, from which the roster's
	// days and the password window count: without it the kiosk's own
	// clock, wound forward then back, would stretch both.
	at := sess.At
	if at.IsZero() {
		return errors.New("offline: a session without the service's time")
	}
	if err := g.db.NoteServerTime(ctx, at); err != nil {
		return fmt.Errorf("offline: %w", err)
	}
	now, err := g.clock(ctx)
	if err != nil {
		return err
	}
	ru := auth.RosterUser{Username: username, FirstName: sess.User.FirstName, LastName: sess.User.LastName,
		Role: sess.User.Role, Ward: sess.User.Ward, Language: string(sess.User.Language), SignedIn: at}
	if was, err := g.db.RosterUser(ctx, username); err == nil {
		if ru.Language == "" {
			ru.Language = was.Language // a service from before users had a language: keep the synced one
		}
	} else if !errors.Is(err, kiosklocal.ErrNotFound) {
		return fmt.Errorf("offline: %w", err)
	}
	if err := g.db.PutRosterUser(ctx, ru); err != nil {
		return fmt.Errorf("offline: %w", err)
	}
	if !g.limits.Password {
		if err := g.forget(ctx); err != nil {
			return err
		}
		g.mu.Lock()
		delete(g.unsure, username) // their roster entry as the service has it now, and no verifier
		g.mu.Unlock()
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if password == "" {
		if _, ok := g.unsure[username]; ok {
			// A reset may not have reached the verifier: it goes, and
			// their next password sign-in online derives a new one.
			if err := g.db.DeleteVerifier(ctx, username); err != nil {
				return fmt.Errorf("offline: %w", err)
			}
			delete(g.unsure, username)
			return nil
		}
		// A card sign-in online: no password to derive from, but the user
		// proved themselves online, which reopens their offline tries.
		v, err := g.db.Verifier(ctx, username)
		if errors.Is(err, kiosklocal.ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("offline: %w", err)
		}
		v.Failures, v.WaitUntil, v.Closed = 0, time.Time{}, false
		if err := g.db.SaveVerifierState(ctx, v); err != nil {
			return fmt.Errorf("offline: %w", err)
		}
		return nil
	}
	phc, err := auth.HashPassword(g.rand, g.argon, password)
	if err != nil {
		return fmt.Errorf("offline: verifier: %w", err)
	}
	used, err := g.usedAt(ctx, now)
	if err != nil {
		return err
	}
	if _, err := g.db.PutVerifier(ctx, kiosklocal.Verifier{Username: username, PHC: phc, OnlineAt: at, LastUsed: used},
		g.limits.PasswordCache); err != nil {
		return fmt.Errorf("offline: %w", err)
	}
	delete(g.unsure, username)
	return nil
}

// CardOffered says whether offline card sign-in can be offered now: on,
// a reader, a sync within MaxSyncAge and a CRL within MaxCRLAge.
func (g *Gate) CardOffered(ctx context.Context) bool {
	if !g.limits.Card || g.signer == nil {
		return false
	}
	_, err := g.cardTrust(ctx)
	return err == nil
}

// PasswordOffered says whether offline password sign-in can be offered
// now: on, and a sync within MaxSyncAge.
func (g *Gate) PasswordOffered(ctx context.Context) bool {
	if !g.limits.Password {
		return false
	}
	now, err := g.clock(ctx)
	if err != nil {
		return false
	}
	return g.synced(ctx, now) == nil
}

// synced refuses when the last sync is older than MaxSyncAge at now.
func (g *Gate) synced(ctx context.Context, now time.Time) error {
	last, _, err := g.db.SyncState(ctx)
	if err != nil {
		return fmt.Errorf("offline: %w", err)
	}
	if last.IsZero() || now.Sub(last) > g.limits.MaxSyncAge {
		return ErrTooLong
	}
	return nil
}

// checked is what a card sign-in checks against: the time and the
// Trust's CAs and CRL as cached.
type checked struct {
	now   time.Time
	trust *certs.Trust
}

// cardTrust is the cached Trust when the sync and the CRL are fresh
// enough at Now.
func (g *Gate) cardTrust(ctx context.Context) (checked, error) {
	now, err := g.clock(ctx)
	if err != nil {
		return checked{}, err
	}
	if err := g.synced(ctx, now); err != nil {
		return checked{}, err
	}
	caPEM, crlPEM, fetched, err := g.db.CardTrust(ctx)
	if err != nil {
		return checked{}, fmt.Errorf("offline: %w", err)
	}
	if fetched.IsZero() || now.Sub(fetched) > g.limits.MaxCRLAge {
		return checked{}, ErrTooLong
	}
	if len(caPEM) == 0 {
		return checked{}, ErrCardOff // the service checks no cards
	}
	p := g.parse(caPEM, crlPEM)
	if p.err != nil {
		return checked{}, p.err
	}
	// A CRL is as old as its issue, not its fetch: the kiosk fetches it
	// at every sync, so the fetch alone would never be older than the
	// sync, and a CRL the Trust stopped renewing would serve for ever.
	for _, crl := range p.crls {
		if now.Sub(crl.ThisUpdate) > g.limits.MaxCRLAge {
			return checked{}, ErrTooLong
		}
	}
	return checked{now: now, trust: p.trust}, nil
}

// parsedTrust is the cached CA and CRL, parsed.
type parsedTrust struct {
	caPEM, crlPEM []byte
	crls          []*x509.RevocationList
	trust         *certs.Trust
	err           error
}

// parse parses the cached CA and CRL, or returns them as last parsed
// when the bytes are the same: the screens ask each second whether card
// sign-in is offered, and a Trust's CRL can be large, while it changes
// only at a sync.
func (g *Gate) parse(caPEM, crlPEM []byte) *parsedTrust {
	g.parsedMu.Lock()
	defer g.parsedMu.Unlock()
	if p := g.parsed; p != nil && bytes.Equal(p.caPEM, caPEM) && bytes.Equal(p.crlPEM, crlPEM) {
		return p
	}
	p := &parsedTrust{caPEM: caPEM, crlPEM: crlPEM}
	g.parsed = p
	cas, err := certs.ParsePEMCertificates(caPEM)
	if err != nil {
		p.err = fmt.Errorf("offline: the cached CA: %w (%w)", ErrCardOff, err)
		return p
	}
	if len(crlPEM) > 0 {
		if p.crls, err = certs.ParseCRLs(crlPEM); err != nil {
			p.err = fmt.Errorf("offline: the cached CRL: %w (%w)", ErrCardOff, err)
			return p
		}
	}
	if p.trust, err = certs.New(cas, p.crls...); err != nil {
		p.err = fmt.Errorf("offline: the cached CA and CRL: %w (%w)", ErrCardOff, err)
	}
	return p
}

// onRoster says whether u signed in online on the ward within RosterDays at now.
func (g *Gate) onRoster(u auth.RosterUser, now time.Time) bool {
	days := time.Duration(g.limits.RosterDays) * 24 * time.Hour
	return !u.SignedIn.IsZero() && now.Sub(u.SignedIn) <= days
}

// sessionOf is the session of a roster user signed in offline.
func (g *Gate) sessionOf(u auth.RosterUser, method string, now time.Time) auth.Session {
	return auth.Session{User: auth.User{Username: u.Username, FirstName: u.FirstName, LastName: u.LastName,
		Role: u.Role, Ward: u.Ward, Status: auth.StatusActive, Language: text.Lang(u.Language)}, Terminal: g.terminal, Method: method, At: now}
}

// short is the start of a fingerprint, enough to tell cards apart in the audit.
func short(fingerprint string) string { return fingerprint[:min(len(fingerprint), 16)] }

// CardLogin signs in offline with the card in reader: the card checks the
// passcode and signs a fresh local challenge; the kiosk checks the
// signature, the cached CA and CRL, the roster and the user's state as
// of the last sync. The sign-in or failure goes to the outbox.
func (g *Gate) CardLogin(ctx context.Context, reader, passcode string) (auth.Session, error) {
	if !g.limits.Card || g.signer == nil {
		return auth.Session{}, ErrCardOff
	}
	c, err := g.cardTrust(ctx)
	if err != nil {
		return auth.Session{}, err
	}
	challenge := make([]byte, 32)
	if _, err := io.ReadFull(g.rand, challenge); err != nil {
		return auth.Session{}, fmt.Errorf("offline: challenge: %w", err)
	}
	cert, sig, cardErr := g.signer.SignChallenge(ctx, reader, passcode, challenge)
	if cert == nil {
		if cardErr == nil {
			cardErr = smartcard.ErrNotRecognised
		}
		return auth.Session{}, cardErr // nothing read to audit; the card's own words
	}
	fp := auth.IdentityOf(cert).Fingerprint
	var u auth.RosterUser
	holder, withdrawn, herr := g.db.CardHolder(ctx, fp)
	if herr == nil {
		u, herr = g.db.RosterUser(ctx, holder)
	}
	if herr != nil && !errors.Is(herr, kiosklocal.ErrNotFound) {
		return auth.Session{}, fmt.Errorf("offline: card login: %w", herr)
	}
	fail := func(why error) (auth.Session, error) {
		detail := "offline: card " + short(fp) + ": " + why.Error()
		if _, err := g.db.Append(ctx, auth.ActCardLoginFailed, u.Username, detail); err != nil {
			return auth.Session{}, fmt.Errorf("offline: card login: %w", err)
		}
		return auth.Session{}, why
	}
	if cardErr != nil {
		return fail(cardErr) // a wrong passcode's tries left reach the screen unchanged
	}
	if err := c.trust.Check(cert, c.now); err != nil {
		return fail(err)
	}
	if err := smartcard.VerifyChallenge(cert.PublicKey, challenge, sig); err != nil {
		return fail(err)
	}
	switch {
	case herr != nil || !g.onRoster(u, c.now):
		return fail(ErrNotOnRoster)
	case withdrawn:
		return fail(auth.ErrCardWithdrawn)
	case u.Disabled || u.Locked || g.isUnsure(u.Username):
		return fail(auth.ErrCardAccount)
	}
	if _, err := g.db.Append(ctx, auth.ActLoginOK, u.Username, "offline smartcard card "+short(fp)); err != nil {
		return auth.Session{}, fmt.Errorf("offline: card login: %w", err)
	}
	return g.sessionOf(u, "smartcard", c.now), nil
}

// Login signs in offline with a password against the kiosk's own
// verifier; the sign-in or failure goes to the outbox. An unknown user,
// one without a verifier here (or too old a one), a disabled or locked
// one and a wrong password are all auth.ErrLoginFailed after one argon2id
// verify; a user in their wait or closed out is told so.
func (g *Gate) Login(ctx context.Context, username, password string) (auth.Session, error) {
	if !g.limits.Password {
		return auth.Session{}, ErrPasswordOff
	}
	username = auth.NormalizeUsername(username)
	if username == "" || password == "" {
		return auth.Session{}, auth.ErrLoginFailed // a slip of the hand, as online
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	now, err := g.clock(ctx)
	if err != nil {
		return auth.Session{}, err
	}
	if err := g.synced(ctx, now); err != nil {
		return auth.Session{}, err
	}
	v, err := g.db.Verifier(ctx, username)
	if err != nil && !errors.Is(err, kiosklocal.ErrNotFound) {
		return auth.Session{}, fmt.Errorf("offline: login: %w", err)
	}
	known := err == nil
	have := known && now.Sub(v.OnlineAt) <= g.limits.PasswordWindow
	u, err := g.db.RosterUser(ctx, username)
	if err != nil && !errors.Is(err, kiosklocal.ErrNotFound) {
		return auth.Session{}, fmt.Errorf("offline: login: %w", err)
	}
	known = known || err == nil
	_, unsure := g.unsure[username]
	barred := err != nil || u.Disabled || u.Locked || unsure

	encoded := g.dummy
	if have && !v.Closed && !now.Before(v.WaitUntil) {
		encoded = v.PHC
	}
	// Always one verify, so that a refusal takes as long as any other.
	ok, verr := auth.VerifyPassword(encoded, password)
	switch {
	case have && v.Closed:
		return auth.Session{}, ErrPasswordClosed
	case have && now.Before(v.WaitUntil):
		return auth.Session{}, &WaitError{Minutes: minutesLeft(v.WaitUntil.Sub(now))}
	}
	ok = ok && verr == nil && have
	failed := func(detail string) (auth.Session, error) {
		// A name the kiosk does not know is kept out of the outbox, as
		// online keeps it out of the audit: it may be a password typed in
		// the wrong box, or an email.
		subject := username
		if !known {
			subject, detail = "", "unknown user"
		}
		if _, err := g.db.Append(ctx, auth.ActLoginFailed, subject, "offline password: "+detail); err != nil {
			return auth.Session{}, fmt.Errorf("offline: login: %w", err)
		}
		return auth.Session{}, auth.ErrLoginFailed
	}
	switch {
	case ok && barred:
		return failed("account disabled, locked, changed or off the roster")
	case !ok && !have:
		return failed("no verifier here")
	case !ok:
		v.Failures++
		var refusal error
		switch {
		case v.Failures >= CloseAfter:
			v.Closed, refusal = true, ErrPasswordClosed
		case v.Failures == WaitAfter:
			v.WaitUntil = now.Add(Wait)
			refusal = &WaitError{Minutes: minutesLeft(Wait)}
		}
		if err := g.db.SaveVerifierState(ctx, v); err != nil {
			return auth.Session{}, fmt.Errorf("offline: login: %w", err)
		}
		sess, err := failed(fmt.Sprintf("wrong password (%d in a row here)", v.Failures))
		if refusal != nil && errors.Is(err, auth.ErrLoginFailed) {
			err = refusal // the failure that starts the wait or closes says so
		}
		return sess, err
	}
	used, err := g.usedAt(ctx, now)
	if err != nil {
		return auth.Session{}, err
	}
	v.Failures, v.WaitUntil, v.LastUsed = 0, time.Time{}, used
	if err := g.db.SaveVerifierState(ctx, v); err != nil {
		return auth.Session{}, fmt.Errorf("offline: login: %w", err)
	}
	if _, err := g.db.Append(ctx, auth.ActLoginOK, username, "offline password"); err != nil {
		return auth.Session{}, fmt.Errorf("offline: login: %w", err)
	}
	return g.sessionOf(u, "password", now), nil
}

// usedAt is the time a verifier's use is recorded at: now, or just after
// the latest use recorded, if that is later (the kiosk's clock ran ahead
// then and was set back since), so that the cache drops the least
// recently used, not the one used now. Called with mu held.
func (g *Gate) usedAt(ctx context.Context, now time.Time) (time.Time, error) {
	last, err := g.db.LastVerifierUse(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("offline: %w", err)
	}
	if !now.After(last) {
		return last.Add(time.Nanosecond), nil
	}
	return now, nil
}

// minutesLeft is d in whole minutes, rounded up: "1 minute" until it ends.
func minutesLeft(d time.Duration) int {
	return max(1, int((d+time.Minute-1)/time.Minute))
}
