package storetest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// The outbox as the core fills it, the transactions, and the outbox as
// the mail worker works it.

func message(at time.Time, userID int64, kind string) auth.Message {
	return auth.Message{CreatedAt: at, UserID: userID, Kind: kind, To: "a@example.nhs.uk", Subject: "s", Body: "b"}
}

// enqueue commits n queued messages created at at.
func enqueue(t testing.TB, st Store, n int, at time.Time) {
	t.Helper()
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		for range n {
			m := message(at, 0, auth.KindResetCode)
			if err := tx.Enqueue(ctx, &m); err != nil {
				return err
			}
		}
		return nil
	})
}

func testOutbox(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	jane := addUser(t, st, "382JSMITH01", "jane@example.nhs.uk")
	ms := []auth.Message{
		message(t0, jane.ID, auth.KindResetCode),
		message(t0.Add(time.Minute), jane.ID, auth.KindAccountLocked),
		message(t0.Add(2*time.Minute), jane.ID, auth.KindUsernameReminder),
		message(t0.Add(3*time.Minute), 0, auth.KindPasswordChanged),
	}
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		for i := range ms {
			if err := tx.Enqueue(ctx, &ms[i]); err != nil {
				return err
			}
			if ms[i].ID == 0 || ms[i].Status != auth.MessageQueued {
				t.Errorf("Enqueue: id %d, status %q", ms[i].ID, ms[i].Status)
			}
			ms[i].NextAttemptAt = ms[i].CreatedAt // due at once
		}
		return nil
	})
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		all, err := tx.Messages(ctx)
		if err != nil || len(all) != len(ms) {
			t.Fatalf("Messages: %d, %v", len(all), err)
		}
		for i := range ms {
			if all[i] != ms[i] {
				t.Errorf("message %d: %+v\nwant %+v", i, all[i], ms[i])
			}
		}
		if m, err := tx.MessageByID(ctx, ms[1].ID); err != nil || m != ms[1] {
			t.Errorf("MessageByID: %+v, %v", m, err)
		}
		if _, err := tx.MessageByID(ctx, 9999); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("MessageByID of none: %v", err)
		}
		assist := []string{auth.KindResetCode, auth.KindUsernameReminder}
		for since, want := range map[time.Time]int{t0: 2, t0.Add(time.Second): 1, t0.Add(time.Hour): 0} {
			if n, err := tx.CountMessages(ctx, jane.ID, assist, since); err != nil || n != want {
				t.Errorf("CountMessages since +%v: %d, %v; want %d", since.Sub(t0), n, err, want)
			}
		}
		return nil
	})
}

// A transaction whose function fails leaves nothing behind.
func testTxRollsBack(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	ctx := context.Background()
	boom := errors.New("boom")
	err := st.Tx(ctx, func(tx auth.Tx) error {
		u := user("382JSMITH01", "jane@example.nhs.uk")
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		m := message(t0, u.ID, auth.KindResetCode)
		if err := tx.Enqueue(ctx, &m); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx returned %v, want fn's error", err)
	}
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		us, _ := tx.ListUsers(ctx)
		ms, _ := tx.Messages(ctx)
		if len(us) != 0 || len(ms) != 0 {
			t.Errorf("a failed transaction left %d users, %d messages", len(us), len(ms))
		}
		return nil
	})
}

// count reads the outbox's size in tx.
func count(t *testing.T, ctx context.Context, tx auth.ReadTx) int {
	t.Helper()
	ms, err := tx.Messages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

// A read transaction refuses to write, whatever its caller tries.
func testReadCannotWrite(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	ctx := context.Background()
	err := st.Read(ctx, func(tx auth.ReadTx) error {
		w, ok := tx.(auth.Tx)
		if !ok {
			return nil // nothing to try: it cannot write at all
		}
		m := message(t0, 0, auth.KindResetCode)
		if err := w.Enqueue(ctx, &m); err == nil {
			t.Error("a read transaction wrote")
		}
		return nil
	})
	_ = err // the store may report the refused write again at the end
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if n := count(t, ctx, tx); n != 0 {
			t.Errorf("the outbox holds %d after a read tried to write", n)
		}
		return nil
	})
}

