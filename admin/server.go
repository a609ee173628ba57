// Package admin is the maintainers' SSH server, `kiosk serve` (Wish): it
// admits public keys listed in an authorised-keys file and nothing else,
// runs the kiosk's command tree for a command (`ssh -p 2222 kiosk users
// unlock 382JSMITH01`) with the local CLI's output and exit codes, and the
// admin console for a session with a terminal.
//
// A session passes through a chain of Wish middlewares, one concern each
// (see Server.middleware); the connection limits apply before any SSH is
// spoken, in the server's connection callback.
package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/wardkiosk/kiosk/admin/console"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// Service is what sessions use of the auth core: the console's needs and
// the commands'. *auth.Service has it.
type Service interface {
	console.Service
	cli.Service
	Revoker
}

// Options configure a Server. Zero values take the defaults noted.
type Options struct {
	// Service is the auth core that consoles and commands act through;
	// nil on a client kiosk, which has Local instead.
	Service Service
	// Local is a client kiosk's own state (DESIGN §10): its consoles show
	// that alone and say where the Trust is managed, and its commands
	// that need the Trust's data are refused with ErrClient.
	Local func(ctx context.Context) console.Local
	// Trust loads the Trust's card CAs, to check a certificate before it
	// is enrolled; it returns nil and no error when none is configured.
	Trust func() (*certs.Trust, error)
	// Outbox builds the mail delivery for `outbox flush`; nil refuses it.
	Outbox func() (cli.Flusher, error)
	// Terminal names this kiosk in the console's header.
	Terminal string
	// ForbiddenWords are the configuration file's forbidden words, which
	// the console shows as the file's to change.
	ForbiddenWords []string
	// Theme is the configured theme's name (config.Config.Theme).
	Theme string

	// HostKey is the host key file, generated there on first start.
	HostKey string
	// AuthorizedKeys is the maintainers' authorised-keys file, read again
	// whenever it changes.
	AuthorizedKeys string
	// MaxSessions caps maintainers' concurrent connections (16).
	MaxSessions int
	// MaxPending caps connections that have not authenticated yet (8);
	// when full, a new one displaces the oldest of the address holding
	// most, so a flood cannot keep a maintainer out.
	MaxPending int
	// ConnectionsPerMinute caps new connections from one address (20).
	ConnectionsPerMinute int
	// IdleTimeout closes a connection with no traffic, and a console
	// nobody types in (15m).
	IdleTimeout time.Duration
	// HandshakeTimeout bounds the time to authenticate (10s).
	HandshakeTimeout time.Duration
	// ShutdownGrace is how long Serve waits for sessions to end after its
	// context is done, before closing them (2s): Serve returns within
	// ShutdownGrace + 2s whatever its sessions do, so SIGTERM ends
	// `kiosk serve` within 5s.
	ShutdownGrace time.Duration
	// KeyCheck is how often open connections are checked against the
	// authorised keys file, to end those of a removed key (1s).
	KeyCheck time.Duration
	// Poll is how often consoles refresh their data (3s).
	Poll time.Duration
	// Version is the kiosk's version, for `version`.
	Version string
	// Doctor runs `kiosk doctor` for a maintainer over SSH; nil refuses it.
	Doctor cli.Doctor
	// ReadCard reads the card in the kiosk's reader, for cards enrol
	// --from-card and cards read; nil where there is none.
	ReadCard cli.CardReader
	// Log receives connection and session events; never secrets.
	Log *slog.Logger
	// Now is the clock of the server, its consoles and its commands
	// (time.Now).
	Now func() time.Time
}

// ErrClient refuses, over SSH to a client kiosk, a command that needs
// the Trust's data, which a client does not keep.
var ErrClient = errors.New("this kiosk is a client of the Trust's service: it keeps no users, cards, policy or audit; manage them at the service")

