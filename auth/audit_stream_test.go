package auth_test

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// testAuditKey keys the fixture's audit chain.
var testAuditKey = []byte("audit-chain-key-audit-chain-key!")

// bulkEvents appends n chained events to the audit in one transaction,
// straight into the table: a long history in seconds, not hours of sign-ins.
func bulkEvents(tb testing.TB, db *sql.DB, key []byte, n int) {
	tb.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	var last auth.Event
	err = tx.QueryRowContext(ctx, `SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1`).Scan(&last.ID, &last.Hash)
	if err != nil && err != sql.ErrNoRows {
		tb.Fatal(err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO audit (id, at, terminal, actor, action, subject, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	defer stmt.Close()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		e := auth.Event{ID: last.ID + 1, At: at.Add(time.Duration(i) * time.Second), Terminal: "WARD7-KIOSK-02",
			Actor: "382SMITHJ01", Action: auth.ActLoginFailed, Subject: "382SMITHJ01",
			Detail: fmt.Sprintf("wrong password, try %d", i), PrevHash: last.Hash}
		e.Hash = auth.ChainHash(key, e)
		if _, err := stmt.ExecContext(ctx, e.ID, e.At.UnixNano(), e.Terminal, e.Actor, e.Action, e.Subject, e.Detail,
			e.PrevHash, e.Hash); err != nil {
			tb.Fatal(err)
		}
		last = e
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// peakHeap samples the heap in use while fn runs and returns the most
// it grew above what was in use before.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > base && ms.HeapInuse-base > peak.Load() {
				peak.Store(ms.HeapInuse - base)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	<-sampled
	return peak.Load()
}

// streamStore fails a test that loads the whole audit at once, and runs
// a hook from inside the verifying read, at its first event.
type streamStore struct {
	auth.Store
	t       *testing.T
	atFirst func()
}

func (s streamStore) Read(ctx context.Context, fn func(auth.ReadTx) error) error {
	return s.Store.Read(ctx, func(tx auth.ReadTx) error { return fn(streamTx{ReadTx: tx, s: s}) })
}

type streamTx struct {
	auth.ReadTx
	s streamStore
}

func (t streamTx) Events(ctx context.Context, n int) ([]auth.Event, error) {
	if n <= 0 {
		t.s.t.Error("the whole audit was loaded at once; verify must stream it")
	}
	return t.ReadTx.Events(ctx, n)
}

func (t streamTx) EachEvent(ctx context.Context, fn func(auth.Event) error) error {
	first := true
	return t.ReadTx.EachEvent(ctx, func(e auth.Event) error {
		if first && t.s.atFirst != nil {
			first = false
			t.s.atFirst()
		}
		return fn(e)
	})
}

// Verifying streams the audit in a read: a sign-in commits while the
// verify is in the middle of the chain, and the verify still sees its
// own snapshot, intact.
func TestVerifyAuditStreamsBesideSignIns(t *testing.T) {
	var f *fixture
	var u auth.User
	var signedIn time.Duration
	ss := &streamStore{t: t}
	ss.atFirst = func() {
		done := make(chan error, 1)
		start := time.Now()
		go func() {
			_, err := f.svc.Login(f.ctx, "T2", u.Username, goodPassword)
			done <- err
		}()
		select {
		case err := <-done:
			signedIn = time.Since(start)
			if err != nil {
				t.Errorf("sign-in during a verify: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("a sign-in waited 5 s behind a verify")
		}
	}
	f = newFixture(t, func(o *auth.Options) { ss.Store = o.Store; o.Store = ss })
	u = f.jane()
	f.svc.Login(f.ctx, "T1", u.Username, "wrong")
	before, err := f.svc.AuditEvents(f.ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n, err := f.svc.VerifyAudit(f.ctx)
	if err != nil || n != len(before) {
		t.Fatalf("verify: %d events, %v; want %d, intact", n, err, len(before))
	}
	if signedIn == 0 {
		t.Fatal("the verify never reached its first event")
	}
	ss.atFirst = nil
	if n, err := f.svc.VerifyAudit(f.ctx); err != nil || n != len(before)+1 {
		t.Fatalf("verify after the sign-in: %d events, %v; want %d", n, err, len(before)+1)
	}
}

// A verify of a long chain holds one row at a time, not the chain.
func TestVerifyAuditConstantMemory(t *testing.T) {
	f := newFixture(t)
	const n = 100_000
	bulkEvents(t, f.store.DB(), testAuditKey, n)
	var got int
	var err error
	// A tight GC target, so the figure is what verify keeps, not the
	// garbage the collector has not come for yet.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	peak := peakHeap(func() { got, err = f.svc.VerifyAudit(f.ctx) })
	if err != nil || got != n {
		t.Fatalf("verify: %d events, %v; want %d, intact", got, err, n)
	}
	t.Logf("verify of %d events: heap grew by at most %.1f MiB", n, float64(peak)/(1<<20))
	if peak > 8<<20 {
		t.Errorf("verify of %d events grew the heap by %.1f MiB, want constant (<= 8 MiB)", n, float64(peak)/(1<<20))
	}
}
