package kiosklocal_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
)

// HashAt is the hash of the event of a sequence, acknowledged or not, and
// says when the outbox holds none there.
func TestHashAt(t *testing.T) {
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "data"))
	var evs []auth.KioskEvent
	for range 3 {
		e, err := db.Append(ctx, auth.ActLoginOK, "jane.smith", "card")
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e)
	}
	if _, err := db.Ack(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if h, found, err := db.HashAt(ctx, e.Seq); err != nil || !found || h != e.Hash {
			t.Errorf("sequence %d: %q %v %v; want %q", e.Seq, h, found, err, e.Hash)
		}
	}
	for _, seq := range []int64{0, 4} {
		if h, found, err := db.HashAt(ctx, seq); err != nil || found || h != "" {
			t.Errorf("sequence %d: %q %v %v; want none", seq, h, found, err)
		}
	}
}
