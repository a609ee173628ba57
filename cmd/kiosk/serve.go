package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/wardkiosk/kiosk/admin"
	"github.com/wardkiosk/kiosk/api/server"
	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
)

// authorizedKeysFile is the maintainers' keys in the data directory when
// ssh.authorized_keys is not set.
const authorizedKeysFile = "authorized_keys"

// runServe is `kiosk serve`: the maintainers' SSH server on the opened
// kiosk, with the mail delivery worker and, when api.listen is set, the
// kiosk API, until SIGTERM or an interrupt. It
// is not in the command tree, which SSH sessions run: a maintainer over
// SSH cannot start another server, nor the kiosk screens.
func runServe(ctx context.Context, open func(context.Context) (*app.Kiosk, error), version string, args []string,
	stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "kiosk serve: usage: kiosk [--config FILE] [--data DIR] serve")
		return cli.ExitUsage
	}
	k, err := open(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "kiosk serve: %v\n", err)
		return cli.ExitFailed
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if err := serve(ctx, k, version, log); err != nil {
		fmt.Fprintf(stderr, "kiosk serve: %v\n", err)
		return cli.ExitFailed
	}
	return cli.ExitOK
}

// sshFiles are the SSH server's host key and the maintainers' keys: as
// configured, else in the data directory.
func sshFiles(c config.SSH, dataDir string) (hostKey, keys string) {
	hostKey, keys = c.HostKey, c.AuthorizedKeys
	if hostKey == "" {
		hostKey = filepath.Join(dataDir, admin.HostKeyFile)
	}
	if keys == "" {
		keys = filepath.Join(dataDir, authorizedKeysFile)
	}
	return hostKey, keys
}

func serve(ctx context.Context, k *app.Kiosk, version string, log *slog.Logger) error {
	c := k.Config.SSH
	hostKey, keys := sshFiles(c, k.DataDir)
	srv, err := admin.New(admin.Options{
		Service:              k.Auth,
		Trust:                k.CardTrust,
		Outbox:               outbox(k),
		Terminal:             k.Config.Terminal,
		ForbiddenWords:       k.Config.Policy.ForbiddenWords,
		Theme:                k.Config.Theme,
		HostKey:              hostKey,
		AuthorizedKeys:       keys,
		MaxSessions:          c.MaxSessions,
		ConnectionsPerMinute: c.ConnectionsPerMinute,
		IdleTimeout:          c.IdleTimeout.Duration,
		Version:              version,
		Log:                  log,
		Doctor:               sshDoctor(k.Config, k.DataDir, version, k.Auth.VerifyAudit),
	})
	if err != nil {
		return err
	}
	// Mail queued by maintainers' resets goes out from here too.
	stopMail, err := k.StartMail(ctx, log)
	if err != nil {
		return err
	}
	defer stopMail()
	// The audit head goes to stderr, which under systemd is the journal.
	defer k.StartAnchor(ctx, log, app.AnchorEvery)()
	api, err := kioskAPI(ctx, k, log)
	if err != nil {
		return err
	}
	if api == nil {
		return srv.ListenAndServe(ctx, c.Listen)
	}
	// Both servers run until SIGTERM; either failing stops the other.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 2)
	go func() { errs <- srv.ListenAndServe(ctx, c.Listen) }()
	go func() { errs <- api(ctx) }()
	first := <-errs
	cancel()
	return errors.Join(first, <-errs)
}

// kioskAPI builds the kiosk API (DESIGN §10) when api.listen is set, as a
// function that serves it until its context ends; nil when it is not set.
func kioskAPI(ctx context.Context, k *app.Kiosk, log *slog.Logger) (func(context.Context) error, error) {
	a := k.Config.API
	if a.Listen == "" {
		return nil, nil
	}
	conf, err := server.TLSConfig(a.CertFile, a.KeyFile, a.ClientCAFile)
	if err != nil {
		return nil, err
	}
	// Kiosks load the rules again when this service runs another profile.
	if err := k.Auth.NoteProfile(ctx, auth.Actor{Name: "kiosk serve", Terminal: k.Config.Terminal}); err != nil {
		return nil, err
	}
	// The change feed, which client kiosks watch, is read while the API serves.
	hub, stopFeed := k.RunFeed(ctx)
	// Kiosks cache the card CA and CRL from their roster, read afresh at each sync.
	srv, err := server.New(server.Options{Service: k.Auth, Trust: k.CardTrust, Feed: hub, Log: log,
		TrustPEM: server.TrustFiles(k.Config.Trust.CAFile, k.Config.Trust.CRLFile)})
	if err != nil {
		stopFeed()
		return nil, err
	}
	return func(ctx context.Context) error {
		defer stopFeed()
		return srv.ListenAndServe(ctx, a.Listen, conf)
	}, nil
}
