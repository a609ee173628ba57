package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/wardkiosk/kiosk/admin"
	"github.com/wardkiosk/kiosk/admin/console"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/remote"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

// clientBeatEvery is how often a client kiosk tells the service it is
// alive (DESIGN §10).
const clientBeatEvery = 10 * time.Second

// errClientKiosk refuses, on a client kiosk, a command that needs the
// Trust's data: a client keeps none of it.
var errClientKiosk = errors.New("this kiosk is a client of the Trust's service (server.urls is set): " +
	"it keeps no users, cards, policy or audit; manage them at the service (kiosk serve there, or its SSH console)")

// client is a client kiosk: the service through remote, and what the
// kiosk remembers of it in its data directory (remote.StateFile), and its
// event outbox (kiosklocal) once it has recorded an event. There is no
// kiosk.db: nobody's hash, code, email or date of birth is kept here.
type client struct {
	cfg     config.Config
	api     *remote.Client
	keep    *remote.Keeper
	log     *slog.Logger
	dataDir string

	outboxMu sync.Mutex
	outbox   *kiosklocal.DB // opened once the kiosk has recorded an event
}

// openClient builds the client kiosk of cfg on dataDir (made 0700).
func openClient(cfg config.Config, dataDir, version string, log *slog.Logger) (*client, error) {
	if err := sqlite.PrepareDir(dataDir); err != nil {
		return nil, err
	}
	conf, err := remote.TLSConfig(cfg.Server.CAFile, cfg.Server.CertFile, cfg.Server.KeyFile)
	if err != nil {
		return nil, err
	}
	profile, err := policy.Lookup(cfg.Policy.Profile)
	if err != nil {
		return nil, err
	}
	var signer remote.CardSigner
	if cfg.Smartcard {
		// The service checks every card; the kiosk's own CAs, when it
		// has them, only spare a card the Trust never issued a try.
		var trust *certs.Trust
		if cfg.Trust.CAFile != "" {
			if trust, err = certs.Load(cfg.Trust.CAFile, cfg.Trust.CRLFile); err != nil {
				return nil, fmt.Errorf("smartcard = true: %w", err)
			}
		}
		signer = smartcard.NewSigner(trust, nil)
	}
	keep, err := remote.NewKeeper(dataDir)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &client{cfg: cfg, keep: keep, log: log, dataDir: dataDir}
	// On the way back online the queued events go after the feed caught
	// up and before the banner clears.
	c.api, err = remote.New(remote.Options{URLs: cfg.Server.URLs, TLS: conf, Profile: profile,
		Lists: sync.OnceValues(policy.LoadLists), Signer: signer, Version: version, Log: log, Upload: c.uploadQueued})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Close drops the connections.
func (c *client) Close() {
	c.api.Close()
	c.outboxMu.Lock()
	defer c.outboxMu.Unlock()
	if c.outbox != nil {
		c.outbox.Close()
	}
}

// queued is the event outbox and how many events wait in it, once the
// kiosk has recorded any (kiosklocal.FileName exists); nil before, so a
// kiosk that never recorded one keeps no database.
func (c *client) queued(ctx context.Context) (*kiosklocal.DB, int) {
	c.outboxMu.Lock()
	defer c.outboxMu.Unlock()
	if c.outbox == nil {
		if _, err := os.Stat(filepath.Join(c.dataDir, kiosklocal.FileName)); err != nil {
			return nil, 0
		}
		db, err := kiosklocal.Open(ctx, c.dataDir, nil)
		if err != nil {
			c.log.Warn("client kiosk outbox not opened", "err", err)
			return nil, 0
		}
		c.outbox = db
	}
	n, err := c.outbox.Queued(ctx)
	if err != nil {
		c.log.Warn("client kiosk outbox not read", "err", err)
	}
	return c.outbox, n
}

// uploadQueued sends the queued events, if any; what is not acknowledged
// stays queued for the next beat.
func (c *client) uploadQueued(ctx context.Context) error {
	out, n := c.queued(ctx)
	if out == nil || n == 0 {
		return nil
	}
	_, err := c.api.UploadEvents(ctx, out)
	return err
}

// start beats every interval and follows the change feed from the change
// after the last one applied, until ctx ends or stop is called. Each
// change is kept as applied, then sent on the channel returned, which the
// screens must read until stop.
func (c *client) start(ctx context.Context, reader func() string, every time.Duration) (changes <-chan auth.Change, stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan auth.Change)
	done := make(chan struct{})
	beating := make(chan struct{})
	go func() {
		defer close(beating)
		// Beats keep the offline state too (DESIGN §10): two missed, or a
		// call failing, is offline; the way back catches up the feed.
		queued := func() int { _, n := c.queued(ctx); return n }
		c.api.KeepAlive(ctx, every, reader, queued, func(time.Time) {
			c.record(c.keep.Synced(time.Now()))
			if err := c.uploadQueued(ctx); err != nil {
				c.log.Warn("client kiosk events not uploaded", "err", err)
			}
		})
	}()
	go func() {
		defer close(done)
		c.api.Follow(ctx, c.keep.State().Seq, func(ch auth.Change) {
			c.record(c.keep.Applied(ch.Seq, time.Now()))
			select {
			case out <- ch:
			case <-ctx.Done():
			}
		})
	}()
	return out, func() {
		cancel()
		<-done
		<-beating
	}
}

