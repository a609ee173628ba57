package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/internal/metrics"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// scrape reads url and returns the body; failing on any status but 200.
func scrape(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s: %s", url, res.Status, b)
	}
	return string(b)
}

// sample is the value of the series whose name and labels are exactly
// series in a Prometheus text exposition, or -1 when it is absent.
func sample(body, series string) float64 {
	for _, l := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(l, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}

// The service's /metrics counts what happened through the kiosk API:
// sign-ins right and wrong by password and by card, a lockout and an assistance request, the
// terminal online from its heartbeat and each call's latency; /healthz and
// /readyz answer, and no username or email is in any label.
func TestServeMetrics(t *testing.T) {
	dir := t.TempDir()
	ca, term := testPKI(t, dir)
	cfg := config.Default()
	cfg.SSH.Listen = freeAddr(t)
	cfg.API = config.API{Listen: freeAddr(t), CertFile: filepath.Join(dir, "api.pem"), KeyFile: filepath.Join(dir, "api.key"),
		ClientCAFile: filepath.Join(dir, "ca.pem")}
	cfg.Metrics.Listen = freeAddr(t)
	cardCA, err := issue.NewCA(rand.Reader, "Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Trust.CAFile = filepath.Join(dir, "card-ca.pem")
	if err := os.WriteFile(cfg.Trust.CAFile, issue.CertPEM(cardCA.Cert), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m := metrics.New()
	k, err := app.Open(ctx, cfg, filepath.Join(dir, "data"), auth.Options{Log: slog.New(slog.DiscardHandler),
		Observe: m.Observe})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if _, err := k.Auth.AddTerminal(ctx, auth.Actor{Name: "test"}, "WARD7-T1", "Ward7", term.Certificate[0]); err != nil {
		t.Fatal(err)
	}
	const pw = "Brisk-Owl-Lamp-48"
	u, err := k.Auth.CreateUser(ctx, auth.Actor{Name: "test"}, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane.smith@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Role: "Nurse",
		Ward: "Ward7", Password: pw})
	if err != nil {
		t.Fatal(err)
	}

	// Two cards: one enrolled to Jane, one nobody's.
	cards := make([]*x509.Certificate, 2)
	keys := make([]*ecdsa.PrivateKey, 2)
	for i := range cards {
		cert, key, err := cardCA.Card(issue.Template{CommonName: "SMITH Jane"})
		if err != nil {
			t.Fatal(err)
		}
		cards[i], keys[i] = cert, key.(*ecdsa.PrivateKey)
	}
	if _, err := k.Auth.EnrolCard(ctx, auth.Actor{Name: "test"}, u.Username, cards[0].Raw, nil); err != nil {
		t.Fatal(err)
	}

	stop := startServing(t, k, m)
	base := "http://" + cfg.Metrics.Listen

	c := terminalClient(t, ca, term, cfg.API.Listen)
	beat := firstBeat(t, c)
	// This client sends no API version, as kiosks before it did: version
	// 1, still accepted; the service answers with its own.
	if v := beat.Header().Get(wire.APIVersionHeader); v != strconv.Itoa(wire.APIVersion) {
		t.Errorf("the service answers API version %q", v)
	}
	if got := scrape(t, base+"/healthz"); got != "ok\n" {
		t.Errorf("/healthz = %q", got)
	}
	if got := scrape(t, base+"/readyz"); got != "ok\n" {
		t.Errorf("/readyz = %q", got)
	}

	login := func(password string) error {
		_, err := c.Login(ctx, connect.NewRequest(&kioskv1.LoginRequest{Username: u.Username, Password: password}))
		return err
	}
	if err := login(pw); err != nil {
		t.Fatalf("right password: %v", err)
	}
	for range cfg.Lockout.Threshold {
		if login("Wrong-Password-99") == nil {
			t.Fatal("a wrong password signed in")
		}
	}
	// A card sign-in, as the card does it: sign SHA-256 of the challenge.
	cardSignIn := func(i int) error {
		ch, err := c.CardChallenge(ctx, connect.NewRequest(&kioskv1.CardChallengeRequest{}))
		if err != nil {
			return err
		}
		d := sha256.Sum256(ch.Msg.GetChallenge())
		sig, err := ecdsa.SignASN1(rand.Reader, keys[i], d[:])
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.CardSignIn(ctx, connect.NewRequest(&kioskv1.CardSignInRequest{Challenge: ch.Msg.GetChallenge(),
			Certificate: cards[i].Raw, Signature: sig}))
		return err
	}
	if err := cardSignIn(0); err != nil {
		t.Fatalf("card sign-in: %v", err)
	}
	if cardSignIn(1) == nil {
		t.Fatal("a card nobody enrolled signed in")
	}
	if _, err := c.ForgotPassword(ctx, connect.NewRequest(&kioskv1.ForgotPasswordRequest{Username: u.Username,
		Email: "jane.smith@example.nhs.uk"})); err != nil {
		t.Fatalf("forgot password: %v", err)
	}

	body := scrape(t, base+"/metrics")
	for series, want := range map[string]float64{
		`kiosk_sign_ins_total{method="password",result="ok"}`:              1,
		`kiosk_sign_ins_total{method="password",result="failed"}`:          float64(cfg.Lockout.Threshold),
		`kiosk_sign_ins_total{method="card",result="ok"}`:                  1,
		`kiosk_sign_ins_total{method="card",result="failed"}`:              1,
		`kiosk_lockouts_total{scope="terminal"}`:                           1,
		`kiosk_assistance_requests_total{kind="password",result="queued"}`: 1,
		`kiosk_outbox_depth`:     2, // the lockout's email and the reset code
		`kiosk_terminals_online`: 1,
		`kiosk_store_up`:         1,
		`kiosk_api_request_duration_seconds_count{code="ok",procedure="Login"}`:              1,
		`kiosk_api_request_duration_seconds_count{code="unauthenticated",procedure="Login"}`: float64(cfg.Lockout.Threshold),
	} {
		if got := sample(body, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if age := sample(body, "kiosk_outbox_oldest_age_seconds"); age < 0 || age > 60 {
		t.Errorf("kiosk_outbox_oldest_age_seconds = %v", age)
	}
	for _, secret := range []string{u.Username, strings.ToLower(u.Username), "jane.smith", "WARD7-T1", pw, "Wrong-Password-99"} {
		if strings.Contains(body, secret) {
			t.Errorf("/metrics holds %q", secret)
		}
	}
	if regexp.MustCompile(`(?m)^kiosk_\w+\{[^}]*Jane`).MatchString(body) {
		t.Error("a name in a label")
	}

	stop()
}
