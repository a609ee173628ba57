package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
)

// deadClient writes the config file of a client kiosk whose service is
// gone (nothing listens at its URL).
func deadClient(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	testPKI(t, dir)
	path := filepath.Join(dir, "client.toml")
	toml := `terminal = "WARD7-T1"
[server]
urls = ["https://` + freeAddr(t) + `"]
ca_file = "` + filepath.Join(dir, "ca.pem") + `"
cert_file = "` + filepath.Join(dir, "t1.pem") + `"
key_file = "` + filepath.Join(dir, "t1.key") + `"
`
	if err := os.WriteFile(path, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// `kiosk status` on a client counts the events its outbox holds that the
// service has not acknowledged, and, before the kiosk has a database,
// says 0 without making one.
func TestStatusCountsQueuedEvents(t *testing.T) {
	conf := deadClient(t)
	data := filepath.Join(t.TempDir(), "data")
	out, errs, code := kiosk(t, "--config", conf, "--data", data, "status")
	if code != 0 || out != "mode client\nonline no\nlast-sync never\nqueued-events 0\n" {
		t.Fatalf("status with no database: %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(data, kiosklocal.FileName)); err == nil {
		t.Fatal("status made the kiosk's database")
	}

	ctx := context.Background()
	db, err := kiosklocal.Open(ctx, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := db.Append(ctx, auth.ActLoginFailed, "382JSMITH01", "offline"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Ack(ctx, 2); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, errs, code = kiosk(t, "--config", conf, "--data", data, "status")
	if lines := strings.Split(out, "\n"); code != 0 || len(lines) < 4 || lines[3] != "queued-events 3" {
		t.Fatalf("status with 3 events unacknowledged: %d %q %q", code, out, errs)
	}
}