// Server is the maintainers' SSH server.
type Server struct {
	o       Options
	srv     *ssh.Server
	log     *slog.Logger
	keys    *keyring
	limit   *limiter
	perConn *sessionLimit
	feed    *console.Feed
	// kiosk is what commands over SSH may use: no data directory, so
	// nothing they do reaches the kiosk's files.
	kiosk *cli.Kiosk

	// base ends commands' contexts when shutdown's grace is over;
	// consoles ends consoles at once when shutdown starts.
	base, consoles         context.Context
	cancel, cancelConsoles context.CancelFunc

	sessions tracker
	live     liveConns
}

// New builds a server: it loads (or creates) the host key now, so a bad
// key stops `kiosk serve` before it listens.
func New(o Options) (*Server, error) {
	if o.Service == nil && o.Local == nil {
		return nil, errors.New("admin: no kiosk to serve")
	}
	if o.AuthorizedKeys == "" || o.HostKey == "" {
		return nil, errors.New("admin: the host key and authorised keys files are required")
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 16
	}
	if o.MaxPending <= 0 {
		o.MaxPending = 8
	}
	if o.ConnectionsPerMinute <= 0 {
		o.ConnectionsPerMinute = 20
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 15 * time.Minute
	}
	if o.HandshakeTimeout <= 0 {
		o.HandshakeTimeout = 10 * time.Second
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = 2 * time.Second
	}
	if o.KeyCheck <= 0 {
		o.KeyCheck = time.Second
	}
	if o.Poll <= 0 {
		o.Poll = 3 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now // the one place the server's clock is set
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Trust == nil {
		o.Trust = func() (*certs.Trust, error) { return nil, nil }
	}
	if o.Outbox == nil {
		o.Outbox = func() (cli.Flusher, error) { return nil, errors.New("no mail relay is configured") }
	}
	signer, err := LoadHostKey(o.HostKey)
	if err != nil {
		return nil, err
	}
	s := &Server{o: o, log: o.Log,
		keys:    newKeyring(o.AuthorizedKeys, o.Log),
		limit:   newLimiter(o.MaxSessions, o.MaxPending, o.ConnectionsPerMinute, o.Now),
		perConn: newSessionLimit(maxSessionsPerConn),
	}
	if o.Service != nil {
		s.feed = console.NewFeed(o.Service, o.Poll*2/3, o.Now)
		s.kiosk = &cli.Kiosk{Service: o.Service, Trust: o.Trust, Outbox: o.Outbox}
	} else {
		s.feed = console.NewLocalFeed(o.Local, o.Poll*2/3, o.Now)
	}
	s.base, s.cancel = context.WithCancel(context.Background())
	s.consoles, s.cancelConsoles = context.WithCancel(s.base)
	s.srv, err = wish.NewServer(
		wish.WithVersion("WardKiosk"),
		wish.WithIdleTimeout(o.IdleTimeout),
		wish.WithPublicKeyAuth(s.allowKey),
		wish.WithMiddleware(s.middleware()...),
		s.sessionsOnly(signer),
	)
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	return s, nil
}

// middleware is the chain every session passes through, one concern a
// link, after soft-serve's pkg/ssh. Wish runs the last one first; in the
// order a session meets them:
//
//   - drain counts sessions for a graceful shutdown, and refuses new ones
//     once it has begun;
//   - perConn bounds the sessions one connection runs at once;
//   - authorise looks the key up again and says who the maintainer is;
//   - logged records who did what, and how it ended;
//   - command runs a command line with the command tree;
//   - console runs the admin console (the bubbletea middleware) for a
//     session with a terminal and no command.
//
// A panic in a session is contained by the SSH library itself, which
// exits that session with status 1 and leaves the others be.
func (s *Server) middleware() []wish.Middleware {
	return []wish.Middleware{
		s.console,
		s.command,
		s.logged,
		s.authorise,
		s.perConn.middleware,
		s.drain,
	}
}

// sessionsOnly sets the host key and what a connection may do: sessions,
// after a public key, within the handshake timeout and the connection
// limits. No password, forwarding, agent, X11 or subsystem.
func (s *Server) sessionsOnly(signer gossh.Signer) ssh.Option {
	return func(srv *ssh.Server) error {
		srv.AddHostKey(signer)
		srv.HandshakeTimeout = s.o.HandshakeTimeout
		srv.ConnCallback = s.admit
		srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
			// Few tries a connection (allowKey counts every key offered);
			// password and keyboard-interactive are never offered, as no
			// handler for them is set.
			return &gossh.ServerConfig{MaxAuthTries: maxAuthTries,
				VerifiedPublicKeyCallback: func(_ gossh.ConnMetadata, key gossh.PublicKey, perms *gossh.Permissions,
					_ string) (*gossh.Permissions, error) {
					return perms, s.verified(ctx, key)
				}}
		}
		srv.ConnectionFailedCallback = func(c net.Conn, err error) {
			s.log.Info("ssh connection refused", "remote", hostOf(c.RemoteAddr()), "error", err)
		}
		srv.LocalPortForwardingCallback = nil
		srv.ReversePortForwardingCallback = nil
		srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
		srv.RequestHandlers = map[string]ssh.RequestHandler{}
		srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": sessionChannel}
		return nil
	}
}

