package fleet

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/internal/ci"
	"github.com/wardkiosk/kiosk/internal/pgserver"
)

var kioskBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kiosk-fleet-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	kioskBin = filepath.Join(dir, "kiosk")
	build := exec.Command("go", "build", "-o", kioskBin, "github.com/wardkiosk/kiosk/cmd/kiosk")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "fleet: building the kiosk:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// client is a terminal's client of one instance's API.
func client(t *testing.T, f *Fleet, terminal, url string) kioskv1connect.KioskServiceClient {
	t.Helper()
	c := f.Terminals[terminal]
	pair, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := os.ReadFile(f.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(ca)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
		MinVersion: tls.VersionTLS13, RootCAs: roots, Certificates: []tls.Certificate{pair}}}}
	return kioskv1connect.NewKioskServiceClient(hc, url)
}

// Two instances over one PostgreSQL serve a registered terminal alike,
// with the demo data; one killed, the other still serves.
func TestFleet(t *testing.T) {
	if _, err := pgserver.BinDir(); err != nil {
		ci.SkipOrFail(t, "no PostgreSQL: %v", err)
	}
	ctx := context.Background()
	f, demo, err := Start(ctx, Options{Kiosk: kioskBin, Dir: t.TempDir(),
		Terminals: []Terminal{{"WARD7-T1", "Ward 7"}}, Log: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Stop()
	user := strings.Fields(strings.SplitN(demo, "\n", 2)[0])
	if len(user) < 2 {
		t.Fatalf("demo printed %q", demo)
	}
	for _, in := range f.Instances {
		c := client(t, f, "WARD7-T1", in.URL)
		res, err := c.Login(ctx, connect.NewRequest(&kioskv1.LoginRequest{Username: user[0], Password: user[1]}))
		if err != nil {
			t.Fatalf("sign-in at instance %s: %v", in.Name, err)
		}
		if got := res.Msg.GetSession().GetTerminal(); got != "WARD7-T1" {
			t.Errorf("instance %s: a session at %q", in.Name, got)
		}
	}
	list, err := f.Instances[1].Run(ctx, "terminals", "list")
	if err != nil || !strings.Contains(list, "WARD7-T1") {
		t.Errorf("terminals list at the second instance: %q, %v", list, err)
	}
	if err := f.Instances[0].Kill(); err != nil {
		t.Fatal(err)
	}
	c := client(t, f, "WARD7-T1", f.Instances[1].URL)
	if _, err := c.Heartbeat(ctx, connect.NewRequest(&kioskv1.HeartbeatRequest{Version: "test"})); err != nil {
		t.Errorf("the second instance after the first died: %v", err)
	}
	env := strings.Join(f.ClientEnv("WARD7-T1"), " ")
	for _, want := range []string{"KIOSK_SERVER_URLS=" + f.Instances[0].URL + "," + f.Instances[1].URL, "KIOSK_SERVER_CA_FILE=", "KIOSK_TERMINAL=WARD7-T1"} {
		if !strings.Contains(env, want) {
			t.Errorf("client env %q lacks %q", env, want)
		}
	}
}
