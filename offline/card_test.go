package offline_test

import (
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/offline"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/text"
)

// A roster user's card signs them in offline: the session is theirs, by
// smartcard, at this kiosk, at the gate's clock; the outbox says so.
func TestCardSignsInARosterUser(t *testing.T) {
	w := newWorld(t, defaults)
	jane := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", jane), user("BJONES")})
	w.clock.Add(2 * time.Hour)
	if !w.gate.CardOffered(w.ctx) {
		t.Fatal("card sign-in not offered two hours after a sync")
	}
	sess, err := w.gate.CardLogin(w.ctx, "reader-1", pin)
	if err != nil {
		t.Fatal(err)
	}
	if sess.User.Username != "JSMITH" || sess.User.FirstName != "First JSMITH" || sess.User.Role != "Nurse" ||
		sess.Method != "smartcard" || sess.Terminal != "ward7-kiosk2" || !sess.At.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("session %+v", sess)
	}
	w.wantEvent(auth.ActLoginOK, "JSMITH", "offline")
}

// The card checks the passcode: a wrong one is the card's own answer, its
// tries left on the screen, as online; the outbox records the failure.
func TestCardWrongPasscodeIsTheCardsAnswer(t *testing.T) {
	w := newWorld(t, defaults)
	jane := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", jane)})
	_, err := w.gate.CardLogin(w.ctx, "reader-1", "654321")
	var pe *smartcard.PasscodeError
	if !errors.As(err, &pe) || pe.Left != 2 {
		t.Fatalf("err = %#v; want the card's PasscodeError with 2 tries left", err)
	}
	msg, ok := text.ForError(err)
	if !ok || msg.ID != text.CardErrTriesLeft {
		t.Fatalf("words %v %v; want the tries left", msg, ok)
	}
	if got := text.For(text.English).T(msg.ID, msg.Args...); got != "The passcode is not right. 2 tries left before the card is blocked." {
		t.Fatalf("screen says %q", got)
	}
	w.wantEvent(auth.ActCardLoginFailed, "JSMITH", "offline")
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
		t.Fatalf("the right passcode after a wrong one: %v", err)
	}
}

