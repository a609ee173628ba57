package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wardkiosk/kiosk/admin"
	"github.com/wardkiosk/kiosk/admin/console"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/offline"
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

// client is a client kiosk: the service through remote, what the kiosk
// remembers of it in its data directory (remote.StateFile), and its own
// database (kiosklocal): the ward's roster for offline sign-in and the
// event outbox. There is no kiosk.db: nobody's service hash, code, email
// or date of birth is kept here.
type client struct {
	cfg     config.Config
	api     *remote.Client
	keep    *remote.Keeper
	log     *slog.Logger
	dataDir string
	db      *kiosklocal.DB // 0600, in the data directory (0700)
	gate    *offline.Gate
	auth    *signIn          // the screens' Auth and Cards
	driver  smartcard.Driver // card_driver, with smartcard = true

	// rosterKick asks for a roster sync (DESIGN §10): at the first
	// answered beat, after a change to a user or card, on the way back
	// online; resync marks the way back, for the next answered beat.
	rosterKick chan struct{}
	resync     atomic.Bool
	synced     atomic.Bool // the roster synced once in this process
}

// openClient builds the client kiosk of cfg on dataDir (made 0700).
func openClient(ctx context.Context, cfg config.Config, dataDir, version string, log *slog.Logger) (*client, error) {
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
	var signer *smartcard.Signer
	var driver smartcard.Driver
	if cfg.Smartcard {
		// The service checks every card; the kiosk's own CAs, when it
		// has them, only spare a card the Trust never issued a try.
		var trust *certs.Trust
		if cfg.Trust.CAFile != "" {
			if trust, err = certs.Load(cfg.Trust.CAFile, cfg.Trust.CRLFile); err != nil {
				return nil, fmt.Errorf("smartcard = true: %w", err)
			}
		}
		if driver, err = smartcard.OpenDriver(ctx, cfg.CardDriver, cfg.PKCS11.Module, log); err != nil {
			return nil, err
		}
		signer = smartcard.NewSigner(trust, nil).Using(driver)
	}
	keep, err := remote.NewKeeper(dataDir)
	if err != nil {
		closeDriver(driver)
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &client{cfg: cfg, keep: keep, log: log, dataDir: dataDir, driver: driver, rosterKick: make(chan struct{}, 1)}
	// On the way back online the queued events go after the feed caught
	// up and before the banner clears.
	o := remote.Options{URLs: cfg.Server.URLs, TLS: conf, Profile: profile,
		Lists: sync.OnceValues(policy.LoadLists), Version: version, Log: log, Upload: c.backOnline}
	if signer != nil {
		o.Signer = signer // a nil *Signer in the interface would not read as none
	}
	if c.api, err = remote.New(o); err != nil {
		closeDriver(driver)
		return nil, err
	}
	// The roster lives here, so the database is opened from the start.
	if c.db, err = kiosklocal.Open(ctx, dataDir, nil); err != nil {
		c.api.Close()
		closeDriver(driver)
		return nil, err
	}
	var cardSigner offline.CardSigner
	if signer != nil {
		cardSigner = signer
	}
	c.gate = offline.New(c.db, terminalName(cfg, conf), offlineLimits(cfg.Offline), cardSigner, nil)
	c.auth = newSignIn(c.api, c.gate, c.db, log)
	c.auth.afterOnline = c.kickRoster
	if signer != nil {
		c.auth.card = signer
	}
	return c, nil
}

// terminalName is this kiosk's name at the service: its certificate's
// common name, as the service registered it; terminal otherwise.
func terminalName(cfg config.Config, conf *tls.Config) string {
	if len(conf.Certificates) > 0 {
		if leaf := conf.Certificates[0].Leaf; leaf != nil && leaf.Subject.CommonName != "" {
			return leaf.Subject.CommonName
		}
	}
	return cfg.Terminal
}

// offlineLimits are the gate's limits from [offline].
func offlineLimits(o config.Offline) offline.Limits {
	return offline.Limits{Card: o.Card, Password: o.Password, RosterDays: o.RosterDays,
		MaxSyncAge: o.MaxSyncAge.Duration, MaxCRLAge: o.MaxCRLAge.Duration,
		PasswordWindow: o.PasswordWindow.Duration, PasswordCache: o.PasswordCache}
}

// Close drops the connections and closes the database, once the online
// sign-ins being kept for offline use are.
func (c *client) Close() {
	c.auth.wait()
	c.api.Close()
	c.db.Close()
	closeDriver(c.driver)
}

// closeDriver closes d, if any.
func closeDriver(d smartcard.Driver) {
	if d != nil {
		d.Close()
	}
}

// queued is how many events wait in the outbox.
func (c *client) queued(ctx context.Context) int {
	n, err := c.db.Queued(ctx)
	if err != nil {
		c.log.Warn("client kiosk outbox not read", "err", err)
	}
	return n
}

// uploadQueued sends the queued events, if any; what is not acknowledged
// stays queued for the next beat.
func (c *client) uploadQueued(ctx context.Context) error {
	if c.queued(ctx) == 0 {
		return nil
	}
	_, err := c.api.UploadEvents(ctx, c.db)
	return err
}

// backOnline is the way back online's last step (remote.Options.Upload,
// after the feed caught up): the queued events go, and the roster syncs
// at the next answered beat, once the kiosk counts as online.
func (c *client) backOnline(ctx context.Context) error {
	if err := c.uploadQueued(ctx); err != nil {
		return err
	}
	c.resync.Store(true)
	return nil
}

// start beats every interval and follows the change feed from the change
// after the last one applied, until ctx ends or stop is called. Each
// change is kept as applied and given to the offline gate, then sent on
// the channel returned, which the screens must read until stop. The
// roster syncs as DESIGN §10 says (syncRoster).
func (c *client) start(ctx context.Context, reader func() string, every time.Duration) (changes <-chan auth.Change, stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan auth.Change)
	done := make(chan struct{})
	beating := make(chan struct{})
	rostering := make(chan struct{})
	go func() {
		defer close(rostering)
		c.syncRosters(ctx, rosterEvery)
	}()
	go func() {
		defer close(beating)
		// Beats keep the offline state too (DESIGN §10): two missed, or a
		// call failing, is offline; the way back catches up the feed.
		c.api.KeepAlive(ctx, every, reader, func() int { return c.queued(ctx) }, func(at time.Time) {
			c.record(c.keep.Synced(time.Now()))
			if err := c.gate.ServerTime(ctx, at); err != nil {
				c.log.Warn("the service's clock not kept", "err", err)
			}
			if err := c.uploadQueued(ctx); err != nil {
				c.log.Warn("client kiosk events not uploaded", "err", err)
			}
			if !c.synced.Load() || c.resync.Swap(false) {
				c.kickRoster()
			}
		})
	}()
	go func() {
		defer close(done)
		c.api.Follow(ctx, c.keep.State().Seq, func(ch auth.Change) {
			// The gate first: a user disabled is refused offline before
			// the screens hear of it; and before the change is kept as
			// applied, so that a kiosk stopped between the two applies it
			// again after its restart rather than never.
			if err := c.gate.Apply(ctx, ch); err != nil {
				c.log.Warn("change not applied to the roster", "seq", ch.Seq, "kind", ch.Kind, "err", err)
			}
			c.record(c.keep.Applied(ch.Seq, time.Now()))
			if rosterChange(ch.Kind) {
				c.kickRoster()
			}
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
		<-rostering
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
	// What staff are not told (the service unreachable, or refusing this
	// kiosk's API version) goes to the system log: stderr is the screen.
	log, closeLog := screenLog()
	defer closeLog.Close()
	c, err := openClient(ctx, cfg, dataDir, version, log)
	if err != nil {
		return err
	}
	defer c.Close()
	env, opt := screensEnv(ctx, cfg, c.auth)
	if cfg.Smartcard {
		defer startCards(ctx, env, &opt)()
		env.Cards = c.auth
	}
	env.Offline = c.api.Offline
	offers := &offers{ctx: ctx, gate: c.gate, now: time.Now}
	env.OfflineCard, env.OfflinePassword = offers.Card, offers.Password
	changes, stop := c.start(ctx, readerState(env, c.driver), clientBeatEvery)
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
	log := newLog(stderr, os.Getenv)
	if err := serveClient(ctx, cfg, dataDir, version, log); err != nil {
		log.Error("kiosk serve: stopped", "err", err)
		return cli.ExitFailed
	}
	return cli.ExitOK
}

func serveClient(ctx context.Context, cfg config.Config, dataDir, version string, log *slog.Logger) error {
	c, err := openClient(ctx, cfg, dataDir, version, log)
	if err != nil {
		return err
	}
	defer c.Close()
	reader := func() string { return "Smartcard: not set up" }
	if cfg.Smartcard {
		// The screens' process has its own monitor: pcscd serves both.
		mon := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{})
		defer mon.Close()
		reader = readerLine(mon.State, c.driver)
	}
	hostKey, keys := sshFiles(cfg.SSH, dataDir)
	srv, err := admin.New(admin.Options{
		Local: func(ctx context.Context) console.Local {
			ctx, cancel := context.WithTimeout(ctx, reachTimeout)
			defer cancel()
			// The screens' process keeps the state file and the roster;
			// read them afresh, as kiosk status does.
			st, _ := remote.LoadState(dataDir)
			last := st.LastSync
			if _, synced, err := localStatus(ctx, dataDir); err == nil && !synced.IsZero() {
				last = synced
			}
			return console.Local{Online: c.api.Reachable(ctx) == nil, Services: cfg.Server.URLs,
				LastSync: last, Reader: reader(), Driver: smartcard.Detail(c.driver)}
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
		Doctor:               sshDoctor(cfg, dataDir, version, nil),
		ReadCard:             cardReader(cfg),
	})
	if err != nil {
		return err
	}
	return srv.ListenAndServe(ctx, cfg.SSH.Listen)
}
