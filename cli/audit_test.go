package cli_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

var headRE = regexp.MustCompile(`^(\d+) ([0-9a-f]{64})\n$`)

// A head written down with `audit head` catches what the chain alone
// cannot: the last 20 rows deleted by someone who dropped the guards.
func TestAuditHeadCatchesACutTail(t *testing.T) {
	k, err := app.Open(context.Background(), config.Default(), t.TempDir(), auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	ck := &cli.Kiosk{Service: k.Auth, DataDir: k.DataDir}
	if _, _, code := run(t, ck, false, "", "users", "add", "--first", "Jane", "--last", "Smith",
		"--email", "jane.smith@example.nhs.uk", "--dob", "1985-03-14"); code != 0 {
		t.Fatal("users add failed")
	}
	for range 12 {
		run(t, ck, true, "", "users", "lock", "382JSMITH01")
		run(t, ck, true, "", "users", "unlock", "382JSMITH01")
	}
	out, _, code := run(t, ck, true, "", "audit", "head")
	m := headRE.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("audit head: exit %d, %q", code, out)
	}
	if out, _, code := run(t, ck, true, "", "audit", "verify", "--head", m[2]); code != 0 ||
		!strings.Contains(out, "chain intact, reaches head "+m[2]) {
		t.Fatalf("verify --head before the cut: exit %d, %q", code, out)
	}

	if _, err := k.Store.(*sqlite.Store).DB().Exec(`DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id > ? - 20`, m[1]); err != nil {
		t.Fatal(err)
	}
	if out, _, code := run(t, ck, true, "", "audit", "verify"); code != 0 {
		t.Fatalf("verify without a head should find the cut chain intact as far as it goes: exit %d, %q", code, out)
	}
	_, stderr, code := run(t, ck, true, "", "audit", "verify", "--head", m[2])
	if code != cli.ExitFailed || !strings.Contains(stderr, "does not reach the anchored head "+m[2]) {
		t.Fatalf("verify --head after the cut: exit %d, %q", code, stderr)
	}
}
