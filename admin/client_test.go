package admin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/admin/console"
)

// Over SSH to a client kiosk: the console shows this terminal's state and
// where the Trust is managed; a command that needs the Trust's data is
// refused, saying so; version still answers.
func TestClientKioskOverSSH(t *testing.T) {
	f := newFixture(t, func(o *Options) {
		o.Service = nil
		o.Local = func(context.Context) console.Local {
			return console.Local{Online: true, Services: []string{"https://kiosk-api.example:8443"},
				LastSync: time.Now().Add(-2 * time.Second), Reader: "Smartcard: no card"}
		}
	})
	c := f.client()
	sc := f.console(c, "xterm-256color", 100, 30)
	sc.WaitFor("This terminal: ")
	sc.WaitFor("https://kiosk-api.example:8443")
	sc.WaitFor("Smartcard: no card")
	if s := sc.Text(); strings.Contains(s, "Locked accounts") || strings.Contains(s, "F2") {
		t.Errorf("a client's console shows the Trust's pages:\n%s", s)
	}
	sc.Keys("q")
	sc.Closed()

	_, errs, code := f.run(c, "", "users list")
	if code != 1 || !strings.Contains(errs, "client of the Trust's service") {
		t.Errorf("users list on a client: %d %q", code, errs)
	}
	if out, _, code := f.run(c, "", "version"); code != 0 || !strings.Contains(out, "test") {
		t.Errorf("version: %d %q", code, out)
	}
}
