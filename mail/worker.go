// Package mail delivers the outbox over SMTP. The auth core queues each
// email in the store, in the same transaction as the change it reports; a
// Worker in every kiosk process then claims due messages under a lease in
// the store, so that two processes sharing it never send one message
// twice, sends them to the Trust's relay with a plain-text and an HTML
// part, and records each outcome: sent, or the error and a retry with
// exponential backoff, or dead after the last attempt. Staff never wait
// for SMTP: a relay that is down or refusing only delays the mail.
package mail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/mail"
	"strings"
	"time"
	"unicode"

	"github.com/wardkiosk/kiosk/auth"
)

// Queue is the outbox as the worker works it; store/sqlite implements it.
// The lease a claim sets is the token of its outcome: an outcome under a
// lease that has been lost fails with auth.ErrNotFound.
type Queue interface {
	// ClaimMessages leases, until leaseUntil, up to limit queued messages
	// with an id above afterID that are due by dueBy and not leased at now.
	ClaimMessages(ctx context.Context, now, dueBy, leaseUntil time.Time, afterID int64, limit int) ([]auth.Message, error)
	// MarkSent records the delivery of a leased message.
	MarkSent(ctx context.Context, id int64, lease, at time.Time) error
	// MarkFailed records a failed attempt: the error and the next attempt,
	// or dead.
	MarkFailed(ctx context.Context, id int64, lease time.Time, lastError string, next time.Time, dead bool) error
	// ReleaseMessage gives a leased message back untried.
	ReleaseMessage(ctx context.Context, id int64, lease time.Time) error
}

// Options configure a Worker. Zero values take the defaults shown.
type Options struct {
	Queue Queue
	Relay Relay
	// From is the sender, e.g. "ESR Kiosk <no-reply@example.nhs.uk>".
	From string
	// Trust heads the HTML part.
	Trust string
	// MaxAttempts is the number of attempts before a message is dead (10).
	MaxAttempts int
	// Backoff is the wait after the first failure (30s); it doubles after
	// each further failure up to MaxBackoff (1h).
	Backoff, MaxBackoff time.Duration
	// Poll is how often Run looks for mail queued by other processes and
	// for retries that fall due (5s); Wake makes it look at once.
	Poll time.Duration
	// Batch is the most messages one SMTP session carries (10).
	Batch int
	// Log receives one line per outcome, never a body or a code.
	Log *slog.Logger
	// Observe, when set, is told of each attempt's outcome once it is
	// recorded (Status sent, dead, or queued for a retry): the service's
	// metrics count deliveries from it.
	Observe func(auth.Message)
	// Now is the clock; RandN draws the backoff jitter (rand.Int64N; tests
	// set it to return 0).
	Now   func() time.Time
	RandN func(int64) int64

	// dialer replaces SMTP in unit tests.
	dialer dialer
}

// Worker delivers the outbox. Its methods are safe to call concurrently;
// one process normally runs one Worker.
type Worker struct {
	o    Options
	from *mail.Address
	wake chan struct{}
}

// leaseMargin is added to an attempt's budget so that the outcome is
// written well before another process may take the message over.
const leaseMargin = 30 * time.Second

// New checks the options and returns a Worker.
func New(o Options) (*Worker, error) {
	if o.Queue == nil {
		return nil, errors.New("mail: a queue is required")
	}
	from, err := mail.ParseAddress(o.From)
	if err != nil {
		return nil, fmt.Errorf("mail: sender %q: %w", o.From, err)
	}
	if o.Relay.Host == "" {
		return nil, errors.New("mail: no SMTP host")
	}
	switch o.Relay.TLS {
	case TLSImplicit, TLSStartTLS, TLSStartTLSOptional, TLSNone:
	default:
		return nil, fmt.Errorf("mail: unknown TLS mode %q", o.Relay.TLS)
	}
	if o.Relay.Timeout <= 0 {
		o.Relay.Timeout = 30 * time.Second
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defd := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxAttempts, 10)
	def(&o.Batch, 10)
	defd(&o.Backoff, 30*time.Second)
	defd(&o.MaxBackoff, time.Hour)
	defd(&o.Poll, 5*time.Second)
	o.MaxBackoff = max(o.MaxBackoff, o.Backoff)
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RandN == nil {
		o.RandN = rand.Int64N
	}
	if o.dialer == nil {
		o.dialer = smtpDialer{relay: o.Relay}
	}
	return &Worker{o: o, from: from, wake: make(chan struct{}, 1)}, nil
}

// Wake makes Run look for due mail now, e.g. right after a message is
// queued. It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run delivers due mail until ctx ends: at once, on Wake and every Poll.
// Failures are logged and retried on schedule; Run returns only when ctx
// ends, releasing what it holds.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
		if _, err := w.round(ctx, false); err != nil && ctx.Err() == nil {
			w.o.Log.Warn("mail: outbox", "error", err)
		}
		t.Reset(w.o.Poll)
	}
}

// Result is what became of one message in a Flush.
type Result struct {
	auth.Message
	// Err is the attempt's error; nil when sent or not tried.
	Err error
}

// Flush delivers every message due now, or with all every queued message
// even if waiting for a retry, and says what became of each. Messages
// another process holds are left to it.
func (w *Worker) Flush(ctx context.Context, all bool) ([]Result, error) {
	return w.round(ctx, all)
}

