package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"

	"connectrpc.com/connect"

	"github.com/wardkiosk/kiosk/admin"
	"github.com/wardkiosk/kiosk/api/server"
	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/internal/metrics"
)

// authorizedKeysFile is the maintainers' keys in the data directory when
// ssh.authorized_keys is not set.
const authorizedKeysFile = "authorized_keys"

// runServe is `kiosk serve`: the maintainers' SSH server on the opened
// kiosk, with the mail delivery worker and, when api.listen is set, the
// kiosk API, and when metrics.listen is set, /metrics, /healthz and
// /readyz, until SIGTERM or an interrupt. It
// is not in the command tree, which SSH sessions run: a maintainer over
// SSH cannot start another server, nor the kiosk screens.
func runServe(ctx context.Context, open func(context.Context, auth.Options) (*app.Kiosk, error), version string,
	args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "kiosk serve: usage: kiosk [--config FILE] [--data DIR] serve")
		return cli.ExitUsage
	}
	log := newLog(stderr, os.Getenv)
	// The counters hear the service's events from its first transaction.
	m := metrics.New()
	k, err := open(ctx, auth.Options{Observe: m.Observe})
	if err != nil {
		log.Error("kiosk serve: cannot open the kiosk", "err", err)
		return cli.ExitFailed
	}
	if err := serve(ctx, k, version, log, m); err != nil {
		log.Error("kiosk serve: stopped", "err", err)
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

func serve(ctx context.Context, k *app.Kiosk, version string, log *slog.Logger, m *metrics.Metrics) error {
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
		ReadCard:             cardReader(k.Config),
	})
	if err != nil {
		return err
	}
	// Mail queued by maintainers' resets goes out from here too.
	k.MailObserve = m.Delivered
	stopMail, err := k.StartMail(ctx, log)
	if err != nil {
		return err
	}
	defer stopMail()
	// The audit head goes to stderr, which under systemd is the journal.
	defer k.StartAnchor(ctx, log, app.AnchorEvery)()
	m.Gauges(k.Auth, nil)
	ready := storeReady(k)

	// Every address is bound before systemd hears READY=1; a failure
	// closes the ones bound before it.
	var lns []net.Listener
	closeAll := func(err error) error {
		for _, ln := range lns {
			ln.Close()
		}
		return err
	}
	for _, l := range []struct{ key, addr string }{
		{"ssh.listen", c.Listen}, {"api.listen", k.Config.API.Listen}, {"metrics.listen", k.Config.Metrics.Listen},
	} {
		if l.addr == "" {
			lns = append(lns, nil)
			continue
		}
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			return closeAll(fmt.Errorf("%s: %w", l.key, err))
		}
		lns = append(lns, ln)
	}
	sshLn, apiLn, metricsLn := lns[0], lns[1], lns[2]
	if sshLn == nil {
		return closeAll(errors.New("ssh.listen is empty"))
	}
	servers := []func(context.Context) error{func(ctx context.Context) error { return srv.Serve(ctx, sshLn) }}
	if apiLn != nil {
		api, err := kioskAPI(ctx, k, log, m)
		if err != nil {
			return closeAll(err)
		}
		log.Info("kiosk API listening", "addr", apiLn.Addr().String())
		servers = append(servers, func(ctx context.Context) error { return api(ctx, apiLn) })
	}
	if metricsLn != nil {
		log.Info("metrics listening", "addr", metricsLn.Addr().String())
		servers = append(servers, func(ctx context.Context) error { return m.Serve(ctx, metricsLn, ready, log) })
	}

	// The servers run until SIGTERM; any failing stops the others.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(servers))
	for _, run := range servers {
		go func() { errs <- run(ctx) }()
	}
	sd := notifier{log: log}
	sd.Ready()
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		sd.Watchdog(ctx, storeAlive(k))
	}()
	first := <-errs
	sd.Stopping()
	cancel()
	all := []error{first}
	for range len(servers) - 1 {
		all = append(all, <-errs)
	}
	<-watched
	return errors.Join(all...)
}

// storeReady is the service's readiness: its store answers, at the
// schema this build expects.
func storeReady(k *app.Kiosk) metrics.Ready {
	if s, ok := k.Store.(metrics.Schema); ok {
		return metrics.SchemaReady(s)
	}
	return func(ctx context.Context) error {
		_, err := k.Auth.Terminals(ctx)
		return err
	}
}

// storeAlive is whether the store answers, for the watchdog: a schema
// behind the build is /readyz's to report, not a reason to restart.
func storeAlive(k *app.Kiosk) func(context.Context) error {
	if s, ok := k.Store.(metrics.Schema); ok {
		return func(ctx context.Context) error {
			_, _, err := s.Schema(ctx)
			return err
		}
	}
	return func(ctx context.Context) error {
		_, err := k.Auth.Terminals(ctx)
		return err
	}
}

// kioskAPI builds the kiosk API (DESIGN §10), as a function that serves
// it on a listener until its context ends.
func kioskAPI(ctx context.Context, k *app.Kiosk, log *slog.Logger, m *metrics.Metrics) (func(context.Context, net.Listener) error, error) {
	a := k.Config.API
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
		TrustPEM:     server.TrustFiles(k.Config.Trust.CAFile, k.Config.Trust.CRLFile),
		Interceptors: []connect.Interceptor{m.Interceptor()}})
	if err != nil {
		stopFeed()
		return nil, err
	}
	return func(ctx context.Context, ln net.Listener) error {
		defer stopFeed()
		return srv.Serve(ctx, ln, conf)
	}, nil
}
