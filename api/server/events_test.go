package server_test

import (
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/auth"
)

// wireEvent is a well-formed kiosk event of sequence seq after prev.
func wireEvent(seq int64, prev, kind, subject, detail string) *kioskv1.KioskEvent {
	e := auth.KioskEvent{ID: uuid.Must(uuid.NewV7()).String(), Seq: seq, At: time.Now().UTC(), Kind: kind,
		Subject: subject, Detail: detail, PrevHash: prev}
	e.Hash = auth.KioskEventHash(e)
	return &kioskv1.KioskEvent{Id: e.ID, Sequence: e.Seq, At: e.At.UnixNano(), Kind: e.Kind, Subject: e.Subject,
		Detail: e.Detail, PrevHash: e.PrevHash, Hash: e.Hash}
}

// Uploaded events are audited with the terminal of the certificate, never
// one the kiosk names; a second send of the same events changes nothing;
// what a kiosk never sends is refused whole.
func TestUploadEvents(t *testing.T) {
	f := newFixture(t, fastArgon)
	k := f.client(f.register("WARD8-T3", "Ward8"))
	one := wireEvent(1, "", auth.ActLoginOK, f.user.Username, "card")
	two := wireEvent(2, one.GetHash(), auth.ActLogout, f.user.Username, auth.LogoutByUser)
	req := &kioskv1.UploadEventsRequest{Events: []*kioskv1.KioskEvent{one, two}}
	for range 2 {
		res, err := k.UploadEvents(f.ctx, connect.NewRequest(req))
		if err != nil || res.Msg.GetAckedThrough() != 2 || len(res.Msg.GetGaps()) != 0 || len(res.Msg.GetChainBreaks()) != 0 {
			t.Fatalf("%v, %v; want acked through 2", res, err)
		}
	}
	for _, action := range []string{auth.ActLoginOK, auth.ActLogout} {
		if evs := f.events(action); len(evs) != 1 || evs[0].Terminal != "WARD8-T3" {
			t.Errorf("%s rows %+v; want one at WARD8-T3", action, evs)
		}
	}

	bad := map[string]*kioskv1.KioskEvent{
		"a maintainer's action": wireEvent(3, two.GetHash(), auth.ActAdminDisable, f.user.Username, ""),
		"a long detail":         wireEvent(3, two.GetHash(), auth.ActLogout, f.user.Username, strings.Repeat("x", 201)),
		"an escape sequence":    wireEvent(3, two.GetHash(), auth.ActLogout, f.user.Username, "\x1b[2Jgone"),
		"no sequence":           wireEvent(0, two.GetHash(), auth.ActLogout, f.user.Username, ""),
	}
	notUUID := wireEvent(3, two.GetHash(), auth.ActLogout, f.user.Username, "")
	notUUID.Id = "3"
	bad["an id that is no UUID"] = notUUID
	for name, e := range bad {
		good := wireEvent(3, two.GetHash(), auth.ActLogout, f.user.Username, "")
		_, err := k.UploadEvents(f.ctx, connect.NewRequest(&kioskv1.UploadEventsRequest{Events: []*kioskv1.KioskEvent{good, e}}))
		if connect.CodeOf(err) != connect.CodeInvalidArgument {
			t.Errorf("%s: %v; want invalid argument", name, err)
		}
	}
	if n, _ := f.svc.KioskEventCount(f.ctx, "WARD8-T3"); n != 2 {
		t.Errorf("%d events held; want 2 (a refused upload stores nothing)", n)
	}
}
