package main

import (
	"context"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// rosterEvery is how often a client kiosk that is online syncs its ward's
// roster for offline sign-in, besides the syncs a change calls for.
const rosterEvery = 15 * time.Minute

// rosterTimeout bounds one roster sync.
const rosterTimeout = 30 * time.Second

// kickRoster asks for a roster sync soon; asks while one waits are one.
func (c *client) kickRoster() {
	select {
	case c.rosterKick <- struct{}{}:
	default:
	}
}

// rosterChange reports a change that alters what the roster holds of a
// user or their cards: the roster is synced again after it, so that what
// the feed says only in part (a card enrolled) is kept whole.
func rosterChange(kind string) bool {
	switch kind {
	case auth.ChangeDisabled, auth.ChangeEnabled, auth.ChangeLocked, auth.ChangeUnlocked, auth.ChangeAccountLocked,
		auth.ChangePassword, auth.ChangeReset, auth.ChangeCardEnrolled, auth.ChangeCardRevoked, auth.ChangeLanguage:
		return true
	}
	return false
}

// syncRosters syncs the roster when asked (kickRoster) and every interval
// while the kiosk is online, until ctx ends. A sync that fails is logged
// and tried again at the next occasion: the kiosk keeps the roster it has.
func (c *client) syncRosters(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.rosterKick:
		case <-t.C:
		}
		if c.api.Offline() {
			continue // the way back online asks again
		}
		if err := c.syncRoster(ctx); err != nil && ctx.Err() == nil {
			c.log.Warn("roster not synced", "err", err)
		}
	}
}

// syncRoster asks the service for the ward's roster and gives it to the
// offline gate, which keeps the changes the feed brings meanwhile.
func (c *client) syncRoster(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, rosterTimeout)
	defer cancel()
	if err := c.gate.SyncFrom(ctx, func(ctx context.Context) (auth.Roster, error) {
		return c.api.Roster(ctx, c.cfg.Offline.RosterDays)
	}); err != nil {
		return err
	}
	c.synced.Store(true)
	return nil
}
