package doctor

import (
	"context"
	"crypto/rand"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// The offline line says how long the ward could sign in offline: until
// the roster's sync or the cached CRL grows too old, by the later of the
// local clock and the service's; a limit passed, or no sync at all, is a
// warning naming what closed.
func TestOfflineResult(t *testing.T) {
	ctx := context.Background()
	synced := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	ca, err := issue.NewCA(rand.Reader, "Test Trust Card CA", synced)
	if err != nil {
		t.Fatal(err)
	}
	der, err := ca.CRL(synced.Add(-6 * 24 * time.Hour)) // issued six days before the sync
	if err != nil {
		t.Fatal(err)
	}
	crl := pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der})
	dir := t.TempDir()
	limits := config.Default().Offline
	if r := checkOffline(ctx, dir, limits, synced); r.Status != Warn || !strings.Contains(r.Text, "never synced") {
		t.Errorf("no client.db: %s", r)
	}
	db, err := kiosklocal.Open(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	roster := auth.Roster{Ward: "Ward 7", CAPEM: issue.CertPEM(ca.Cert), CRLPEM: crl, ServerTime: synced,
		Users: []auth.RosterUser{{Username: "382JSMITH01", SignedIn: synced.Add(-time.Hour)}}}
	if err := db.ReplaceRoster(ctx, roster, synced); err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, tc := range []struct {
		name   string
		limits config.Offline
		now    time.Time
		status Status
		says   string
	}{
		// The CRL (issued 6 days before the sync, 7 days allowed) closes
		// card sign-in a day after the sync, before the sync's 72 h.
		{"fresh", limits, synced.Add(time.Hour), OK, "works until 2026-12-01T07:59:00Z: 1 member of staff"},
		{"the CRL too old", limits, synced.Add(25 * time.Hour), Warn, "offline card sign-in is closed: the cached CRL was issued"},
		{"passwords go on", config.Offline{Card: true, Password: true, MaxSyncAge: limits.MaxSyncAge, MaxCRLAge: limits.MaxCRLAge},
			synced.Add(25 * time.Hour), OK, "offline password sign-in (card sign-in is closed"},
		{"the sync too old", limits, synced.Add(73 * time.Hour), Warn, "offline sign-in is closed: the roster last synced 3 days ago"},
		// The local clock wound back: the service's time counts.
		{"clock wound back", limits, synced.Add(-30 * 24 * time.Hour), OK, "works until 2026-12-01T07:59:00Z"},
		{"off", config.Offline{}, synced, OK, "offline sign-in is off"},
	} {
		r := checkOffline(ctx, dir, tc.limits, tc.now)
		if r.Status != tc.status || !strings.Contains(r.Text, tc.says) {
			t.Errorf("%s: %s; want %s saying %q", tc.name, r, tc.status, tc.says)
		}
	}
}
