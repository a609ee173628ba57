package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/internal/metrics"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/remote"
)

// service is `kiosk serve` with the kiosk API on loopback, on its own
// data directory, with Jane Smith in it and WARD7-T1 registered; the
// client kiosk's config file names it after a dead URL.
type service struct {
	k      *app.Kiosk
	jane   auth.User
	config string // the client kiosk's config file
	client config.Config
	stop   func()
}

func startService(t *testing.T) *service {
	t.Helper()
	dir := t.TempDir()
	_, term := testPKI(t, dir)

	cfg := config.Default()
	cfg.SSH.Listen = freeAddr(t)
	cfg.API = config.API{Listen: freeAddr(t), CertFile: filepath.Join(dir, "api.pem"), KeyFile: filepath.Join(dir, "api.key"),
		ClientCAFile: filepath.Join(dir, "ca.pem")}
	ctx := context.Background()
	k, err := app.Open(ctx, cfg, filepath.Join(dir, "service"), auth.Options{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	by := auth.Actor{Name: "test"}
	if _, err := k.Auth.AddTerminal(ctx, by, "WARD7-T1", "Ward7", term.Certificate[0]); err != nil {
		t.Fatal(err)
	}
	jane, err := k.Auth.CreateUser(ctx, by, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane.smith@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Password: "Brisk-Owl-Lamp-48"})
	if err != nil {
		t.Fatal(err)
	}
	s := &service{k: k, jane: jane, stop: startServing(t, k, metrics.New())}
	t.Cleanup(func() { s.stop(); k.Close() })

	dead := "https://" + freeAddr(t)
	s.client = config.Default()
	s.client.Terminal = "WARD7-T1"
	s.client.Server = config.Server{URLs: []string{dead, "https://" + cfg.API.Listen}, CAFile: filepath.Join(dir, "ca.pem"),
		CertFile: filepath.Join(dir, "t1.pem"), KeyFile: filepath.Join(dir, "t1.key")}
	if err := s.client.Validate(); err != nil {
		t.Fatal(err)
	}
	s.config = filepath.Join(dir, "client.toml")
	toml := `terminal = "WARD7-T1"
[server]
urls = ["` + dead + `", "https://` + cfg.API.Listen + `"]
ca_file = "` + s.client.Server.CAFile + `"
cert_file = "` + s.client.Server.CertFile + `"
key_file = "` + s.client.Server.KeyFile + `"
`
	if err := os.WriteFile(s.config, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	// The API is up once it answers.
	c, err := openClient(ctx, s.client, t.TempDir(), "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for deadline := time.Now().Add(10 * time.Second); c.api.Reachable(ctx) != nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the kiosk API did not answer within 10s")
		}
	}
	return s
}

// kiosk runs the kiosk binary's main in process: args, its stdout and exit code.
func kiosk(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errs bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errs)
	return out.String(), errs.String(), code
}

