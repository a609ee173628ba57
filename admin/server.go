// Package admin is the maintainers' SSH server, `kiosk serve` (Wish): it
// admits public keys listed in an authorised-keys file and nothing else,
// runs the kiosk's command tree for a command (`ssh -p 2222 kiosk users
// unlock 382JSMITH01`) with the local CLI's output and exit codes, and the
// admin console for a session with a terminal.
package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/wardkiosk/kiosk/admin/console"
	"github.com/wardkiosk/kiosk/setup"
)

// Options configure a Server. Zero values take the defaults noted.
type Options struct {
	// Kiosk is the opened kiosk every session works on.
	Kiosk *setup.Kiosk
	// HostKey is the host key file, generated there on first start.
	HostKey string
	// AuthorizedKeys is the maintainers' authorised-keys file, read again
	// whenever it changes.
	AuthorizedKeys string
	// MaxSessions caps concurrent connections (16).
	MaxSessions int
	// ConnectionsPerMinute caps new connections from one address (20).
	ConnectionsPerMinute int
	// IdleTimeout closes a connection with no traffic, and a console
	// nobody types in (15m).
	IdleTimeout time.Duration
	// HandshakeTimeout bounds the time to authenticate (20s).
	HandshakeTimeout time.Duration
	// ShutdownGrace is how long Serve waits for sessions to end after its
	// context is done, before closing them (10s).
	ShutdownGrace time.Duration
	// Poll is how often consoles refresh their data (3s).
	Poll time.Duration
	// Version is the kiosk's version, for `version` and the SSH banner.
	Version string
	// Log receives connection and session events; never secrets.
	Log *slog.Logger
	Now func() time.Time
}

// Server is the maintainers' SSH server.
type Server struct {
	o     Options
	srv   *ssh.Server
	keys  *keyring
	limit *limiter
	feed  *console.Feed
	log   *slog.Logger

	// base ends commands' contexts when shutdown's grace is over;
	// consoles ends consoles at once when shutdown starts.
	base, consoles         context.Context
	cancel, cancelConsoles context.CancelFunc

	sessions tracker

	mu      sync.Mutex
	perConn map[string]int // sessions open on each connection, by SSH session ID
}

// maxSessionsPerConn bounds the sessions one connection may run at once:
// the connection limits count connections, and a client may open many
// sessions on one.
const maxSessionsPerConn = 8

// enter counts a session on its connection, refusing one too many.
func (s *Server) enter(conn string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perConn[conn] >= maxSessionsPerConn {
		return false
	}
	s.perConn[conn]++
	return true
}

func (s *Server) exit(conn string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perConn[conn]--; s.perConn[conn] <= 0 {
		delete(s.perConn, conn)
	}
}

// New builds a server: it loads (or creates) the host key now, so a bad
// key stops `kiosk serve` before it listens.
func New(o Options) (*Server, error) {
	if o.Kiosk == nil {
		return nil, errors.New("admin: no kiosk to serve")
	}
	if o.AuthorizedKeys == "" || o.HostKey == "" {
		return nil, errors.New("admin: the host key and authorised keys files are required")
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 16
	}
	if o.ConnectionsPerMinute <= 0 {
		o.ConnectionsPerMinute = 20
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 15 * time.Minute
	}
	if o.HandshakeTimeout <= 0 {
		o.HandshakeTimeout = 20 * time.Second
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = 10 * time.Second
	}
	if o.Poll <= 0 {
		o.Poll = 3 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	signer, err := LoadHostKey(o.HostKey)
	if err != nil {
		return nil, err
	}
	s := &Server{o: o, log: o.Log, keys: newKeyring(o.AuthorizedKeys, o.Log),
		limit:   newLimiter(o.MaxSessions, o.ConnectionsPerMinute, o.Now),
		feed:    console.NewFeed(o.Kiosk.Auth, o.Poll*2/3, o.Now),
		perConn: map[string]int{}}
	s.base, s.cancel = context.WithCancel(context.Background())
	s.consoles, s.cancelConsoles = context.WithCancel(s.base)
	s.srv, err = wish.NewServer(
		wish.WithVersion("WardKiosk"),
		wish.WithIdleTimeout(o.IdleTimeout),
		wish.WithPublicKeyAuth(s.allowKey),
		wish.WithMiddleware(s.handle),
		func(srv *ssh.Server) error {
			srv.AddHostKey(signer)
			srv.HandshakeTimeout = o.HandshakeTimeout
			srv.ConnCallback = s.admit
			srv.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
				// Few tries a connection; password and keyboard-interactive
				// are never offered, as no handler for them is set.
				return &gossh.ServerConfig{MaxAuthTries: 3}
			}
			srv.ConnectionFailedCallback = func(c net.Conn, err error) {
				s.log.Info("ssh connection refused", "remote", hostOf(c.RemoteAddr()), "error", err)
			}
			// No forwarding, agent, X11 or subsystems: sessions only.
			srv.LocalPortForwardingCallback = nil
			srv.ReversePortForwardingCallback = nil
			srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
			srv.RequestHandlers = map[string]ssh.RequestHandler{}
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": ssh.DefaultSessionHandler}
			return nil
		},
	)
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	return s, nil
}

