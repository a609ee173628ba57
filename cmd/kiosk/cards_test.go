package main

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

// A maintainer enrols the card in the kiosk's reader without its
// certificate file, through either driver: cards read prints it (PEM),
// cards enrol --from-card enrols it. With no card in, both say so.
func TestCardsFromCard(t *testing.T) {
	d := pcsctest.Start(t)
	pcsctest.RequireOpenSC(t)
	dir := t.TempDir()
	ca, err := issue.NewCA(rand.Reader, "Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(dir, "card-ca.pem")
	if err := os.WriteFile(caFile, issue.CertPEM(ca.Cert), 0o644); err != nil {
		t.Fatal(err)
	}
	cert, key, err := ca.Card(issue.Template{CommonName: "Jane Smith", Key: issue.ECDSAP256})
	if err != nil {
		t.Fatal(err)
	}
	card, err := vcard.New(cert, key, "123456", vcard.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	t.Setenv("KIOSK_TRUST_CA_FILE", caFile)
	t.Setenv("KIOSK_SMARTCARD", "true")
	t.Setenv("KIOSK_TERMINAL", "TEST-T1")
	user, errs, code := kiosk(t, "--data", data, "users", "add", "--first", "Jane", "--last", "Smith",
		"--email", "jane@example.nhs.uk", "--dob", "1985-03-14")
	if code != 0 {
		t.Fatalf("users add: %d %s", code, errs)
	}
	user = strings.TrimSpace(user)

	if _, errs, code := kiosk(t, "--data", data, "cards", "read"); code != 1 || !strings.Contains(errs, "cannot read the card: there is no card in the reader") {
		t.Errorf("cards read with no card: exit %d, %q", code, errs)
	}
	l, err := vcard.Insert(context.Background(), d.Addr(0), card, vcard.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Remove()
	var out string
	for deadline := time.Now().Add(5 * time.Second); ; { // pcscd sees the card at its next poll
		if out, errs, code = kiosk(t, "--data", data, "cards", "read"); code == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if code != 0 || out != string(issue.CertPEM(cert)) {
		t.Fatalf("cards read (piv): exit %d, %q, stdout %q", code, errs, out)
	}

	t.Setenv("KIOSK_CARD_DRIVER", "pkcs11")
	t.Setenv("KIOSK_PKCS11_MODULE", pcsctest.OpenSCModule)
	if _, errs, code := kiosk(t, "--data", data, "cards", "enrol", user, "--from-card", "--cert", caFile); code != 2 {
		t.Errorf("--from-card with --cert: exit %d, %q", code, errs)
	}
	out, errs, code = kiosk(t, "--data", data, "cards", "enrol", user, "--from-card")
	if code != 0 || strings.TrimSpace(out) == "" || !strings.Contains(errs, "the card in "+pcsctest.Readers[0]+": CN=Jane Smith") {
		t.Fatalf("cards enrol --from-card (pkcs11): exit %d, %q, stdout %q", code, errs, out)
	}
	list, _, _ := kiosk(t, "--data", data, "cards", "list")
	if !strings.Contains(list, user+" active") {
		t.Errorf("the card is not listed active for %s:\n%s", user, list)
	}
}

// The heartbeat tells the maintainers' dashboard which driver signs
// cards in and whether its module loaded; the client's console says why
// not, in a line.
func TestDriverInHeartbeatAndConsole(t *testing.T) {
	env := &screens.Env{CardState: func() smartcard.State { return smartcard.State{Service: true} }}
	if got := readerState(env, smartcard.PIV{})(); got != "Smartcard: no reader · piv" {
		t.Errorf("piv: %q", got)
	}
	bad := smartcard.LoadPKCS11(context.Background(), "/nonexistent/vendor-pkcs11.so")
	defer bad.Close()
	if err := bad.Wait(context.Background()); err == nil {
		t.Fatal("a module that does not exist loaded")
	}
	if got := readerState(env, bad)(); got != "Smartcard: no reader · pkcs11 module did not load" {
		t.Errorf("a module that did not load: %q", got)
	}
	if got := smartcard.Detail(bad); !strings.HasPrefix(got, "pkcs11 /nonexistent/vendor-pkcs11.so: did not load: ") {
		t.Errorf("console line: %q", got)
	}
	if got := readerState(&screens.Env{}, nil)(); got != "Smartcard: not set up" {
		t.Errorf("no smartcard: %q", got)
	}
}
