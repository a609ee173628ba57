package admin

import (
	"fmt"
	"net"
	"sync"
	"time"

	"charm.land/ssh"

	"github.com/wardkiosk/kiosk/cli"
)

// admit applies the connection limits before any SSH is spoken, so that
// unknown keys spend an address's budget too.
func (s *Server) admit(_ ssh.Context, c net.Conn) net.Conn {
	addr := hostOf(c.RemoteAddr())
	release, refused := s.limit.admit(addr)
	if refused != "" {
		s.log.Warn("ssh connection refused", "remote", addr, "reason", refused)
		return nil
	}
	return &limitedConn{Conn: c, release: release}
}

// limiter refuses connections beyond a total of concurrent ones and beyond
// a rate of new ones from each address (a token bucket per address), so
// guessing and flooding cost an attacker time and cost the kiosk little.
type limiter struct {
	max       int
	perMinute int
	now       func() time.Time

	mu      sync.Mutex
	open    int
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the memory the per-address state may take.
const maxBuckets = 4096

func newLimiter(max, perMinute int, now func() time.Time) *limiter {
	return &limiter{max: max, perMinute: perMinute, now: now, buckets: map[string]*bucket{}}
}

// admit takes a connection from addr, or says why not. release must be
// called once when an admitted connection ends.
func (l *limiter) admit(addr string) (release func(), refused string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.bucket(addr, now)
	switch {
	case b.tokens < 1:
		return nil, "too many connections from this address"
	case l.open >= l.max:
		return nil, "too many sessions"
	}
	b.tokens--
	l.open++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			l.open--
			l.mu.Unlock()
		})
	}, ""
}

// bucket returns addr's bucket, refilled for the time gone by.
func (l *limiter) bucket(addr string, now time.Time) *bucket {
	capacity := float64(l.perMinute)
	b, ok := l.buckets[addr]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.prune(now)
		}
		b = &bucket{tokens: capacity, last: now}
		l.buckets[addr] = b
		return b
	}
	b.tokens = min(capacity, b.tokens+now.Sub(b.last).Minutes()*capacity)
	b.last = now
	return b
}

// prune forgets addresses whose buckets are full again: they are no
// different from a new address.
func (l *limiter) prune(now time.Time) {
	for addr, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Minutes()*float64(l.perMinute) >= float64(l.perMinute) {
			delete(l.buckets, addr)
		}
	}
}

// Open is the number of connections admitted and not yet released.
func (l *limiter) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open
}

// hostOf is the address part of a remote address, the key of its bucket.
func hostOf(a net.Addr) string {
	if a == nil {
		return "unknown"
	}
	if tcp, ok := a.(*net.TCPAddr); ok {
		return tcp.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// limitedConn releases its place in the limiter when closed.
type limitedConn struct {
	net.Conn
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}

// maxSessionsPerConn bounds the sessions one connection may run at once:
// the connection limits count connections, and a client may open many
// sessions on one.
const maxSessionsPerConn = 8

// sessionLimit is the session limit link of the chain: at most max
// sessions at once on each connection.
type sessionLimit struct {
	max int

	mu   sync.Mutex
	open map[string]int // sessions open on each connection, by SSH session ID
}

func newSessionLimit(max int) *sessionLimit {
	return &sessionLimit{max: max, open: map[string]int{}}
}

// middleware refuses a session one too many for its connection.
func (l *sessionLimit) middleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		conn := sess.Context().SessionID()
		if !l.enter(conn) {
			refuse(sess, cli.ExitFailed, fmt.Sprintf("at most %d sessions on one connection", l.max))
			return
		}
		defer l.exit(conn)
		next(sess)
	}
}

func (l *sessionLimit) enter(conn string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[conn] >= l.max {
		return false
	}
	l.open[conn]++
	return true
}

func (l *sessionLimit) exit(conn string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[conn]--; l.open[conn] <= 0 {
		delete(l.open, conn)
	}
}
