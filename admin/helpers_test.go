package admin

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/internal/syncbuf"
)

// The auth core is what the server's sessions need of it.
var _ Service = (*auth.Service)(nil)

// fastArgon keeps the tests quick; the real parameters are benchmarked.
var fastArgon = auth.Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// fixture is a kiosk serve on loopback with one authorised maintainer.
type fixture struct {
	t       testing.TB
	dir     string
	kiosk   *app.Kiosk
	srv     *Server
	addr    string
	keys    string // the authorised keys file
	alice   gossh.Signer
	aliceKL string // alice's authorised keys line
	stop    context.CancelFunc
	done    chan error
	logs    *syncbuf.Buffer // the server's log, which the test reads
	stopped bool
}

// newSigner makes an ed25519 key and its authorized_keys line.
func newSigner(t testing.TB, comment string) (gossh.Signer, string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	spk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(spk)))
	if comment != "" {
		line += " " + comment
	}
	return signer, line
}

// newFixture starts a server; tweak may change its options.
func newFixture(t testing.TB, tweak ...func(*Options)) *fixture {
	t.Helper()
	dir := t.TempDir()
	k, err := app.Open(context.Background(), config.Default(), filepath.Join(dir, "data"), auth.Options{Argon: fastArgon})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	f := &fixture{t: t, dir: dir, kiosk: k, keys: filepath.Join(dir, "authorized_keys"), logs: &syncbuf.Buffer{}}
	var line string
	f.alice, line = newSigner(t, "alice")
	f.aliceKL = line
	f.writeKeys(line)
	o := Options{
		Service:              k.Auth,
		Trust:                k.CardTrust,
		Terminal:             k.Config.Terminal,
		ForbiddenWords:       k.Config.Policy.ForbiddenWords,
		Theme:                k.Config.Theme,
		HostKey:              filepath.Join(dir, "data", HostKeyFile),
		AuthorizedKeys:       f.keys,
		MaxSessions:          100,
		ConnectionsPerMinute: 1000,
		Version:              "test",
		Log:                  slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Poll:                 200 * time.Millisecond,
	}
	for _, fn := range tweak {
		fn(&o)
	}
	if f.srv, err = New(o); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	f.stop, f.done = cancel, make(chan error, 1)
	go func() { f.done <- f.srv.Serve(ctx, ln) }()
	t.Cleanup(f.shutdown)
	return f
}

// shutdown stops the server and waits for it.
func (f *fixture) shutdown() {
	if f.stopped {
		return
	}
	f.stopped = true
	f.stop()
	select {
	case err := <-f.done:
		if err != nil {
			f.t.Errorf("serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		f.t.Error("the server did not stop")
	}
}

// writeKeys replaces the authorised keys file.
func (f *fixture) writeKeys(lines ...string) {
	f.t.Helper()
	// A new file, renamed into place, as an editor would leave it.
	tmp := f.keys + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		f.t.Fatal(err)
	}
	if err := os.Rename(tmp, f.keys); err != nil {
		f.t.Fatal(err)
	}
}

// aliceLine is alice's line of the authorised keys file.
func (f *fixture) aliceLine() string { return f.aliceKL }

// dial connects with the given authentication methods.
func (f *fixture) dial(methods ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: "maintainer", Auth: methods,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
}

// client connects as alice.
func (f *fixture) client() *gossh.Client {
	f.t.Helper()
	c, err := f.dial(gossh.PublicKeys(f.alice))
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { c.Close() })
	return c
}

// run runs a command over SSH and returns its stdout, stderr and exit code.
func (f *fixture) run(c *gossh.Client, stdin, command string) (string, string, int) {
	f.t.Helper()
	s, err := c.NewSession()
	if err != nil {
		f.t.Fatal(err)
	}
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdin, s.Stdout, s.Stderr = strings.NewReader(stdin), &out, &errb
	err = s.Run(command)
	var ee *gossh.ExitError
	switch {
	case err == nil:
		return out.String(), errb.String(), 0
	case errors.As(err, &ee):
		return out.String(), errb.String(), ee.ExitStatus()
	}
	f.t.Fatalf("ssh %q: %v", command, err)
	return "", "", -1
}

