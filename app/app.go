// Package app is the kiosk application assembled from its configuration
// and data directory: the store (SQLite in the data directory, or the
// Trust's PostgreSQL when store.url is set), the word lists, the auth service,
// the mail worker and the smartcard sign-in. Every entry point (the
// screens, the commands, `kiosk serve`) opens one here and hands the
// packages below it only the parts they use.
package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/feed"
	"github.com/wardkiosk/kiosk/mail"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/store/postgres"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

// KeyFile holds the key under which reset codes are hashed. It lives beside
// the database, not in it, so a copy of the database alone cannot test codes.
const KeyFile = "reset-code.key"

// Store is what the kiosk needs of its database: the auth core's store,
// the outbox as the mail worker works it, and Close. *sqlite.Store and
// *postgres.Store are both one.
type Store interface {
	auth.Store
	mail.Queue
	Close() error
}

// Kiosk is an opened kiosk: its configuration, store and auth service.
type Kiosk struct {
	Config  config.Config
	DataDir string
	Store   Store
	Auth    *auth.Service
	// MailObserve, when set before StartMail, hears each delivery
	// attempt's outcome (the service's metrics).
	MailObserve func(auth.Message)

	mail *mailHook        // wakes the delivery worker when mail is queued
	feed *feedHook        // wakes the change feed's hub after a commit
	log  *slog.Logger     // the system log: audit heads
	logc io.Closer        // closes log
	now  func() time.Time // the clock the service runs on, for the parts built later

	driverOnce sync.Once
	driver     smartcard.Driver // card_driver, opened on first use
	driverErr  error
}

// Open opens (creating if need be) the data directory and the store, and
// builds the service.
//
// With store.url set the data lives in that PostgreSQL, and the data
// directory keeps only the keys: every instance of one Trust's service
// needs the same key files (reset codes issued at one are checked at
// another, and they all extend one audit chain).
func Open(ctx context.Context, cfg config.Config, dataDir string, o auth.Options) (*Kiosk, error) {
	profile, err := policy.Lookup(cfg.Policy.Profile)
	if err != nil {
		return nil, err
	}
	st, readOnly, err := openStore(ctx, cfg, dataDir)
	if err != nil {
		return nil, err
	}
	key, err := loadKey(filepath.Join(dataDir, KeyFile), readOnly)
	if err != nil {
		st.Close()
		return nil, err
	}
	auditKey, err := loadKey(filepath.Join(dataDir, AuditKeyFile), readOnly)
	if err != nil {
		st.Close()
		return nil, err
	}
	if o.Now == nil {
		o.Now = time.Now // the one place the kiosk's clock is set
	}
	hook, changes := &mailHook{}, &feedHook{}
	o.Store = feed.Notify(mail.Notify(st, hook.wake), changes.wake)
	if o.Lists == nil {
		o.Lists = sync.OnceValues(policy.LoadLists)
	}
	o.Profile = profile
	o.Forbidden = cfg.Policy.ForbiddenWords
	o.OrgCode = cfg.OrgCode
	o.LockThreshold = cfg.Lockout.Threshold
	o.LockDuration = cfg.Lockout.Duration.Duration
	o.CodeLifetime = cfg.Reset.CodeLifetime.Duration
	o.MaxEmailsPerHour = cfg.Reset.MaxEmailsPerHour
	o.ResetURL = cfg.Reset.ResetURL
	o.TrustName = cfg.Trust.Name
	o.CodeKey = key
	o.AuditKey = auditKey
	logc := io.Closer(io.NopCloser(nil))
	if o.Log == nil {
		o.Log, logc = systemLog()
	}
	svc, err := auth.New(o)
	if err == nil {
		err = keyAuditChain(ctx, svc, o.Log)
	}
	if err != nil {
		logc.Close()
		st.Close()
		return nil, err
	}
	return &Kiosk{Config: cfg, DataDir: dataDir, Store: st, Auth: svc, mail: hook, feed: changes, log: o.Log, logc: logc, now: o.Now}, nil
}

// openStore opens the store the configuration names: the PostgreSQL at
// store.url, or the SQLite file in the data directory. readOnly reports a
// data directory opened read-only (see sqlite.Open).
func openStore(ctx context.Context, cfg config.Config, dataDir string) (st Store, readOnly bool, err error) {
	if cfg.Store.URL == "" {
		s, err := sqlite.Open(ctx, dataDir)
		if err != nil {
			return nil, false, err
		}
		return s, s.ReadOnly(), nil
	}
	// The data directory still holds the keys.
	if err := sqlite.PrepareDir(dataDir); err != nil {
		return nil, false, err
	}
	s, err := postgres.Open(ctx, cfg.Store.URL)
	if err != nil {
		return nil, false, err
	}
	return s, false, nil
}

// Close closes the store and the system log.
func (k *Kiosk) Close() error {
	var derr error
	if k.driver != nil {
		derr = k.driver.Close()
	}
	return errors.Join(derr, k.Store.Close(), k.logc.Close())
}

// loadKey reads the 32-byte key, creating it on first use. A new key is
// written whole to a temporary file and linked into place, so two processes
// starting at once agree on one key and a crash leaves no half key.
//
// In a read-only data directory the key is only read; without one there,
// a key of this process's own stands in: no code can be issued or used
// without writing anyway.
func loadKey(path string, readOnly bool) ([]byte, error) {
	key, err := os.ReadFile(path)
	if err == nil {
		if len(key) != 32 {
			return nil, fmt.Errorf("app: %s: want a 32-byte key, found %d bytes", path, len(key))
		}
		if readOnly {
			return key, nil
		}
		// A key copied in from a backup may have lost its mode: tighten it;
		// one root created may belong to the service.
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, fmt.Errorf("app: %w", err)
		}
		if err := sqlite.Own(path); err != nil {
			return nil, fmt.Errorf("app: %w", err)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("app: %w", err)
	}
	if readOnly {
		key = make([]byte, 32)
		_, err := rand.Read(key)
		return key, err
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".key-*")
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(key); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	if err := sqlite.Own(tmp.Name()); err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return loadKey(path, false) // another process won the race
		}
		return nil, fmt.Errorf("app: %w", err)
	}
	return key, nil
}

// DefaultDataDir is where a kiosk keeps its data when neither --data nor
// KIOSK_DATA says: /var/lib/ward-kiosk for root, else the user's data home.
func DefaultDataDir() string {
	if os.Geteuid() == 0 {
		return "/var/lib/ward-kiosk"
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "ward-kiosk")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "ward-kiosk")
	}
	return "ward-kiosk-data"
}