// Refusals: every rule of DESIGN §10 for cards, each with the error staff
// read and, once a card was read, an event in the outbox.
func TestCardRefusals(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(w *world) // after a sync of jsmith with the card in reader-1
		want  error
		event bool // a card.login-failed event is recorded
	}{
		{"a card enrolled to nobody on the roster", func(w *world) {
			w.card("reader-1", w.ca)
		}, offline.ErrNotOnRoster, true},
		{"a user who has not signed in on the ward within roster_days", func(w *world) {
			u := user("JSMITH", w.certs["reader-1"])
			u.SignedIn = t0.Add(-15 * 24 * time.Hour)
			w.sync([]auth.RosterUser{u})
		}, offline.ErrNotOnRoster, true},
		{"roster_days pass offline", func(w *world) {
			w.clock.Add(14*24*time.Hour - 30*time.Minute) // signed in 1 h before t0; sync limit raised below
		}, offline.ErrNotOnRoster, true},
		{"disabled as of the sync", func(w *world) {
			u := user("JSMITH", w.certs["reader-1"])
			u.Disabled = true
			w.sync([]auth.RosterUser{u})
		}, auth.ErrCardAccount, true},
		{"locked as of the sync", func(w *world) {
			u := user("JSMITH", w.certs["reader-1"])
			u.Locked = true
			w.sync([]auth.RosterUser{u})
		}, auth.ErrCardAccount, true},
		{"disabled through the feed", func(w *world) {
			apply(w, auth.ChangeDisabled, "JSMITH")
		}, auth.ErrCardAccount, true},
		{"locked through the feed", func(w *world) {
			apply(w, auth.ChangeLocked, "JSMITH")
		}, auth.ErrCardAccount, true},
		{"locked by wrong passwords elsewhere", func(w *world) {
			apply(w, auth.ChangeAccountLocked, "JSMITH")
		}, auth.ErrCardAccount, true},
		{"a card revoked through the feed", func(w *world) {
			apply(w, auth.ChangeCardRevoked, "JSMITH")
		}, auth.ErrCardWithdrawn, true},
		{"a card revoked before the sync", func(w *world) {
			w.sync([]auth.RosterUser{user("JSMITH")})
		}, offline.ErrNotOnRoster, true},
		{"a certificate on the cached CRL", func(w *world) {
			w.sync([]auth.RosterUser{user("JSMITH", w.certs["reader-1"])}, w.certs["reader-1"])
		}, certs.ErrRevoked, true},
		{"a card of another CA", func(w *world) {
			other, err := issue.NewCA(rand.Reader, "Another CA", t0)
			if err != nil {
				t.Fatal(err)
			}
			c := w.card("reader-1", other)
			w.sync([]auth.RosterUser{user("JSMITH", c)})
		}, certs.ErrUntrusted, true},
		{"a signature that is not the card's over this challenge", func(w *world) {
			w.bay.tamper = func(c *x509.Certificate, sig []byte) (*x509.Certificate, []byte) {
				bad := append([]byte{}, sig...)
				bad[len(bad)-1] ^= 1
				return c, bad
			}
		}, smartcard.ErrBadSignature, true},
		{"no card in the reader", func(w *world) {
			delete(w.bay.in, "reader-1")
		}, smartcard.ErrNoCard, false},
		{"the last sync too old", func(w *world) {
			w.clock.Add(72*time.Hour + time.Minute)
		}, offline.ErrTooLong, false},
		{"never synced", nil, offline.ErrTooLong, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := defaults
			if tc.name == "roster_days pass offline" {
				l.MaxSyncAge, l.MaxCRLAge = 30*24*time.Hour, 30*24*time.Hour
			}
			w := newWorld(t, l)
			c := w.card("reader-1", w.ca)
			if tc.setup == nil {
				_, err := w.gate.CardLogin(w.ctx, "reader-1", pin)
				wantErr(t, err, tc.want)
				return
			}
			w.sync([]auth.RosterUser{user("JSMITH", c)})
			tc.setup(w)
			before := w.countEvents()
			_, err := w.gate.CardLogin(w.ctx, "reader-1", pin)
			wantErr(t, err, tc.want)
			if _, ok := text.ForError(err); !ok {
				t.Fatalf("%v has no words for staff", err)
			}
			evs := w.events(before)
			switch {
			case tc.event && (len(evs) != 1 || evs[0].Kind != auth.ActCardLoginFailed):
				t.Fatalf("events %+v; want one card.login-failed", evs)
			case !tc.event && len(evs) != 0:
				t.Fatalf("events %+v; want none", evs)
			}
		})
	}
}

func apply(w *world, kind, subject string) {
	w.t.Helper()
	if err := w.gate.Apply(w.ctx, auth.Change{Seq: 1, At: t0, Kind: kind, Subject: subject}); err != nil {
		w.t.Fatal(err)
	}
}

// What the feed takes away it gives back: enabled, unlocked, and a
// revoked user's other cards back at the next sync.
func TestCardFeedUndone(t *testing.T) {
	w := newWorld(t, defaults)
	c := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", c)})
	for _, ch := range [][2]string{{auth.ChangeDisabled, auth.ChangeEnabled}, {auth.ChangeLocked, auth.ChangeUnlocked}} {
		apply(w, ch[0], "JSMITH")
		_, err := w.gate.CardLogin(w.ctx, "reader-1", pin)
		wantErr(t, err, auth.ErrCardAccount)
		apply(w, ch[1], "JSMITH")
		if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
			t.Fatalf("after %s: %v", ch[1], err)
		}
	}
	apply(w, auth.ChangeCardRevoked, "JSMITH")
	_, err := w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, auth.ErrCardWithdrawn)
	w.sync([]auth.RosterUser{user("JSMITH", c)}) // the service still lists it: another card was revoked
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
		t.Fatalf("after the next sync: %v", err)
	}
	// Changes about others, and of other kinds, change nothing here.
	apply(w, auth.ChangeDisabled, "BJONES")
	apply(w, auth.ChangeForbiddenAdded, "JSMITH")
	apply(w, auth.ChangeCardEnrolled, "JSMITH")
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
		t.Fatal(err)
	}
}

