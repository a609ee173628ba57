package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/remote"
)

// statusTimeout bounds how long `kiosk status` waits for the service.
const statusTimeout = 10 * time.Second

// runStatus is `kiosk status` (DESIGN §10): `key value` lines.
//
//	mode standalone|client|service
//	online yes|no        a client: an instance of the service answers now;
//	                     the service: its store answers; standalone: no
//	last-sync RFC3339|never
//	                     a client: its last heartbeat answered or change
//	                     received; the service: now, when its store answers
//	queued-events N      events waiting in the kiosk's outbox (none yet)
//
// It never opens a client kiosk's data beyond its state file, and opens a
// standalone kiosk's nothing.
func runStatus(ctx context.Context, cfg config.Config, dataDir string, open func(context.Context) (*app.Kiosk, error),
	args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "kiosk status: usage: kiosk [--config FILE] [--data DIR] status")
		return cli.ExitUsage
	}
	mode, online, lastSync := "standalone", false, time.Time{}
	switch {
	case cfg.Client():
		mode = "client"
		st, err := remote.LoadState(dataDir)
		if err != nil {
			fmt.Fprintf(stderr, "kiosk status: %v\n", err)
			return cli.ExitFailed
		}
		lastSync = st.LastSync
		conf, err := remote.TLSConfig(cfg.Server.CAFile, cfg.Server.CertFile, cfg.Server.KeyFile)
		if err != nil {
			fmt.Fprintf(stderr, "kiosk status: %v\n", err)
			return cli.ExitFailed
		}
		api, err := remote.New(remote.Options{URLs: cfg.Server.URLs, TLS: conf, Lists: noLists})
		if err != nil {
			fmt.Fprintf(stderr, "kiosk status: %v\n", err)
			return cli.ExitFailed
		}
		defer api.Close()
		ctx, cancel := context.WithTimeout(ctx, statusTimeout)
		defer cancel()
		online = api.Reachable(ctx) == nil
	case cfg.Store.URL != "" || cfg.API.Listen != "":
		mode = "service"
		if _, err := open(ctx); err == nil {
			online, lastSync = true, time.Now()
		}
	}
	fmt.Fprintf(stdout, "mode %s\nonline %s\nlast-sync %s\nqueued-events %d\n", mode, yesNo(online), when(lastSync), 0)
	return cli.ExitOK
}

// noLists: `kiosk status` builds no password policy.
func noLists() (*policy.Lists, error) { return nil, errors.New("no word lists in kiosk status") }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// when is a time in RFC 3339, UTC, or "never".
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}
