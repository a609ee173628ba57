package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"
)

// notifier tells systemd (Type=notify) how `kiosk serve` is doing: READY
// once it listens, WATCHDOG while its store answers, STOPPING when it
// leaves. With NOTIFY_SOCKET unset (not under systemd) it sends nothing.
type notifier struct {
	log *slog.Logger
}

// send sends one state; a failure is logged, never fatal: systemd's own
// timeouts then say what went wrong.
func (n notifier) send(state string) {
	if _, err := daemon.SdNotify(false, state); err != nil {
		n.log.Warn("sd_notify failed", "state", state, "err", err)
	}
}

// Ready says the service listens.
func (n notifier) Ready() { n.send(daemon.SdNotifyReady) }

// Stopping says the service is shutting down.
func (n notifier) Stopping() { n.send(daemon.SdNotifyStopping) }

// Watchdog pings systemd's watchdog at half of WATCHDOG_USEC while alive
// answers, until ctx ends; without a watchdog it returns at once. A store
// that stops answering stops the pings, and systemd restarts the service.
func (n notifier) Watchdog(ctx context.Context, alive func(context.Context) error) {
	every, err := daemon.SdWatchdogEnabled(false)
	if err != nil {
		n.log.Warn("watchdog settings unreadable", "err", err)
	}
	if every <= 0 {
		return
	}
	t := time.NewTicker(every / 2)
	defer t.Stop()
	for {
		cctx, cancel := context.WithTimeout(ctx, every/2)
		err := alive(cctx)
		cancel()
		if err == nil {
			n.send(daemon.SdNotifyWatchdog)
		} else if ctx.Err() == nil {
			n.log.Error("watchdog: the store does not answer", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
