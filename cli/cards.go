package cli

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/sanitize"
)

func runCardsEnrol(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("cards enrol", flag.ContinueOnError)
	certFile := fs.String("cert", "", "the card's certificate, PEM or DER; - for stdin")
	fromCard := fs.Bool("from-card", false, "read the certificate off the card in the kiosk's reader")
	reader := fs.String("reader", "", "with --from-card: the reader, when cards are in more than one")
	pos, err := parse(fs, args, "U")
	if err != nil {
		return err
	}
	switch {
	case *fromCard && *certFile != "":
		return usagef("give --cert FILE or --from-card, not both")
	case !*fromCard && *certFile == "":
		return usagef("--cert FILE or --from-card is required")
	case !*fromCard && *reader != "":
		return usagef("--reader goes with --from-card")
	case e.Remote && *certFile != "" && *certFile != "-":
		return usagef("over SSH the certificate comes on stdin: --cert - < FILE")
	}
	var b []byte
	if *fromCard {
		cert, from, err := readCard(ctx, e, *reader)
		if err != nil {
			return err
		}
		b = cert.Raw
		fmt.Fprintf(e.Stderr, "kiosk cards enrol: the card in %s: %s\n", sanitize.Line(from), sanitize.Line(cert.Subject.String()))
	} else if b, err = readCert(e, *certFile); err != nil {
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
// runCardsRead prints the sign-in certificate of the card in the kiosk's
// reader, PEM: on a client kiosk, for the service's cards enrol --cert -.
func runCardsRead(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("cards read", flag.ContinueOnError)
	reader := fs.String("reader", "", "the reader, when cards are in more than one")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	cert, _, err := readCard(ctx, e, *reader)
	if err != nil {
		return err
	}
	return pem.Encode(e.Stdout, &pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
}

// readCard reads the sign-in certificate off the card in reader, or in
// the one reader that holds a card, through the kiosk's card driver.
func readCard(ctx context.Context, e *Env, reader string) (*x509.Certificate, string, error) {
	if e.ReadCard == nil {
		return nil, "", &FailError{"this kiosk reads no cards (smartcard = false, or no reader here)"}
	}
	cert, from, err := e.ReadCard(ctx, reader)
	if err != nil {
		return nil, "", &FailError{fmt.Sprintf("cannot read the card: %v", err)}
	}
	return cert, from, nil
}

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
