package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

func runTerminalsAdd(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("terminals add", flag.ContinueOnError)
	ward := fs.String("ward", "", "the ward the terminal is on")
	certFile := fs.String("cert", "", "the terminal's TLS client certificate, PEM or DER; - for stdin")
	pos, err := parse(fs, args, "NAME")
	if err != nil {
		return err
	}
	if *ward == "" {
		return usagef("--ward is required")
	}
	b, err := requiredCert(e, *certFile)
	if err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	t, err := k.Service.AddTerminal(ctx, e.Actor, pos[0], *ward, b)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "added terminal %s on %s, certificate %s\n", clean(t.Name), clean(t.Ward), t.Fingerprint)
	return nil
}

func runTerminalsRenew(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("terminals renew", flag.ContinueOnError)
	certFile := fs.String("cert", "", "the terminal's new TLS client certificate, PEM or DER; - for stdin")
	pos, err := parse(fs, args, "NAME")
	if err != nil {
		return err
	}
	b, err := requiredCert(e, *certFile)
	if err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	t, err := k.Service.RenewTerminal(ctx, e.Actor, pos[0], b)
	if errors.Is(err, auth.ErrNotFound) {
		return &FailError{fmt.Sprintf("no registered terminal %q (terminals add registers one)", clean(pos[0]))}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "renewed terminal %s, certificate %s; the old one is refused from now on\n", clean(t.Name), t.Fingerprint)
	return nil
}

func runTerminalsList(ctx context.Context, e *Env, args []string) error {
	if _, err := parse(flag.NewFlagSet("terminals list", flag.ContinueOnError), args); err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	ts, err := k.Service.Terminals(ctx)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if !t.Registered() {
			continue // a name a standalone sign-in wrote, not one of the Trust's
		}
		state, seen := "enabled", "never"
		if t.Disabled {
			state = "disabled"
		}
		if !t.LastSeen.IsZero() {
			seen = t.LastSeen.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(e.Stdout, "%s %s %s %s %s\n", field(t.Name), field(t.Ward), state, seen, field(t.Version))
	}
	return nil
}

// terminalAction runs a maintainer's action on one terminal.
func terminalAction(do func(Service, context.Context, auth.Actor, string) error, done string) func(context.Context, *Env, []string) error {
	return func(ctx context.Context, e *Env, args []string) error {
		pos, err := parse(flag.NewFlagSet("", flag.ContinueOnError), args, "NAME")
		if err != nil {
			return err
		}
		k, err := e.Open(ctx)
		if err != nil {
			return err
		}
		if err := do(k.Service, ctx, e.Actor, pos[0]); err != nil {
			if errors.Is(err, auth.ErrNotFound) {
				return &FailError{fmt.Sprintf("no registered terminal %q", clean(pos[0]))}
			}
			return err
		}
		fmt.Fprintf(e.Stdout, "terminal %s %s\n", clean(pos[0]), done)
		return nil
	}
}

// requiredCert reads the certificate --cert names, which must be given:
// over SSH it comes on stdin, as files on the kiosk are not the
// maintainer's to read.
func requiredCert(e *Env, name string) ([]byte, error) {
	if name == "" {
		return nil, usagef("--cert is required")
	}
	if e.Remote && name != "-" {
		return nil, usagef("over SSH the certificate comes on stdin: --cert - < FILE")
	}
	return readCert(e, name)
}