// record logs a failure to keep the state: the kiosk goes on, and at
// worst sees a change again after a restart.
func (c *client) record(err error) {
	if err != nil {
		c.log.Warn("client kiosk state not kept", "err", err)
	}
}

// runClientTUI runs the screens of a client kiosk: served by the Trust's
// service, with its heartbeat and its change feed.
func runClientTUI(ctx context.Context, cfg config.Config, dataDir, version string, stdin io.Reader, stdout io.Writer) error {
	c, err := openClient(cfg, dataDir, version, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	env, opt := screensEnv(ctx, cfg, c.api)
	if cfg.Smartcard {
		defer startCards(ctx, env, &opt)()
		env.Cards = c.api
	}
	env.Offline = c.api.Offline
	changes, stop := c.start(ctx, readerState(env), clientBeatEvery)
	defer stop()
	opt.Changes = changes
	return runScreens(ctx, env, opt, stdin, stdout)
}

// reachTimeout bounds the console's check that the service answers.
const reachTimeout = 3 * time.Second

// runClientServe is `kiosk serve` on a client kiosk: the maintainers' SSH
// server, whose console shows this terminal's own state (reader,
// connection, last sync) and says where the Trust is managed; its
// commands that need the Trust's data are refused.
func runClientServe(ctx context.Context, cfg config.Config, dataDir, version string, args []string, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "kiosk serve: usage: kiosk [--config FILE] [--data DIR] serve")
		return cli.ExitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if err := serveClient(ctx, cfg, dataDir, version, log); err != nil {
		fmt.Fprintf(stderr, "kiosk serve: %v\n", err)
		return cli.ExitFailed
	}
	return cli.ExitOK
}

func serveClient(ctx context.Context, cfg config.Config, dataDir, version string, log *slog.Logger) error {
	c, err := openClient(cfg, dataDir, version, log)
	if err != nil {
		return err
	}
	defer c.Close()
	reader := func() string { return "Smartcard: not set up" }
	if cfg.Smartcard {
		// The screens' process has its own monitor: pcscd serves both.
		mon := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{})
		defer mon.Close()
		reader = func() string { return "Smartcard: " + mon.State().String() }
	}
	hostKey, keys := sshFiles(cfg.SSH, dataDir)
	srv, err := admin.New(admin.Options{
		Local: func(ctx context.Context) console.Local {
			ctx, cancel := context.WithTimeout(ctx, reachTimeout)
			defer cancel()
			// The screens' process keeps the state file; read it afresh.
			st, _ := remote.LoadState(dataDir)
			return console.Local{Online: c.api.Reachable(ctx) == nil, Services: cfg.Server.URLs,
				LastSync: st.LastSync, Reader: reader()}
		},
		Terminal:             cfg.Terminal,
		Theme:                cfg.Theme,
		HostKey:              hostKey,
		AuthorizedKeys:       keys,
		MaxSessions:          cfg.SSH.MaxSessions,
		ConnectionsPerMinute: cfg.SSH.ConnectionsPerMinute,
		IdleTimeout:          cfg.SSH.IdleTimeout.Duration,
		Version:              version,
		Log:                  log,
	})
	if err != nil {
		return err
	}
	return srv.ListenAndServe(ctx, cfg.SSH.Listen)
}
