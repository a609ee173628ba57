package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"

	"github.com/wardkiosk/kiosk/auth"
)

func runOutboxList(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("outbox list", flag.ContinueOnError)
	long := fs.Bool("long", false, "also attempts, next try or sent time, and last error")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	ms, err := k.Service.Messages(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if !*long {
			// The contract line: scripts split it on the first three spaces.
			fmt.Fprintf(e.Stdout, "%d %s %s %s\n", m.ID, m.Status, clean(m.To), clean(m.Subject))
			continue
		}
		fmt.Fprintf(e.Stdout, "%d %s %d %s %s %s\n", m.ID, m.Status, m.Attempts, stamp(nextOrSent(m)),
			clean(m.To), clean(m.Subject))
		if m.LastError != "" {
			fmt.Fprintf(e.Stdout, "    last error: %s\n", clean(m.LastError))
		}
	}
	return nil
}

func runOutboxShow(ctx context.Context, e *Env, args []string) error {
	pos, err := parse(flag.NewFlagSet("outbox show", flag.ContinueOnError), args, "ID")
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("%q is not a message id", pos[0])
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	m, err := k.Service.Message(ctx, id)
	if err != nil {
		if errors.Is(err, auth.ErrNotFound) {
			return &FailError{fmt.Sprintf("no message %d", id)}
		}
		return err
	}
	fmt.Fprintf(e.Stdout, "Id: %d\nStatus: %s\nAttempts: %d\n", m.ID, m.Status, m.Attempts)
	if !m.NextAttemptAt.IsZero() {
		fmt.Fprintf(e.Stdout, "Next-Attempt: %s\n", when(m.NextAttemptAt))
	}
	if !m.SentAt.IsZero() {
		fmt.Fprintf(e.Stdout, "Sent: %s\n", when(m.SentAt))
	}
	if m.LastError != "" {
		fmt.Fprintf(e.Stdout, "Last-Error: %s\n", clean(m.LastError))
	}
	fmt.Fprintf(e.Stdout, "Date: %s\nTo: %s\nSubject: %s\nKind: %s\n\n", when(m.CreatedAt), clean(m.To),
		clean(m.Subject), m.Kind)
	body := m.Body
	if e.Remote {
		// A maintainer over SSH must never see a live reset code.
		body = auth.RedactCodes(body)
	}
	fmt.Fprint(e.Stdout, cleanText(body))
	return nil
}
