package kiosklocal_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
)

var sync0 = time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)

func rosterOf(users ...auth.RosterUser) auth.Roster {
	return auth.Roster{Ward: "Ward 7", Users: users, CAPEM: []byte("ca pem"), CRLPEM: []byte("crl pem"), ServerTime: sync0}
}

func member(name string, cards ...string) auth.RosterUser {
	return auth.RosterUser{Username: name, FirstName: "F" + name, LastName: "L" + name, Role: "Nurse", Ward: "Ward 7",
		Language: "cy", Locked: true, SignedIn: sync0.Add(-time.Hour), Cards: cards}
}

// A roster replaces the one before it whole, every field kept as given,
// with the CA, CRL and the sync's times.
func TestReplaceRoster(t *testing.T) {
	ctx := context.Background()
	db := open(t, t.TempDir())
	if last, server, err := db.SyncState(ctx); err != nil || !last.IsZero() || !server.IsZero() {
		t.Fatalf("before any sync: %v %v %v", last, server, err)
	}
	if ca, crl, at, err := db.CardTrust(ctx); err != nil || ca != nil || crl != nil || !at.IsZero() {
		t.Fatalf("before any sync: %q %q %v %v", ca, crl, at, err)
	}
	if err := db.ReplaceRoster(ctx, rosterOf(member("A", "fa1", "fa2"), member("B")), sync0); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceRoster(ctx, rosterOf(member("B", "fb"), member("C", "fa2")), sync0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RosterUser(ctx, "A"); !errors.Is(err, kiosklocal.ErrNotFound) {
		t.Fatalf("A after a roster without A: %v", err)
	}
	if _, _, err := db.CardHolder(ctx, "fa1"); !errors.Is(err, kiosklocal.ErrNotFound) {
		t.Fatalf("A's card after a roster without A: %v", err)
	}
	got, err := db.RosterUser(ctx, "B")
	if err != nil {
		t.Fatal(err)
	}
	want := member("B", "fb")
	if got.Username != want.Username || got.FirstName != want.FirstName || got.LastName != want.LastName ||
		got.Role != want.Role || got.Ward != want.Ward || got.Language != want.Language || got.Disabled || !got.Locked ||
		!got.SignedIn.Equal(want.SignedIn) || !slices.Equal(got.Cards, want.Cards) {
		t.Fatalf("B = %+v; want %+v", got, want)
	}
	if holder, withdrawn, err := db.CardHolder(ctx, "fa2"); err != nil || holder != "C" || withdrawn {
		t.Fatalf("fa2 -> %q %v %v; want C's now", holder, withdrawn, err)
	}
	if n, _ := db.RosterSize(ctx); n != 2 {
		t.Fatalf("%d on the roster; want 2", n)
	}
	ca, crl, at, err := db.CardTrust(ctx)
	if err != nil || string(ca) != "ca pem" || string(crl) != "crl pem" || !at.Equal(sync0.Add(time.Hour)) {
		t.Fatalf("trust %q %q %v %v", ca, crl, at, err)
	}
	if last, server, _ := db.SyncState(ctx); !last.Equal(sync0.Add(time.Hour)) || !server.Equal(sync0) {
		t.Fatalf("sync state %v %v", last, server)
	}
}

// A roster that cannot be stored whole leaves the one before it whole.
func TestReplaceRosterIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := open(t, dir)
	if err := db.ReplaceRoster(ctx, rosterOf(member("A", "fa")), sync0); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, dir)
	if _, err := raw.Exec(`CREATE TRIGGER boom BEFORE INSERT ON roster_users WHEN NEW.username = 'BOOM'
		BEGIN SELECT RAISE(ABORT, 'boom'); END`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if err := db.ReplaceRoster(ctx, rosterOf(member("B", "fb"), member("BOOM")), sync0.Add(time.Hour)); err == nil {
		t.Fatal("stored a roster the trigger refused")
	}
	if _, err := db.RosterUser(ctx, "A"); err != nil {
		t.Fatalf("A after a failed replace: %v", err)
	}
	if _, err := db.RosterUser(ctx, "B"); !errors.Is(err, kiosklocal.ErrNotFound) {
		t.Fatalf("B half stored: %v", err)
	}
	if last, _, _ := db.SyncState(ctx); !last.Equal(sync0) {
		t.Fatalf("last sync %v after a failed one", last)
	}
}

