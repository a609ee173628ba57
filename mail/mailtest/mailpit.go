// Package mailtest runs a real SMTP server, mailpit, on loopback for the
// kiosk's mail tests, and reads what arrived through its HTTP API. `make
// test` installs mailpit into bin/; under CI=true a test whose server is
// missing fails, elsewhere it is skipped with a message saying how to get it.
package mailtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/internal/ci"
	"github.com/wardkiosk/kiosk/internal/syncbuf"
)

// MailpitVersion is the version `make test` installs.
const MailpitVersion = "v1.33.1"

// Binary finds mailpit: $KIOSK_MAILPIT, else bin/mailpit at the module
// root, else on $PATH. Missing, it fails the test under CI=true and skips
// it elsewhere.
func Binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("KIOSK_MAILPIT"); p != "" {
		return p
	}
	if root, ok := moduleRoot(); ok {
		if p := filepath.Join(root, "bin", "mailpit"); isExec(p) {
			return p
		}
	}
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	msg := "mailpit is not installed: `make test` installs it into bin/ (go install github.com/axllent/mailpit@" +
		MailpitVersion + "), or set KIOSK_MAILPIT"
	ci.SkipOrFail(t, "%s", msg)
	return ""
}

func moduleRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// Options shape the server.
type Options struct {
	// Port is the SMTP port; 0 picks a free one.
	Port int
	// Users, when set, turns SMTP AUTH on with these user → password pairs.
	Users map[string]string
	// Cert and Key are PEM files enabling STARTTLS (or implicit TLS).
	Cert, Key string
	// RequireSTARTTLS refuses mail before STARTTLS; ImplicitTLS speaks TLS
	// from the first byte.
	RequireSTARTTLS, ImplicitTLS bool
	// AllowedRecipients, when set, is a regular expression; RCPT TO any
	// other address is refused with 550.
	AllowedRecipients string
	// IPv6 listens for SMTP on [::1] rather than 127.0.0.1.
	IPv6 bool
}

// Server is a running mailpit.
type Server struct {
	// Host and Port are where it takes SMTP: 127.0.0.1 or ::1.
	Host string
	Port int
	api  string
	cmd  *exec.Cmd
	log  *syncbuf.Buffer // what mailpit printed, both streams
	done chan struct{}
	once sync.Once
}

// Start runs mailpit on loopback and waits until it answers; it is
// stopped when the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	bin := Binary(t)
	dir := t.TempDir()
	smtpHost := "127.0.0.1"
	if o.IPv6 {
		smtpHost = "::1"
	}
	if o.Port == 0 {
		o.Port = freePort(t, smtpHost)
	}
	httpPort := FreePort(t)
	args := []string{
		"--smtp", net.JoinHostPort(smtpHost, strconv.Itoa(o.Port)),
		"--listen", "127.0.0.1:" + strconv.Itoa(httpPort),
		"--database", filepath.Join(dir, "mailpit.db"),
		"--disable-version-check", "--smtp-disable-rdns", "--max", "0",
	}
	if len(o.Users) > 0 {
		var b strings.Builder
		for u, p := range o.Users {
			fmt.Fprintf(&b, "%s:%s\n", u, p)
		}
		f := filepath.Join(dir, "smtp-users")
		if err := os.WriteFile(f, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--smtp-auth-file", f)
		if o.Cert == "" {
			args = append(args, "--smtp-auth-allow-insecure")
		}
	}
	if o.Cert != "" {
		args = append(args, "--smtp-tls-cert", o.Cert, "--smtp-tls-key", o.Key)
	}
	if o.RequireSTARTTLS {
		args = append(args, "--smtp-require-starttls")
	}
	if o.ImplicitTLS {
		args = append(args, "--smtp-require-tls")
	}
	if o.AllowedRecipients != "" {
		args = append(args, "--smtp-allowed-recipients", o.AllowedRecipients)
	}
	s := &Server{Port: o.Port, Host: smtpHost, api: "http://127.0.0.1:" + strconv.Itoa(httpPort), log: &syncbuf.Buffer{},
		done: make(chan struct{})}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log // one buffer, one lock for both streams
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	go func() { s.cmd.Wait(); close(s.done) }()
	t.Cleanup(s.Stop)
	if err := s.waitReady(15 * time.Second); err != nil {
		s.Stop()
		t.Fatalf("mailpit did not start: %v\n%s", err, s.Log())
	}
	return s
}

// Log is what mailpit printed.
func (s *Server) Log() string { return s.log.String() }

func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		select {
		case <-s.done:
			return fmt.Errorf("mailpit exited")
		default:
		}
		if c, err := net.DialTimeout("tcp", net.JoinHostPort(s.Host, strconv.Itoa(s.Port)), time.Second); err == nil {
			c.Close()
			if resp, err := http.Get(s.api + "/api/v1/info"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return nil
				}
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer within %s", limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop ends mailpit and waits for it; the port is free afterwards.
func (s *Server) Stop() {
	s.once.Do(func() {
		if s.cmd.Process != nil {
			s.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-s.done:
			case <-time.After(10 * time.Second):
				s.cmd.Process.Kill()
				<-s.done
			}
		}
	})
}

// Summary is one message as mailpit lists it.
type Summary struct {
	ID        string
	MessageID string
	Subject   string
	Bcc       []struct{ Address string } // the envelope recipients mailpit saw
	To        []struct{ Address string }
	Username  string // the SMTP AUTH user that sent it
}

// Messages lists what arrived, newest first.
func (s *Server) Messages(t testing.TB) []Summary {
	t.Helper()
	var out struct {
		Total    int
		Messages []Summary
	}
	s.get(t, "/api/v1/messages?limit=100000", &out)
	return out.Messages
}

// Count is the number of messages that arrived.
func (s *Server) Count(t testing.TB) int {
	t.Helper()
	n, err := s.Total()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Total is Count for callers without a testing.TB, such as script commands.
func (s *Server) Total() (int, error) {
	b, err := s.fetch("/api/v1/messages?limit=1")
	if err != nil {
		return 0, err
	}
	var out struct{ Total int }
	if err := json.Unmarshal(b, &out); err != nil {
		return 0, fmt.Errorf("mailpit: %w", err)
	}
	return out.Total, nil
}

// WaitCount waits until at least n messages arrived and returns the count.
func (s *Server) WaitCount(t testing.TB, n int, limit time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		c := s.Count(t)
		if c >= n || time.Now().After(deadline) {
			return c
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Raw is the message as it arrived, headers and MIME body.
func (s *Server) Raw(t testing.TB, id string) []byte {
	t.Helper()
	b, err := s.fetch("/api/v1/message/" + id + "/raw")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Detail is one message as mailpit decodes it.
type Detail struct {
	MessageID  string
	Subject    string
	Text, HTML string
}

// Message returns a message's decoded text and HTML parts.
func (s *Server) Message(t testing.TB, id string) Detail {
	t.Helper()
	var d Detail
	s.get(t, "/api/v1/message/"+id, &d)
	return d
}

// DeleteAll empties the mailbox.
func (s *Server) DeleteAll(t testing.TB) {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodDelete, s.api+"/api/v1/messages", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func (s *Server) get(t testing.TB, path string, v any) {
	t.Helper()
	b, err := s.fetch(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
}

func (s *Server) fetch(path string) ([]byte, error) {
	resp, err := http.Get(s.api + path)
	if err != nil {
		return nil, fmt.Errorf("mailpit %s: %w", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("mailpit %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("mailpit %s: %s: %s", path, resp.Status, b)
	}
	return b, nil
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	return freePort(t, "127.0.0.1")
}

func freePort(t testing.TB, host string) int {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
