package remote_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// The roster comes back as the service made it: the ward of the kiosk's
// certificate, who signed in online there with their state, signed-in
// time and unrevoked cards, the card CA and CRL, and the server's time.
// Any instance answers it.
func TestRoster(t *testing.T) {
	f := newFleet(t)
	ctx := context.Background()
	cert := f.register("WARD7-T1")
	card, _, err := f.cardCA.Card(issue.Template{CommonName: "Jane Smith"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.svc.EnrolCard(ctx, auth.Actor{Name: "test"}, f.user.Username, issue.CertPEM(card), nil); err != nil {
		t.Fatal(err)
	}
	k := f.kiosk(cert, nil, f.a.url, f.b.url)
	sess, err := k.Login(ctx, "", f.user.Username, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.a.svc.Lock(ctx, auth.Actor{Name: "test"}, f.user.Username); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	f.a.stop() // the other instance answers
	r, err := k.Roster(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Ward != "Ward7" || len(r.Users) != 1 || r.ServerTime.Before(before) {
		t.Fatalf("roster %+v; want Ward7, jane, the service's time", r)
	}
	u := r.Users[0]
	want := auth.RosterUser{Username: f.user.Username, FirstName: "Jane", LastName: "Smith", Role: "Nurse",
		Ward: "Ward7", Language: "en", Locked: true, SignedIn: sess.At, Cards: []string{auth.CertificateFingerprint(card)}}
	if u.Username != want.Username || u.FirstName != want.FirstName || u.LastName != want.LastName ||
		u.Role != want.Role || u.Ward != want.Ward || u.Language != want.Language || u.Disabled || !u.Locked ||
		!u.SignedIn.Equal(want.SignedIn) || !slices.Equal(u.Cards, want.Cards) {
		t.Errorf("jane on the roster: %+v\nwant %+v", u, want)
	}
	if !bytes.Equal(r.CAPEM, issue.CertPEM(f.cardCA.Cert)) || !bytes.Equal(r.CRLPEM, f.crlPEM) {
		t.Error("the roster does not carry the service's card CA and CRL")
	}

	stranger := f.kiosk(terminalCert(t, f.termCA, "WARD7-T9"), nil, f.b.url) // issued, never registered
	if _, err := stranger.Roster(ctx, 14); !errors.Is(err, wire.ErrTerminalRefused) {
		t.Errorf("an unregistered terminal: %v; want wire.ErrTerminalRefused", err)
	}
}
