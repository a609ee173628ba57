package cli

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/wardkiosk/kiosk/auth"
)

func runAuditList(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("audit list", flag.ContinueOnError)
	n := fs.Int("n", 20, "how many events")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *n <= 0 {
		return usagef("-n must be a positive number")
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	evs, err := k.Service.AuditEvents(ctx, *n)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		fmt.Fprintf(e.Stdout, "%d %s %s %s %s %s %s\n", ev.ID, ev.At.Local().Format("2006-01-02T15:04:05"),
			dash(ev.Terminal), dash(ev.Actor), ev.Action, dash(ev.Subject), clean(ev.Detail))
	}
	return nil
}

func runAuditVerify(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	anchor := fs.String("head", "", "a head's hash written down earlier (kiosk audit head, the system log)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *anchor != "" && !isHash(*anchor) {
		return usagef("--head takes the 64 hex digits of a head's hash")
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	n, head, err := k.Service.VerifyAuditTo(ctx, *anchor)
	var ce *auth.ChainError
	if errors.As(err, &ce) {
		return &FailError{ce.Error()}
	}
	if err != nil {
		return err
	}
	if *anchor != "" {
		fmt.Fprintf(e.Stdout, "ok: %d events, chain intact, reaches head %s; head %s\n", n, strings.ToLower(*anchor), head)
		return nil
	}
	fmt.Fprintf(e.Stdout, "ok: %d events, chain intact; head %s\n", n, head)
	return nil
}

func runAuditHead(ctx context.Context, e *Env, args []string) error {
	if _, err := parse(flag.NewFlagSet("audit head", flag.ContinueOnError), args); err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	head, err := k.Service.AuditHead(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, head)
	return nil
}

// isHash says whether s is a SHA-256 in hex.
func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// cleanText makes a stored multi-line text safe to print, line by line.
func cleanText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = clean(l)
	}
	return strings.Join(lines, "\n")
}
