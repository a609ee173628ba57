package kiosklocal_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
)

func open(t *testing.T, dir string) *kiosklocal.DB {
	t.Helper()
	t0 := time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	n := 0
	db, err := kiosklocal.Open(context.Background(), dir, func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		n++
		return t0.Add(time.Duration(n) * time.Second)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Events are numbered 1, 2, … across a reopen, each with a UUIDv7 and the
// previous event's hash; the file is private.
func TestAppendNumbersAndChains(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	db := open(t, dir)
	for range 3 {
		if _, err := db.Append(ctx, auth.ActLoginFailed, "jane.smith", "wrong password"); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db = open(t, dir)
	last, err := db.Append(ctx, auth.ActLogout, "jane.smith", "by the user")
	if err != nil || last.Seq != 4 {
		t.Fatalf("the event after a reopen is %d, %v; want 4", last.Seq, err)
	}
	evs, err := db.Events(ctx)
	if err != nil || len(evs) != 4 {
		t.Fatalf("%d events, %v", len(evs), err)
	}
	prev := ""
	for i, e := range evs {
		id, err := uuid.Parse(e.ID)
		if err != nil || id.Version() != 7 {
			t.Errorf("event %d id %q is not a UUIDv7", i+1, e.ID)
		}
		if e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash != auth.KioskEventHash(e) {
			t.Errorf("event %d: seq %d, prev %q, hash %q does not chain", i+1, e.Seq, e.PrevHash, e.Hash)
		}
		prev = e.Hash
	}
	if n, err := db.Verify(ctx); err != nil || n != 4 {
		t.Errorf("verify: %d, %v", n, err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, kiosklocal.FileName): 0o600} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: %v, %v; want %v", path, fi.Mode().Perm(), err, want)
		}
	}
}

// An event stays queued until acknowledged; the ack marks up to a
// sequence only; nothing else in a row can be changed or removed.
func TestAckAndAppendOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := open(t, dir)
	for range 5 {
		if _, err := db.Append(ctx, auth.ActLoginOK, "jane.smith", "card"); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := db.Queued(ctx); n != 5 {
		t.Fatalf("%d queued; want 5", n)
	}
	if n, err := db.Ack(ctx, 3); err != nil || n != 3 {
		t.Fatalf("acked %d, %v; want 3", n, err)
	}
	if n, _ := db.Ack(ctx, 3); n != 0 {
		t.Errorf("acked %d again; want 0", n)
	}
	un, err := db.Unacked(ctx, 10)
	if err != nil || len(un) != 2 || un[0].Seq != 4 || un[1].Seq != 5 {
		t.Fatalf("unacked %+v, %v; want 4 and 5", un, err)
	}
	if un, _ := db.Unacked(ctx, 1); len(un) != 1 || un[0].Seq != 4 {
		t.Errorf("a batch of one: %+v; want 4", un)
	}

	// Someone with the file tries to rewrite history.
	raw := rawDB(t, dir)
	for _, q := range []string{
		`UPDATE events SET detail = 'nothing happened' WHERE seq = 2`,
		`DELETE FROM events WHERE seq = 5`,
		`UPDATE events SET acked = 0 WHERE seq = 1`,
	} {
		if _, err := raw.ExecContext(ctx, q); err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
	if n, err := db.Verify(ctx); err != nil || n != 5 {
		t.Errorf("verify: %d, %v", n, err)
	}
	// With the triggers dropped, a change is seen by the chain.
	if _, err := raw.ExecContext(ctx, `DROP TRIGGER events_no_rewrite`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `UPDATE events SET detail = 'nothing happened' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Verify(ctx); !errors.Is(err, kiosklocal.ErrChain) {
		t.Errorf("a changed event verified: %v", err)
	}
}

// Two processes appending at once take distinct sequences, chained.
func TestConcurrentAppends(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, b := open(t, dir), open(t, dir)
	var wg sync.WaitGroup
	for _, db := range []*kiosklocal.DB{a, b} {
		for range 2 {
			wg.Go(func() {
				for range 25 {
					if _, err := db.Append(ctx, auth.ActCardRemoved, "", "pulled"); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	if n, err := a.Verify(ctx); err != nil || n != 100 {
		t.Errorf("verify: %d, %v; want 100", n, err)
	}
}
