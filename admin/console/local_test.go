package console

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"github.com/wardkiosk/kiosk/ui/theme"
)

// A client kiosk's console shows the terminal's own state, live, and
// where the Trust is managed; no Users, Policy or Audit pages, which a
// client has no data for.
func TestClientKioskConsole(t *testing.T) {
	var mu sync.Mutex
	state := Local{Online: true, Services: []string{"https://kiosk-api-a.example:8443", "https://kiosk-api-b.example:8443"},
		LastSync: time.Now().Add(-5 * time.Second), Reader: "Smartcard: card in reader",
		Driver: "pkcs11 /usr/lib/vendor/p11.so: did not load: crashed in C_Initialize\x1b[2J"}
	local := func(context.Context) Local {
		mu.Lock()
		defer mu.Unlock()
		return state
	}
	m := New(&Env{Ctx: context.Background(), Feed: NewLocalFeed(local, 50*time.Millisecond, nil),
		Theme: theme.New("", theme.Unicode, false), Maintainer: "alice", Fingerprint: "SHA256:test",
		Kiosk: "WARD7-T1", Poll: 100 * time.Millisecond})
	emu := vt.NewEmulator(100, 30)
	go func() { _, _ = io.Copy(io.Discard, emu) }()
	tm := &term{t: t, tm: teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30)), emu: emu, m: m}

	s := tm.waitFor("This terminal: WARD7-T1")
	for _, want := range []string{"online", "Smartcard: card in reader", "Queued events   0", "Where the Trust is managed",
		"Card driver     pkcs11 /usr/lib/vendor/p11.so: did not load: crashed in C_Initialize",
		"https://kiosk-api-b.example:8443", "F1 This terminal"} {
		if !strings.Contains(s, want) {
			tm.waitFor(want)
		}
	}
	if strings.Contains(s, "Users") || strings.Contains(s, "Audit") {
		t.Errorf("a client's console offers the Trust's pages:\n%s", s)
	}
	tm.press("2") // no second page
	if m.Page() != "This terminal" {
		t.Errorf("page %q", m.Page())
	}

	mu.Lock()
	state.Online, state.Reader = false, "Smartcard: no reader"
	mu.Unlock()
	tm.waitFor("no instance of the Trust's service answers")
	tm.waitFor("service unreachable")
	tm.waitFor("Smartcard: no reader")
	tm.quit()
}
