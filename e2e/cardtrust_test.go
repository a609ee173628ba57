package e2e

import (
	"crypto/rand"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/cutproxy"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
)

// cardTrust is a fleet whose service checks cards: a card-issuing CA made
// by the test, its CRL (empty: the service revokes through its own
// registry), every instance configured with both, a card for each demo
// user enrolled at the service, and a private pcscd with two vpcd readers.
type cardTrust struct {
	*trust
	pcscd *pcsctest.Daemon
	cards string // the directory of ca.pem, ca.crl and <username>.pem and .key
}

// startCardTrust starts the card trust; env is more environment for
// every instance, as startTrustWith's.
func startCardTrust(t testing.TB, env ...string) *cardTrust {
	t.Helper()
	d := pcsctest.Start(t)
	dir := t.TempDir()
	ca, err := issue.NewCA(rand.Reader, "Test Trust Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	caFile, crlFile := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca.crl")
	if err := os.WriteFile(caFile, issue.CertPEM(ca.Cert), 0o600); err != nil {
		t.Fatal(err)
	}
	crl, err := ca.CRL(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(crlFile, crl, 0o600); err != nil {
		t.Fatal(err)
	}
	tr := startTrustWith(t, append([]string{"KIOSK_TRUST_CA_FILE=" + caFile, "KIOSK_TRUST_CRL_FILE=" + crlFile}, env...)...)
	for _, u := range tr.users {
		cert := cardFiles(t, ca, dir, u.Username, u.First+" "+u.Last)
		tr.run("cards", "enrol", u.Username, "--cert", cert)
	}
	return &cardTrust{trust: tr, pcscd: d, cards: dir}
}

// cardKiosk is the client kiosk of terminal n with a card reader (the
// private pcscd's), behind cut proxies; extra is more environment.
func (ct *cardTrust) cardKiosk(n int, extra ...string) (*term, []*cutproxy.Proxy, string) {
	ct.t.Helper()
	env := append([]string{"KIOSK_SMARTCARD=true", "PCSCLITE_CSOCK_NAME=" + os.Getenv("PCSCLITE_CSOCK_NAME")}, extra...)
	tm, proxies, data := ct.cutKioskWith(n, env...)
	tm.WaitFor("Smartcard: no card")
	return tm, proxies, data
}

// heldCard is a user's card in a reader (cmd/vcard), taken out for good
// with out, which frees the reader for another card.
type heldCard struct {
	t     testing.TB
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// insert puts the user's card, whose passcode is 123456, in reader i (0
// or 1).
func (ct *cardTrust) insert(username string, i int) *heldCard {
	ct.t.Helper()
	return ct.insertPIN(username, i, "123456")
}

// insertPIN is insert with the card's passcode pin (6 to 8 digits).
func (ct *cardTrust) insertPIN(username string, i int, pin string) *heldCard {
	ct.t.Helper()
	cmd := exec.Command(vcardBin, "--cert", filepath.Join(ct.cards, username+".pem"),
		"--key", filepath.Join(ct.cards, username+".key"), "--pin", pin, "--addr", ct.pcscd.Addr(i))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		ct.t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		ct.t.Fatal(err)
	}
	c := &heldCard{t: ct.t, cmd: cmd, stdin: stdin}
	ct.t.Cleanup(c.out)
	return c
}

// out takes the card out and ends its process; it may be called again.
func (c *heldCard) out() {
	if c.stdin == nil {
		return
	}
	io.WriteString(c.stdin, "quit\n")
	c.stdin.Close()
	c.cmd.Wait()
	c.stdin = nil
}

// cardSignIn puts the user's card in reader i and types the passcode; the
// caller waits for what the screen says.
func (ct *cardTrust) cardSignIn(tm *term, username string, i int) *heldCard {
	ct.t.Helper()
	c := ct.insert(username, i)
	tm.WaitFor("Enter your passcode")
	tm.Type("123456")
	tm.Press("Enter")
	return c
}

// cardID is the service's id of the user's card the test issued (`kiosk
// demo` enrolled another, of its own CA), found by its fingerprint in
// `kiosk cards list`.
func (ct *cardTrust) cardID(username string) string {
	ct.t.Helper()
	fp := auth.IdentityOf(readCert(ct.t, filepath.Join(ct.cards, username+".pem"))).Fingerprint
	for _, line := range strings.Split(ct.run("cards", "list"), "\n") {
		if f := strings.Fields(line); len(f) > 4 && f[1] == username && f[4] == fp {
			return f[0]
		}
	}
	ct.t.Fatalf("no card of %s with fingerprint %s", username, fp)
	return ""
}