// round works through the due messages in id order, a batch per SMTP
// session. A message given back untried (the connection broke) waits for
// the next round, so a round always ends.
func (w *Worker) round(ctx context.Context, all bool) ([]Result, error) {
	var results []Result
	var after int64
	for ctx.Err() == nil {
		now := w.o.Now()
		dueBy := now
		if all {
			dueBy = now.Add(100 * 365 * 24 * time.Hour)
		}
		lease := now.Add(w.budget() + leaseMargin)
		ms, err := w.o.Queue.ClaimMessages(ctx, now, dueBy, lease, after, w.o.Batch)
		if err != nil {
			return results, fmt.Errorf("mail: %w", err)
		}
		if len(ms) == 0 {
			break
		}
		after = ms[len(ms)-1].ID
		res, err := w.batch(ctx, ms, lease)
		results = append(results, res...)
		if err != nil {
			return results, err
		}
	}
	return results, nil
}

// budget is the longest one batch may take: connecting, securing and
// authenticating, then each message, each step within the relay timeout.
func (w *Worker) budget() time.Duration {
	return w.o.Relay.Timeout * time.Duration(3+w.o.Batch)
}

// batch sends claimed messages through one SMTP session and records each
// outcome. The outcomes are written even when ctx ends meanwhile, so a
// message the relay took is never sent again.
func (w *Worker) batch(ctx context.Context, ms []auth.Message, lease time.Time) ([]Result, error) {
	store := context.WithoutCancel(ctx)
	sendCtx, cancel := context.WithTimeout(ctx, w.budget())
	defer cancel()
	results := make([]Result, 0, len(ms))
	var firstErr error
	keep := func(r Result, err error) {
		results = append(results, r)
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}

	sess, err := w.o.dialer.dial(sendCtx)
	if err != nil {
		for _, m := range ms {
			if ctx.Err() != nil {
				keep(w.release(store, m, lease))
				continue
			}
			keep(w.failed(store, m, lease, err, false))
		}
		return results, firstErr
	}
	defer sess.close()

	broken := false
	for _, m := range ms {
		if broken || sendCtx.Err() != nil {
			keep(w.release(store, m, lease))
			continue
		}
		msg, err := compose(m, w.from, w.o.Trust)
		if err != nil {
			// A message that cannot be written never will be.
			keep(w.failed(store, m, lease, err, true))
			continue
		}
		delivered, err := sess.send(msg)
		switch {
		case delivered:
			keep(w.sent(store, m, lease))
		case err != nil && ctx.Err() != nil:
			// Shutting down cut the connection: not the relay's failure.
			broken = true
			keep(w.release(store, m, lease))
		case err != nil:
			broken = connectionLost(err)
			keep(w.failed(store, m, lease, err, false))
		}
	}
	return results, firstErr
}

// sent records a delivery.
func (w *Worker) sent(ctx context.Context, m auth.Message, lease time.Time) (Result, error) {
	now := w.o.Now()
	if err := w.o.Queue.MarkSent(ctx, m.ID, lease, now); err != nil {
		return Result{Message: m}, fmt.Errorf("mail: message %d: %w", m.ID, err)
	}
	m.Status, m.Attempts, m.SentAt, m.NextAttemptAt = auth.MessageSent, m.Attempts+1, now, time.Time{}
	w.o.Log.Info("mail: sent", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts)
	w.observe(m)
	return Result{Message: m}, nil
}

// failed records a failed attempt and schedules the next, or gives up.
func (w *Worker) failed(ctx context.Context, m auth.Message, lease time.Time, sendErr error, permanent bool) (Result, error) {
	now := w.o.Now()
	m.Attempts++
	m.LastError = errorText(sendErr)
	m.NextAttemptAt = now.Add(jitter(backoff(m.Attempts, w.o.Backoff, w.o.MaxBackoff), w.o.RandN))
	dead := permanent || m.Attempts >= w.o.MaxAttempts
	if dead {
		m.Status, m.NextAttemptAt = auth.MessageDead, time.Time{}
	}
	if err := w.o.Queue.MarkFailed(ctx, m.ID, lease, m.LastError, m.NextAttemptAt, dead); err != nil {
		return Result{Message: m, Err: sendErr}, fmt.Errorf("mail: message %d: %w", m.ID, err)
	}
	w.observe(m)
	if dead {
		w.o.Log.Error("mail: gave up", "id", m.ID, "kind", m.Kind, "attempts", m.Attempts, "error", m.LastError)
	} else {
		w.o.Log.Warn("mail: will retry", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts,
			"next", m.NextAttemptAt.Format(time.RFC3339), "error", m.LastError)
	}
	return Result{Message: m, Err: sendErr}, nil
}

// observe tells Options.Observe of an outcome, without the body.
func (w *Worker) observe(m auth.Message) {
	if w.o.Observe != nil {
		m.Body = ""
		w.o.Observe(m)
	}
}

// release gives a message back untried.
func (w *Worker) release(ctx context.Context, m auth.Message, lease time.Time) (Result, error) {
	if err := w.o.Queue.ReleaseMessage(ctx, m.ID, lease); err != nil {
		return Result{Message: m}, fmt.Errorf("mail: message %d: %w", m.ID, err)
	}
	return Result{Message: m}, nil
}

// maxErrorText caps the stored error; relays can be wordy.
const maxErrorText = 300

// errorText is an error on one printable line, short enough to list.
func errorText(err error) string {
	s := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return ' '
		}
		return r
	}, err.Error())), " ")
	if r := []rune(s); len(r) > maxErrorText {
		s = string(r[:maxErrorText-1]) + "…"
	}
	return s
}
