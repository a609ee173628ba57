// Command kiosk is Ward Kiosk: the sign-in kiosk for ward terminals and its
// maintainers' commands (DESIGN §7).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/smartcard/pkcs11"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

func main() {
	// A child Load started to try a card vendor's module: the module may
	// crash or hang there rather than in the kiosk.
	pkcs11.ServeProbe()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run parses the global flags, loads the configuration and runs a command.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kiosk", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	configFile := fs.String("config", "", "configuration file (TOML)")
	dataDir := fs.String("data", "", "data directory (default $KIOSK_DATA, else "+app.DefaultDataDir()+")")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "usage: kiosk [--config FILE] [--data DIR] [command]\n\n%s\n  kiosk serve\n      the maintainers' SSH server\n  kiosk status\n      mode, online, last sync and queued events, one \"key value\" line each\n", cli.Usage())
			return cli.ExitOK
		}
		fmt.Fprintf(stderr, "kiosk: %v\n", err)
		return cli.ExitUsage
	}
	args = fs.Args()
	if *configFile == "" {
		*configFile = os.Getenv("KIOSK_CONFIG")
	}
	if len(args) > 0 && args[0] == "doctor" {
		return runDoctor(args[1:], *configFile, *dataDir, stdout, stderr)
	}
	cfg, err := config.Load(*configFile, os.LookupEnv)
	if err != nil {
		fmt.Fprintf(stderr, "kiosk: %s\n", strings.ReplaceAll(err.Error(), "\n", "; "))
		return cli.ExitFailed
	}
	if *dataDir == "" {
		*dataDir = os.Getenv("KIOSK_DATA")
	}
	if *dataDir == "" {
		*dataDir = app.DefaultDataDir()
	}

	// The screens stop on SIGTERM or SIGHUP only: in kiosk mode an
	// interrupt must not end them. Commands stop on an interrupt too.
	sigs := []os.Signal{syscall.SIGTERM, syscall.SIGHUP}
	if len(args) > 0 {
		sigs = append(sigs, os.Interrupt)
	}
	ctx, stop := signal.NotifyContext(context.Background(), sigs...)
	defer stop()

	// The kiosk is opened on first use, so that bad usage is refused
	// before anything is opened or written.
	var k *app.Kiosk
	defer func() {
		if k != nil {
			k.Close()
		}
	}()
	openWith := func(ctx context.Context, o auth.Options) (*app.Kiosk, error) {
		if cfg.Client() {
			// A client kiosk keeps no kiosk.db: nothing of anyone's.
			return nil, errClientKiosk
		}
		if k == nil {
			var err error
			if k, err = app.Open(ctx, cfg, *dataDir, o); err != nil {
				return nil, err
			}
		}
		return k, nil
	}
	open := func(ctx context.Context) (*app.Kiosk, error) { return openWith(ctx, auth.Options{}) }
	if len(args) > 0 && args[0] == "status" {
		return runStatus(ctx, cfg, *dataDir, open, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "serve" && cfg.Client() {
		return runClientServe(ctx, cfg, *dataDir, buildVersion(), args[1:], stderr)
	}
	if len(args) > 0 && args[0] == "serve" {
		// Not in cli's tree: what SSH sessions run must not reach it.
		return runServe(ctx, openWith, buildVersion(), args[1:], stderr)
	}
	if len(args) == 0 {
		var err error
		if cfg.Client() {
			err = runClientTUI(ctx, cfg, *dataDir, buildVersion(), stdin, stdout)
		} else if k, err = open(ctx); err == nil {
			err = runTUI(ctx, k, stdin, stdout)
		}
		if err != nil {
			fmt.Fprintf(stderr, "kiosk: %v\n", err)
			return cli.ExitFailed
		}
		return cli.ExitOK
	}
	env := &cli.Env{
		Stdin: stdin, Stdout: stdout, Stderr: stderr,
		Actor:   auth.Actor{Name: "cli:" + osUser(), Terminal: cfg.Terminal},
		Version: buildVersion(),
		Open: func(ctx context.Context) (*cli.Kiosk, error) {
			k, err := open(ctx)
			if err != nil {
				return nil, err
			}
			return commandKiosk(k), nil
		},
		Now:      time.Now,
		ReadCard: cardReader(cfg),
	}
	return cli.Run(ctx, env, args)
}

// commandKiosk is the opened kiosk as the local commands see it.
func commandKiosk(k *app.Kiosk) *cli.Kiosk {
	return &cli.Kiosk{Service: k.Auth, Trust: k.CardTrust, Outbox: outbox(k), DataDir: k.DataDir}
}

// outbox builds the delivery worker for `outbox flush`, without a log:
// the outbox itself records every attempt.
func outbox(k *app.Kiosk) func() (cli.Flusher, error) {
	return func() (cli.Flusher, error) {
		w, err := k.Mail(nil)
		if err != nil {
			return nil, err
		}
		return w, nil
	}
}

// osUser names who runs a local command, for the audit.
func osUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return fmt.Sprint(os.Getuid())
}

// buildVersion is the -X version, else the module version and VCS revision.
func buildVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