// The clock pushed 73 h ahead refuses; pushed back, the limits are as
// they were. A time the service told is never undone by the local clock.
func TestClockWoundEitherWay(t *testing.T) {
	w := newWorld(t, defaults)
	c := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", c)})
	w.clock.Set(t0.Add(73 * time.Hour))
	if w.gate.CardOffered(w.ctx) || w.gate.PasswordOffered(w.ctx) {
		t.Fatal("offered 73 h after the sync")
	}
	_, err := w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, offline.ErrTooLong)
	w.clock.Set(t0.Add(time.Hour))
	if got := w.gate.Now(w.ctx); !got.Equal(t0.Add(time.Hour)) {
		t.Fatalf("Now = %v after the clock went back; want the local clock, the service told no later", got)
	}
	if !w.gate.CardOffered(w.ctx) {
		t.Fatal("not offered with the clock back")
	}
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
		t.Fatal(err)
	}

	// The service told 73 h after the sync; the clock wound back to the
	// sync extends nothing.
	if err := w.gate.ServerTime(w.ctx, t0.Add(73*time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(t0)
	if got := w.gate.Now(w.ctx); !got.Equal(t0.Add(73 * time.Hour)) {
		t.Fatalf("Now = %v; want the service's last time", got)
	}
	_, err = w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, offline.ErrTooLong)
	// An older time told later does not move it back.
	if err := w.gate.ServerTime(w.ctx, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := w.gate.Now(w.ctx); !got.Equal(t0.Add(73 * time.Hour)) {
		t.Fatalf("Now = %v after an older server time; want it kept", got)
	}
}

// A kiosk whose clock ran ahead while it synced gains nothing: the sync
// counts at the service's time.
func TestSyncCountsAtTheServicesTime(t *testing.T) {
	w := newWorld(t, defaults)
	c := w.card("reader-1", w.ca)
	w.clock.Set(t0.Add(48 * time.Hour)) // ahead of the service by two days
	w.sync([]auth.RosterUser{user("JSMITH", c)})
	w.clock.Set(t0.Add(73 * time.Hour))
	_, err := w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, offline.ErrTooLong)
}

// The CRL has its own limit: past max_crl_age, cards are refused though
// the sync is recent enough.
func TestCardRefusedPastTheCRLAge(t *testing.T) {
	l := defaults
	l.MaxCRLAge = 24 * time.Hour
	w := newWorld(t, l)
	c := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", c)})
	w.clock.Set(t0.Add(23 * time.Hour))
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(t0.Add(25 * time.Hour))
	if w.gate.CardOffered(w.ctx) {
		t.Fatal("offered with the CRL 25 h old")
	}
	_, err := w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, offline.ErrTooLong)
	if !w.gate.PasswordOffered(w.ctx) {
		t.Fatal("password sign-in needs no CRL")
	}
}

// Off, without a reader, or with no CA from the service: not offered,
// and refused with words saying so.
func TestCardOff(t *testing.T) {
	l := defaults
	l.Card = false
	w := newWorld(t, l)
	c := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", c)})
	if w.gate.CardOffered(w.ctx) {
		t.Fatal("offered when off")
	}
	_, err := w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, offline.ErrCardOff)

	noReader := offline.New(w.db, "ward7-kiosk2", defaults, nil, w.clock.Now)
	if noReader.CardOffered(w.ctx) {
		t.Fatal("offered without a reader")
	}
	_, err = noReader.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, offline.ErrCardOff)

	w2 := newWorld(t, defaults)
	c2 := w2.card("reader-1", w2.ca)
	r := w2.roster([]auth.RosterUser{user("JSMITH", c2)})
	r.CAPEM, r.CRLPEM = nil, nil
	if err := w2.gate.Sync(w2.ctx, r); err != nil {
		t.Fatal(err)
	}
	if w2.gate.CardOffered(w2.ctx) {
		t.Fatal("offered with no CA")
	}
	_, err = w2.gate.CardLogin(w2.ctx, "reader-1", pin)
	wantErr(t, err, offline.ErrCardOff)
}

