package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// enqueue commits one queued message through st.
func enqueue(ctx context.Context, st interface {
	Tx(context.Context, func(auth.Tx) error) error
}) error {
	return st.Tx(ctx, func(tx auth.Tx) error {
		m := auth.Message{CreatedAt: time.Now(), Kind: auth.KindResetCode, To: "a@example.nhs.uk", Subject: "s", Body: "b"}
		return tx.Enqueue(ctx, &m)
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

// A long read holds no write lock: writers of this process and of another
// commit while it is open, and it goes on reading the snapshot it began.
func TestReadTakesNoWriteLock(t *testing.T) {
	ctx := context.Background()
	a, b := twoStores(t, 1, time.Now())
	err := a.Read(ctx, func(tx auth.ReadTx) error {
		if n := count(t, ctx, tx); n != 1 {
			t.Fatalf("read %d messages, want 1", n)
		}
		// Shorter than the busy timeout: a writer waiting on this read
		// would fail here rather than pass late.
		wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		if err := enqueue(wctx, b); err != nil {
			t.Fatalf("another process could not write while a read was open: %v", err)
		}
		if err := enqueue(wctx, a); err != nil {
			t.Fatalf("this process could not write while its own read was open: %v", err)
		}
		if n := count(t, ctx, tx); n != 1 {
			t.Errorf("the read saw %d messages after the writes, want its snapshot's 1", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = a.Read(ctx, func(tx auth.ReadTx) error {
		if n := count(t, ctx, tx); n != 3 {
			t.Errorf("a new read saw %d messages, want 3", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A read neither waits for a writer holding the lock nor sees what it has
// not committed.
func TestReadWhileWriteHoldsTheLock(t *testing.T) {
	ctx := context.Background()
	a, b := twoStores(t, 1, time.Now())
	err := b.Tx(ctx, func(wtx auth.Tx) error {
		m := auth.Message{CreatedAt: time.Now(), Kind: auth.KindResetCode, To: "b@example.nhs.uk", Subject: "s", Body: "b"}
		if err := wtx.Enqueue(ctx, &m); err != nil {
			return err
		}
		rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		for name, st := range map[string]interface {
			Read(context.Context, func(auth.ReadTx) error) error
		}{"the writer's own process": b, "another process": a} {
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

// A read transaction refuses to write, whatever its caller tries.
func TestReadCannotWrite(t *testing.T) {
	ctx := context.Background()
	a, _ := twoStores(t, 0, time.Now())
	err := a.Read(ctx, func(tx auth.ReadTx) error {
		w, ok := tx.(auth.Tx)
		if !ok {
			return nil // nothing to try: it cannot write at all
		}
		m := auth.Message{CreatedAt: time.Now(), Kind: auth.KindResetCode, To: "a@example.nhs.uk"}
		if err := w.Enqueue(ctx, &m); err == nil {
			t.Error("a read transaction wrote")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
