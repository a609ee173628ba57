package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
)

// TestNewPasswordPrepared checks that a new password is prepared with PRECIS
// OpaqueString (DESIGN §4): invisible characters are refused, not counted
// or hashed, and a no-break space is the space it looks like, at the reset
// and at every sign-in after it.
func TestNewPasswordPrepared(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	code := f.requestCode(u)
	hidden := "Gravel-Tundra\u200b-Wisp-61"
	if _, err := f.svc.Reset(f.ctx, "T1", code, u.Username, hidden, hidden); !errors.Is(err, auth.ErrControlCharacters) {
		t.Fatalf("a zero-width space: %v, want ErrControlCharacters", err)
	}
	fails, err := f.svc.CheckPassword(f.ctx, "", f.svc.Profile(), "a1"+strings.Repeat("\u200b", 6), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(fails) == 0 || fails[0].Rule != policy.Characters || !hasRule(fails, policy.MinLength) {
		t.Fatalf("policy check of a1 and six zero-width spaces = %v, want characters and min-length", fails)
	}
	nbsp := "Gravel\u00a0Tundra\u00a0Wisp\u00a061"
	if _, err := f.svc.Reset(f.ctx, "T1", code, u.Username, nbsp, nbsp); err != nil {
		t.Fatalf("no-break spaces: %v", err)
	}
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, "Gravel Tundra Wisp 61"); err != nil {
		t.Fatalf("the same password with plain spaces: %v", err)
	}
}

func hasRule(fs []policy.Failure, id string) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}
