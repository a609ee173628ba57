package remote_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/remote"
)

// queue appends n events to the outbox in dir: every tenth a wrong
// password for user, the rest sign-ins and logouts.
func queue(t testing.TB, dir string, n int, user string) {
	t.Helper()
	ctx := context.Background()
	db, err := kiosklocal.Open(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range n {
		kind, detail := auth.ActLoginOK, "card"
		switch {
		case i%10 == 9:
			kind, detail = auth.ActLoginFailed, "wrong password while offline"
		case i%2 == 1:
			kind, detail = auth.ActLogout, auth.LogoutByUser
		}
		if _, err := db.Append(ctx, kind, user, detail); err != nil {
			t.Fatal(err)
		}
	}
}

// uploader is a client kiosk at urls that uploads batch events at a time.
func uploader(t testing.TB, f *fleet, cert tls.Certificate, batch int, urls ...string) *remote.Client {
	t.Helper()
	c, err := remote.New(remote.Options{URLs: urls,
		TLS:     &tls.Config{RootCAs: f.roots, Certificates: []tls.Certificate{cert}},
		Profile: mustProfile(t), Lists: loadLists, CallTimeout: 5 * time.Second, UploadBatch: batch})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// killedOutbox is the kiosk dying after the service's acknowledgement of
// the kill-th batch and before marking it: the mark never happens.
type killedOutbox struct {
	*kiosklocal.DB
	acks, kill int
}

var errKilled = errors.New("killed")

func (k *killedOutbox) Ack(ctx context.Context, seq int64) (int, error) {
	if k.acks++; k.acks == k.kill {
		return 0, errKilled
	}
	return k.DB.Ack(ctx, seq)
}

// 200 events queued offline; the kiosk dies in the middle of the upload
// after the first acknowledgement, and its instance goes with it; the
// restarted kiosk uploads the rest to the other instance. The service
// holds exactly 200 events from that terminal, sequence 1..200, each once
// in the audit, the chain unbroken, and the 20 offline failures counted.
func TestUploadEventsSurvivesAKill(t *testing.T) {
	f := newFleet(t)
	ctx := context.Background()
	cert := f.register("WARD7-T2")
	dir := filepath.Join(t.TempDir(), "data")
	queue(t, dir, 200, f.user.Username)

	db, err := kiosklocal.Open(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	first := uploader(t, f, cert, 50, f.a.url)
	out := &killedOutbox{DB: db, kill: 2}
	if _, err := first.UploadEvents(ctx, out); !errors.Is(err, errKilled) {
		t.Fatalf("the first upload: %v; want it killed", err)
	}
	db.Close()
	f.a.stop()
	if n, _ := f.b.svc.KioskEventCount(ctx, "WARD7-T2"); n != 100 {
		t.Fatalf("%d events held after the kill; want 100 (two batches, the second unmarked)", n)
	}

	// The restart: the same outbox, the next instance.
	db, err = kiosklocal.Open(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.Queued(ctx); n != 150 {
		t.Fatalf("%d queued after the restart; want 150", n)
	}
	second := uploader(t, f, cert, 50, f.a.url, f.b.url)
	up, err := second.UploadEvents(ctx, db)
	if err != nil || up.Events != 150 || len(up.Gaps) != 0 || len(up.Breaks) != 0 {
		t.Fatalf("the upload after the restart: %+v, %v; want 150 events, no gap or break", up, err)
	}
	if n, _ := db.Queued(ctx); n != 0 {
		t.Errorf("%d still queued", n)
	}
	// Once more changes nothing: the outbox is empty.
	if up, err := second.UploadEvents(ctx, db); err != nil || up.Events != 0 {
		t.Errorf("an empty outbox uploaded %+v, %v", up, err)
	}

	if n, _ := f.b.svc.KioskEventCount(ctx, "WARD7-T2"); n != 200 {
		t.Errorf("%d events held; want exactly 200", n)
	}
	evs, err := f.b.svc.AuditEvents(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]int{}
	for _, e := range evs {
		var seq int
		if _, err := fmt.Sscanf(e.Detail[strings.Index(e.Detail, "(kiosk event ")+1:], "kiosk event %d", &seq); err == nil &&
			e.Terminal == "WARD7-T2" {
			seen[seq]++
		}
	}
	for seq := 1; seq <= 200; seq++ {
		if seen[seq] != 1 {
			t.Errorf("kiosk event %d is in the audit %d times; want once", seq, seen[seq])
		}
	}
	if len(seen) != 200 {
		t.Errorf("%d kiosk events audited; want 200", len(seen))
	}
	if _, err := f.b.svc.VerifyAudit(ctx); err != nil {
		t.Errorf("the Trust's audit: %v", err)
	}
	accts, err := f.b.svc.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	failures := -1
	for _, a := range accts {
		for _, tl := range a.Terminals {
			if a.User.ID == f.user.ID && tl.Terminal == "WARD7-T2" {
				failures = tl.Failures
			}
		}
	}
	if failures != 20 {
		t.Errorf("%d offline failures counted at the terminal; want 20", failures)
	}
}

// The service never reached: the events stay queued, none marked.
func TestUploadEventsUnreachableKeepsTheQueue(t *testing.T) {
	f := newFleet(t)
	ctx := context.Background()
	cert := f.register("WARD7-T3")
	dir := t.TempDir()
	queue(t, dir, 5, f.user.Username)
	db, err := kiosklocal.Open(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	k := f.kiosk(cert, nil, deadURL(t))
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := k.UploadEvents(cctx, db); !errors.Is(err, remote.ErrUnavailable) {
		t.Fatalf("%v; want ErrUnavailable", err)
	}
	if n, _ := db.Queued(ctx); n != 5 {
		t.Errorf("%d queued; want 5", n)
	}
}
