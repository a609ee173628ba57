package server_test

import (
	"bytes"
	"context"
	"encoding/pem"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/server"
	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
)

// crlPEM is a PEM CRL of the fixture's card CA, revoking nothing.
func (f *fixture) crlPEM() []byte {
	f.t.Helper()
	der, err := f.cardCA.CRL(time.Now())
	if err != nil {
		f.t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der})
}

// The roster goes to a kiosk of the ward, for the ward of its certificate:
// who signed in online there, their state and unrevoked cards, and the
// card CA and CRL as the files hold them at that call, so a CRL replaced
// on disk is what the next sync gets.
func TestRoster(t *testing.T) {
	dir := t.TempDir()
	caFile, crlFile := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "crl.pem")
	f := newFixtureServer(t, fastArgon, true, func(o *server.Options) { o.TrustPEM = server.TrustFiles(caFile, crlFile) })
	caPEM := pemOf(f.cardCA.Cert)
	crl := f.crlPEM()
	for name, b := range map[string][]byte{caFile: caPEM, crlFile: crl} {
		if err := os.WriteFile(name, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	k7 := f.client(f.register("WARD7-T1", "Ward7"))
	k8 := f.client(f.register("WARD8-T1", "Ward8"))
	card, _ := cardCert(t, f.cardCA, "Jane Smith")
	if _, err := f.svc.EnrolCard(f.ctx, auth.Actor{Name: "test"}, f.user.Username, pemOf(card), nil); err != nil {
		t.Fatal(err)
	}
	login, err := k7.Login(f.ctx, connect.NewRequest(&kioskv1.LoginRequest{Username: f.user.Username, Password: goodPassword}))
	if err != nil {
		t.Fatal(err)
	}

	before := time.Now()
	res, err := k7.Roster(f.ctx, connect.NewRequest(&kioskv1.RosterRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	r := res.Msg
	if r.GetWard() != "Ward7" || len(r.GetUsers()) != 1 || time.Unix(0, r.GetServerTime()).Before(before) {
		t.Fatalf("roster %v; want Ward7, jane, the server's time", r)
	}
	u := r.GetUsers()[0]
	want := &kioskv1.RosterUser{Username: f.user.Username, FirstName: "Jane", LastName: "Smith", Role: "Nurse",
		Ward: "Ward7", Language: "en", SignedIn: login.Msg.GetSession().GetAt(), CardFingerprints: []string{auth.CertificateFingerprint(card)}}
	if u.GetUsername() != want.Username || u.GetFirstName() != want.FirstName || u.GetLastName() != want.LastName ||
		u.GetRole() != want.Role || u.GetWard() != want.Ward || u.GetSignedIn() != want.SignedIn || u.GetDisabled() ||
		u.GetLocked() || u.GetLanguage() != "en" || !slices.Equal(u.GetCardFingerprints(), want.CardFingerprints) {
		t.Errorf("jane on the roster: %v\nwant %v", u, want)
	}
	if !bytes.Equal(r.GetCaPem(), caPEM) || !bytes.Equal(r.GetCrlPem(), crl) {
		t.Error("the roster does not carry the card CA and CRL files")
	}

	res, err = k8.Roster(f.ctx, connect.NewRequest(&kioskv1.RosterRequest{RosterDays: 90}))
	if err != nil || res.Msg.GetWard() != "Ward8" || len(res.Msg.GetUsers()) != 0 {
		t.Errorf("another ward's roster: %v, %v; want Ward8 and nobody", res, err)
	}

	newCRL := f.crlPEM()
	if bytes.Equal(newCRL, crl) {
		t.Fatal("two CRLs alike")
	}
	if err := os.WriteFile(crlFile, newCRL, 0o600); err != nil {
		t.Fatal(err)
	}
	if res, err := k7.Roster(f.ctx, connect.NewRequest(&kioskv1.RosterRequest{})); err != nil || !bytes.Equal(res.Msg.GetCrlPem(), newCRL) {
		t.Errorf("after the CRL was replaced: %v; want the new CRL", err)
	}

	if err := os.Remove(crlFile); err != nil {
		t.Fatal(err)
	}
	if _, err := k7.Roster(f.ctx, connect.NewRequest(&kioskv1.RosterRequest{})); connect.CodeOf(err) != connect.CodeInternal {
		t.Errorf("with the CRL file gone: %v; want an internal error, not a roster without one", err)
	}
	if err := f.svc.DisableTerminal(f.ctx, auth.Actor{Name: "test"}, "WARD8-T1"); err != nil {
		t.Fatal(err)
	}
	if _, err := k8.Roster(f.ctx, connect.NewRequest(&kioskv1.RosterRequest{})); wire.AuthError(err) != wire.ErrTerminalRefused {
		t.Errorf("a disabled terminal: %v; want refused", err)
	}
}

// A service with no card trust serves the roster without a CA or CRL.
func TestRosterWithoutTrust(t *testing.T) {
	f := newFixture(t, fastArgon)
	k := f.client(f.register("WARD7-T1", "Ward7"))
	if _, err := k.Login(f.ctx, connect.NewRequest(&kioskv1.LoginRequest{Username: f.user.Username, Password: goodPassword})); err != nil {
		t.Fatal(err)
	}
	res, err := k.Roster(f.ctx, connect.NewRequest(&kioskv1.RosterRequest{}))
	if err != nil || len(res.Msg.GetUsers()) != 1 || len(res.Msg.GetCaPem()) != 0 || len(res.Msg.GetCrlPem()) != 0 {
		t.Errorf("%v, %v; want jane and no CA or CRL", res, err)
	}
}

// A heartbeat's answer carries the head of the kiosk's own chain as the
// service holds it, and no other kiosk's.
func TestHeartbeatTellsTheChainHead(t *testing.T) {
	f := newFixture(t, fastArgon)
	k := f.client(f.register("WARD7-T1", "Ward7"))
	other := f.client(f.register("WARD7-T2", "Ward7"))
	beat := func(c interface {
		Heartbeat(ctx context.Context, r *connect.Request[kioskv1.HeartbeatRequest]) (*connect.Response[kioskv1.HeartbeatResponse], error)
	}) *kioskv1.HeartbeatResponse {
		t.Helper()
		res, err := c.Heartbeat(f.ctx, connect.NewRequest(&kioskv1.HeartbeatRequest{}))
		if err != nil {
			t.Fatal(err)
		}
		return res.Msg
	}
	if h := beat(k); h.GetChainSequence() != 0 || h.GetChainHash() != "" {
		t.Errorf("before any upload: head %d %q; want none", h.GetChainSequence(), h.GetChainHash())
	}
	one := wireEvent(1, "", auth.ActLoginOK, f.user.Username, "card")
	two := wireEvent(2, one.GetHash(), auth.ActLogout, f.user.Username, auth.LogoutByUser)
	if _, err := k.UploadEvents(f.ctx, connect.NewRequest(&kioskv1.UploadEventsRequest{Events: []*kioskv1.KioskEvent{one, two}})); err != nil {
		t.Fatal(err)
	}
	if h := beat(k); h.GetChainSequence() != 2 || h.GetChainHash() != two.GetHash() {
		t.Errorf("after an upload: head %d %q; want 2 %q", h.GetChainSequence(), h.GetChainHash(), two.GetHash())
	}
	if h := beat(other); h.GetChainSequence() != 0 || h.GetChainHash() != "" {
		t.Errorf("another kiosk: head %d %q; want none", h.GetChainSequence(), h.GetChainHash())
	}
}

// What a kiosk may keep of its ward (DESIGN §10) is all the roster's
// messages can carry: a field added for a hash, a code, an email or a
// date of birth fails here before it reaches a kiosk's disk.
func TestRosterCarriesNothingElse(t *testing.T) {
	for _, c := range []struct {
		m    proto.Message
		want []string
	}{
		{&kioskv1.RosterUser{}, []string{"username", "first_name", "last_name", "role", "ward", "language",
			"disabled", "locked", "signed_in", "card_fingerprints"}},
		{&kioskv1.RosterResponse{}, []string{"ward", "users", "ca_pem", "crl_pem", "server_time"}},
	} {
		fields := c.m.ProtoReflect().Descriptor().Fields()
		var got []string
		for i := range fields.Len() {
			got = append(got, string(fields.Get(i).Name()))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%T carries %v; DESIGN §10 allows %v", c.m, got, c.want)
		}
	}
}
