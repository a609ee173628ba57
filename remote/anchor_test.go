package remote_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/remote"
)

// seenOutbox notes the lowest sequence an upload read from the outbox.
type seenOutbox struct {
	*kiosklocal.DB
	first int64
}

func (s *seenOutbox) Unacked(ctx context.Context, limit int) ([]auth.KioskEvent, error) {
	evs, err := s.DB.Unacked(ctx, limit)
	if len(evs) > 0 && (s.first == 0 || evs[0].Seq < s.first) {
		s.first = evs[0].Seq
	}
	return evs, err
}

// syncBuffer is a log sink tests read while the client writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// storedUnmarked has the service hold the first n events of the outbox in
// dir while the kiosk never marks them, as a kiosk killed between the
// answer and the mark leaves them.
func storedUnmarked(t *testing.T, f *fleet, c *remote.Client, dir string, n int) {
	t.Helper()
	db, err := kiosklocal.Open(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := c.UploadEvents(context.Background(), &killedOutbox{DB: db, kill: 1}); err == nil {
		t.Fatal("the upload was not killed")
	}
	if held, _ := f.a.svc.KioskEventCount(context.Background(), "WARD7-T2"); held != n {
		t.Fatalf("%d events held; want %d", held, n)
	}
}

// A heartbeat tells the kiosk the head of its chain at the service; the
// next upload marks every event up to it acknowledged without sending
// them again, and sends only the rest.
func TestAnchorMarksWhatTheServiceHolds(t *testing.T) {
	f := newFleet(t)
	ctx := context.Background()
	cert := f.register("WARD7-T2")
	dir := filepath.Join(t.TempDir(), "data")
	queue(t, dir, 10, f.user.Username)
	k := uploader(t, f, cert, 10, f.a.url)
	storedUnmarked(t, f, k, dir, 10)
	if seq, hash := k.Anchor(); seq != 0 || hash != "" {
		t.Fatalf("anchor %d %q before any heartbeat; want none", seq, hash)
	}
	if _, err := k.Heartbeat(ctx, "no reader", 10); err != nil {
		t.Fatal(err)
	}
	queue(t, dir, 5, f.user.Username)
	db, err := kiosklocal.Open(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tenth, _, _ := db.HashAt(ctx, 10)
	if seq, hash := k.Anchor(); seq != 10 || hash != tenth {
		t.Fatalf("anchor %d %q; want 10 %q", seq, hash, tenth)
	}
	out := &seenOutbox{DB: db}
	up, err := k.UploadEvents(ctx, out)
	if err != nil || up.Events != 15 || len(up.Gaps) != 0 || len(up.Breaks) != 0 {
		t.Fatalf("upload %+v, %v; want 15 acknowledged, no gap or break", up, err)
	}
	if out.first != 11 {
		t.Errorf("the upload read from sequence %d; want 11, the service holding 1..10", out.first)
	}
	if n, _ := db.Queued(ctx); n != 0 {
		t.Errorf("%d still queued", n)
	}
	if n, _ := f.a.svc.KioskEventCount(ctx, "WARD7-T2"); n != 15 {
		t.Errorf("%d events held; want 15", n)
	}
}

// An outbox whose event at the anchor is not the one the service holds
// was rewritten: the kiosk warns and marks nothing from the anchor.
func TestAnchorOfARewrittenOutbox(t *testing.T) {
	f := newFleet(t)
	ctx := context.Background()
	cert := f.register("WARD7-T2")
	dir := filepath.Join(t.TempDir(), "data")
	queue(t, dir, 10, f.user.Username)
	var logs syncBuffer
	k := f.kioskWith(cert, nil, func(o *remote.Options) {
		o.Log = slog.New(slog.NewTextHandler(&logs, nil))
		o.UploadBatch = 10
	}, f.a.url)
	storedUnmarked(t, f, k, dir, 10)
	if _, err := k.Heartbeat(ctx, "no reader", 10); err != nil {
		t.Fatal(err)
	}

	// Another outbox under the same certificate: the same sequences, other events.
	other := filepath.Join(t.TempDir(), "other")
	queue(t, other, 12, f.user.Username)
	db, err := kiosklocal.Open(ctx, other, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := &seenOutbox{DB: db}
	if _, err := k.UploadEvents(ctx, out); err != nil {
		t.Fatal(err)
	}
	if out.first != 1 {
		t.Errorf("the upload read from sequence %d; want 1, nothing marked from the anchor", out.first)
	}
	if !strings.Contains(logs.String(), "rewritten") {
		t.Errorf("no warning of a rewritten outbox in the log:\n%s", logs.String())
	}
}
