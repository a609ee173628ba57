package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/kiosklocal"
)

// lastSync is when the kiosk on data last synced its ward's roster, read
// from its database as the offline gate keeps it.
func lastSync(t testing.TB, data string) time.Time {
	t.Helper()
	db, err := kiosklocal.Open(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at, _, err := db.SyncState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// syncRoster has the kiosk on data sync its ward's roster now, as it
// does every 15 minutes, by a change the roster follows: the card of the
// last demo user (whom no test signs in) revoked at the service.
func (ct *cardTrust) syncRoster(data string) {
	ct.t.Helper()
	before := lastSync(ct.t, data)
	ct.run("cards", "revoke", ct.cardID(ct.users[len(ct.users)-1].Username))
	waitUntil(ct.t, 10*time.Second, "the roster synced", func() bool { return lastSync(ct.t, data).After(before) })
}
