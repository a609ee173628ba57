package app

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"

	"github.com/wardkiosk/kiosk/mail"
)

// mailHook lets the store wake the delivery worker, once one runs, right
// after a transaction queues mail.
type mailHook struct {
	worker atomic.Pointer[mail.Worker]
}

func (h *mailHook) wake() {
	if w := h.worker.Load(); w != nil {
		w.Wake()
	}
}

// ErrNoSMTP means smtp.host is not set: mail stays in the outbox.
var ErrNoSMTP = errors.New("smtp.host is not set: mail stays in the outbox")

// Mail builds the outbox delivery worker from the configuration, reading
// the SMTP password (KIOSK_SMTP_PASSWORD or smtp.password_file) now. It
// returns ErrNoSMTP when no relay is configured. log may be nil.
func (k *Kiosk) Mail(log *slog.Logger) (*mail.Worker, error) {
	c := k.Config.SMTP
	if c.Host == "" {
		return nil, ErrNoSMTP
	}
	password, err := k.Config.SMTPPassword(nil, os.LookupEnv)
	if err != nil {
		return nil, err
	}
	if c.Username != "" && password == "" {
		return nil, errors.New("config: smtp.username is set but there is no password " +
			"(set smtp.password_file or KIOSK_SMTP_PASSWORD)")
	}
	return mail.New(mail.Options{
		Queue: k.Store,
		Relay: mail.Relay{Host: c.Host, Port: c.Port, TLS: c.TLS, Username: c.Username, Password: password,
			Timeout: c.Timeout.Duration},
		From:        c.From,
		Trust:       k.Auth.TrustName(),
		MaxAttempts: c.MaxAttempts,
		Backoff:     c.RetryBackoff.Duration,
		MaxBackoff:  c.RetryMax.Duration,
		Log:         log,
		Observe:     k.MailObserve,
		Now:         k.now,
	})
}

// StartMail runs the delivery worker in the background, as every
// long-running kiosk process (the screens, `kiosk serve`) should, and
// returns the function that stops it and waits. With no relay configured
// it does nothing: mail waits in the outbox. log may be nil (no log: the
// outbox itself records every attempt).
func (k *Kiosk) StartMail(ctx context.Context, log *slog.Logger) (stop func(), err error) {
	w, err := k.Mail(log)
	if errors.Is(err, ErrNoSMTP) {
		return func() {}, nil
	}
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx) })
	k.mail.worker.Store(w)
	return func() {
		k.mail.worker.CompareAndSwap(w, nil)
		cancel()
		wg.Wait()
	}, nil
}
