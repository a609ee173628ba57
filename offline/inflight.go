package offline

import (
	"context"

	"github.com/wardkiosk/kiosk/auth"
)

// SyncFrom syncs from the roster fetch returns (the service's answer, as
// Sync takes it), then applies again the changes to users and cards the
// feed brought while the roster was on its way: the service may have read
// the roster before them, and a roster replacing a user disabled or a
// card revoked meanwhile would otherwise give it back until the next
// sync. Syncs run one at a time.
func (g *Gate) SyncFrom(ctx context.Context, fetch func(context.Context) (auth.Roster, error)) error {
	g.syncing.Lock()
	defer g.syncing.Unlock()
	var missed []auth.Change
	g.fmu.Lock()
	g.flight = &missed
	g.fmu.Unlock()
	defer func() {
		g.fmu.Lock()
		g.flight = nil
		g.fmu.Unlock()
	}()
	r, err := fetch(ctx)
	if err != nil {
		return err
	}
	// Even when Sync fails: it may fail after the roster is written.
	serr := g.Sync(ctx, r)
	// Taken after the roster is written: a change recorded later is
	// written after it too.
	g.fmu.Lock()
	again := missed
	g.flight = nil
	g.fmu.Unlock()
	for _, ch := range again {
		if err := g.apply(ctx, ch); err != nil {
			return err
		}
	}
	return serr
}

// noteInFlight records a change to a user's state or cards while a
// SyncFrom waits for the service.
func (g *Gate) noteInFlight(ch auth.Change) {
	switch ch.Kind {
	case auth.ChangeDisabled, auth.ChangeEnabled, auth.ChangeLocked, auth.ChangeUnlocked, auth.ChangeAccountLocked,
		auth.ChangeCardRevoked:
	default:
		return // the roster holds nothing else the feed changes
	}
	g.fmu.Lock()
	defer g.fmu.Unlock()
	if g.flight != nil {
		*g.flight = append(*g.flight, ch)
	}
}
