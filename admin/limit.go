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
// unknown keys spend an address's budget too. A connection starts as
// pending, in the small budget of connections that have not yet
// authenticated, and moves to the budget of maintainers' connections when
// its key is verified (see promote).
func (s *Server) admit(ctx ssh.Context, c net.Conn) net.Conn {
	addr := hostOf(c.RemoteAddr())
	st := &connState{raw: c, addr: addr}
	sl, refused := s.limit.admit(addr, func() {
		s.log.Warn("ssh connection dropped", "remote", addr, "reason", "too many connections authenticating")
		_ = c.Close()
	})
	if refused != "" {
		s.log.Warn("ssh connection refused", "remote", addr, "reason", refused)
		return nil
	}
	st.slot = sl
	ctx.SetValue(connStateKey{}, st)
	return &limitedConn{Conn: c, release: func() {
		s.limit.release(sl)
		s.live.remove(st)
	}}
}

// limiter keeps the connection budgets: a small one for connections that
// have not authenticated yet, one for maintainers' connections, and a rate
// of new connections from each address (a token bucket per address), so
// guessing and flooding cost an attacker time and cost the kiosk little,
// and a maintainer still gets in while someone floods the port.
//
// When the pending budget is full, a new connection does not wait for a
// place: the oldest pending connection of the address holding the most
// is dropped for it. A flood then only churns its own connections, and a
// maintainer's handshake, which takes milliseconds, is dropped only if
// the flood outpaces it by the whole budget.
type limiter struct {
	max        int // maintainers' connections
	maxPending int // connections not yet authenticated
	perMinute  int
	now        func() time.Time

	mu      sync.Mutex
	pending []*slot // oldest first
	authed  int
	buckets map[string]*bucket
}

// slot is one admitted connection's place in the limiter.
type slot struct {
	addr   string
	drop   func() // closes the connection, when dropped for a newer one
	authed bool
	gone   bool
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the memory the per-address state may take.
const maxBuckets = 4096

func newLimiter(max, maxPending, perMinute int, now func() time.Time) *limiter {
	return &limiter{max: max, maxPending: maxPending, perMinute: perMinute, now: now, buckets: map[string]*bucket{}}
}

// admit takes a pending connection from addr, or says why not. drop
// closes the connection should it be dropped for a newer one; release
// must be called once the connection ends.
func (l *limiter) admit(addr string, drop func()) (*slot, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(addr, l.now())
	if b.tokens < 1 {
		return nil, "too many connections from this address"
	}
	b.tokens--
	if len(l.pending) >= l.maxPending {
		victim := l.victim()
		l.remove(victim)
		victim.gone = true
		if victim.drop != nil {
			victim.drop()
		}
	}
	sl := &slot{addr: addr, drop: drop}
	l.pending = append(l.pending, sl)
	return sl, ""
}

// victim is the oldest pending connection of the address holding most.
func (l *limiter) victim() *slot {
	count := map[string]int{}
	for _, p := range l.pending {
		count[p.addr]++
	}
	var v *slot
	for _, p := range l.pending { // oldest first, so the first of the most
		if v == nil || count[p.addr] > count[v.addr] {
			v = p
		}
	}
	return v
}

// promote moves an authenticated connection to the maintainers' budget,
// or says why not.
func (l *limiter) promote(sl *slot) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case sl.gone:
		return "dropped while authenticating"
	case sl.authed:
		return ""
	case l.authed >= l.max:
		return "too many sessions"
	}
	l.remove(sl)
	sl.authed = true
	l.authed++
	return ""
}

// release gives up a connection's place; twice is harmless.
func (l *limiter) release(sl *slot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if sl.gone {
		return
	}
	sl.gone = true
	if sl.authed {
		l.authed--
		return
	}
	l.remove(sl)
}

// remove takes sl out of the pending list.
func (l *limiter) remove(sl *slot) {
	for i, p := range l.pending {
		if p == sl {
			l.pending = append(l.pending[:i], l.pending[i+1:]...)
			return
		}
	}
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
	return len(l.pending) + l.authed
}

// Pending is the number of connections not yet authenticated.
func (l *limiter) Pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.pending)
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
	once    sync.Once
}

// Close closes the connection and gives its place up.
func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
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
		if !l.await(conn) {
			refuse(sess, cli.ExitFailed, fmt.Sprintf("at most %d sessions on one connection", l.max))
			return
		}
		defer l.exit(conn)
		next(sess)
	}
}

// await enters conn, waiting a moment for a place: a client that opens
// its next session as soon as the last one's exit status arrives may come
// before that session's handler has returned, and a script running one
// command after another on a shared connection must not be refused.
func (l *sessionLimit) await(conn string) bool {
	for range 100 {
		if l.enter(conn) {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return l.enter(conn)
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