// allowKey admits a key listed in the authorised-keys file.
func (s *Server) allowKey(ctx ssh.Context, key ssh.PublicKey) bool {
	m, ok := s.keys.Lookup(key)
	if !ok {
		s.log.Info("ssh key refused", "remote", hostOf(ctx.RemoteAddr()), "user", clip(ctx.User()),
			"key", gossh.FingerprintSHA256(key))
		return false
	}
	s.log.Debug("ssh key accepted", "maintainer", m.Name, "key", m.Fingerprint)
	return true
}

// admit applies the connection limits before any SSH is spoken.
func (s *Server) admit(_ ssh.Context, c net.Conn) net.Conn {
	addr := hostOf(c.RemoteAddr())
	release, refused := s.limit.admit(addr)
	if refused != "" {
		s.log.Warn("ssh connection refused", "remote", addr, "reason", refused)
		return nil
	}
	return &limitedConn{Conn: c, release: release}
}

// Serve accepts connections on ln until ctx is done, then shuts down
// gracefully: it stops listening, consoles close saying why, commands
// under way may finish within ShutdownGrace, and then every connection
// is closed.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(ln) }()
	s.log.Info("kiosk serve listening", "addr", ln.Addr().String(), "authorized_keys", s.o.AuthorizedKeys)
	select {
	case err := <-errc:
		s.cancel()
		return fmt.Errorf("admin: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("kiosk serve shutting down")
	s.cancelConsoles()
	grace, stop := context.WithTimeout(context.Background(), s.o.ShutdownGrace)
	defer stop()
	shut := make(chan error, 1)
	go func() { shut <- s.srv.Shutdown(grace) }() // stops listening, then waits for connections
	s.sessions.wait(grace)
	s.cancel()
	// Sessions are over; a connection left open has nothing to do.
	err := s.srv.Close()
	<-shut
	s.sessions.wait(context.Background())
	if serr := <-errc; serr != nil && !errors.Is(serr, ssh.ErrServerClosed) && !errors.Is(serr, net.ErrClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("admin: shutdown: %w", err)
	}
	return nil
}

// tracker counts sessions under way, so shutdown can wait for them.
type tracker struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0
}

func (t *tracker) add() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n == 0 {
		t.idle = make(chan struct{})
	}
	t.n++
}

func (t *tracker) done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n--; t.n == 0 {
		close(t.idle)
	}
}

// wait returns when no session is under way, or ctx is done.
func (t *tracker) wait(ctx context.Context) {
	t.mu.Lock()
	if t.n == 0 {
		t.mu.Unlock()
		return
	}
	idle := t.idle
	t.mu.Unlock()
	select {
	case <-idle:
	case <-ctx.Done():
	}
}

// ListenAndServe listens on addr and serves until ctx is done.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("admin: %w", err)
	}
	return s.Serve(ctx, ln)
}

// clip keeps logged client-chosen text short and on one line.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 32 {
		r = r[:32]
	}
	out := make([]rune, 0, len(r))
	for _, c := range r {
		if c < 0x20 || c == 0x7f {
			c = '?'
		}
		out = append(out, c)
	}
	return string(out)
}
