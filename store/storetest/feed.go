package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// The change feed: numbers from 1 in order, read after a number with a
// limit; a rolled-back change is never seen.
func testFeed(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	ctx := context.Background()
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		for i, kind := range []string{auth.ChangeDisabled, auth.ChangeForbiddenAdded, auth.ChangeEnabled} {
			c := auth.Change{At: t0, Kind: kind, Subject: fmt.Sprint("S", i)}
			if err := tx.AddChange(ctx, &c); err != nil {
				return err
			}
			if c.Seq != int64(i+1) {
				t.Errorf("change %d numbered %d", i+1, c.Seq)
			}
		}
		return nil
	})
	boom := errors.New("boom")
	if err := st.Tx(ctx, func(tx auth.Tx) error {
		if err := tx.AddChange(ctx, &auth.Change{At: t0, Kind: auth.ChangeLocked, Subject: "gone"}); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("rolled back: %v", err)
	}
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		return tx.AddChange(ctx, &auth.Change{At: t0, Kind: auth.ChangeUnlocked, Subject: "S3"})
	})
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		cs, err := tx.Changes(ctx, 0, 10)
		if err != nil {
			return err
		}
		var kinds []string
		for i, c := range cs {
			kinds = append(kinds, c.Kind)
			if i > 0 && c.Seq <= cs[i-1].Seq {
				t.Errorf("change %d after %d", c.Seq, cs[i-1].Seq)
			}
			if !c.At.Equal(t0) || c.Subject == "gone" {
				t.Errorf("change %+v", c)
			}
		}
		if want := fmt.Sprint([]string{auth.ChangeDisabled, auth.ChangeForbiddenAdded, auth.ChangeEnabled, auth.ChangeUnlocked}); fmt.Sprint(kinds) != want {
			t.Errorf("kinds %v, want %v", kinds, want)
		}
		if rest, err := tx.Changes(ctx, 1, 2); err != nil || len(rest) != 2 || rest[0].Seq != 2 || rest[1].Seq != 3 {
			t.Errorf("after 1, limit 2: %+v, %v", rest, err)
		}
		if none, err := tx.Changes(ctx, cs[len(cs)-1].Seq, 10); err != nil || len(none) != 0 {
			t.Errorf("after the last: %+v, %v", none, err)
		}
		return nil
	})
}

// Changes written from several instances at once, read meanwhile by a
// watcher resuming after the last number it saw, reach it every one, in
// order, once: a number is never seen after a higher one.
func testRaceFeed(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	db := newDB(t)
	stores := []Store{db.Open(), db.Open(), db.Open()}
	const writers, each = 6, 20
	var wg sync.WaitGroup
	for i := range writers {
		st := stores[i%3]
		wg.Go(func() {
			for j := range each {
				err := st.Tx(ctx, func(tx auth.Tx) error {
					return tx.AddChange(ctx, &auth.Change{At: t0, Kind: auth.ChangeDisabled, Subject: fmt.Sprintf("W%d-%d", i, j)})
				})
				if err != nil {
					t.Errorf("add change: %v", err)
				}
			}
		})
	}
	seen := map[string]bool{}
	var after int64
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true // one more read takes the rest
		default:
		}
		read(t, stores[0], func(ctx context.Context, tx auth.ReadTx) error {
			cs, err := tx.Changes(ctx, after, 7)
			for _, c := range cs {
				if c.Seq <= after || seen[c.Subject] {
					t.Errorf("change %d (%s) after %d", c.Seq, c.Subject, after)
				}
				seen[c.Subject], after = true, c.Seq
			}
			if len(cs) == 7 {
				finished = false // more to read
			}
			return err
		})
	}
	if len(seen) != writers*each {
		t.Errorf("the watcher saw %d changes, want %d", len(seen), writers*each)
	}
}

// A request key is fresh once; keys older than auth.RequestMemory are
// forgotten; a rolled-back claim leaves the key fresh.
func testRequests(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	ctx := context.Background()
	claim := func(key string, at time.Time) bool {
		t.Helper()
		var fresh bool
		write(t, st, func(ctx context.Context, tx auth.Tx) error {
			var err error
			fresh, err = tx.ClaimRequest(ctx, key, at)
			return err
		})
		return fresh
	}
	if !claim("a#1", t0) || claim("a#1", t0.Add(time.Minute)) {
		t.Error("a key claimed twice, or not at all")
	}
	if !claim("a#2", t0) {
		t.Error("another key was not fresh")
	}
	if err := st.Tx(ctx, func(tx auth.Tx) error {
		if _, err := tx.ClaimRequest(ctx, "b#1", t0); err != nil {
			return err
		}
		return errors.New("rolled back")
	}); err == nil {
		t.Fatal("the rollback committed")
	}
	if !claim("b#1", t0) {
		t.Error("a rolled-back claim was kept")
	}
	// A day on, a new claim forgets the old keys.
	if !claim("c#1", t0.Add(auth.RequestMemory+time.Minute)) || !claim("a#1", t0.Add(auth.RequestMemory+time.Minute)) {
		t.Error("a key older than a day was remembered")
	}
}
