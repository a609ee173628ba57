package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/kiosklocal"
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
//	                     a client: its roster's last sync, or before the
//	                     first, its last heartbeat answered or change
//	                     received; the service: now, when its store answers
//	queued-events N      a client: the events in its outbox the service has
//	                     not acknowledged; 0 elsewhere
//
// It reads a client kiosk's state file and its database, if there is one
// (it never creates it), and opens a standalone kiosk's nothing.
func runStatus(ctx context.Context, cfg config.Config, dataDir string, open func(context.Context) (*app.Kiosk, error),
	args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "kiosk status: usage: kiosk [--config FILE] [--data DIR] status")
		return cli.ExitUsage
	}
	mode, online, lastSync, queued := "standalone", false, time.Time{}, 0
	switch {
	case cfg.Client():
		mode = "client"
		st, err := remote.LoadState(dataDir)
		if err != nil {
			fmt.Fprintf(stderr, "kiosk status: %v\n", err)
			return cli.ExitFailed
		}
		lastSync = st.LastSync
		var synced time.Time
		if queued, synced, err = localStatus(ctx, dataDir); err != nil {
			fmt.Fprintf(stderr, "kiosk status: %v\n", err)
			return cli.ExitFailed
		}
		if !synced.IsZero() {
			lastSync = synced
		}
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
	fmt.Fprintf(stdout, "mode %s\nonline %s\nlast-sync %s\nqueued-events %d\n", mode, yesNo(online), when(lastSync), queued)
	return cli.ExitOK
}

// localStatus reads a client kiosk's own database: the events waiting
// for the service and the roster's last sync. A kiosk that has none yet
// has nothing queued and never synced, and is given none.
func localStatus(ctx context.Context, dataDir string) (queued int, rosterSync time.Time, err error) {
	if _, err := os.Stat(filepath.Join(dataDir, kiosklocal.FileName)); errors.Is(err, fs.ErrNotExist) {
		return 0, time.Time{}, nil
	}
	db, err := kiosklocal.Open(ctx, dataDir, nil)
	if err != nil {
		return 0, time.Time{}, err
	}
	defer db.Close()
	if queued, err = db.Queued(ctx); err != nil {
		return 0, time.Time{}, err
	}
	if rosterSync, _, err = db.SyncState(ctx); err != nil {
		return 0, time.Time{}, err
	}
	return queued, rosterSync, nil
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