// screen is a console session drawn into an emulated terminal.
type screen struct {
	t    testing.TB
	sess *gossh.Session
	in   io.WriteCloser
	mu   sync.Mutex
	emu  *vt.Emulator
	raw  bytes.Buffer // everything received, escapes and all
	done chan struct{}
}

// console opens the console in a w x h terminal of the given TERM.
func (f *fixture) console(c *gossh.Client, term string, w, h int, env ...string) *screen {
	f.t.Helper()
	return f.consoleAsking(c, term, w, h, w, h, env...)
}

// consoleAsking opens the console in a w x h terminal that tells the
// server it is askW x askH.
func (f *fixture) consoleAsking(c *gossh.Client, term string, w, h, askW, askH int, env ...string) *screen {
	f.t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		f.t.Fatal(err)
	}
	for i := 0; i+1 < len(env); i += 2 {
		if err := sess.Setenv(env[i], env[i+1]); err != nil {
			f.t.Fatal(err)
		}
	}
	if err := sess.RequestPty(term, askH, askW, gossh.TerminalModes{}); err != nil {
		f.t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		f.t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		f.t.Fatal(err)
	}
	sc := &screen{t: f.t, sess: sess, in: in, emu: vt.NewEmulator(w, h), done: make(chan struct{})}
	// The emulator answers the program's queries; nobody reads those here.
	go func() { _, _ = io.Copy(io.Discard, sc.emu) }()
	go func() {
		defer close(sc.done)
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				sc.mu.Lock()
				sc.raw.Write(buf[:n])
				_, _ = sc.emu.Write(buf[:n])
				sc.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { sess.Close() })
	return sc
}

// Text is the emulated screen.
func (sc *screen) Text() string {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.emu.String()
}

// Raw is all output so far.
func (sc *screen) Raw() string {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.raw.String()
}

// WaitFor waits until the screen shows want.
func (sc *screen) WaitFor(want string) string {
	sc.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := sc.Text()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			sc.t.Fatalf("waited 10s for %q; the screen:\n%s", want, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// WaitRaw waits until the output so far holds want.
func (sc *screen) WaitRaw(want string) {
	sc.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(sc.Raw(), want) {
		if time.Now().After(deadline) {
			sc.t.Fatalf("waited 10s for %q in the output", want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Keys sends keys as a terminal would.
func (sc *screen) Keys(keys ...string) {
	sc.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(sc.in, k); err != nil {
			sc.t.Fatal(err)
		}
		time.Sleep(30 * time.Millisecond) // let a lone ESC read as esc, not alt+
	}
}

// Terminal key sequences.
const (
	keyF1    = "\x1bOP"
	keyF2    = "\x1bOQ"
	keyF3    = "\x1bOR"
	keyF4    = "\x1bOS"
	keyTab   = "\t"
	keyEnter = "\r"
	keyDown  = "\x1b[B"
	keyCtrlC = "\x03"
)

// Closed waits for the session to end.
func (sc *screen) Closed() {
	sc.t.Helper()
	select {
	case <-sc.done:
	case <-time.After(10 * time.Second):
		sc.t.Fatal("the console did not close")
	}
}

// readUntil reads r until want has been read, and returns all of it.
func readUntil(t testing.TB, r io.Reader, want string) string {
	t.Helper()
	var seen bytes.Buffer
	found := make(chan struct{})
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			seen.Write(buf[:n])
			if strings.Contains(seen.String(), want) {
				close(found)
				return
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case <-found:
		return seen.String()
	case <-time.After(10 * time.Second):
		t.Fatalf("waited 10s for %q", want)
		return ""
	}
}

// waitingCommand starts `policy check` on c with its stdin held open and
// never written, so it waits for as long as the server lets it, and
// returns once the server counts sessions open sessions in all.
func (f *fixture) waitingCommand(c *gossh.Client, sessions int) *gossh.Session {
	f.t.Helper()
	s, err := c.NewSession()
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { s.Close() })
	if _, err := s.StdinPipe(); err != nil {
		f.t.Fatal(err)
	}
	if err := s.Start("policy check"); err != nil {
		f.t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for f.srv.sessions.count() < sessions && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	return s
}
