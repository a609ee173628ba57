package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
)

// A client kiosk with events in its outbox uploads them after a heartbeat
// is answered, and they leave the queue; the service holds each once.
func TestClientKioskUploadsItsOutbox(t *testing.T) {
	s := startService(t)
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")
	db, err := kiosklocal.Open(ctx, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 30 {
		kind := auth.ActLoginOK
		if i%3 == 2 {
			kind = auth.ActLoginFailed
		}
		if _, err := db.Append(ctx, kind, s.jane.Username, "offline"); err != nil {
			t.Fatal(err)
		}
	}
	c, err := openClient(ctx, s.client, data, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, stop := c.start(ctx, func() string { return "" }, 50*time.Millisecond)
	defer stop()
	waitFor(t, "the outbox uploaded", func() bool {
		n, _ := db.Queued(ctx)
		return n == 0
	})
	if n, err := s.k.Auth.KioskEventCount(ctx, "WARD7-T1"); err != nil || n != 30 {
		t.Errorf("%d events held, %v; want 30", n, err)
	}
}
