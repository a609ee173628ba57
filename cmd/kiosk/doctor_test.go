package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/pgtest"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/mail/mailtest"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
)

// doctorLines runs `kiosk doctor` and returns its lines by check name,
// failing the test on a line not of the form `ok|warn|fail <check>: ...`
// or a check named twice.
func doctorLines(t *testing.T, args ...string) (map[string]string, string, int) {
	t.Helper()
	out, errs, code := kiosk(t, append(args, "doctor")...)
	if errs != "" {
		t.Errorf("doctor wrote to stderr: %q", errs)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		status, rest, _ := strings.Cut(l, " ")
		check, text, found := strings.Cut(rest, ": ")
		if (status != "ok" && status != "warn" && status != "fail") || !found || text == "" || strings.Contains(check, " ") {
			t.Errorf("not a doctor line: %q", l)
			continue
		}
		if _, dup := lines[check]; dup {
			t.Errorf("check %s twice:\n%s", check, out)
		}
		lines[check] = status
	}
	return lines, out, code
}

// wantLines checks every named check printed with the status wanted.
func wantLines(t *testing.T, got map[string]string, out string, want map[string]string) {
	t.Helper()
	for check, status := range want {
		if got[check] != status {
			t.Errorf("%s: %q, want %q; output:\n%s", check, got[check], status, out)
		}
	}
}

// cardTrust writes a card CA and a CRL whose next update is at next, as
// trust.ca_file and trust.crl_file name them.
func cardTrust(t *testing.T, dir string, ca *issue.Authority, next time.Time) (caFile, crlFile string) {
	t.Helper()
	caFile, crlFile = filepath.Join(dir, "card-ca.pem"), filepath.Join(dir, "card.crl")
	if err := os.WriteFile(caFile, issue.CertPEM(ca.Cert), 0o644); err != nil {
		t.Fatal(err)
	}
	crl, err := ca.CRL(next.AddDate(0, 0, -7)) // issue's CRLs are good for seven days
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(crlFile, crl, 0o644); err != nil {
		t.Fatal(err)
	}
	return caFile, crlFile
}

