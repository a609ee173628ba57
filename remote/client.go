// Package remote is a client kiosk's side of the kiosk API (DESIGN §10):
// the screens' Auth and Cards served by the Trust's service over mutual
// TLS 1.3 and HTTP/2, a heartbeat, and the change feed. The kiosk holds no
// one's hash, code, email or date of birth: every decision is the
// service's, and its refusals come back through api/wire as the very
// errors a standalone kiosk shows, so the screens cannot tell the two apart.
//
// Every service instance's URL is tried in turn, starting at the one that
// last answered: an instance going down costs no sign-in. A refusal is an
// answer and is never retried elsewhere; only a transport failure, an
// Unavailable or a deadline moves on to the next URL.
package remote

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"

	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
)

// Deadlines of one call at one URL. A sign-in is an argon2id verify at
// the service, queued behind others at a busy hour; the rest is a short
// transaction or less. Neither try waits past OfflineAfter, after which
// the kiosk counts as offline (DESIGN §10): these bound tests' options.
const (
	SignInTimeout = 10 * time.Second
	CallTimeout   = 5 * time.Second
	// dialTimeout bounds reaching an instance, so that a host that drops
	// packets costs a few seconds before the next URL, not the call's
	// whole deadline.
	dialTimeout = 3 * time.Second
)

// ErrUnavailable means no instance of the service answered.
var ErrUnavailable = errors.New("remote: the service cannot be reached")

// Options configure a Client.
type Options struct {
	// URLs are every instance of the service (server.urls).
	URLs []string
	// TLS is the kiosk's side of mutual TLS (TLSConfig).
	TLS *tls.Config
	// Profile is the configured password profile, which Profile reports
	// until the service has told its own.
	Profile policy.Profile
	// Lists are the word lists every kiosk carries, for the policy that
	// the live checklist runs locally.
	Lists func() (*policy.Lists, error)
	// Signer has the card in a reader sign the service's challenge; nil
	// refuses card sign-in.
	Signer CardSigner
	// Version is this build's, told in heartbeats.
	Version string
	// APIVersion is the kiosk API version sent with every call
	// (wire.APIVersionHeader); 0 is wire.APIVersion. Tests set the one
	// before, to be a kiosk one release behind.
	APIVersion int
	// Log receives what staff are not told; nil discards.
	Log *slog.Logger
	// Now is the clock of the last sync; time.Now when nil.
	Now func() time.Time
	// SignInTimeout and CallTimeout override the deadlines, for tests.
	SignInTimeout, CallTimeout time.Duration
	// UploadBatch is the most events one upload sends (default and
	// ceiling UploadBatch), smaller in tests.
	UploadBatch int
	// OfflineAfter is how long a try may take before the kiosk counts
	// as offline (default OfflineAfter); OfflineBeat how often it beats
	// while offline (default OfflineBeat); for tests.
	OfflineAfter, OfflineBeat time.Duration
	// CatchUpQuiet is how long the change feed must be quiet for the
	// catch-up on the way back online to be done (default 300ms).
	CatchUpQuiet time.Duration
	// Upload sends the events queued while offline, on the way back
	// online, after the change feed is caught up and before the kiosk
	// counts as online; nil when there is nothing to send.
	Upload func(ctx context.Context) error
	// MinBackoff and MaxBackoff bound the wait before the change feed's
	// watch is opened again after it failed (default 250ms and 5s).
	MinBackoff, MaxBackoff time.Duration
}

// Client is the kiosk API as the screens and the kiosk use it. It is safe
// for concurrent use.
type Client struct {
	o       Options
	tr      *http.Transport
	clients []kioskv1connect.KioskServiceClient
	last    atomic.Int64 // the index of the URL that last answered

	link     link
	feed     feedState
	lastSync atomic.Int64                        // Unix nanoseconds of the last heartbeat or change received; 0 never
	latest   atomic.Int64                        // the newest change the service knew of at the last heartbeat
	anchor   atomic.Pointer[auth.KioskChainHead] // this kiosk's chain head at the service, as last told
	profile  atomic.Pointer[policy.Profile]

	mu     sync.Mutex
	tokens map[sessionKey]string // the service's session tokens, never shown
}

