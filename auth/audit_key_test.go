package auth_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

// dropGuards does what anyone who can write the file can: drop the
// append-only triggers.
func dropGuards(t *testing.T, f *fixture) {
	t.Helper()
	if _, err := f.store.DB().Exec(`DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;`); err != nil {
		t.Fatal(err)
	}
}

func wantChainError(t *testing.T, err error, what string) *auth.ChainError {
	t.Helper()
	var ce *auth.ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("verify after %s: %v, want a broken chain", what, err)
	}
	return ce
}

// The head prints as `kiosk audit head` shows it: its number and the hash
// that `audit verify --head` takes, or that the audit is empty.
func TestAuditHeadString(t *testing.T) {
	f := newFixture(t)
	head, err := f.svc.AuditHead(f.ctx)
	if err != nil || head != (auth.AuditHead{}) || head.String() != "0 (empty)" {
		t.Fatalf("empty audit: head %+v (%v) prints %q, want 0 (empty)", head, err, head)
	}
	f.jane()
	head, err = f.svc.AuditHead(f.ctx)
	if err != nil || head.ID != 1 || head.String() != "1 "+head.Hash {
		t.Fatalf("after one event: head %+v (%v) prints %q, want 1 and the hash", head, err, head)
	}
}

// Deleting the last rows leaves a chain that is intact as far as it goes;
// only a head written down outside the database shows the cut.
func TestAuditHeadShowsACutTail(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	f.svc.Login(f.ctx, "T1", u.Username, goodPassword)
	bulkEvents(t, f.store.DB(), testAuditKey, 40)
	early, err := f.svc.AuditHead(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.svc.Login(f.ctx, "T1", u.Username, "wrong")
	head, err := f.svc.AuditHead(f.ctx)
	if err != nil || head.ID <= early.ID || len(head.Hash) != 64 {
		t.Fatalf("head %v (%v) after head %v", head, err, early)
	}
	for _, anchor := range []string{head.Hash, early.Hash, strings.ToUpper(head.Hash)} {
		if n, got, err := f.svc.VerifyAuditTo(f.ctx, anchor); err != nil || got != head || n != int(head.ID) {
			t.Fatalf("verify --head %s: %d events, head %v, %v", anchor, n, got, err)
		}
	}
	dropGuards(t, f)
	if _, err := f.store.DB().Exec(`DELETE FROM audit WHERE id > ?`, head.ID-20); err != nil {
		t.Fatal(err)
	}
	if n, err := f.svc.VerifyAudit(f.ctx); err != nil || n != int(head.ID)-20 {
		t.Fatalf("without an anchor the cut chain reads as intact: %d events, %v", n, err)
	}
	ce := wantChainError(t, func() error { _, _, err := f.svc.VerifyAuditTo(f.ctx, head.Hash); return err }(), "a cut tail")
	if !strings.Contains(ce.Reason, "does not reach the anchored head") {
		t.Errorf("reason %q", ce.Reason)
	}
}

// Someone without the key who rewrites a row and re-chains everything
// after it, the way the chain was hashed before it was keyed or under a
// key of their own, is caught at the first row.
func TestAuditRechainedWithoutTheKeyShows(t *testing.T) {
	for _, c := range []struct {
		name   string
		hash   func(auth.Event) string
		reason string
	}{
		{"unkeyed", auth.LegacyHash, "without the audit key"},
		{"another key", func(e auth.Event) string { return auth.ChainHash([]byte("a key of my own, guessed or not!"), e) },
			"contents were changed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			u := f.jane()
			f.svc.Login(f.ctx, "T1", u.Username, "wrong")
			f.svc.Login(f.ctx, "T1", u.Username, goodPassword)
			dropGuards(t, f)
			db := f.store.DB()
			if _, err := db.Exec(`UPDATE audit SET detail = 'nothing to see' WHERE id = 2`); err != nil {
				t.Fatal(err)
			}
			evs, err := f.svc.AuditEvents(f.ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			prev := ""
			for _, e := range evs {
				e.PrevHash = prev
				prev = c.hash(e)
				if _, err := db.Exec(`UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?`, e.PrevHash, prev, e.ID); err != nil {
					t.Fatal(err)
				}
			}
			_, err = f.svc.VerifyAudit(f.ctx)
			if ce := wantChainError(t, err, "re-chaining "+c.name); ce.ID != 1 || !strings.Contains(ce.Reason, c.reason) {
				t.Errorf("broken at %d: %q, want event 1: %q", ce.ID, ce.Reason, c.reason)
			}
		})
	}
}

// A database written before the chain was keyed is re-chained once, under
// the key, when the kiosk opens it: audited with the old head; until then
// verify refuses it, and an old chain already broken is not blessed.
func TestKeyAuditChainRechainsAnOldChainOnce(t *testing.T) {
	ctx := context.Background()
	// openOld opens a store whose chain was written before migration 0005:
	// unkeyed rows, then the migration applied to them.
	openOld := func(t *testing.T, tamper string) (*sqlite.Store, *auth.Service) {
		t.Helper()
		dir := t.TempDir()
		st, err := sqlite.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		db := st.DB()
		prev := ""
		for i, action := range []string{auth.ActUserCreated, auth.ActLoginFailed, auth.ActLoginOK} {
			e := auth.Event{At: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC), Terminal: "T1", Actor: "cli:test", Action: action,
				Subject: "382SMITHJ01", PrevHash: prev}
			e.Hash = auth.LegacyHash(e)
			if _, err := db.Exec(`INSERT INTO audit (at, terminal, actor, action, subject, detail, prev_hash, hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.At.UnixNano(), e.Terminal, e.Actor, e.Action, e.Subject, e.Detail,
				e.PrevHash, e.Hash); err != nil {
				t.Fatal(err)
			}
			prev = e.Hash
		}
		keyed, err := sqlite.Migration(5)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(keyed); err != nil {
			t.Fatal(err)
		}
		if tamper != "" {
			if _, err := db.Exec(`DROP TRIGGER audit_no_update; ` + tamper); err != nil {
				t.Fatal(err)
			}
		}
		st.Close()
		if st, err = sqlite.Open(ctx, dir); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		svc, err := auth.New(auth.Options{Store: st, Lists: loadLists, Argon: fastArgon,
			CodeKey: []byte("0123456789abcdef0123456789abcdef"), AuditKey: testAuditKey})
		if err != nil {
			t.Fatal(err)
		}
		return st, svc
	}
	by := auth.Actor{Name: "kiosk"}

	_, svc := openOld(t, "")
	_, err := svc.VerifyAudit(ctx)
	if ce := wantChainError(t, err, "migration 0005"); !strings.Contains(ce.Reason, "not keyed yet") {
		t.Errorf("reason %q", ce.Reason)
	}
	old, err := svc.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := svc.KeyAuditChain(ctx, by); err != nil || n != 3 {
		t.Fatalf("key the chain: %d events, %v", n, err)
	}
	n, head, err := svc.VerifyAuditTo(ctx, "")
	if err != nil || n != 4 {
		t.Fatalf("verify after keying: %d events, %v", n, err)
	}
	evs, _ := svc.AuditEvents(ctx, 1)
	if e := evs[0]; e.Action != auth.ActAuditKeyed || !strings.Contains(e.Detail, old.String()) || e.Hash != head.Hash {
		t.Errorf("the keying is audited as %+v, want %s naming the old head %s", e, auth.ActAuditKeyed, old)
	}
	if n, err := svc.KeyAuditChain(ctx, by); err != nil || n != 0 {
		t.Errorf("keying again: %d events, %v; want nothing to do", n, err)
	}

	_, svc = openOld(t, `UPDATE audit SET detail = 'nothing to see' WHERE id = 2`)
	if n, err := svc.KeyAuditChain(ctx, by); err == nil || n != 0 {
		t.Fatalf("a broken unkeyed chain was keyed: %d events, %v", n, err)
	}
	_, err = svc.VerifyAudit(ctx)
	wantChainError(t, err, "a broken unkeyed chain")
}

// Every lockout writes the audit head to the system log, after it commits.
func TestLockoutLogsTheAuditHead(t *testing.T) {
	var buf bytes.Buffer
	f := newFixture(t, func(o *auth.Options) {
		o.LockThreshold = 2
		o.Log = slog.New(slog.NewTextHandler(&buf, nil))
	})
	u := f.jane()
	f.svc.Login(f.ctx, "T1", u.Username, "wrong")
	if buf.Len() != 0 {
		t.Fatalf("logged before any lockout: %s", buf.String())
	}
	f.svc.Login(f.ctx, "T1", u.Username, "wrong")
	head, err := f.svc.AuditHead(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "why=lockout") || !strings.Contains(buf.String(), "hash="+head.Hash) {
		t.Fatalf("system log after a lockout: %q, want the head %s", buf.String(), head)
	}
	buf.Reset()
	if err := f.svc.Lock(f.ctx, f.admin, u.Username); err != nil {
		t.Fatal(err)
	}
	head, _ = f.svc.AuditHead(f.ctx)
	if !strings.Contains(buf.String(), "hash="+head.Hash) {
		t.Fatalf("system log after a maintainer's lock: %q, want the head %s", buf.String(), head)
	}
	for _, secret := range []string{goodPassword, "wrong"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("the system log holds %q", secret)
		}
	}
}
