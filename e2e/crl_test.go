package e2e

import (
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
)

// cardFiles writes a card of ca for name to dir as <file>.pem and
// <file>.key, for cmd/vcard and `kiosk cards enrol`, and returns the
// certificate's path.
func cardFiles(t testing.TB, ca *issue.Authority, dir, file, name string) string {
	t.Helper()
	cert, key, err := ca.Card(issue.Template{CommonName: name, Key: issue.ECDSAP256})
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := issue.KeyPEM(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile := filepath.Join(dir, file+".pem")
	if err := os.WriteFile(certFile, issue.CertPEM(cert), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, file+".key"), keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile
}

// insertCardFile starts cmd/vcard with the card written by cardFiles as
// dir/file, in the reader at addr.
func insertCardFile(t *testing.T, dir, file, addr string) *virtualCard {
	t.Helper()
	cmd := exec.Command(vcardBin, "--cert", filepath.Join(dir, file+".pem"),
		"--key", filepath.Join(dir, file+".key"), "--pin", "123456", "--addr", addr)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	return &virtualCard{t: t, stdin: stdin}
}

// readCert reads a PEM certificate file.
func readCert(t testing.TB, file string) *x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	c, err := certs.ParseCertificate(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A card the Trust revoked is refused at sign-in through the real path:
// [trust] ca_file and crl_file as the kiosk reads them (here from its
// environment), the real binary, the real pcscd, the virtual card. The
// CRL is PEM, as openssl ca -gencrl writes it, or DER, as a CA's
// distribution point serves it; another card of the same CA, not on the
// list, signs in at the same kiosk. The kiosk runs for weeks: a CRL
// renamed into place while it runs counts from the next sign-in on.
func TestRevokedCardRefused(t *testing.T) {
	pemCRL := func(der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der}) }
	derCRL := func(der []byte) []byte { return der }
	t.Run("pem", func(t *testing.T) { revokedCardRefused(t, pemCRL, false) })
	t.Run("der", func(t *testing.T) { revokedCardRefused(t, derCRL, false) })
	t.Run("replaced while running", func(t *testing.T) { revokedCardRefused(t, pemCRL, true) })
}

// revokedCardRefused is TestRevokedCardRefused with the CRL file written
// as encode makes it; later: the kiosk starts on a CRL without the lost
// card, and the one with it replaces it while the kiosk runs.
func revokedCardRefused(t *testing.T, encode func(der []byte) []byte, later bool) {
	d := pcsctest.Start(t)
	data, users := demo(t)
	lost, kept := users[0], users[2]

	dir := t.TempDir()
	ca, err := issue.NewCA(rand.Reader, "Test Trust Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, issue.CertPEM(ca.Cert), 0o600); err != nil {
		t.Fatal(err)
	}
	lostCert := cardFiles(t, ca, dir, "lost", lost.First+" "+lost.Last)
	keptCert := cardFiles(t, ca, dir, "kept", kept.First+" "+kept.Last)
	spareCert := cardFiles(t, ca, dir, "spare", kept.First+" "+kept.Last)
	// Both cards were good when enrolled: the CRL came later.
	t.Setenv("KIOSK_TRUST_CA_FILE", caFile)
	kiosk(t, data, "cards", "enrol", lost.Username, "--cert", lostCert)
	kiosk(t, data, "cards", "enrol", kept.Username, "--cert", keptCert)

	writeCRL := func(revoked ...*x509.Certificate) {
		t.Helper()
		der, err := ca.CRL(time.Now(), revoked...)
		if err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(dir, "ca.crl.new")
		if err := os.WriteFile(tmp, encode(der), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, "ca.crl")); err != nil {
			t.Fatal(err)
		}
	}
	crlFile := filepath.Join(dir, "ca.crl")
	if later {
		writeCRL(readCert(t, spareCert))
	} else {
		writeCRL(readCert(t, lostCert), readCert(t, spareCert))
	}

	// Nor can a revoked card be enrolled once the CRL is configured.
	enrol := exec.Command(kioskBin, "--data", data, "cards", "enrol", kept.Username, "--cert", spareCert)
	enrol.Env = append(os.Environ(), "KIOSK_TRUST_CRL_FILE="+crlFile)
	if out, err := enrol.CombinedOutput(); err == nil || !strings.Contains(string(out), "revoked") {
		t.Fatalf("enrolling a revoked card: %v: %s", err, out)
	}

	tm := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=false", "KIOSK_SMARTCARD=true",
		"KIOSK_TRUST_CA_FILE="+caFile, "KIOSK_TRUST_CRL_FILE="+crlFile,
		"PCSCLITE_CSOCK_NAME="+os.Getenv("PCSCLITE_CSOCK_NAME"))
	tm.WaitFor("Employee Self Service")
	tm.WaitFor("Smartcard: no card")
	if later {
		writeCRL(readCert(t, lostCert), readCert(t, spareCert))
	}

	card := insertCardFile(t, dir, "lost", d.Addr(0))
	tm.WaitFor("Enter your passcode")
	tm.Type("123456")
	tm.Press("Enter")
	tm.WaitFor("This card's certificate has been revoked")
	tm.Never("Welcome")
	card.say("remove")
	tm.WaitFor("Insert your smartcard")

	insertCardFile(t, dir, "kept", d.Addr(1))
	tm.WaitFor("Enter your passcode")
	tm.Type("123456")
	tm.Press("Enter")
	tm.WaitFor("Welcome, " + kept.First + " " + kept.Last)

	// The audit says whose card was refused and why.
	audit := kiosk(t, data, "audit", "list", "-n", "2")
	if !strings.Contains(audit, "card.login-failed "+lost.Username+" card") ||
		!strings.Contains(audit, "revoked") || !strings.Contains(audit, "login.ok "+kept.Username+" smartcard") {
		t.Fatalf("the audit's last two events:\n%s", audit)
	}
}
