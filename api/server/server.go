// Package server is the service's kiosk API (DESIGN §10): Connect handlers
// over the auth core, served over HTTPS with TLS 1.3 to client kiosks that
// each present a certificate issued by the Trust's terminal CA. The
// terminal in every call, and so in every audit row, is the one registered
// with that certificate, never one a request names.
package server

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"

	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// Limits of the API. A request is a few short fields or one certificate.
const (
	// MaxRequestBytes bounds a request body, and a message in it.
	MaxRequestBytes = 64 << 10
	// CallTimeout bounds a unary call: a sign-in is one argon2id verify
	// and two short transactions.
	CallTimeout = 15 * time.Second
	// ReadHeaderTimeout, ReadTimeout and IdleTimeout bound a connection
	// that is slow to send, or silent.
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 30 * time.Second
	IdleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 16 << 10
)

// Options configure a Server.
type Options struct {
	// Service is the auth core every call runs on.
	Service *auth.Service
	// Trust returns the CAs and CRL that card certificates are checked
	// against; nil, or nil returned, refuses card sign-in.
	Trust func() (*certs.Trust, error)
	// TrustPEM returns the card CA and CRL files as PEM, for the roster
	// a kiosk keeps (TrustFiles); nil: the roster carries none.
	TrustPEM func() (caPEM, crlPEM []byte, err error)
	// Feed is the change feed Watch streams; nil: Watch is unimplemented.
	Feed Feed
	// Log receives failures the kiosks are not told of; nil discards.
	Log *slog.Logger
	// Now is the clock told in heartbeats and used for card checks.
	Now func() time.Time
	// CallTimeout overrides CallTimeout, for tests.
	CallTimeout time.Duration
	// Interceptors wrap every call, e.g. the metrics' latency timer.
	Interceptors []connect.Interceptor
}

// Server serves the kiosk API.
type Server struct {
	o            Options
	handler      http.Handler
	versionError *connect.ErrorWriter // answers a refused version in the caller's protocol
}

// New builds the API's handler over the service.
func New(o Options) (*Server, error) {
	if o.Service == nil {
		return nil, errors.New("server: an auth service is required")
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = CallTimeout
	}
	s := &Server{o: o, versionError: connect.NewErrorWriter()}
	path, h := kioskv1connect.NewKioskServiceHandler(&handler{s: s},
		connect.WithReadMaxBytes(MaxRequestBytes),
		connect.WithSendMaxBytes(4<<20),
		connect.WithInterceptors(o.Interceptors...),
	)
	mux := http.NewServeMux()
	mux.Handle(path, h)
	s.handler = s.guard(mux)
	return s, nil
}

// Handler is the API as an http.Handler; it expects the TLS state of a
// server configured by TLSConfig.
func (s *Server) Handler() http.Handler { return s.handler }

// validRequestID accepts the ids kiosks make: 16 to 64 letters, digits
// and hyphens. Any other is ignored: the call is then not known again.
func validRequestID(id string) bool {
	if len(id) < 16 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// certKey is the context key of the caller's verified client certificate.
type certKey struct{}

// guard admits only requests over a verified client certificate, bounds
// the body, and gives a unary call its deadline.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS == nil || len(r.TLS.VerifiedChains) == 0 || len(r.TLS.PeerCertificates) == 0 {
			// Unreachable behind TLSConfig: the handshake failed first.
			http.Error(w, "a verified client certificate is required", http.StatusForbidden)
			return
		}
		// Every answer says which API version this service speaks; a kiosk
		// too old (or too new) for it is told what to upgrade.
		w.Header().Set(wire.APIVersionHeader, strconv.Itoa(wire.APIVersion))
		if err := wire.CheckAPIVersion(r.Header.Get(wire.APIVersionHeader)); err != nil {
			s.o.Log.WarnContext(r.Context(), "kiosk API version refused", "err", err.Message())
			s.versionError.Write(w, r, err)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxRequestBytes+1024)
		cert := r.TLS.PeerCertificates[0]
		ctx := context.WithValue(r.Context(), certKey{}, cert)
		// A request the kiosk sends again, to this instance after another
		// died before answering, changes nothing twice: it is known by the
		// terminal's certificate and the kiosk's id for it.
		if id := r.Header.Get(wire.RequestIDHeader); validRequestID(id) {
			ctx = auth.WithRequest(ctx, auth.CertificateFingerprint(cert)+":"+id)
		}
		if !strings.HasSuffix(r.URL.Path, "/Watch") {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, s.o.CallTimeout)
			defer cancel()
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// TLSConfig is the API's TLS: 1.3 only, the service's certificate, and a
// client certificate required and verified against the terminal CA, so a
// kiosk without one fails the handshake.
func TLSConfig(certFile, keyFile, clientCAFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("server: api.cert_file, api.key_file: %w", err)
	}
	pem, err := os.ReadFile(clientCAFile)
	if err != nil {
		return nil, fmt.Errorf("server: api.client_ca_file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("server: api.client_ca_file %s: no PEM certificate in it", clientCAFile)
	}
	return NewTLSConfig(cert, pool), nil
}

// NewTLSConfig is TLSConfig from a loaded certificate and client CA pool.
func NewTLSConfig(cert tls.Certificate, clientCAs *x509.CertPool) *tls.Config {
	return &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    clientCAs,
	}
}

// Serve serves the API on ln with conf until ctx ends, then shuts down,
// giving calls in flight a few seconds.
func (s *Server) Serve(ctx context.Context, ln net.Listener, conf *tls.Config) error {
	srv := &http.Server{
		Handler:           s.handler,
		TLSConfig:         conf.Clone(),
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.o.Log.Handler(), slog.LevelDebug),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	// Shut down when ctx ends, or when serving fails on its own.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			srv.Close()
		}
	}()
	err := srv.ServeTLS(ln, "", "")
	stop()
	<-done
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// ListenAndServe listens on addr and serves the API until ctx ends.
func (s *Server) ListenAndServe(ctx context.Context, addr string, conf *tls.Config) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: api.listen: %w", err)
	}
	s.o.Log.Info("kiosk API listening", "addr", ln.Addr().String())
	return s.Serve(ctx, ln, conf)
}