// A long read holds no write lock: writers of this process and of another
// commit while it is open, and it goes on reading the snapshot it began.
func testReadTakesNoWriteLock(t *testing.T, newDB NewDB) {
	db := newDB(t)
	a, b := db.Open(), db.Open()
	enqueue(t, a, 1, t0)
	ctx := context.Background()
	err := a.Read(ctx, func(tx auth.ReadTx) error {
		if n := count(t, ctx, tx); n != 1 {
			t.Fatalf("read %d messages, want 1", n)
		}
		// Shorter than a busy timeout: a writer waiting on this read
		// would fail here rather than pass late.
		wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		for name, st := range map[string]Store{"another process": b, "this process": a} {
			err := st.Tx(wctx, func(tx auth.Tx) error {
				m := message(t0, 0, auth.KindResetCode)
				return tx.Enqueue(wctx, &m)
			})
			if err != nil {
				t.Fatalf("%s could not write while a read was open: %v", name, err)
			}
		}
		if n := count(t, ctx, tx); n != 1 {
			t.Errorf("the read saw %d messages after the writes, want its snapshot's 1", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	read(t, a, func(ctx context.Context, tx auth.ReadTx) error {
		if n := count(t, ctx, tx); n != 3 {
			t.Errorf("a new read saw %d messages, want 3", n)
		}
		return nil
	})
}

// A read neither waits for a writer holding the lock nor sees what it has
// not committed.
func testReadWhileWriteHoldsTheLock(t *testing.T, newDB NewDB) {
	db := newDB(t)
	a, b := db.Open(), db.Open()
	enqueue(t, a, 1, t0)
	ctx := context.Background()
	err := b.Tx(ctx, func(wtx auth.Tx) error {
		m := message(t0, 0, auth.KindResetCode)
		if err := wtx.Enqueue(ctx, &m); err != nil {
			return err
		}
		rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		for name, st := range map[string]Store{"the writer's own process": b, "another process": a} {
			start := time.Now()
			err := st.Read(rctx, func(tx auth.ReadTx) error {
				if n := count(t, rctx, tx); n != 1 {
					t.Errorf("%s read %d messages while a write was open, want the committed 1", name, n)
				}
				return nil
			})
			if err != nil {
				t.Fatalf("%s could not read while a write held the lock: %v", name, err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("%s waited %v to read", name, d)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func ids(ms []auth.Message) []int64 {
	var out []int64
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

// queued opens one fresh database twice, as two workers do, with n
// queued messages created at t0, and returns the stores and the ids.
func queued(t *testing.T, newDB NewDB, n int) (a, b Store, id []int64) {
	t.Helper()
	db := newDB(t)
	a, b = db.Open(), db.Open()
	enqueue(t, a, n, t0)
	read(t, a, func(ctx context.Context, tx auth.ReadTx) error {
		ms, err := tx.Messages(ctx)
		id = ids(ms)
		return err
	})
	return a, b, id
}

func testClaimLeasesExclusively(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	a, b, id := queued(t, newDB, 3)
	lease := t0.Add(time.Minute)

	got, err := a.ClaimMessages(ctx, t0, t0, lease, 0, 2)
	if err != nil || len(got) != 2 || got[0].ID != id[0] || got[1].ID != id[1] {
		t.Fatalf("claim: %v %v", ids(got), err)
	}
	// The other process gets only what is left, even with --all.
	if got, _ := b.ClaimMessages(ctx, t0, t0.Add(time.Hour), lease, 0, 10); len(got) != 1 || got[0].ID != id[2] {
		t.Fatalf("second claim: %v", ids(got))
	}
	if got, _ := b.ClaimMessages(ctx, t0.Add(30*time.Second), t0.Add(time.Hour), lease, 0, 10); len(got) != 0 {
		t.Fatalf("claimed under a live lease: %v", ids(got))
	}
	// afterID skips what the worker has seen.
	later := lease.Add(time.Second)
	if got, _ := b.ClaimMessages(ctx, later, later, later.Add(time.Minute), id[1], 10); len(got) != 1 || got[0].ID != id[2] {
		t.Fatalf("claim after id %d: %v", id[1], ids(got))
	}
	// A lease that ran out (its holder died) can be taken over; the old
	// holder's outcome is then refused.
	taken, _ := b.ClaimMessages(ctx, later, later, later.Add(time.Minute), 0, 1)
	if len(taken) != 1 || taken[0].ID != id[0] {
		t.Fatalf("take over: %v", ids(taken))
	}
	if err := a.MarkSent(ctx, id[0], lease, later); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("outcome under a lost lease: %v", err)
	}
	if err := a.ReleaseMessage(ctx, id[0], lease); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("release under a lost lease: %v", err)
	}
	if err := b.MarkSent(ctx, id[0], later.Add(time.Minute), later); err != nil {
		t.Fatal(err)
	}
	// Released, a message is free at once and keeps its attempts.
	if err := a.ReleaseMessage(ctx, id[1], lease); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.ClaimMessages(ctx, t0, t0, lease, 0, 10); len(got) != 1 || got[0].ID != id[1] || got[0].Attempts != 0 {
		t.Fatalf("after release: %+v", got)
	}
	read(t, a, func(ctx context.Context, tx auth.ReadTx) error {
		m, err := tx.MessageByID(ctx, id[0])
		if err != nil || m.Status != auth.MessageSent || !m.SentAt.Equal(later) || m.Attempts != 1 || !m.NextAttemptAt.IsZero() {
			t.Errorf("sent: %+v, %v", m, err)
		}
		return nil
	})
}

func testMarkFailedSchedulesAndKills(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	a, _, id := queued(t, newDB, 2)
	lease := t0.Add(time.Minute)
	a.ClaimMessages(ctx, t0, t0, lease, 0, 2)
	next := t0.Add(30 * time.Second)
	if err := a.MarkFailed(ctx, id[0], lease, "connection refused", next, false); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkFailed(ctx, id[1], lease, "550 no such user", next, true); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkFailed(ctx, id[0], lease, "again", next, false); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("a second outcome under one lease: %v", err)
	}
	var m1, m2 auth.Message
	read(t, a, func(ctx context.Context, tx auth.ReadTx) error {
		m1, _ = tx.MessageByID(ctx, id[0])
		m2, _ = tx.MessageByID(ctx, id[1])
		return nil
	})
	if m1.Status != auth.MessageQueued || m1.Attempts != 1 || m1.LastError != "connection refused" || !m1.NextAttemptAt.Equal(next) {
		t.Fatalf("retry: %+v", m1)
	}
	if m2.Status != auth.MessageDead || m2.Attempts != 1 || m2.LastError != "550 no such user" || !m2.NextAttemptAt.IsZero() {
		t.Fatalf("dead: %+v", m2)
	}
	if got, _ := a.ClaimMessages(ctx, t0, t0.Add(time.Second), lease, 0, 10); len(got) != 0 {
		t.Fatalf("claimed before its retry time: %v", ids(got))
	}
	if got, _ := a.ClaimMessages(ctx, next, next, next.Add(time.Minute), 0, 10); len(got) != 1 || got[0].ID != id[0] {
		t.Fatalf("claimed at its retry time: %v (dead ones never)", ids(got))
	}
}

// Many claimers at once, in two processes, never share a message.
func testConcurrentClaimsAreDisjoint(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	const n = 200
	a, b, _ := queued(t, newDB, n)
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for i := range 6 {
		st := []Store{a, b}[i%2]
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
func testOutcomeScrubsTheCode(t *testing.T, newDB NewDB) {
	for _, outcome := range []string{auth.MessageSent, auth.MessageDead} {
		t.Run(outcome, func(t *testing.T) {
			ctx := context.Background()
			st := open(t, newDB)
			m := message(t0, 0, auth.KindResetCode)
			m.Body = "Your reset code is:\n\nK7Q2-M9XD-4TZP\n\nIt works once.\n"
			write(t, st, func(ctx context.Context, tx auth.Tx) error { return tx.Enqueue(ctx, &m) })
			lease := t0.Add(time.Minute)
			claimed, err := st.ClaimMessages(ctx, t0, t0, lease, 0, 10)
			if err != nil || len(claimed) != 1 || claimed[0].Body != m.Body {
				t.Fatalf("claim: %v, %+v", err, claimed)
			}
			if outcome == auth.MessageSent {
				err = st.MarkSent(ctx, m.ID, lease, t0)
			} else {
				err = st.MarkFailed(ctx, m.ID, lease, "550 no such mailbox", time.Time{}, true)
			}
			if err != nil {
				t.Fatal(err)
			}
			var got auth.Message
			read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
				got, err = tx.MessageByID(ctx, m.ID)
				return err
			})
			if got.Status != outcome || strings.Contains(got.Body, "K7Q2-M9XD-4TZP") || !strings.Contains(got.Body, "It works once.") {
				t.Fatalf("after the outcome, the outbox holds %q (%s)", got.Body, got.Status)
			}
		})
	}
}