// A client kiosk with a reader, its card CA and CRL and the service up:
// every line ok, exit 0. Then pcscd stopped, the CRL past its next
// update, the service gone and the data directory 0755: each of those
// lines fails, named, and doctor exits 1, within its deadlines.
//
// The kiosk reaches cards through OpenSC's PKCS#11 module: its line says
// it loads; a library that is no module in its place fails the line.
func TestDoctorClientKiosk(t *testing.T) {
	pcscd := pcsctest.Start(t)
	pcsctest.RequireOpenSC(t)
	s := startService(t)
	ctx := context.Background()
	dir := t.TempDir()
	ca, err := issue.NewCA(rand.Reader, "Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	caFile, crlFile := cardTrust(t, dir, ca, time.Now().AddDate(0, 0, 7))
	toml, err := os.ReadFile(s.config)
	if err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(dir, "kiosk.toml")
	toml = append([]byte("smartcard = true\ncard_driver = \"pkcs11\"\n"), toml...)
	toml = append(toml, "[trust]\nca_file = \""+caFile+"\"\ncrl_file = \""+crlFile+"\"\n"...)
	toml = append(toml, "[pkcs11]\nmodule = \""+pcsctest.OpenSCModule+"\"\n"...)
	if err := os.WriteFile(cfgFile, toml, 0o600); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	db, err := kiosklocal.Open(ctx, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Append(ctx, "test", "", "an event for the chain"); err != nil {
		t.Fatal(err)
	}
	// The roster as a sync left it, with the card CA and CRL (PEM, as
	// the service serves its files): offline sign-in is ready.
	crlDER, err := os.ReadFile(crlFile)
	if err != nil {
		t.Fatal(err)
	}
	roster := auth.Roster{Ward: "Ward 7", CAPEM: issue.CertPEM(ca.Cert), ServerTime: time.Now(),
		CRLPEM: pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: crlDER})}
	if err := db.ReplaceRoster(ctx, roster, time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	got, out, code := doctorLines(t, "--config", cfgFile, "--data", data)
	if code != 0 {
		t.Errorf("doctor on a healthy client kiosk: exit %d, want 0", code)
	}
	wantLines(t, got, out, map[string]string{"config": "ok", "data": "ok", "database": "ok", "events": "ok", "pcscd": "ok",
		"card-driver": "ok", "card-ca": "ok", "crl": "ok", "certificate": "ok", "service": "ok", "clock": "ok", "offline": "ok"})
	if want := "pkcs11 module " + pcsctest.OpenSCModule + " loads (OpenSC"; !strings.Contains(out, want) {
		t.Errorf("the card-driver line does not say %q:\n%s", want, out)
	}
	for check, status := range got {
		if status != "ok" {
			t.Errorf("%s is %s on a healthy client kiosk:\n%s", check, status, out)
		}
	}
	if !strings.Contains(out, "intact, 1 event,") {
		t.Errorf("the events line does not count the event:\n%s", out)
	}
	t.Logf("healthy:\n%s", out)

	pcscd.Stop()
	cardTrust(t, dir, ca, time.Now().Add(-time.Hour))
	notAModule := "/usr/lib/x86_64-linux-gnu/libz.so.1" // root's, a library, no C_GetFunctionList
	if err := os.WriteFile(cfgFile, bytes.ReplaceAll(toml, []byte(pcsctest.OpenSCModule), []byte(notAModule)), 0o600); err != nil {
		t.Fatal(err)
	}
	s.stop()
	if err := os.Chmod(data, 0o755); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	got, out, code = doctorLines(t, "--config", cfgFile, "--data", data)
	if code != 1 {
		t.Errorf("doctor on a broken client kiosk: exit %d, want 1", code)
	}
	wantLines(t, got, out, map[string]string{"config": "ok", "data": "fail", "database": "ok", "pcscd": "fail",
		"card-driver": "fail", "card-ca": "ok", "crl": "fail", "certificate": "ok", "service": "fail", "clock": "warn"})
	for _, want := range []string{"chmod 0700 " + data, "systemctl start pcscd", "expired", "no instance of the service answered",
		"pkcs11 module " + notAModule + " did not load: not a PKCS#11 module", "pkcs11-tool --module " + notAModule + " --list-slots"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not say %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "does not answer (scard: ") {
		t.Errorf("the pcscd line does not name PC/SC's own error:\n%s", out)
	}
	if fi, err := os.Stat(data); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("doctor changed the data directory: %v %v", fi.Mode(), err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("doctor took %s", d)
	}
	t.Logf("broken:\n%s", out)
}

// A standalone kiosk with its mail relay: the database passes SQLite's
// quick check, the audit chain verifies, the relay answers and nothing
// is sent. The relay down, a tampered audit row, and an unreadable
// configuration each fail their line.
func TestDoctorStandalone(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	t.Setenv("KIOSK_SMTP_HOST", "127.0.0.1")
	t.Setenv("KIOSK_SMTP_TLS", "none")
	t.Setenv("KIOSK_SMTP_PORT", strconv.Itoa(srv.Port))
	if _, errs, code := kiosk(t, "--data", data, "users", "add", "--first", "Jane", "--last", "Smith",
		"--email", "jane.smith@example.nhs.uk", "--dob", "1985-03-14"); code != 0 {
		t.Fatalf("users add: %d %s", code, errs)
	}

	got, out, code := doctorLines(t, "--data", data)
	if code != 0 {
		t.Errorf("doctor on a healthy standalone kiosk: exit %d, want 0", code)
	}
	wantLines(t, got, out, map[string]string{"config": "ok", "data": "ok", "database": "ok", "audit": "ok", "smtp": "ok"})
	if len(got) != 5 {
		t.Errorf("%d lines, want 5 (no smartcard, no service):\n%s", len(got), out)
	}
	if n := srv.Count(t); n != 0 {
		t.Errorf("doctor sent %d messages", n)
	}
	t.Logf("healthy:\n%s", out)

	srv.Stop()
	got, out, code = doctorLines(t, "--data", data)
	if code != 1 || got["smtp"] != "fail" || got["audit"] != "ok" {
		t.Errorf("the relay down: exit %d\n%s", code, out)
	}

	db, err := sql.Open("sqlite3", "file:"+filepath.Join(data, "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	// As someone with the file would: the triggers are no lock.
	if _, err := db.Exec(`DROP TRIGGER audit_no_update; UPDATE audit SET subject = 'someone else' WHERE id = (SELECT MAX(id) FROM audit)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	got, out, code = doctorLines(t, "--data", data)
	if code != 1 || got["audit"] != "fail" || got["database"] != "ok" || !strings.Contains(out, "audit chain broken") {
		t.Errorf("an audit row changed: exit %d\n%s", code, out)
	}

	cfgFile := filepath.Join(dir, "kiosk.toml")
	if err := os.WriteFile(cfgFile, []byte("lockout_threshold = 3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, out, code = doctorLines(t, "--config", cfgFile, "--data", data)
	if code != 1 || got["config"] != "fail" || got["data"] != "ok" || !strings.Contains(out, "lockout_threshold") {
		t.Errorf("a bad configuration: exit %d\n%s", code, out)
	}
}

// Over SSH, `doctor` runs the checks of the configuration kiosk serve
// runs with, and its exit status is doctor's.
func TestDoctorOverSSH(t *testing.T) {
	s := startService(t)
	c := serveClientSSH(t, s)
	doctor := func() (string, error) {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		var out bytes.Buffer
		sess.Stdout = &out
		err = sess.Run("doctor")
		return out.String(), err
	}

	out, err := doctor()
	if err != nil || !strings.Contains(out, "ok config: the configuration kiosk serve runs with") ||
		!strings.Contains(out, "ok service:") || !strings.Contains(out, "ok clock:") {
		t.Errorf("doctor over SSH: %v\n%s", err, out)
	}
	s.stop()
	out, err = doctor()
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 || !strings.Contains(out, "fail service:") {
		t.Errorf("doctor over SSH, the service gone: %v\n%s", err, out)
	}
}

// The Trust's service on PostgreSQL with the kiosk API: the database
// answers, the audit chain verifies, the API's certificate is good.
func TestDoctorService(t *testing.T) {
	dir := t.TempDir()
	testPKI(t, dir)
	t.Setenv("KIOSK_STORE_URL", pgtest.New(t))
	t.Setenv("KIOSK_API_LISTEN", freeAddr(t))
	t.Setenv("KIOSK_API_CERT_FILE", filepath.Join(dir, "api.pem"))
	t.Setenv("KIOSK_API_KEY_FILE", filepath.Join(dir, "api.key"))
	t.Setenv("KIOSK_API_CLIENT_CA_FILE", filepath.Join(dir, "ca.pem"))
	data := filepath.Join(dir, "data")
	got, out, code := doctorLines(t, "--data", data)
	if code != 0 || got["data"] != "warn" || got["audit"] != "warn" {
		t.Errorf("a service never started: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(data); err == nil {
		t.Errorf("doctor made the data directory")
	}
	if _, errs, code := kiosk(t, "--data", data, "users", "list"); code != 0 {
		t.Fatalf("users list: %s", errs)
	}
	got, out, code = doctorLines(t, "--data", data)
	if code != 0 || len(got) != 5 {
		t.Errorf("doctor on the service: exit %d, %d lines", code, len(got))
	}
	wantLines(t, got, out, map[string]string{"config": "ok", "data": "ok", "database": "ok", "audit": "ok", "api": "ok"})
	if !strings.Contains(out, "PostgreSQL (store.url) answers") || !strings.Contains(out, "the Trust's service") {
		t.Errorf("doctor on the service:\n%s", out)
	}
	t.Logf("service:\n%s", out)

	os.Remove(filepath.Join(dir, "ca.pem"))
	os.Remove(filepath.Join(data, app.AuditKeyFile))
	got, out, code = doctorLines(t, "--data", data)
	if code != 1 || got["api"] != "fail" || !strings.Contains(out, "api.client_ca_file") ||
		got["audit"] != "fail" || !strings.Contains(out, "copy it from another instance") {
		t.Errorf("the terminals' CA and the audit key gone: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(data, app.AuditKeyFile)); err == nil {
		t.Errorf("doctor made an audit key")
	}
}
