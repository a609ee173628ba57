package doctor

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// checkOffline says how long a client kiosk could go on signing its ward
// in if the network dropped now (DESIGN §10): the roster's last sync and
// the cached CRL's issue against the [offline] limits. A limit passed is
// a warning, not a failure: online sign-in still works, but a cut would
// leave the ward without any. Like the offline gate, it counts from the
// later of the local clock and the service's last time.
func checkOffline(ctx context.Context, dir string, o config.Offline, now time.Time) Result {
	const name = "offline"
	if !o.Card && !o.Password {
		return ok(name, "offline sign-in is off ([offline] card and password)")
	}
	if _, err := os.Stat(filepath.Join(dir, kiosklocal.FileName)); err != nil {
		return warn(name, "the roster has never synced: nobody can sign in offline; fix: see the service line (the kiosk syncs once it is online)")
	}
	if checkData(dir).Status == Fail {
		return warn(name, "not checked: fix the data line first")
	}
	db, err := kiosklocal.Open(ctx, dir, nil)
	if err != nil {
		return fail(name, "%s", errText(err))
	}
	defer db.Close()
	synced, server, err := db.SyncState(ctx)
	if err != nil {
		return fail(name, "%s", errText(err))
	}
	if server.After(now) {
		now = server
	}
	if synced.IsZero() {
		return warn(name, "the roster has never synced: nobody can sign in offline; fix: see the service line (the kiosk syncs once it is online)")
	}
	staff, err := db.RosterSize(ctx)
	if err != nil {
		return fail(name, "%s", errText(err))
	}
	until := synced.Add(o.MaxSyncAge.Duration)
	if !now.Before(until) {
		return warn(name, "offline sign-in is closed: the roster last synced %s ago (offline.max_sync_age %s); fix: see the service line",
			days(now.Sub(synced)), o.MaxSyncAge.Duration)
	}
	what := "offline sign-in"
	if o.Card {
		cardUntil, why := crlUntil(ctx, db, o, until)
		if cardUntil.IsZero() || !now.Before(cardUntil) {
			if !o.Password {
				return warn(name, "offline card sign-in is closed: %s; fix: renew the CRL at the service (trust.crl_file), and the kiosk takes it at its next sync", why)
			}
			what = "offline password sign-in (card sign-in is closed: " + why + ")"
		} else if cardUntil.Before(until) {
			until = cardUntil
		}
	}
	return ok(name, "%s works until %s: %s on this ward's roster, synced %s ago",
		what, until.UTC().Format(time.RFC3339), count(staff, "member of staff"), days(now.Sub(synced)))
}

// crlUntil is when the cached CRL grows older than offline.max_crl_age
// (zero, and why, when there is none to check cards against).
func crlUntil(ctx context.Context, db *kiosklocal.DB, o config.Offline, until time.Time) (time.Time, string) {
	caPEM, crlPEM, _, err := db.CardTrust(ctx)
	if err != nil || len(caPEM) == 0 {
		return time.Time{}, "the service sent no card CA"
	}
	crls, err := certs.ParseCRLs(crlPEM)
	if err != nil || len(crls) == 0 {
		return time.Time{}, "the cached CRL cannot be read"
	}
	issued := crls[0].ThisUpdate
	for _, c := range crls[1:] {
		if c.ThisUpdate.Before(issued) {
			issued = c.ThisUpdate
		}
	}
	at := issued.Add(o.MaxCRLAge.Duration)
	if at.After(until) {
		return until, ""
	}
	return at, fmt.Sprintf("the cached CRL was issued %s (offline.max_crl_age %s)", issued.UTC().Format(time.RFC3339), o.MaxCRLAge.Duration)
}