// New builds a client of the service at o.URLs; it does not connect yet.
func New(o Options) (*Client, error) {
	if len(o.URLs) == 0 {
		return nil, errors.New("remote: no service URL (server.urls)")
	}
	if o.TLS == nil {
		return nil, errors.New("remote: no TLS configuration")
	}
	if o.Lists == nil {
		return nil, errors.New("remote: no word lists")
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.APIVersion <= 0 {
		o.APIVersion = wire.APIVersion
	}
	if o.SignInTimeout <= 0 {
		o.SignInTimeout = SignInTimeout
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = CallTimeout
	}
	if o.OfflineAfter <= 0 {
		o.OfflineAfter = OfflineAfter
	}
	if o.OfflineBeat <= 0 {
		o.OfflineBeat = OfflineBeat
	}
	if o.CatchUpQuiet <= 0 {
		o.CatchUpQuiet = catchUpQuiet
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 250 * time.Millisecond
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(5*time.Second, o.MinBackoff)
	}
	conf := o.TLS.Clone()
	conf.MinVersion = tls.VersionTLS13
	tr := &http.Transport{
		TLSClientConfig:     conf,
		DialContext:         (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout: dialTimeout,
		ForceAttemptHTTP2:   true,
		IdleConnTimeout:     90 * time.Second,
		// A watch idles for hours: pings find a peer that vanished
		// without a word (a cut cable), so the watch moves on.
		HTTP2: &http.HTTP2Config{SendPingTimeout: 10 * time.Second, PingTimeout: 5 * time.Second},
	}
	tr.Protocols = new(http.Protocols)
	tr.Protocols.SetHTTP2(true)
	hc := &http.Client{Transport: tr}
	c := &Client{o: o, tr: tr, tokens: map[sessionKey]string{}, link: link{changed: make(chan struct{})}}
	for _, u := range o.URLs {
		c.clients = append(c.clients, kioskv1connect.NewKioskServiceClient(hc, u,
			connect.WithReadMaxBytes(4<<20), connect.WithSendMaxBytes(64<<10),
			connect.WithInterceptors(apiVersion(o.APIVersion), connect.UnaryInterceptorFunc(stampRequest))))
	}
	p := o.Profile
	c.profile.Store(&p)
	return c, nil
}

// Close drops the idle connections.
func (c *Client) Close() { c.tr.CloseIdleConnections() }

// TLSConfig is a client kiosk's TLS: 1.3 only, this terminal's certificate
// and key (server.cert_file, server.key_file), and the CA of the
// service's certificate (server.ca_file) as the only root.
func TLSConfig(caFile, certFile, keyFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("remote: server.cert_file, server.key_file: %w", err)
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("remote: server.ca_file: %w", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("remote: server.ca_file %s: no PEM certificate in it", caFile)
	}
	return &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: roots, Certificates: []tls.Certificate{cert}}, nil
}

// Status is what the kiosk knows of its link to the service.
type Status struct {
	// Online: the kiosk is not working offline (Offline).
	Online bool
	// LastSync is the last heartbeat answered or change received; zero
	// for never, in this process.
	LastSync time.Time
}

// Status says whether the kiosk is online, and when it last synced.
func (c *Client) Status() Status {
	s := Status{Online: !c.Offline()}
	if n := c.lastSync.Load(); n != 0 {
		s.LastSync = time.Unix(0, n)
	}
	return s
}

// synced records a heartbeat answered or a change received. It does not
// bring the kiosk back online: only a heartbeat does, after the catch-up
// (Beat).
func (c *Client) synced() {
	c.lastSync.Store(c.o.Now().UnixNano())
}

// call runs fn against each URL in turn, from the one that last answered,
// each try with its own deadline, until one answers. An answer, a refusal
// included, ends the round; the refusal comes back as the error the
// standalone kiosk would give (wire.AuthError). When no URL answers the
// error is ErrUnavailable, wrapping the last failure.
//
// No try waits longer than OfflineAfter, and a call that no URL answers,
// or that is unanswered after OfflineAfter, takes the kiosk offline
// (DESIGN §10); a heartbeat's failure is only a missed beat (Beat). An
// answer does not bring the kiosk back: a heartbeat does.
//
// The tries of a call share OfflineAfter: once it has passed the kiosk is
// offline, and staff waiting on a sign-in are better served by the
// offline gate at once than by a second black-holed instance's 3 s. Only
// a heartbeat tries every URL with a whole OfflineAfter each, so that one
// black-holed instance never keeps the kiosk from the other.
func call[T any](ctx context.Context, c *Client, timeout time.Duration,
	fn func(ctx context.Context, api kioskv1connect.KioskServiceClient) (T, error)) (T, error) {
	var zero T
	// One id for the call, on every URL tried: an instance that died
	// after applying it must not have it applied twice by the next.
	ctx = context.WithValue(ctx, requestIDKey{}, newRequestID())
	beat := ctx.Value(heartbeatKey{}) != nil
	slow := time.AfterFunc(c.o.OfflineAfter, func() { c.setOffline(true, "a call took over "+c.o.OfflineAfter.String()) })
	defer slow.Stop()
	timeout = min(timeout, c.o.OfflineAfter)
	budget := ctx
	if !beat {
		var cancel context.CancelFunc
		budget, cancel = context.WithTimeout(ctx, c.o.OfflineAfter)
		defer cancel()
	}
	start := int(c.last.Load())
	var last error
	for i := range c.clients {
		if i > 0 && budget.Err() != nil {
			break // over OfflineAfter: offline, and no more tries
		}
		idx := (start + i) % len(c.clients)
		cctx, cancel := context.WithTimeout(budget, timeout)
		res, err := fn(cctx, c.clients[idx])
		cancel()
		if err == nil || !failover(ctx, err) {
			if ctx.Err() == nil {
				c.last.Store(int64(idx))
			}
			if err != nil {
				err = wire.AuthError(err)
				if errors.Is(err, wire.ErrAPIVersion) {
					c.o.Log.ErrorContext(ctx, "the service refuses this kiosk's API version", "url", c.o.URLs[idx],
						"version", c.o.APIVersion, "err", err)
				}
				return zero, err
			}
			return res, nil
		}
		c.o.Log.WarnContext(ctx, "kiosk API unreachable", "url", c.o.URLs[idx], "err", err)
		last = err
	}
	if !beat && ctx.Err() == nil {
		c.setOffline(true, "no instance answered")
	}
	return zero, fmt.Errorf("%w: %w", ErrUnavailable, last)
}

// failover reports an error that another instance may not have: the
// instance was not reached, said it is unavailable, took too long, or
// went mid-call (a reset connection reads as canceled or unknown). A
// call tried again elsewhere carries the same id, so the service applies
// it once (wire.RequestIDHeader). A refusal, or the kiosk's own context
// ending, is final.
func failover(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	switch connect.CodeOf(err) {
	case connect.CodeUnavailable, connect.CodeDeadlineExceeded, connect.CodeCanceled, connect.CodeUnknown,
		connect.CodeAborted:
		return true
	}
	return false
}

// requestIDKey is the context key of a call's id.
type requestIDKey struct{}

// newRequestID is a random id for one call.
func newRequestID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// stampRequest sends the call's id with each try.
func stampRequest(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if id, ok := ctx.Value(requestIDKey{}).(string); ok {
			req.Header().Set(wire.RequestIDHeader, id)
		}
		return next(ctx, req)
	}
}
