package main

import (
	"context"
	"time"

	"github.com/wardkiosk/kiosk/internal/periodic"
	"github.com/wardkiosk/kiosk/smartcard"

	"github.com/wardkiosk/kiosk/screens"
)

// heartbeatEvery is how often a kiosk tells the store it is alive; the
// maintainers' dashboard calls a kiosk silent after a minute without one.
const heartbeatEvery = 15 * time.Second

// beater is what a heartbeat writes to; *auth.Service has it.
type beater interface {
	Heartbeat(ctx context.Context, terminal, readerState string) error
}

// startHeartbeat writes a heartbeat row now and every interval until ctx
// ends or the returned stop is called, which waits for the last one. A
// failed beat is not fatal: the next one tries again, and a kiosk whose
// beats fail shows as silent, which is the truth.
func startHeartbeat(ctx context.Context, b beater, terminal string, reader func() string, every time.Duration) (stop func()) {
	return periodic.Start(ctx, every, func(ctx context.Context, _ bool) {
		_ = b.Heartbeat(ctx, terminal, reader())
	})
}

// readerState is what the status bar says of the smartcard reader, and
// which driver signs cards in (and whether its module loaded), for the
// maintainers' dashboard.
func readerState(env *screens.Env, d smartcard.Driver) func() string {
	return func() string {
		if env.CardState == nil || d == nil {
			return "Smartcard: not set up"
		}
		return readerLine(env.CardState, d)()
	}
}

// readerLine is the reader's state from a monitor and the driver's, in
// the heartbeat's words.
func readerLine(state func() smartcard.State, d smartcard.Driver) func() string {
	return func() string { return "Smartcard: " + state().String() + " · " + smartcard.Describe(d) }
}
