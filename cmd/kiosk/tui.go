package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// runTUI runs the kiosk screens in this terminal until SIGTERM (or ctrl+c
// outside kiosk mode).
func runTUI(ctx context.Context, k *app.Kiosk, stdin io.Reader, stdout io.Writer) error {
	cfg := k.Config
	// Queued mail goes out from here while the screens run; no log, as
	// stderr is the screen: the outbox records every attempt.
	stopMail, err := k.StartMail(ctx, nil)
	if err != nil {
		return err
	}
	defer stopMail()
	// The audit head goes to the system log, not stderr, for the same reason.
	defer k.StartAnchor(ctx, nil, app.AnchorEvery)()
	env, opt := screensEnv(ctx, cfg, k.Auth)
	var driver smartcard.Driver
	if cfg.Smartcard {
		cards, err := k.CardSignIn()
		if err != nil {
			return fmt.Errorf("smartcard = true: %w", err)
		}
		if driver, err = k.CardDriver(); err != nil {
			return err
		}
		defer startCards(ctx, env, &opt)()
		env.Cards = cards
	}
	// A maintainer who disables or locks the signed-in account, here or
	// from their console, signs it out within a second or so.
	changes, stopFeed := k.StartFeed(ctx)
	defer stopFeed()
	opt.Changes = changes
	// The maintainers' dashboard shows this kiosk alive, and its reader.
	stopBeat := startHeartbeat(ctx, k.Auth, cfg.Terminal, readerState(env, driver), heartbeatEvery)
	defer stopBeat()
	return runScreens(ctx, env, opt, stdin, stdout)
}

// screensEnv is what the screens share, on auth, and the top model's
// options, from the configuration.
func screensEnv(ctx context.Context, cfg config.Config, auth screens.Auth) (*screens.Env, ui.Options) {
	env := &screens.Env{
		Ctx:              ctx,
		Auth:             auth,
		Theme:            theme.FromEnv(cfg.Theme, os.Environ()),
		Text:             text.For(text.Lang(cfg.Language)), // the terminal's own language
		Terminal:         cfg.Terminal,
		Now:              time.Now,
		Smartcard:        cfg.Smartcard,
		CodeLifetime:     cfg.Reset.CodeLifetime.Duration,
		IdleTimeout:      cfg.IdleTimeout.Duration,
		IdleWarning:      cfg.IdleWarning.Duration,
		MaxEmailsPerHour: cfg.Reset.MaxEmailsPerHour,
	}
	opt := ui.Options{
		Kiosk:       cfg.Kiosk(config.OnVirtualConsole(ttyName())),
		IdleTimeout: cfg.IdleTimeout.Duration,
		IdleWarning: cfg.IdleWarning.Duration,
		CardRemoval: cfg.CardRemoval,
	}
	return env, opt
}

// startCards starts the smartcard monitor for the screens; stop closes it.
func startCards(ctx context.Context, env *screens.Env, opt *ui.Options) (stop func()) {
	// The monitor rides out pcscd restarts and readers coming and
	// going; the screens hear of it through its events.
	mon := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{})
	env.CardState, opt.Cards = mon.State, mon.Events()
	return func() { mon.Close() }
}

// runScreens runs the top model until ctx ends (SIGTERM).
func runScreens(ctx context.Context, env *screens.Env, opt ui.Options, stdin io.Reader, stdout io.Writer) error {
	top := ui.New(env, opt)
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(stdout)}
	if opt.Kiosk {
		// Nothing stands behind the kiosk: interrupt, quit and stop
		// signals are swallowed; SIGTERM (the service manager) ends it.
		opts = append(opts, tea.WithoutSignalHandler())
		swallow := make(chan os.Signal, 4)
		signal.Notify(swallow, os.Interrupt, syscall.SIGQUIT, syscall.SIGTSTP)
		defer signal.Stop(swallow)
	}
	p := tea.NewProgram(top, opts...)
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("kiosk screens: %w", err)
	}
	return nil
}

// ttyName is the terminal on standard input, such as /dev/tty1.
func ttyName() string {
	name, err := os.Readlink("/proc/self/fd/0")
	if err != nil {
		return ""
	}
	return name
}
