package app_test

import (
	"crypto/rand"
	"github.com/wardkiosk/kiosk/internal/syncbuf"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// The kiosk reads [trust] crl_file again at each card sign-in, as set in
// its configuration: a CRL that no longer loads (cut short, signed by
// another CA, gone) refuses card sign-in before any card is spoken to,
// and says why in the system log; a good one put back is used again. The
// e2e test TestRevokedCardRefused shows a replaced CRL refusing a card.
func TestCardSignInReloadsTheCRL(t *testing.T) {
	dir := t.TempDir()
	ca, err := issue.NewCA(rand.Reader, "Test Trust Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	other, err := issue.NewCA(rand.Reader, "Test Trust Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	crl := func(a *issue.Authority) []byte {
		t.Helper()
		b, err := a.CRL(time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cfg := config.Default()
	cfg.Trust.CAFile = filepath.Join(dir, "ca.pem")
	cfg.Trust.CRLFile = filepath.Join(dir, "ca.crl")
	put := func(file string, b []byte) {
		t.Helper()
		if err := os.WriteFile(file+".new", b, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(file+".new", file); err != nil {
			t.Fatal(err)
		}
	}
	put(cfg.Trust.CAFile, issue.CertPEM(ca.Cert))
	good := crl(ca)
	put(cfg.Trust.CRLFile, good)

	var logs syncbuf.Buffer
	k, err := app.Open(ctx, cfg, filepath.Join(dir, "data"), auth.Options{Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	cards, err := k.CardSignIn()
	if err != nil {
		t.Fatal(err)
	}
	// No reader by this name: with the trust loaded, the sign-in gets as
	// far as PC/SC and fails there, not on the trust files.
	const reader = "No Such Reader 00 00"
	signIn := func() error {
		t.Helper()
		_, err := cards.CardLogin(ctx, reader, "123456")
		if err == nil {
			t.Fatal("a card signed in from a reader that does not exist")
		}
		return err
	}
	if err := signIn(); strings.Contains(err.Error(), "trust.") {
		t.Fatalf("with good trust files: %v", err)
	}
	for _, c := range []struct {
		name string
		crl  []byte // nil: the file is removed
		want string
	}{
		{"cut short", good[:len(good)/2], "trust.crl_file"},
		{"another CA's", crl(other), "not signed by any of the CAs"},
		{"gone", nil, "trust.crl_file"},
	} {
		if c.crl == nil {
			if err := os.Remove(cfg.Trust.CRLFile); err != nil {
				t.Fatal(err)
			}
		} else {
			put(cfg.Trust.CRLFile, c.crl)
		}
		if err := signIn(); !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s CRL: sign-in error %v, want %q", c.name, err, c.want)
		}
		put(cfg.Trust.CRLFile, good)
		if err := signIn(); strings.Contains(err.Error(), "trust.") {
			t.Errorf("good CRL back after %s: %v", c.name, err)
		}
	}
	if l := logs.String(); strings.Count(l, "smartcard sign-in refused until the trust files load") < 3 ||
		strings.Count(l, "smartcard trust files reloaded") < 2 {
		t.Errorf("the system log:\n%s", l)
	}
}
