package main

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/metrics"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// A client kiosk with offline passwords on, against `kiosk serve` and
// the real offline gate: the roster syncs once the kiosk is online; an
// online sign-in leaves a verifier derived from what was typed; a card
// enrolled at the service reaches the roster by a sync the feed calls
// for; a user disabled at the service is refused by the gate as soon as the change
// reaches the screens; cut from the service, the kiosk signs her in
// through the gate (a wrong password refused as online), her logout goes
// to the outbox, and `kiosk status` counts those events and says when the
// roster last synced; back online, the events reach the service and the
// roster syncs again.
func TestClientKioskSignsInOffline(t *testing.T) {
	s := startService(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	data := filepath.Join(t.TempDir(), "data")
	cfg := s.client
	cfg.Offline.Password = true
	c, err := openClient(ctx, cfg, data, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	changes, stop := c.start(ctx, func() string { return "" }, 50*time.Millisecond)
	defer stop()
	// The roster syncs at the first answered heartbeat.
	waitFor(t, "the roster synced", func() bool {
		last, _, err := c.db.SyncState(ctx)
		return err == nil && !last.IsZero()
	})

	const password = "Brisk-Owl-Lamp-48"
	sess, err := c.auth.Login(ctx, "", s.jane.Username, password)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.auth.Logout(ctx, sess, auth.LogoutByUser); err != nil {
		t.Fatal(err)
	}
	c.auth.wait()
	if _, err := c.db.Verifier(ctx, s.jane.Username); err != nil {
		t.Fatalf("no verifier kept after an online sign-in: %v", err)
	}
	if !c.gate.PasswordOffered(ctx) {
		t.Fatal("offline password sign-in is not offered after a sync")
	}

	// A card enrolled at the service: the feed says only whose, so the
	// roster syncs again and the kiosk knows the card.
	ca, err := issue.NewCA(rand.Reader, "Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	card, _, err := ca.Card(issue.Template{CommonName: "Jane Smith"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.k.Auth.EnrolCard(ctx, auth.Actor{Name: "test"}, s.jane.Username, card.Raw, nil); err != nil {
		t.Fatal(err)
	}
	nextChange(t, changes, auth.ChangeCardEnrolled)
	waitFor(t, "the card on the kiosk's roster", func() bool {
		holder, withdrawn, err := c.db.CardHolder(ctx, auth.IdentityOf(card).Fingerprint)
		return err == nil && holder == s.jane.Username && !withdrawn
	})

	// Disabled at the service: the gate refuses her by the time the
	// screens hear of it, before any roster sync could tell it.
	time.Sleep(300 * time.Millisecond) // no sync left in flight
	if err := s.k.Auth.Disable(ctx, auth.Actor{Name: "test"}, s.jane.Username); err != nil {
		t.Fatal(err)
	}
	nextChange(t, changes, auth.ChangeDisabled)
	if u, err := c.db.RosterUser(ctx, s.jane.Username); err != nil || !u.Disabled {
		t.Fatalf("the change reached the screens before the gate: %+v, %v", u, err)
	}
	if err := s.k.Auth.Enable(ctx, auth.Actor{Name: "test"}, s.jane.Username); err != nil {
		t.Fatal(err)
	}
	nextChange(t, changes, auth.ChangeEnabled)
	waitFor(t, "the roster synced after the changes", func() bool {
		u, err := c.db.RosterUser(ctx, s.jane.Username)
		return err == nil && !u.Disabled
	})
	go func() { // the screens read every change
		for {
			select {
			case <-changes:
			case <-ctx.Done():
				return
			}
		}
	}()
	time.Sleep(1100 * time.Millisecond) // heartbeats go on: the state file's last sync moves on, the roster's not

	// The cut.
	s.stop()
	waitFor(t, "the kiosk offline", c.api.Offline)
	synced, _, err := c.db.SyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.auth.Login(ctx, "", s.jane.Username, "Not-Her-Password-1"); !errors.Is(err, auth.ErrLoginFailed) {
		t.Fatalf("a wrong password offline: %v, want auth.ErrLoginFailed", err)
	}
	sess, err = c.auth.Login(ctx, "", s.jane.Username, password)
	if err != nil {
		t.Fatalf("offline sign-in: %v", err)
	}
	if sess.User.Username != s.jane.Username || sess.Terminal != "WARD7-T1" {
		t.Errorf("offline session %+v", sess)
	}
	if err := c.auth.Logout(ctx, sess, auth.LogoutByUser); err != nil {
		t.Fatal(err)
	}
	evs, err := c.db.Events(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range evs {
		if e.Subject != s.jane.Username {
			t.Errorf("event %d is of %q", e.Seq, e.Subject)
		}
		kinds = append(kinds, e.Kind)
	}
	if want := []string{auth.ActLoginFailed, auth.ActLoginOK, auth.ActLogout}; strings.Join(kinds, " ") != strings.Join(want, " ") {
		t.Errorf("the outbox holds %v, want %v", kinds, want)
	}
	// kiosk status, during the cut (the kiosk runs on): the events queued
	// and the roster's last sync, not the last heartbeat's.
	out, errs, code := kiosk(t, "--config", s.config, "--data", data, "status")
	want := "mode client\nonline no\nlast-sync " + when(synced) + "\nqueued-events 3\n"
	if code != 0 || out != want {
		t.Errorf("status: %d %q %q, want %q", code, out, errs, want)
	}

	// A second card enrolled during the cut; then the service is back.
	// On the way back the feed catches up, the events go, and then the
	// roster syncs, bringing the card the kiosk was told of offline.
	card2, _, err := ca.Card(issue.Template{CommonName: "Jane Smith 2"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.k.Auth.EnrolCard(ctx, auth.Actor{Name: "test"}, s.jane.Username, card2.Raw, nil); err != nil {
		t.Fatal(err)
	}
	sctx, scancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(sctx, s.k, "test", slog.New(slog.DiscardHandler), metrics.New()) }()
	defer func() {
		scancel()
		if err := <-served; err != nil {
			t.Errorf("serve again: %v", err)
		}
	}()
	waitFor(t, "the kiosk back online", func() bool { return !c.api.Offline() })
	if n := c.queued(ctx); n != 0 {
		t.Errorf("back online with %d events queued", n)
	}
	if n, err := s.k.Auth.KioskEventCount(ctx, "WARD7-T1"); err != nil || n != 3 {
		t.Errorf("the service holds %d events of the kiosk, %v; want 3", n, err)
	}
	waitFor(t, "the second card on the kiosk's roster", func() bool {
		holder, _, err := c.db.CardHolder(ctx, auth.IdentityOf(card2).Fingerprint)
		return err == nil && holder == s.jane.Username
	})
}
