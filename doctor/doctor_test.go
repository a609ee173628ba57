package doctor

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

func TestClockResult(t *testing.T) {
	for _, tc := range []struct {
		skew time.Duration
		want Status
	}{
		{0, OK},
		{1500 * time.Millisecond, OK},
		{-2500 * time.Millisecond, Warn},
		{29 * time.Second, Warn},
		{31 * time.Second, Fail},
		{-5 * time.Minute, Fail},
	} {
		r := clockResult(tc.skew, 10*time.Millisecond)
		if r.Status != tc.want {
			t.Errorf("skew %s: %s, want %s", tc.skew, r, tc.want)
		}
		if tc.want != OK && !strings.Contains(r.Text, "timedatectl") {
			t.Errorf("skew %s: no fix in %q", tc.skew, r.Text)
		}
	}
}

// The CRL warns within three days of its next update and fails past it.
func TestCRLFreshness(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	ca, err := issue.NewCA(rand.Reader, "Card CA", now.AddDate(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, issue.CertPEM(ca.Cert), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		next time.Duration
		want Status
	}{
		{6 * 24 * time.Hour, OK},
		{2 * 24 * time.Hour, Warn},
		{time.Hour, Warn},
		{-time.Hour, Fail},
	} {
		crl, err := ca.CRL(now.Add(tc.next).AddDate(0, 0, -7))
		if err != nil {
			t.Fatal(err)
		}
		crlFile := filepath.Join(dir, "crl.der")
		if err := os.WriteFile(crlFile, crl, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := config.Default()
		cfg.Smartcard, cfg.Trust.CAFile, cfg.Trust.CRLFile = true, caFile, crlFile
		rs := checkTrust(cfg, now)
		if len(rs) != 2 || rs[0].Status != OK || rs[1].Check != "crl" || rs[1].Status != tc.want {
			t.Errorf("next update in %s: %v, want crl %s", tc.next, rs, tc.want)
		}
	}
	// A CRL some other CA signed is refused, on the crl line.
	other, _ := issue.NewCA(rand.Reader, "Other CA", now)
	crl, _ := other.CRL(now)
	os.WriteFile(filepath.Join(dir, "crl.der"), crl, 0o644)
	cfg := config.Default()
	cfg.Smartcard, cfg.Trust.CAFile, cfg.Trust.CRLFile = true, caFile, filepath.Join(dir, "crl.der")
	if rs := checkTrust(cfg, now); rs[0].Status != Fail || rs[0].Check != "crl" {
		t.Errorf("a CRL of another CA: %v", rs)
	}
}

func TestDataDirectory(t *testing.T) {
	root := t.TempDir()
	mk := func(name string, mode os.FileMode) string {
		p := filepath.Join(root, name)
		if err := os.Mkdir(p, mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	file := filepath.Join(root, "file")
	os.WriteFile(file, nil, 0o600)
	for _, tc := range []struct {
		dir  string
		want Status
		says string
	}{
		{mk("good", 0o700), OK, "0700"},
		{mk("open", 0o755), Fail, "chmod 0700"},
		{mk("group", 0o750), Fail, "chmod 0700"},
		{filepath.Join(root, "absent"), Warn, "install -d -m 0700"},
		{file, Fail, "not a directory"},
	} {
		r := checkData(tc.dir)
		if r.Status != tc.want || !strings.Contains(r.Text, tc.says) {
			t.Errorf("%s: %s, want %s saying %q", tc.dir, r, tc.want, tc.says)
		}
	}
}

// A database file with a page overwritten fails the quick check.
func TestDatabaseQuickCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE t (x TEXT); CREATE INDEX tx ON t (x)`); err != nil {
		t.Fatal(err)
	}
	for i := range 2000 {
		if _, err := db.Exec(`INSERT INTO t VALUES (?)`, strings.Repeat("x", i%50)); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	os.Chmod(path, 0o600)
	if r, sound := checkDBFile(context.Background(), path); !sound || r.Status != OK {
		t.Fatalf("a sound database: %s", r)
	}
	b, _ := os.ReadFile(path)
	copy(b[3*4096:], bytes.Repeat([]byte{0x5a}, 4096)) // a page in the middle
	os.WriteFile(path, b, 0o600)
	if r, sound := checkDBFile(context.Background(), path); sound || r.Status != Fail || !strings.Contains(r.Text, "backup") {
		t.Errorf("a damaged database: %s", r)
	}
	os.Chmod(path, 0o644)
	if r, _ := checkDBFile(context.Background(), path); r.Status != Fail || !strings.Contains(r.Text, "chmod 0600") {
		t.Errorf("a database others can read: %s", r)
	}
}

// A check that never answers fails at its deadline, and the next runs.
func TestCheckDeadline(t *testing.T) {
	stuck := make(chan struct{})
	defer close(stuck)
	start := time.Now()
	rs := runOne(context.Background(), check{"stuck", func(context.Context) []Result { <-stuck; return nil }}, 100*time.Millisecond)
	if len(rs) != 1 || rs[0].Status != Fail || rs[0].Check != "stuck" || !strings.Contains(rs[0].Text, "no answer within 100ms") {
		t.Errorf("a stuck check: %v", rs)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a stuck check held doctor for %s", d)
	}
}

// Outside text is cleaned before it is printed: an error carrying escape
// sequences or line breaks stays one plain line.
func TestResultLineIsClean(t *testing.T) {
	r := fail("smtp", "relay said \x1b[31mred\x1b[0m\nsecond line")
	s := r.String()
	if strings.ContainsAny(s, "\x1b\n") || !strings.HasPrefix(s, "fail smtp: relay said") {
		t.Errorf("%q", s)
	}
}
