package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
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
)

// testCert issues a certificate for a new P-256 key, signed by parent
// (self-signed when parent is nil), and writes cert and key as PEM.
func testCert(t *testing.T, dir, name string, parent *tls.Certificate, ca bool, ext x509.ExtKeyUsage) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: ca, BasicConstraintsValid: ca, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}}
	if !ca {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{ext}
	}
	signer, signKey := tmpl, any(key)
	if parent != nil {
		signer, signKey = parent.Leaf, parent.PrivateKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, &key.PublicKey, signKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	kder, _ := x509.MarshalPKCS8PrivateKey(key)
	os.WriteFile(filepath.Join(dir, name+".pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(filepath.Join(dir, name+".key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
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
	ca := testCert(t, dir, "ca", nil, true, 0)
	testCert(t, dir, "api", &ca, false, x509.ExtKeyUsageServerAuth)
	term := testCert(t, dir, "t1", &ca, false, x509.ExtKeyUsageClientAuth)

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
	go func() { done <- serve(sctx, k, "test", slog.New(slog.NewTextHandler(io.Discard, nil))) }()

	roots := x509.NewCertPool()
	roots.AddCert(ca.Leaf)
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
