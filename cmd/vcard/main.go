// Command vcard is a virtual PIV smartcard for tests and demos (DESIGN §6).
//
//	vcard --cert FILE --key FILE --pin PIN [--addr 127.0.0.1:35963]
//
// It inserts the card into the vsmartcard-vpcd reader at start, then reads
// "remove", "insert" and "quit" on stdin; end of input quits too.
//
// NEVER INSTALL vsmartcard-vpcd OR THIS PROGRAM ON A PRODUCTION KIOSK: vpcd
// accepts a card from anyone who can reach its TCP port.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vcard", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	certFile := fs.String("cert", "", "card certificate, PEM")
	keyFile := fs.String("key", "", "card private key, PKCS#8 PEM")
	pin := fs.String("pin", "", "the card's PIN (passcode), 6 to 8 digits")
	addr := fs.String("addr", vcard.DefaultAddr, "vpcd reader address")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 || *certFile == "" || *keyFile == "" || *pin == "" {
		fmt.Fprintln(stderr, "usage: vcard --cert FILE --key FILE --pin PIN [--addr 127.0.0.1:35963]")
		return 2
	}
	card, err := load(*certFile, *keyFile, *pin)
	if err != nil {
		fmt.Fprintf(stderr, "vcard: %v\n", err)
		return 1
	}
	var link *vcard.Link
	insert := func() error {
		if link != nil {
			return errors.New("the card is already inserted")
		}
		l, err := vcard.Insert(ctx, *addr, card, vcard.Hooks{})
		if err != nil {
			return err
		}
		link = l
		fmt.Fprintf(stdout, "inserted into %s\n", *addr)
		return nil
	}
	remove := func() {
		if link != nil {
			link.Remove()
			link = nil
			fmt.Fprintln(stdout, "removed")
		}
	}
	defer remove()
	if err := insert(); err != nil {
		fmt.Fprintf(stderr, "vcard: %v (is pcscd running with vsmartcard-vpcd?)\n", err)
		return 1
	}

	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdin)
		for sc.Scan() {
			lines <- strings.TrimSpace(sc.Text())
		}
	}()
	for {
		var gone <-chan struct{}
		if link != nil {
			gone = link.Done()
		}
		select {
		case <-ctx.Done():
			return 0
		case <-gone:
			fmt.Fprintln(stdout, "the reader closed the connection (pcscd stopped?); type insert to retry")
			link = nil
		case line, ok := <-lines:
			if !ok {
				return 0
			}
			switch line {
			case "quit":
				return 0
			case "remove":
				remove()
			case "insert":
				if err := insert(); err != nil {
					fmt.Fprintf(stderr, "vcard: %v\n", err)
				}
			case "":
			default:
				fmt.Fprintf(stderr, "vcard: unknown command %q (remove, insert, quit)\n", line)
			}
		}
	}
}

// load reads the certificate and key and makes the card.
func load(certFile, keyFile, pin string) (*vcard.Card, error) {
	b, err := os.ReadFile(certFile)
	if err != nil {
		return nil, err
	}
	cert, err := certs.ParseCertificate(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", certFile, err)
	}
	if b, err = os.ReadFile(keyFile); err != nil {
		return nil, err
	}
	key, err := issue.ParseKeyPEM(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", keyFile, err)
	}
	return vcard.New(cert, key, pin, vcard.Options{})
}
