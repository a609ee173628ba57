package storetest

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// The terminal registry: a name a standalone sign-in wrote is taken over
// with its state kept; a registered name or a fingerprint is taken once;
// state saved later keeps the registration; disabling needs a
// registration.
func testTerminalRegistry(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	st := open(t, newDB)
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	tx := func(fn func(auth.Tx) error) error { return st.Tx(ctx, fn) }

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(tx(func(tx auth.Tx) error {
		return tx.SaveTerminal(ctx, auth.Terminal{Name: "T1", Failures: 2, LastSeen: at})
	}))
	must(tx(func(tx auth.Tx) error {
		return tx.RegisterTerminal(ctx, auth.Terminal{Name: "T1", Ward: "Ward 7", Fingerprint: "aa", AddedAt: at, AddedBy: "cli:root"})
	}))
	for name, term := range map[string]auth.Terminal{
		"the name again":        {Name: "T1", Ward: "W", Fingerprint: "bb", AddedAt: at},
		"the fingerprint again": {Name: "T2", Ward: "W", Fingerprint: "aa", AddedAt: at},
	} {
		if err := tx(func(tx auth.Tx) error { return tx.RegisterTerminal(ctx, term) }); !errors.Is(err, auth.ErrConflict) {
			t.Errorf("%s: %v, want ErrConflict", name, err)
		}
	}
	must(tx(func(tx auth.Tx) error {
		return tx.SaveTerminal(ctx, auth.Terminal{Name: "T1", LastSeen: at.Add(time.Minute), Version: "v2", QueuedEvents: 3})
	}))
	// A new certificate: another terminal's, or for a name not registered, is refused.
	must(tx(func(tx auth.Tx) error {
		return tx.RegisterTerminal(ctx, auth.Terminal{Name: "T3", Ward: "W", Fingerprint: "cc", AddedAt: at})
	}))
	if err := tx(func(tx auth.Tx) error { return tx.SetTerminalCertificate(ctx, "T1", "cc") }); !errors.Is(err, auth.ErrConflict) {
		t.Errorf("renew with another terminal's certificate: %v, want ErrConflict", err)
	}
	if err := tx(func(tx auth.Tx) error { return tx.SetTerminalCertificate(ctx, "T9", "dd") }); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("renew an unregistered terminal: %v, want ErrNotFound", err)
	}
	must(tx(func(tx auth.Tx) error { return tx.SetTerminalCertificate(ctx, "T1", "a2") }))
	must(tx(func(tx auth.Tx) error { return tx.SetTerminalCertificate(ctx, "T1", "aa") })) // and back
	must(tx(func(tx auth.Tx) error { return tx.SetTerminalDisabled(ctx, "T1", true) }))
	if err := tx(func(tx auth.Tx) error { return tx.SetTerminalDisabled(ctx, "T9", true) }); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("disable an unregistered terminal: %v", err)
	}
	must(st.Read(ctx, func(tx auth.ReadTx) error {
		got, err := tx.TerminalByFingerprint(ctx, "aa")
		if err != nil {
			return err
		}
		want := auth.Terminal{Name: "T1", LastSeen: at.Add(time.Minute), Version: "v2", QueuedEvents: 3,
			Ward: "Ward 7", Fingerprint: "aa", Disabled: true, AddedAt: at, AddedBy: "cli:root"}
		if got != want {
			t.Errorf("T1 = %+v\nwant %+v", got, want)
		}
		if _, err := tx.TerminalByFingerprint(ctx, ""); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("no fingerprint: %v", err)
		}
		return nil
	}))
}

// A challenge is taken once; adding one forgets those expired.
func testChallenges(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	st := open(t, newDB)
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	old := auth.Challenge{Hash: bytes.Repeat([]byte{1}, 32), Terminal: "T1", IssuedAt: at, ExpiresAt: at.Add(time.Minute)}
	cur := auth.Challenge{Hash: bytes.Repeat([]byte{2}, 32), Terminal: "T1", IssuedAt: at.Add(time.Hour), ExpiresAt: at.Add(61 * time.Minute)}
	for _, c := range []auth.Challenge{old, cur} {
		if err := st.Tx(ctx, func(tx auth.Tx) error { return tx.AddChallenge(ctx, c) }); err != nil {
			t.Fatal(err)
		}
	}
	take := func(h []byte) (auth.Challenge, error) {
		var c auth.Challenge
		err := st.Tx(ctx, func(tx auth.Tx) error {
			var err error
			c, err = tx.TakeChallenge(ctx, h)
			return err
		})
		return c, err
	}
	if _, err := take(old.Hash); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("an expired challenge was kept: %v", err)
	}
	if got, err := take(cur.Hash); err != nil || got.Terminal != "T1" || !got.ExpiresAt.Equal(cur.ExpiresAt) {
		t.Errorf("take: %+v, %v", got, err)
	}
	if _, err := take(cur.Hash); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("taken twice: %v", err)
	}
}
