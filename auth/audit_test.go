package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
)

func TestAuditChainAndNoSecrets(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	f.svc.Login(f.ctx, "T1", u.Username, "Typo-Password-11")
	f.svc.Login(f.ctx, "T1", u.Username, goodPassword)
	code := f.requestCode(u)
	f.svc.Reset(f.ctx, "T1", "ZZZZ-ZZZZ-ZZZZ", u.Username, newPassword, newPassword)
	if _, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	n, err := f.svc.VerifyAudit(f.ctx)
	if err != nil || n < 6 {
		t.Fatalf("verify: %d events, %v", n, err)
	}
	evs, err := f.svc.AuditEvents(f.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]bool{}
	for _, e := range evs {
		actions[e.Action] = true
		row := strings.Join([]string{e.Terminal, e.Actor, e.Action, e.Subject, e.Detail}, " ")
		for _, secret := range []string{goodPassword, newPassword, "Typo-Password-11", code, strings.ReplaceAll(code, "-", "")} {
			if strings.Contains(row, secret) {
				t.Fatalf("audit row %d holds a secret: %s", e.ID, row)
			}
		}
	}
	for _, a := range []string{auth.ActUserCreated, auth.ActLoginFailed, auth.ActLoginOK, auth.ActResetRequested,
		auth.ActResetFailed, auth.ActResetOK} {
		if !actions[a] {
			t.Errorf("no %s event in the audit", a)
		}
	}
	if last := evs[len(evs)-1]; last.Actor == "" || last.Terminal != "T1" {
		t.Errorf("the last event lacks actor or terminal: %+v", last)
	}
}

func TestAuditTamperingShows(t *testing.T) {
	for _, tamper := range []struct{ name, sql string }{
		{"changed", `UPDATE audit SET detail = 'nothing to see' WHERE id = 2`},
		{"removed", `DELETE FROM audit WHERE id = 2`},
		{"inserted", `INSERT INTO audit (at, terminal, actor, action, subject, detail, prev_hash, hash)
			SELECT at, terminal, actor, action, subject, detail, prev_hash, hash || 'x' FROM audit WHERE id = 2`},
	} {
		t.Run(tamper.name, func(t *testing.T) {
			f := newFixture(t)
			u := f.jane()
			f.svc.Login(f.ctx, "T1", u.Username, "wrong")
			f.svc.Login(f.ctx, "T1", u.Username, goodPassword)
			db := f.store.DB()
			// The table refuses changes; a tamperer with the file drops the guards.
			if _, err := db.Exec(`UPDATE audit SET detail = 'x' WHERE id = 1`); err == nil {
				t.Fatal("the audit table accepted an UPDATE")
			}
			if _, err := db.Exec(`DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;`); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(tamper.sql); err != nil {
				t.Fatal(err)
			}
			_, err := f.svc.VerifyAudit(f.ctx)
			var ce *auth.ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("verify after the audit was %s: %v", tamper.name, err)
			}
		})
	}
}
