package cli_test

import (
	"crypto/rand"
	"crypto/x509"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// terminalCertPEM is a terminal's client certificate and its fingerprint:
// the registry keys on the fingerprint, the service checks the issuer.
func terminalCertPEM(t *testing.T, name string) ([]byte, string) {
	t.Helper()
	ca, err := issue.NewCA(rand.Reader, "Terminal CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cert, _, err := ca.Card(issue.Template{CommonName: name})
	if err != nil {
		t.Fatal(err)
	}
	return issue.CertPEM(cert), auth.CertificateFingerprint(cert)
}

// fingerprintOf is the fingerprint of a PEM certificate.
func fingerprintOf(t *testing.T, pemCert []byte) (*x509.Certificate, string) {
	t.Helper()
	c, err := certs.ParseCertificate(pemCert)
	if err != nil {
		t.Fatal(err)
	}
	return c, auth.CertificateFingerprint(c)
}

// Terminals are added with their certificate, locally from a file and
// over SSH on stdin, listed as DESIGN §7 says, disabled and enabled, and
// each change is audited.
func TestTerminalsCommands(t *testing.T) {
	k := open(t)
	cert1, fp1 := terminalCertPEM(t, "WARD7-T1")
	file := filepath.Join(t.TempDir(), "t1.pem")
	if err := os.WriteFile(file, cert1, 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, code := run(t, k, false, "", "terminals", "add", "WARD7-T1", "--ward", "Ward 7", "--cert", file)
	if code != 0 || !strings.Contains(out, fp1) {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	cert3, _ := terminalCertPEM(t, "WARD8-T3")
	if _, errs, code := run(t, k, true, "", "terminals", "add", "WARD8-T3", "--ward", "Ward8", "--cert", file); code != 2 ||
		!strings.Contains(errs, "stdin") {
		t.Errorf("add over SSH from a file: %d %q", code, errs)
	}
	if _, errs, code := run(t, k, true, string(cert3), "terminals", "add", "WARD8-T3", "--ward", "Ward8", "--cert", "-"); code != 0 {
		t.Fatalf("add over SSH: %d %q", code, errs)
	}
	// One certificate, one terminal; one name, one certificate.
	if _, errs, code := run(t, k, false, "", "terminals", "add", "WARD9-T1", "--ward", "Ward9", "--cert", file); code != 1 ||
		!strings.Contains(errs, "WARD7-T1") {
		t.Errorf("a second terminal with T1's certificate: %d %q", code, errs)
	}
	fresh, _ := terminalCertPEM(t, "WARD7-T1")
	if _, errs, code := run(t, k, false, string(fresh), "terminals", "add", "WARD7-T1", "--ward", "Ward7", "--cert", "-"); code != 1 ||
		!strings.Contains(errs, "registered already") {
		t.Errorf("T1 again: %d %q", code, errs)
	}
	if _, _, code := run(t, k, false, "", "terminals", "add", "WARD7-T2", "--cert", file); code != 2 {
		t.Errorf("add without --ward: %d", code)
	}

	if _, errs, code := run(t, k, true, "", "terminals", "disable", "WARD8-T3"); code != 0 {
		t.Fatalf("disable: %d %q", code, errs)
	}
	if _, errs, code := run(t, k, false, "", "terminals", "disable", "NOWHERE"); code != 1 || !strings.Contains(errs, "no registered terminal") {
		t.Errorf("disable an unknown terminal: %d %q", code, errs)
	}
	out, _, _ = run(t, k, false, "", "terminals", "list")
	want := "WARD7-T1 Ward_7 enabled never -\nWARD8-T3 Ward8 disabled never -\n"
	if out != want {
		t.Errorf("list:\n%s\nwant:\n%s", out, want)
	}
	if _, _, code := run(t, k, false, "", "terminals", "enable", "WARD8-T3"); code != 0 {
		t.Fatal("enable failed")
	}
	out, _, _ = run(t, k, false, "", "terminals", "list")
	if !regexp.MustCompile(`(?m)^WARD8-T3 Ward8 enabled never -$`).MatchString(out) {
		t.Errorf("list after enable:\n%s", out)
	}
	// A new certificate for T1 as its old one nears its end, over SSH on
	// stdin; the name stays, the list with it.
	if _, errs, code := run(t, k, true, "", "terminals", "renew", "WARD7-T1", "--cert", file); code != 2 || !strings.Contains(errs, "stdin") {
		t.Errorf("renew over SSH from a file: %d %q", code, errs)
	}
	if _, errs, code := run(t, k, false, string(cert3), "terminals", "renew", "WARD7-T1", "--cert", "-"); code != 1 || !strings.Contains(errs, "WARD8-T3") {
		t.Errorf("renew with another terminal's certificate: %d %q", code, errs)
	}
	out, errs, code = run(t, k, true, string(fresh), "terminals", "renew", "WARD7-T1", "--cert", "-")
	if _, fpFresh := fingerprintOf(t, fresh); code != 0 || !strings.Contains(out, fpFresh) {
		t.Fatalf("renew: %d %q %q", code, out, errs)
	}
	if _, errs, code := run(t, k, false, string(fresh), "terminals", "renew", "NOWHERE", "--cert", "-"); code != 1 || !strings.Contains(errs, "no registered terminal") {
		t.Errorf("renew an unknown terminal: %d %q", code, errs)
	}
	if out, _, _ := run(t, k, false, "", "terminals", "list"); !strings.HasPrefix(out, "WARD7-T1 Ward_7 enabled never -\n") {
		t.Errorf("list after renew:\n%s", out)
	}
	evs, err := k.Service.(*auth.Service).FindAuditEvents(t.Context(), auth.EventFilter{Action: "terminal."})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range evs {
		got = append(got, e.Action+" "+strings.Fields(e.Detail)[0])
	}
	if strings.Join(got, ", ") != "terminal.added WARD7-T1, terminal.added WARD8-T3, terminal.disabled WARD8-T3, terminal.enabled WARD8-T3, terminal.renewed WARD7-T1" {
		t.Errorf("audit: %v", got)
	}
}