// An online sign-in here puts the user on the roster from its time, the
// cards and language as last synced: a user past roster_days is back.
func TestSignedInOnlineJoinsTheRoster(t *testing.T) {
	w := newWorld(t, defaults)
	c := w.card("reader-1", w.ca)
	u := user("JSMITH", c)
	u.SignedIn = t0.Add(-20 * 24 * time.Hour)
	w.sync([]auth.RosterUser{u})
	_, err := w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, offline.ErrNotOnRoster)
	w.clock.Add(time.Hour)
	sess := online("jsmith", t0.Add(time.Hour))
	sess.Method = "smartcard"
	if err := w.gate.SignedInOnline(w.ctx, sess, ""); err != nil {
		t.Fatal(err)
	}
	got, err := w.db.RosterUser(w.ctx, "JSMITH")
	if err != nil {
		t.Fatal(err)
	}
	if !got.SignedIn.Equal(t0.Add(time.Hour)) || got.Language != "en" || len(got.Cards) != 1 || got.Cards[0] != fp(c) {
		t.Fatalf("roster entry %+v", got)
	}
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
		t.Fatal(err)
	}
	if err := w.gate.SignedInOnline(w.ctx, online("NEWBIE", t0.Add(time.Hour)), ""); err != nil {
		t.Fatal(err)
	}
	if got, err := w.db.RosterUser(w.ctx, "NEWBIE"); err != nil || got.FirstName != "First NEWBIE" || len(got.Cards) != 0 {
		t.Fatalf("NEWBIE %+v %v", got, err)
	}
}

// The CRL's age is the CRL's own: a CRL the service has not had renewed
// for more than max_crl_age refuses cards offline, however recent the
// sync that brought it (it is fetched at every sync, so its fetch time
// alone would never reach the 7 days before the 72 h of the sync do).
func TestCardRefusedWithAStaleCRLFreshlySynced(t *testing.T) {
	w := newWorld(t, defaults)
	c := w.card("reader-1", w.ca)
	r := w.roster([]auth.RosterUser{user("JSMITH", c)})
	der, err := w.ca.CRL(t0.Add(-8 * 24 * time.Hour)) // issued 8 days before the sync
	if err != nil {
		t.Fatal(err)
	}
	r.CRLPEM = pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der})
	if err := w.gate.Sync(w.ctx, r); err != nil {
		t.Fatal(err)
	}
	if w.gate.CardOffered(w.ctx) {
		t.Fatal("offered with a CRL 8 days old")
	}
	_, err = w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, offline.ErrTooLong)

	// One issued 6 days before the sync is good for one more day.
	if der, err = w.ca.CRL(t0.Add(-6 * 24 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	r.CRLPEM = pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der})
	if err := w.gate.Sync(w.ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(t0.Add(25 * time.Hour))
	_, err = w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, offline.ErrTooLong)
}

// A roster that does not say the service's time is refused: counted at
// the kiosk's clock, a clock wound forward while it synced, then back,
// would buy offline time.
func TestSyncWithoutTheServicesTimeRefused(t *testing.T) {
	w := newWorld(t, defaults)
	c := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", c)})
	r := w.roster([]auth.RosterUser{user("JSMITH", c)})
	r.ServerTime = time.Time{}
	w.clock.Set(t0.Add(30 * 24 * time.Hour)) // wound forward
	if err := w.gate.Sync(w.ctx, r); err == nil {
		t.Fatal("a roster without the service's time synced")
	}
	w.clock.Set(t0.Add(73 * time.Hour)) // and back, past the last real sync's limit
	last, _, err := w.db.SyncState(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !last.Equal(t0) {
		t.Fatalf("last sync %v; want the service's %v", last, t0)
	}
	_, err = w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, offline.ErrTooLong)
}

// The CA and CRL are parsed once per sync, not at each question: a new
// CRL from the next sync is the one the next sign-in is checked against.
func TestNewCRLAtNextSync(t *testing.T) {
	w := newWorld(t, defaults)
	c := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", c)})
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
		t.Fatal(err)
	}
	w.sync([]auth.RosterUser{user("JSMITH", c)}, c) // the service still lists it; the CRL revokes it
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); !errors.Is(err, certs.ErrRevoked) {
		t.Fatalf("after a sync with a CRL revoking the card: %v", err)
	}
}