// A client kiosk against `kiosk serve`: status says client and online;
// the heartbeat reaches the service with the kiosk's version; a user
// disabled at the service comes down the feed within 3 s; after a
// restart the feed resumes after it; the data directory holds the state
// file and its own client.db (0600), no kiosk.db; the commands that need the Trust's data are
// refused; with the service gone, status says offline and when it last
// synced.
func TestClientKiosk(t *testing.T) {
	s := startService(t)
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")

	out, errs, code := kiosk(t, "--config", s.config, "--data", data, "status")
	if code != 0 || out != "mode client\nonline yes\nlast-sync never\nqueued-events 0\n" {
		t.Fatalf("status: %d %q %q", code, out, errs)
	}

	c, err := openClient(ctx, s.client, data, "v-client-test", nil)
	if err != nil {
		t.Fatal(err)
	}
	changes, stop := c.start(ctx, func() string { return "Smartcard: no card" }, 50*time.Millisecond)
	waitFor(t, "a heartbeat at the service", func() bool {
		ts, _ := s.k.Auth.Terminals(ctx)
		for _, term := range ts {
			if term.Name == "WARD7-T1" && term.Version == "v-client-test" && term.ReaderState == "Smartcard: no card" {
				return true
			}
		}
		return false
	})
	time.Sleep(200 * time.Millisecond) // the watch is open
	if err := s.k.Auth.Disable(ctx, auth.Actor{Name: "test"}, s.jane.Username); err != nil {
		t.Fatal(err)
	}
	disabled := nextChange(t, changes, auth.ChangeDisabled)
	if !auth.EndsSession(disabled, s.jane.Username) {
		t.Fatalf("%+v does not sign her out", disabled)
	}
	stop()
	c.Close()

	// Restart: the disable is not applied again; the enable made while
	// the kiosk was off comes first.
	if err := s.k.Auth.Enable(ctx, auth.Actor{Name: "test"}, s.jane.Username); err != nil {
		t.Fatal(err)
	}
	c, err = openClient(ctx, s.client, data, "v-client-test", nil)
	if err != nil {
		t.Fatal(err)
	}
	changes, stop = c.start(ctx, func() string { return "" }, time.Hour)
	select {
	case ch := <-changes:
		if ch.Seq != disabled.Seq+1 || ch.Kind != auth.ChangeEnabled {
			t.Fatalf("after the restart %+v, want the enable after %d", ch, disabled.Seq)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("nothing after the restart")
	}
	stop()
	c.Close()

	// The data directory: the state file and the kiosk's own database,
	// each 0600, and nothing of anyone beyond what DESIGN §10 allows.
	entries, _ := os.ReadDir(data)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		if info, err := e.Info(); err == nil && info.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want 0600", e.Name(), info.Mode().Perm())
		}
	}
	want := map[string]bool{remote.StateFile: true, kiosklocal.FileName: true,
		kiosklocal.FileName + "-wal": true, kiosklocal.FileName + "-shm": true}
	if len(names) < 2 || !slices.Contains(names, remote.StateFile) || !slices.Contains(names, kiosklocal.FileName) {
		t.Errorf("the client's data directory holds %v, want %s and %s", names, remote.StateFile, kiosklocal.FileName)
	}
	for _, n := range names {
		if !want[n] {
			t.Errorf("the client's data directory holds %s", n)
		}
	}
	if info, err := os.Stat(data); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("the data directory: %v, %v; want 0700", info.Mode().Perm(), err)
	}
	b, _ := os.ReadFile(filepath.Join(data, remote.StateFile))
	for _, secret := range []string{s.jane.Email, "1985-03-14", "argon2", s.jane.Username} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the state file holds %q", secret)
		}
	}
	db, _ := os.ReadFile(filepath.Join(data, kiosklocal.FileName))
	for _, secret := range []string{s.jane.Email, "1985-03-14", "argon2id$"} {
		if strings.Contains(string(db), secret) {
			t.Errorf("%s holds %q", kiosklocal.FileName, secret)
		}
	}

	// The Trust's data is the service's.
	if _, errs, code := kiosk(t, "--config", s.config, "--data", data, "users", "list"); code != 1 ||
		!strings.Contains(errs, "client of the Trust's service") {
		t.Errorf("users list on a client: %d %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(data, "kiosk.db")); err == nil {
		t.Error("a client kiosk made a kiosk.db")
	}

	s.stop()
	out, _, code = kiosk(t, "--config", s.config, "--data", data, "status")
	lines := strings.Split(out, "\n")
	if code != 0 || len(lines) < 4 || lines[0] != "mode client" || lines[1] != "online no" ||
		!strings.HasPrefix(lines[2], "last-sync 20") || lines[3] != "queued-events 0" {
		t.Fatalf("status with the service gone: %d %q", code, out)
	}
	if at, err := time.Parse(time.RFC3339, strings.TrimPrefix(lines[2], "last-sync ")); err != nil || time.Since(at) > time.Minute {
		t.Errorf("last-sync %q: %v", lines[2], err)
	}
}

func nextChange(t *testing.T, ch <-chan auth.Change, kind string) auth.Change {
	t.Helper()
	deadline := time.After(3 * time.Second)
	for {
		select {
		case c := <-ch:
			if c.Kind == kind {
				return c
			}
		case <-deadline:
			t.Fatalf("no %s within 3s", kind)
		}
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 5s", what)
		}
	}
}

// kiosk serve on a client kiosk: the maintainers' console shows this
// terminal, online through the service; commands needing the Trust's
// data are refused.
func TestClientServe(t *testing.T) {
	s := startService(t)
	c := serveClientSSH(t, s)

	sess, _ := c.NewSession()
	var errs bytes.Buffer
	sess.Stderr = &errs
	if err := sess.Run("users list"); err == nil || !strings.Contains(errs.String(), "client of the Trust's service") {
		t.Errorf("users list over SSH to a client: %v %q", err, errs.String())
	}
	sess.Close()

	sess, _ = c.NewSession()
	defer sess.Close()
	if err := sess.RequestPty("xterm", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	out, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		var seen []byte
		buf := make([]byte, 4096)
		for {
			n, err := out.Read(buf)
			seen = append(seen, buf[:n]...)
			if bytes.Contains(seen, []byte("This terminal: WARD7-T1")) && bytes.Contains(seen, []byte("online")) {
				got <- ""
				return
			}
			if err != nil {
				got <- string(seen)
				return
			}
		}
	}()
	select {
	case s := <-got:
		if s != "" {
			t.Fatalf("the console never showed the terminal online:\n%q", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the console never showed the terminal online")
	}
}

// serveClientSSH runs kiosk serve on a client kiosk of s, with alice's
// key authorised, and returns an SSH connection to it as alice; both end
// with the test.
func serveClientSSH(t *testing.T, s *service) *gossh.Client {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	spk, _ := gossh.NewPublicKey(pub)
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, authorizedKeysFile), []byte(strings.TrimSpace(string(gossh.MarshalAuthorizedKey(spk)))+" alice\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := s.client
	cfg.SSH.Listen = freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveClient(ctx, cfg, data, "test", slog.New(slog.DiscardHandler)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	var c *gossh.Client
	var err error
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(250 * time.Millisecond) {
		c, err = gossh.Dial("tcp", cfg.SSH.Listen, &gossh.ClientConfig{User: "m", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
		if err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
