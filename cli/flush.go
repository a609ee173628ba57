package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// runOutboxFlush delivers what is due now through the configured relay and
// prints one line per message tried, like outbox list, each failure
// followed by its error, then a summary. It fails (exit 1) when a message
// was not sent, so a maintainer's script notices.
func runOutboxFlush(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("outbox flush", flag.ContinueOnError)
	all := fs.Bool("all", false, "also try mail that waits for its next retry")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	w, err := k.Outbox()
	if err != nil {
		return &FailError{err.Error()}
	}
	results, err := w.Flush(ctx, *all)
	sent, retry, dead := 0, 0, 0
	for _, r := range results {
		m := r.Message
		fmt.Fprintf(e.Stdout, "%d %s %s %s\n", m.ID, m.Status, clean(m.To), clean(m.Subject))
		switch {
		case m.Status == auth.MessageSent:
			sent++
		case m.Status == auth.MessageDead:
			dead++
			fmt.Fprintf(e.Stdout, "    attempt %d, gave up: %s\n", m.Attempts, clean(m.LastError))
		case r.Err != nil:
			retry++
			fmt.Fprintf(e.Stdout, "    attempt %d, next try %s: %s\n", m.Attempts, when(m.NextAttemptAt), clean(m.LastError))
		default:
			retry++ // given back untried: the connection broke before its turn
			fmt.Fprintf(e.Stdout, "    not tried: the connection broke first\n")
		}
	}
	if len(results) == 0 && err == nil {
		fmt.Fprintln(e.Stdout, "flush: nothing due")
		return nil
	}
	fmt.Fprintf(e.Stdout, "flush: %d sent, %d to retry, %d dead\n", sent, retry, dead)
	if err != nil {
		return err
	}
	if n := retry + dead; n > 0 {
		return &FailError{fmt.Sprintf("%d of %d messages not sent", n, len(results))}
	}
	return nil
}

// nextOrSent is when a message goes next, or went.
func nextOrSent(m auth.Message) time.Time {
	if m.Status == auth.MessageSent {
		return m.SentAt
	}
	return m.NextAttemptAt
}

// stamp is a time as one field for scripts: RFC 3339 in UTC, or "-".
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}