// sessionChannel is the library's session handler with a context of the
// session's own. The library gives a session its connection's context,
// which a client that closes a session and keeps its connection open
// (multiplexing, or any library client) never ends; this one also ends
// when the session's channel closes, so what the session ran stops.
func sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	scope, cancel := context.WithCancel(ctx)
	defer cancel() // the channel has closed: its requests are over
	ssh.DefaultSessionHandler(srv, conn, ch, &sessionContext{Context: ctx, scope: scope})
}

// sessionContext is a connection's context, values and all, that is done
// when its scope is.
type sessionContext struct {
	ssh.Context
	scope context.Context
}

// Deadline is the scope's deadline.
func (c *sessionContext) Deadline() (time.Time, bool) { return c.scope.Deadline() }

// Done is closed when the session or its connection ends.
func (c *sessionContext) Done() <-chan struct{} { return c.scope.Done() }

// Err says why Done was closed.
func (c *sessionContext) Err() error { return c.scope.Err() }

// Serve accepts connections on ln until ctx is done, then shuts down
// gracefully: it stops listening and starts no new session, consoles
// close saying why, commands under way may finish within ShutdownGrace,
// and then every connection is closed.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(ln) }()
	go s.watchKeys(s.base)
	s.log.Info("kiosk serve listening", "addr", ln.Addr().String(), "authorized_keys", s.o.AuthorizedKeys)
	select {
	case err := <-errc:
		s.cancel()
		return fmt.Errorf("admin: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("kiosk serve shutting down")
	s.sessions.close()
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
	// A session that ignores all of that (a program stuck drawing, say)
	// does not hold the server up: the process is leaving anyway.
	last, stopLast := context.WithTimeout(context.Background(), lastWait)
	defer stopLast()
	s.sessions.wait(last)
	if n := s.sessions.count(); n > 0 {
		s.log.Warn("kiosk serve stopped with sessions still running", "sessions", n)
	}
	if serr := <-errc; serr != nil && !errors.Is(serr, ssh.ErrServerClosed) && !errors.Is(serr, net.ErrClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("admin: shutdown: %w", err)
	}
	return nil
}

// lastWait is how long Serve waits, after closing every connection, for
// the sessions to return.
const lastWait = 2 * time.Second

// ListenAndServe listens on addr and serves until ctx is done.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("admin: %w", err)
	}
	return s.Serve(ctx, ln)
}

// refuse ends a session with a one-line reason on stderr.
func refuse(sess ssh.Session, code int, reason string) {
	fmt.Fprintf(sess.Stderr(), "kiosk: %s\n", reason)
	_ = sess.Exit(code)
}

// within is parent, ended early when the session does, so that work for
// a maintainer who has gone stops.
func within(parent context.Context, sess ssh.Session) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	stop := context.AfterFunc(sess.Context(), cancel)
	return ctx, func() {
		stop()
		cancel()
	}
}
