package offline_test

import (
	"context"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/offline"
)

// A roster the service read before a change the feed brought while it was
// on its way does not undo that change: a user disabled, or a card
// revoked, meanwhile stays refused; a change applied before the fetch is
// the roster's to tell.
func TestSyncFromKeepsChangesMadeInFlight(t *testing.T) {
	for _, tc := range []struct {
		kind string
		want error
	}{
		{auth.ChangeDisabled, auth.ErrCardAccount},
		{auth.ChangeLocked, auth.ErrCardAccount},
		{auth.ChangeCardRevoked, auth.ErrCardWithdrawn},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			w := newWorld(t, defaults)
			c := w.card("reader-1", w.ca)
			w.sync([]auth.RosterUser{user("JSMITH", c)})
			stale := w.roster([]auth.RosterUser{user("JSMITH", c)}) // read at the service before the change
			err := w.gate.SyncFrom(w.ctx, func(context.Context) (auth.Roster, error) {
				apply(w, tc.kind, "jsmith") // the feed, while the roster is on its way
				return stale, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			_, err = w.gate.CardLogin(w.ctx, "reader-1", pin)
			wantErr(t, err, tc.want)

			// The next sync, with nothing in flight, is the roster's word.
			if err := w.gate.SyncFrom(w.ctx, func(context.Context) (auth.Roster, error) { return stale, nil }); err != nil {
				t.Fatal(err)
			}
			if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
				t.Fatalf("after the next sync: %v", err)
			}
		})
	}
}

// A fetch that fails leaves everything as it was.
func TestSyncFromFetchFails(t *testing.T) {
	w := newWorld(t, defaults)
	c := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", c)})
	err := w.gate.SyncFrom(w.ctx, func(context.Context) (auth.Roster, error) { return auth.Roster{}, offline.ErrTooLong })
	wantErr(t, err, offline.ErrTooLong)
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
		t.Fatal(err)
	}
}

// A sync that fails after writing the roster (here: forgetting an old
// verifier) still keeps the changes made in flight.
func TestSyncFromKeepsChangesWhenSyncFailsLate(t *testing.T) {
	w := newWorld(t, defaults)
	c := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", c), user("BJONES")})
	w.signInOnline("BJONES", typed)
	w.clock.Add(25 * time.Hour) // BJONES's verifier is past the window: the sync forgets it
	stale := w.roster([]auth.RosterUser{user("JSMITH", c), user("BJONES")})
	stale.ServerTime = t0.Add(25 * time.Hour)
	undo := w.refuse("verifiers", "DELETE")
	err := w.gate.SyncFrom(w.ctx, func(context.Context) (auth.Roster, error) {
		apply(w, auth.ChangeDisabled, "JSMITH")
		return stale, nil
	})
	undo()
	if err == nil {
		t.Fatal("the sync did not fail")
	}
	_, err = w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, auth.ErrCardAccount)
}
