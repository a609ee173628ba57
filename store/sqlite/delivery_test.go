package sqlite_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

// twoStores opens one database twice, as two kiosk processes do, with n
// queued messages created at t0.
func twoStores(t *testing.T, n int, t0 time.Time) (*sqlite.Store, *sqlite.Store) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	var stores [2]*sqlite.Store
	for i := range stores {
		st, err := sqlite.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores[i] = st
	}
	err := stores[0].Tx(ctx, func(tx auth.Tx) error {
		for range n {
			m := auth.Message{CreatedAt: t0, Kind: auth.KindResetCode, To: "a@example.nhs.uk", Subject: "s", Body: "b"}
			if err := tx.Enqueue(ctx, &m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return stores[0], stores[1]
}

func ids(ms []auth.Message) []int64 {
	var out []int64
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func TestClaimLeasesExclusively(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	a, b := twoStores(t, 3, t0)
	lease := t0.Add(time.Minute)

	got, err := a.ClaimMessages(ctx, t0, t0, lease, 0, 2)
	if err != nil || len(got) != 2 || got[0].ID != 1 || got[1].ID != 2 {
		t.Fatalf("claim: %v %v", ids(got), err)
	}
	// The other process gets only what is left, even with --all.
	if got, _ := b.ClaimMessages(ctx, t0, t0.Add(time.Hour), lease, 0, 10); len(got) != 1 || got[0].ID != 3 {
		t.Fatalf("second claim: %v", ids(got))
	}
	if got, _ := b.ClaimMessages(ctx, t0.Add(30*time.Second), t0.Add(time.Hour), lease, 0, 10); len(got) != 0 {
		t.Fatalf("claimed under a live lease: %v", ids(got))
	}
	// A lease that ran out (its holder died) can be taken over; the old
	// holder's outcome is then refused.
	later := lease.Add(time.Second)
	taken, _ := b.ClaimMessages(ctx, later, later, later.Add(time.Minute), 0, 1)
	if len(taken) != 1 || taken[0].ID != 1 {
		t.Fatalf("take over: %v", ids(taken))
	}
	if err := a.MarkSent(ctx, 1, lease, later); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("outcome under a lost lease: %v", err)
	}
	if err := b.MarkSent(ctx, 1, later.Add(time.Minute), later); err != nil {
		t.Fatal(err)
	}
	// Released, a message is free at once and keeps its attempts.
	if err := a.ReleaseMessage(ctx, 2, lease); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.ClaimMessages(ctx, t0, t0, lease, 0, 10); len(got) != 1 || got[0].ID != 2 || got[0].Attempts != 0 {
		t.Fatalf("after release: %+v", got)
	}
}

func TestMarkFailedSchedulesAndKills(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	a, _ := twoStores(t, 2, t0)
	lease := t0.Add(time.Minute)
	a.ClaimMessages(ctx, t0, t0, lease, 0, 2)
	next := t0.Add(30 * time.Second)
	if err := a.MarkFailed(ctx, 1, lease, "connection refused", next, false); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkFailed(ctx, 2, lease, "550 no such user", next, true); err != nil {
		t.Fatal(err)
	}
	var m1, m2 auth.Message
	a.Tx(ctx, func(tx auth.Tx) error {
		m1, _ = tx.MessageByID(ctx, 1)
		m2, _ = tx.MessageByID(ctx, 2)
		return nil
	})
	if m1.Status != auth.MessageQueued || m1.Attempts != 1 || m1.LastError != "connection refused" || !m1.NextAttemptAt.Equal(next) {
		t.Fatalf("retry: %+v", m1)
	}
	if m2.Status != auth.MessageDead || m2.Attempts != 1 || !m2.NextAttemptAt.IsZero() {
		t.Fatalf("dead: %+v", m2)
	}
	if got, _ := a.ClaimMessages(ctx, t0, t0.Add(time.Second), lease, 0, 10); len(got) != 0 {
		t.Fatalf("claimed before its retry time: %v", ids(got))
	}
	if got, _ := a.ClaimMessages(ctx, next, next, next.Add(time.Minute), 0, 10); len(got) != 1 || got[0].ID != 1 {
		t.Fatalf("claimed at its retry time: %v (dead ones never)", ids(got))
	}
}

// Many claimers at once never share a message.
func TestConcurrentClaimsAreDisjoint(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	const n = 200
	a, b := twoStores(t, n, t0)
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for i := range 6 {
		st := []*sqlite.Store{a, b}[i%2]
		wg.Go(func() {
			for {
				ms, err := st.ClaimMessages(ctx, t0, t0, t0.Add(time.Hour), 0, 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(ms) == 0 {
					return
				}
				mu.Lock()
				for _, m := range ms {
					seen[m.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("%d of %d claimed", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Fatalf("message %d claimed %d times", id, c)
		}
	}
}

// A delivered message, or one given up on, keeps no reset code in the
// outbox.
func TestMarkSentScrubsTheCode(t *testing.T) {
	for _, outcome := range []string{auth.MessageSent, auth.MessageDead} {
		t.Run(outcome, func(t *testing.T) { testScrubsTheCode(t, outcome) })
	}
}

func testScrubsTheCode(t *testing.T, outcome string) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	m := auth.Message{CreatedAt: now, Kind: auth.KindResetCode, To: "jane@example.nhs.uk", Subject: "code",
		Body: "Your reset code is:\n\nK7Q2-M9XD-4TZP\n\nIt works once.\n"}
	if err := st.Tx(ctx, func(tx auth.Tx) error { return tx.Enqueue(ctx, &m) }); err != nil {
		t.Fatal(err)
	}
	lease := now.Add(time.Minute)
	claimed, err := st.ClaimMessages(ctx, now, now, lease, 0, 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v, %d", err, len(claimed))
	}
	if outcome == auth.MessageSent {
		err = st.MarkSent(ctx, m.ID, lease, now)
	} else {
		err = st.MarkFailed(ctx, m.ID, lease, "550 no such mailbox", time.Time{}, true)
	}
	if err != nil {
		t.Fatal(err)
	}
	var got auth.Message
	st.Tx(ctx, func(tx auth.Tx) error { got, err = tx.MessageByID(ctx, m.ID); return err })
	if got.Status != outcome || strings.Contains(got.Body, "K7Q2-M9XD-4TZP") || !strings.Contains(got.Body, "It works once.") {
		t.Fatalf("after sending, the outbox holds %q (%s)", got.Body, got.Status)
	}
}
