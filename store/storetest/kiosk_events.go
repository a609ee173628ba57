package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wardkiosk/kiosk/auth"
)

// kioskChain is n chained events a kiosk made, from sequence from on,
// following prev.
func kioskChain(from int64, n int, prev string, kind, subject string) []auth.KioskEvent {
	var evs []auth.KioskEvent
	for i := range n {
		e := auth.KioskEvent{ID: uuid.Must(uuid.NewV7()).String(), Seq: from + int64(i),
			At: t0.Add(time.Duration(i) * time.Second), Kind: kind, Subject: subject, Detail: "offline", PrevHash: prev}
		e.Hash = auth.KioskEventHash(e)
		prev = e.Hash
		evs = append(evs, e)
	}
	return evs
}

// An event is stored once by id, however often it is added; a terminal's
// missing sequences come back as ranges; each terminal has its own.
func testKioskEvents(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	evs := kioskChain(1, 7, "", auth.ActLoginOK, "jane.smith")
	add := func(term string, e auth.KioskEvent) bool {
		t.Helper()
		var fresh bool
		write(t, st, func(ctx context.Context, tx auth.Tx) error {
			e.Terminal, e.Received = term, t0
			var err error
			fresh, err = tx.AddKioskEvent(ctx, e)
			return err
		})
		return fresh
	}
	for _, i := range []int{0, 2, 3, 6} {
		if !add("WARD7-T1", evs[i]) {
			t.Fatalf("event %d was not fresh", i+1)
		}
	}
	if add("WARD7-T1", evs[2]) {
		t.Error("the same id was stored twice")
	}
	add("WARD8-T1", evs[4]) // another terminal's sequence 5 fills no gap here
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		n, err := tx.CountKioskEvents(ctx, "WARD7-T1")
		if err != nil || n != 4 {
			t.Errorf("%d events stored, %v; want 4", n, err)
		}
		for term, want := range map[string]int64{"WARD7-T1": 7, "WARD8-T1": 5, "WARD9-T1": 0} {
			if last, err := tx.LastKioskEventSeq(ctx, term); err != nil || last != want {
				t.Errorf("%s: last sequence %d, %v; want %d", term, last, err, want)
			}
		}
		gaps, err := tx.KioskEventGaps(ctx, "WARD7-T1")
		if want := []auth.SeqGap{{From: 2, To: 2}, {From: 5, To: 6}}; err != nil || !reflect.DeepEqual(gaps, want) {
			t.Errorf("gaps %v, %v; want %v", gaps, err, want)
		}
		gaps, err = tx.KioskEventGaps(ctx, "WARD8-T1")
		if want := []auth.SeqGap{{From: 1, To: 4}}; err != nil || !reflect.DeepEqual(gaps, want) {
			t.Errorf("gaps at the other terminal %v, %v; want %v", gaps, err, want)
		}
		got, err := tx.KioskEventBySeq(ctx, "WARD7-T1", 4)
		want := evs[3]
		want.Terminal, want.Received = "WARD7-T1", t0
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("event 4 came back as %+v, %v; want %+v", got, err, want)
		}
		if _, err := tx.KioskEventBySeq(ctx, "WARD7-T1", 2); err != auth.ErrNotFound {
			t.Errorf("a missing event: %v, want auth.ErrNotFound", err)
		}
		return nil
	})
}

// Ingestion through the service: an upload repeated changes nothing twice
// (events, audit rows, lockout counts); gaps and chain breaks are
// reported; wrong passwords made offline count towards the lockout.
func testIngestKioskEvents(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	st := newDB(t).Open()
	svc := service(t, st, func(o *auth.Options) { o.LockThreshold = 3 })
	jane := newStaff(t, svc)
	const term = "WARD7-T2"
	ok := kioskChain(1, 3, "", auth.ActLoginOK, jane.Username)
	failed := kioskChain(4, 2, ok[2].Hash, auth.ActLoginFailed, jane.Username)
	batch := append(append([]auth.KioskEvent{}, ok...), failed...)

	audited := func(action string) int {
		t.Helper()
		evs, err := svc.FindAuditEvents(ctx, auth.EventFilter{Action: action})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range evs {
			if e.Terminal == term {
				n++
			}
		}
		return n
	}
	failures := func() int {
		t.Helper()
		n := 0
		read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
			ls, err := tx.ListTerminalLockouts(ctx)
			for _, l := range ls {
				if l.UserID == jane.ID && l.Terminal == term {
					n = l.Failures
				}
			}
			return err
		})
		return n
	}
	for round := range 2 {
		r, err := svc.IngestEvents(ctx, term, batch)
		if err != nil {
			t.Fatal(err)
		}
		if want := 5 * (1 - round); r.Stored != want || r.AckedThrough != 5 || len(r.Gaps) != 0 || len(r.Breaks) != 0 {
			t.Errorf("round %d: %+v; want %d stored, acked through 5, no gap or break", round, r, want)
		}
		if n, _ := svc.KioskEventCount(ctx, term); n != 5 {
			t.Errorf("round %d: %d events stored; want 5", round, n)
		}
		if audited(auth.ActLoginOK) != 3 || audited(auth.ActLoginFailed) != 2 {
			t.Errorf("round %d: %d login.ok, %d login.failed audited; want 3 and 2", round,
				audited(auth.ActLoginOK), audited(auth.ActLoginFailed))
		}
		if n := failures(); n != 2 {
			t.Errorf("round %d: %d offline failures counted; want 2", round, n)
		}
	}
	if _, err := svc.VerifyAudit(ctx); err != nil {
		t.Errorf("the Trust's audit chain: %v", err)
	}

	// Sequence 6 lost, 7 and 8 arrive: a gap; 8 does not follow 7.
	more := kioskChain(6, 3, failed[1].Hash, auth.ActLoginFailed, jane.Username)
	more[2].PrevHash = "00"
	more[2].Hash = auth.KioskEventHash(more[2])
	r, err := svc.IngestEvents(ctx, term, more[1:])
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Gaps, []auth.SeqGap{{From: 6, To: 6}}) || !reflect.DeepEqual(r.Breaks, []int64{8}) || r.AckedThrough != 8 {
		t.Errorf("%+v; want the gap 6 and the break at 8", r)
	}
	if audited(auth.ActKioskChainBroken) != 1 {
		t.Error("the break was not audited")
	}
	// Two more offline failures reach the threshold of 3 from 2: locked.
	if audited(auth.ActAccountLocked) != 1 {
		t.Errorf("%d account.locked; want 1 after offline failures reached the threshold", audited(auth.ActAccountLocked))
	}
	// The lost event arrives late: the gap closes.
	if r, err = svc.IngestEvents(ctx, term, more[:1]); err != nil || len(r.Gaps) != 0 || len(r.Breaks) != 0 {
		t.Errorf("%+v, %v; want no gap and no break", r, err)
	}
	// An event whose hash was changed after it was chained is a break.
	bad := kioskChain(9, 1, more[2].Hash, auth.ActLogout, jane.Username)
	bad[0].Detail = "changed"
	if r, err = svc.IngestEvents(ctx, term, bad); err != nil || !reflect.DeepEqual(r.Breaks, []int64{9}) {
		t.Errorf("%+v, %v; want the break at 9", r, err)
	}
	// What a kiosk does not do is refused whole.
	if _, err := svc.IngestEvents(ctx, term, kioskChain(10, 1, bad[0].Hash, auth.ActAdminDisable, jane.Username)); err == nil {
		t.Error("a kiosk uploaded a maintainer's action")
	}
}
