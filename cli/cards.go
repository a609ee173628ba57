package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

func runCardsEnrol(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("cards enrol", flag.ContinueOnError)
	certFile := fs.String("cert", "", "the card's certificate, PEM or DER; - for stdin")
	pos, err := parse(fs, args, "U")
	if err != nil {
		return err
	}
	if *certFile == "" {
		return usagef("--cert is required")
	}
	if e.Remote && *certFile != "-" {
		return usagef("over SSH the certificate comes on stdin: --cert - < FILE")
	}
	b, err := readCert(e, *certFile)
	if err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	// The auth core checks the certificate as a sign-in would, so a card
	// that could never sign in is not enrolled; without a configured CA,
	// say what was skipped.
	trust, err := k.Trust()
	if err != nil {
		return err
	}
	c, err := k.Service.EnrolCard(ctx, e.Actor, pos[0], b, trust)
	if err == nil && trust == nil {
		fmt.Fprintln(e.Stderr, "kiosk cards enrol: warning: trust.ca_file is not set, so the card's issuer was not checked")
	}
	if errors.Is(err, auth.ErrNotFound) {
		return noUser(err, pos[0])
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, c.ID)
	return nil
}

func runCardsList(ctx context.Context, e *Env, args []string) error {
	if _, err := parse(flag.NewFlagSet("cards list", flag.ContinueOnError), args); err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	cs, err := k.Service.Cards(ctx)
	if err != nil {
		return err
	}
	now := e.Now()
	for _, c := range cs {
		fmt.Fprintf(e.Stdout, "%d %s %s %s %s %s\n", c.ID, c.Username, c.State(now), c.NotAfter.Format(time.DateOnly),
			c.Fingerprint, dash(c.Subject))
	}
	return nil
}

func runCardsRevoke(ctx context.Context, e *Env, args []string) error {
	pos, err := parse(flag.NewFlagSet("cards revoke", flag.ContinueOnError), args, "ID")
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(strings.TrimSpace(pos[0]), 10, 64)
	if err != nil || id <= 0 {
		return usagef("card ID %q is not a number (see kiosk cards list)", clean(pos[0]))
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	c, err := k.Service.RevokeCard(ctx, e.Actor, id)
	if errors.Is(err, auth.ErrNotFound) {
		return &FailError{fmt.Sprintf("no card %d", id)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "revoked card %d of %s\n", c.ID, c.Username)
	return nil
}

// maxCertSize bounds a certificate read from stdin.
const maxCertSize = 64 << 10

// readCert reads the certificate file, or stdin for "-".
func readCert(e *Env, name string) ([]byte, error) {
	if name != "-" {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, &FailError{fmt.Sprintf("cannot read the certificate: %v", err)}
		}
		return b, nil
	}
	if e.Stdin == nil {
		return nil, usagef("no certificate on stdin")
	}
	b, err := io.ReadAll(io.LimitReader(e.Stdin, maxCertSize+1))
	if err != nil {
		return nil, &FailError{fmt.Sprintf("cannot read the certificate from stdin: %v", err)}
	}
	if len(b) > maxCertSize {
		return nil, &FailError{"the certificate on stdin is larger than 64 KiB"}
	}
	if len(b) == 0 {
		return nil, usagef("no certificate on stdin")
	}
	return b, nil
}
