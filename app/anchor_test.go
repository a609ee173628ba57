package app

import (
	"bytes"
	"context"
	"github.com/wardkiosk/kiosk/internal/syncbuf"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/config"
)

// The chain is keyed under a 0600 key file of its own, beside the database
// and not the reset-code key; a long-running process writes its head out
// at start and then periodically.
func TestAuditKeyFileAndAnchor(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	k, err := Open(ctx, config.Default(), dir, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	fi, err := os.Stat(filepath.Join(dir, AuditKeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 || fi.Size() != 32 {
		t.Fatalf("audit key file: %v, %v", fi, err)
	}
	a, _ := os.ReadFile(filepath.Join(dir, AuditKeyFile))
	c, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	if bytes.Equal(a, c) {
		t.Fatal("the audit key is the reset-code key")
	}
	if _, err := k.Auth.CreateUser(ctx, auth.Actor{Name: "cli:test"}, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	head, err := k.Auth.AuditHead(ctx)
	if err != nil || head.Hash == "" {
		t.Fatalf("head %v, %v", head, err)
	}
	var buf syncbuf.Buffer
	stop := k.StartAnchor(ctx, slog.New(slog.NewTextHandler(&buf, nil)), 10*time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(buf.String(), "hash="+head.Hash) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	out := buf.String()
	if !strings.Contains(out, "why=start") || !strings.Contains(out, "why=periodic") {
		t.Fatalf("anchor log %q, want the head %s at start and periodically", out, head)
	}

	// Reopened under another audit key, the chain no longer verifies.
	k.Close()
	if err := os.WriteFile(filepath.Join(dir, AuditKeyFile), bytes.Repeat([]byte{7}, 32), 0o600); err != nil {
		t.Fatal(err)
	}
	k2, err := Open(ctx, config.Default(), dir, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer k2.Close()
	if _, err := k2.Auth.VerifyAudit(ctx); err == nil {
		t.Fatal("the chain verified under another key")
	}
}
