package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/doctor"
)

// runDoctor is `kiosk doctor` on the kiosk itself (DESIGN §11). It runs
// before the configuration is loaded, so that a configuration that does
// not load is its first failed line rather than the end of it.
func runDoctor(args []string, configFile, dataDir string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "kiosk doctor: usage: kiosk [--config FILE] [--data DIR] doctor")
		return cli.ExitUsage
	}
	if configFile == "" {
		configFile = os.Getenv("KIOSK_CONFIG")
	}
	if dataDir == "" {
		dataDir = os.Getenv("KIOSK_DATA")
	}
	if dataDir == "" {
		dataDir = app.DefaultDataDir()
	}
	cfg, err := config.Load(configFile, os.LookupEnv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	o := doctor.Options{Config: cfg, ConfigErr: err, ConfigFile: configFile, DataDir: dataDir, Version: buildVersion()}
	if err == nil && !cfg.Client() {
		o.Audit = openAudit(cfg, dataDir)
	}
	if doctor.Run(ctx, o, stdout) {
		return cli.ExitFailed
	}
	return cli.ExitOK
}

// openAudit opens the kiosk's store, as `kiosk audit verify` does, and
// verifies its audit chain.
func openAudit(cfg config.Config, dataDir string) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		k, err := app.Open(ctx, cfg, dataDir, auth.Options{Log: slog.New(slog.DiscardHandler)})
		if err != nil {
			return 0, fmt.Errorf("%w: %w", doctor.ErrOpen, err)
		}
		defer k.Close()
		return k.Auth.VerifyAudit(ctx)
	}
}

// sshDoctor is `kiosk doctor` for maintainers over SSH: the checks of the
// configuration `kiosk serve` runs with; audit, when not nil, verifies
// the chain through the server's own store.
func sshDoctor(cfg config.Config, dataDir, version string, audit func(context.Context) (int, error)) cli.Doctor {
	return func(ctx context.Context, w io.Writer) bool {
		return doctor.Run(ctx, doctor.Options{Config: cfg, Serving: true, DataDir: dataDir, Version: version, Audit: audit}, w)
	}
}