// The state the feed changes, and an online sign-in's entry, keep the
// cards as synced; the server time never goes back.
func TestRosterChanges(t *testing.T) {
	ctx := context.Background()
	db := open(t, t.TempDir())
	if err := db.ReplaceRoster(ctx, rosterOf(member("A", "fa"), member("B", "fb")), sync0); err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	if err := db.SetUserState(ctx, "A", &yes, &no); err != nil {
		t.Fatal(err)
	}
	if err := db.SetUserState(ctx, "NOBODY", &yes, &yes); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.RosterSize(ctx); n != 2 {
		t.Fatalf("a change for someone off the roster added them: %d", n)
	}
	if err := db.WithdrawCards(ctx, "B"); err != nil {
		t.Fatal(err)
	}
	a, _ := db.RosterUser(ctx, "A")
	b, _ := db.RosterUser(ctx, "B")
	if !a.Disabled || a.Locked || len(b.Cards) != 0 {
		t.Fatalf("A %+v B %+v", a, b)
	}
	if _, withdrawn, _ := db.CardHolder(ctx, "fb"); !withdrawn {
		t.Fatal("B's card not withdrawn")
	}
	a.FirstName, a.SignedIn, a.Cards = "Anne", sync0.Add(2*time.Hour), nil
	if err := db.PutRosterUser(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.RosterUser(ctx, "A"); got.FirstName != "Anne" || !got.SignedIn.Equal(sync0.Add(2*time.Hour)) ||
		!slices.Equal(got.Cards, []string{"fa"}) {
		t.Fatalf("A after an online sign-in: %+v", got)
	}
	if err := db.NoteServerTime(ctx, sync0.Add(5*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.NoteServerTime(ctx, sync0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceRoster(ctx, rosterOf(member("A", "fa")), sync0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, server, _ := db.SyncState(ctx); !server.Equal(sync0.Add(5 * time.Hour)) {
		t.Fatalf("server time %v; want the latest told", server)
	}
}

// Verifiers beyond the cache's size go least recently used first; a
// verifier deleted stays deleted when its state is saved after.
func TestVerifiers(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	db := open(t, dir)
	put := func(name string, used time.Duration, keep int) []string {
		t.Helper()
		dropped, err := db.PutVerifier(ctx, kiosklocal.Verifier{Username: name, PHC: "$argon2id$" + name,
			OnlineAt: sync0, LastUsed: sync0.Add(used)}, keep)
		if err != nil {
			t.Fatal(err)
		}
		return dropped
	}
	put("A", 1, 3)
	put("B", 2, 3)
	put("C", 3, 3)
	v, err := db.Verifier(ctx, "A")
	if err != nil {
		t.Fatal(err)
	}
	v.LastUsed, v.Failures, v.WaitUntil, v.Closed = sync0.Add(4), 3, sync0.Add(time.Minute), true
	if err := db.SaveVerifierState(ctx, v); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Verifier(ctx, "A"); got.Failures != 3 || !got.Closed || !got.WaitUntil.Equal(sync0.Add(time.Minute)) ||
		got.PHC != "$argon2id$A" || !got.OnlineAt.Equal(sync0) {
		t.Fatalf("A = %+v", got)
	}
	if dropped := put("D", 5, 3); !slices.Equal(dropped, []string{"B"}) {
		t.Fatalf("dropped %v; want B, the least recently used", dropped)
	}
	if us, _ := db.VerifierUsers(ctx); !slices.Equal(us, []string{"D", "A", "C"}) {
		t.Fatalf("verifiers %v", us)
	}
	if err := db.DeleteVerifier(ctx, "A"); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveVerifierState(ctx, v); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Verifier(ctx, "A"); !errors.Is(err, kiosklocal.ErrNotFound) {
		t.Fatalf("A after delete: %v", err)
	}
}
