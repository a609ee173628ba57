package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
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

	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- serve(sctx, k, "test", slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New()) }()

	roots := x509.NewCertPool()
	roots.AddCert(ca)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, Certificates: []tls.Certificate{term}}, ForceAttemptHTTP2: true}
	defer tr.CloseIdleConnections()
	c := kioskv1connect.NewKioskServiceClient(&http.Client{Transport: tr}, "https://"+cfg.API.Listen)
	var res *connect.Response[kioskv1.HeartbeatResponse]
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err = c.Heartbeat(ctx, connect.NewRequest(&kioskv1.HeartbeatRequest{Version: "v-test"})); err == nil ||
			time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatalf("heartbeat through kiosk serve: %v", err)
	}
	if d := time.Since(time.Unix(0, res.Msg.GetServerTime())); d < 0 || d > time.Minute {
		t.Errorf("server time off by %v", d)
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not end with its context")
	}
	if _, err := net.DialTimeout("tcp", cfg.API.Listen, time.Second); err == nil {
		t.Error("the API still listens after serve ended")
	}
}
