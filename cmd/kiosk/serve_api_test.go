package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/internal/metrics"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// testPKI writes in dir a throwaway CA (ca.pem), the service's
// certificate for 127.0.0.1 (api.pem, api.key) and terminal WARD7-T1's
// (t1.pem, t1.key), and returns the CA and the terminal's pair.
func testPKI(t *testing.T, dir string) (*x509.Certificate, tls.Certificate) {
	t.Helper()
	ca, err := issue.NewCA(rand.Reader, "Test CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), issue.CertPEM(ca.Cert), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, srvKey, err := ca.Server("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	term, termKey, err := ca.Card(issue.Template{CommonName: "WARD7-T1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := issue.WriteFiles(dir, "api", srv, srvKey); err != nil {
		t.Fatal(err)
	}
	if _, _, err := issue.WriteFiles(dir, "t1", term, termKey); err != nil {
		t.Fatal(err)
	}
	return ca.Cert, issue.TLS(term, termKey)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// kiosk serve with api.listen set serves the kiosk API beside the SSH
// server, and both end when the context does (SIGTERM).
func TestServeStartsTheKioskAPI(t *testing.T) {
	dir := t.TempDir()
	ca, term := testPKI(t, dir)

	cfg := config.Default()
	cfg.SSH.Listen = freeAddr(t)
	cfg.API = config.API{Listen: freeAddr(t), CertFile: filepath.Join(dir, "api.pem"), KeyFile: filepath.Join(dir, "api.key"),
		ClientCAFile: filepath.Join(dir, "ca.pem")}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	k, err := app.Open(ctx, cfg, filepath.Join(dir, "data"), auth.Options{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if _, err := k.Auth.AddTerminal(ctx, auth.Actor{Name: "test"}, "WARD7-T1", "Ward7", term.Certificate[0]); err != nil {
		t.Fatal(err)
	}

	stop := startServing(t, k, metrics.New())

	c := terminalClient(t, ca, term, cfg.API.Listen)
	res := firstBeat(t, c)
	if d := time.Since(time.Unix(0, res.Msg.GetServerTime())); d < 0 || d > time.Minute {
		t.Errorf("server time off by %v", d)
	}
	stop()
	if _, err := net.DialTimeout("tcp", cfg.API.Listen, time.Second); err == nil {
		t.Error("the API still listens after serve ended")
	}
}

// terminalClient is the kiosk API at addr as the terminal whose
// certificate is term, trusting ca; its connections close with the test.
func terminalClient(t *testing.T, ca *x509.Certificate, term tls.Certificate, addr string) kioskv1connect.KioskServiceClient {
	t.Helper()
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, Certificates: []tls.Certificate{term}}, ForceAttemptHTTP2: true}
	t.Cleanup(tr.CloseIdleConnections)
	return kioskv1connect.NewKioskServiceClient(&http.Client{Transport: tr}, "https://"+addr)
}

// firstBeat beats until the service, still starting, answers: for up to
// 10 s.
func firstBeat(t *testing.T, c kioskv1connect.KioskServiceClient) *connect.Response[kioskv1.HeartbeatResponse] {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		res, err := c.Heartbeat(context.Background(), connect.NewRequest(&kioskv1.HeartbeatRequest{Version: "v-test"}))
		if err == nil {
			return res
		}
		if time.Now().After(deadline) {
			t.Fatalf("no heartbeat answered within 10s: %v", err)
		}
	}
}

// startServing runs kiosk serve on k with the metrics m. stop ends it,
// and fails the test when serve ends with an error or not within 10 s;
// it is safe twice, and runs at the end of the test if not before.
func startServing(t *testing.T, k *app.Kiosk, m *metrics.Metrics) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, k, "test", slog.New(slog.DiscardHandler), m) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("serve did not end with its context")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}
