package remote_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/syncbuf"
	"github.com/wardkiosk/kiosk/remote"
)

// A kiosk one release behind (the previous API version) keeps working
// against the newer service during an upgrade in rings: it signs in,
// beats and follows the change feed.
func TestPreviousAPIVersionKeepsWorking(t *testing.T) {
	f := newFleet(t)
	cert := f.register("WARD7-T1")
	c := f.kioskWith(cert, nil, func(o *remote.Options) { o.APIVersion = wire.MinAPIVersion }, f.a.url)
	if _, err := c.Login(f.ctx, "", f.user.Username, goodPassword); err != nil {
		t.Fatalf("sign-in at API version %d: %v", wire.MinAPIVersion, err)
	}
	if _, err := c.Heartbeat(f.ctx, "ok", 0); err != nil {
		t.Fatalf("heartbeat: %v", err)
	}
	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	got := make(chan string, 10)
	go c.Follow(ctx, 0, func(ch auth.Change) { got <- ch.Kind })
	if err := f.a.svc.AddForbiddenWord(f.ctx, auth.Actor{Name: "test"}, "marmalade"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the change feed sent nothing to a kiosk one version behind")
	}
}

// A kiosk whose API version the service does not speak is refused with
// ErrAPIVersion, which says what to upgrade, and the kiosk logs it.
func TestUnknownAPIVersionIsRefusedAndLogged(t *testing.T) {
	f := newFleet(t)
	cert := f.register("WARD7-T1")
	var log syncbuf.Buffer
	c := f.kioskWith(cert, nil, func(o *remote.Options) {
		o.APIVersion = wire.APIVersion + 1
		o.Log = slog.New(slog.NewTextHandler(&log, nil))
	}, f.a.url)
	_, err := c.Login(f.ctx, "", f.user.Username, goodPassword)
	if !errors.Is(err, wire.ErrAPIVersion) || !strings.Contains(err.Error(), "upgrade the service") {
		t.Fatalf("sign-in at API version %d: %v", wire.APIVersion+1, err)
	}
	if !strings.Contains(log.String(), "the service refuses this kiosk's API version") {
		t.Errorf("the kiosk did not log the refusal:\n%s", log.String())
	}
	evs, _ := f.a.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: auth.ActLoginOK})
	if len(evs) != 0 {
		t.Errorf("a refused call signed in: %+v", evs)
	}
}
