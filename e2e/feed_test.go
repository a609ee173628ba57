package e2e

import (
	"testing"
	"time"
)

// A maintainer disabling a signed-in account from another process (their
// command, as over SSH) signs it out at the kiosk within 3 s (DESIGN §10).
func TestDisableSignsOut(t *testing.T) {
	data, users := demo(t)
	u := users[1]
	tm := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=false")
	tm.WaitFor("Employee Self Service")
	tm.Type(u.Username)
	tm.Press("Tab")
	tm.Type(u.Password)
	tm.Press("Enter")
	tm.WaitFor("Welcome, " + u.First)
	start := time.Now()
	kiosk(t, data, "users", "disable", u.Username)
	tm.WaitFor("You were logged out")
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("signed out %v after the disable", d)
	}
	tm.Never("Welcome")
}
