package admin

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/wardkiosk/kiosk/auth"
)

// maxAuthTries is how many keys a connection may have refused before
// every key it offers is refused, the right one too. The SSH library
// counts only signed attempts and lets a few unknown keys be queried for
// free, which would let five unknown keys through before the right one;
// here every key offered counts, as OpenSSH counts them.
const maxAuthTries = 3

// connState is what the server knows of one connection, from admit to
// close; it lives in the connection's context.
type connState struct {
	raw  net.Conn
	addr string
	slot *slot

	mu      sync.Mutex
	refused int    // keys refused so far
	wire    []byte // the key it authenticated with
	m       Maintainer
	revoked bool
	next    int
	ends    map[int]context.CancelFunc // what its sessions run
}

// connStateKey holds a connection's *connState in its context.
type connStateKey struct{}

// stateOf is the connection's state, nil if it was not admitted by admit.
func stateOf(ctx context.Context) *connState {
	st, _ := ctx.Value(connStateKey{}).(*connState)
	return st
}

// refuse counts a refused key.
func (c *connState) refuse() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refused++
}

// spent reports whether the connection has had its tries.
func (c *connState) spent() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.refused >= maxAuthTries
}

// key is the key the connection authenticated with, and whose it is.
func (c *connState) key() ([]byte, Maintainer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wire, c.m
}

// onRevoke registers what to end should the connection's key be removed,
// and returns the function that forgets it again.
func (c *connState) onRevoke(end context.CancelFunc) func() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.revoked {
		end()
		return func() {}
	}
	if c.ends == nil {
		c.ends = map[int]context.CancelFunc{}
	}
	id := c.next
	c.next++
	c.ends[id] = end
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.ends, id)
	}
}

// revoke marks the connection's key removed and returns what to end; the
// second call returns false.
func (c *connState) revoke() ([]context.CancelFunc, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.revoked {
		return nil, false
	}
	c.revoked = true
	ends := make([]context.CancelFunc, 0, len(c.ends))
	for _, end := range c.ends {
		ends = append(ends, end)
	}
	return ends, true
}

// isRevoked reports whether the connection's key was removed.
func (c *connState) isRevoked() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.revoked
}

// allowKey is the public-key handler: it admits a key listed in the
// authorised-keys file, during the handshake, while the connection has
// tries left.
func (s *Server) allowKey(ctx ssh.Context, key ssh.PublicKey) bool {
	st := stateOf(ctx)
	if st != nil && st.spent() {
		s.log.Info("ssh key refused", "remote", hostOf(ctx.RemoteAddr()), "user", clip(ctx.User()),
			"key", gossh.FingerprintSHA256(key), "reason", "too many keys offered")
		return false
	}
	if s.keys.allow(ctx, key) {
		return true
	}
	if st != nil {
		st.refuse()
	}
	return false
}

// verified is called once a client has proved it holds an authorised
// key: the connection moves to the maintainers' budget, and is watched in
// case the key is removed.
func (s *Server) verified(ctx ssh.Context, key gossh.PublicKey) error {
	st := stateOf(ctx)
	if st == nil {
		return nil
	}
	m, ok := s.keys.Lookup(key)
	if !ok {
		return errors.New("key no longer authorised")
	}
	if why := s.limit.promote(st.slot); why != "" {
		s.log.Warn("ssh connection refused", "remote", st.addr, "maintainer", m.Name, "reason", why)
		return errors.New(why)
	}
	st.mu.Lock()
	st.wire, st.m = key.Marshal(), m
	st.mu.Unlock()
	s.live.add(st)
	return nil
}

// liveConns are the authenticated connections, watched for removed keys.
type liveConns struct {
	mu  sync.Mutex
	set map[*connState]struct{}
}

func (l *liveConns) add(c *connState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.set == nil {
		l.set = map[*connState]struct{}{}
	}
	l.set[c] = struct{}{}
}

func (l *liveConns) remove(c *connState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.set, c)
}

func (l *liveConns) all() []*connState {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]*connState, 0, len(l.set))
	for c := range l.set {
		out = append(out, c)
	}
	return out
}

// revokeGrace is how long sessions of a removed key have to say why they
// end before their connection is closed.
const revokeGrace = time.Second

// watchKeys ends the connections of keys removed from the file, checking
// every KeyCheck until ctx is done. The file is only read again when it
// changed, so a check costs a stat.
func (s *Server) watchKeys(ctx context.Context) {
	t := time.NewTicker(s.o.KeyCheck)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for _, st := range s.live.all() {
				wire, _ := st.key()
				if _, ok := s.keys.lookupWire(wire); !ok {
					s.endRevoked(st)
				}
			}
		}
	}
}

// endRevoked ends a connection whose key was removed: its sessions stop
// saying why, the audit records it, and the connection is closed.
func (s *Server) endRevoked(st *connState) {
	ends, first := st.revoke()
	if !first {
		return
	}
	_, m := st.key()
	s.log.Warn("ssh key removed: connection closed", "maintainer", m.Name, "key", m.Fingerprint, "remote", st.addr)
	for _, end := range ends {
		end()
	}
	time.AfterFunc(revokeGrace, func() { _ = st.raw.Close() })
	if s.o.Service == nil {
		return // a client kiosk keeps no audit: the log line above is the record
	}
	ctx, cancel := context.WithTimeout(s.base, 5*time.Second)
	defer cancel()
	if err := s.o.Service.MaintainerKeyRemoved(ctx, m.Actor(st.addr)); err != nil {
		s.log.Error("audit: maintainer key removed", "maintainer", m.Name, "error", err)
	}
}

// Revoker is what the server needs of the auth core to audit a removed
// key; *auth.Service has it.
type Revoker interface {
	MaintainerKeyRemoved(ctx context.Context, by auth.Actor) error
}

// scope is within, also ended should the connection's key be removed.
func (s *Server) scope(parent context.Context, sess ssh.Session) (context.Context, context.CancelFunc) {
	ctx, cancel := within(parent, sess)
	st := stateOf(sess.Context())
	if st == nil {
		return ctx, cancel
	}
	forget := st.onRevoke(cancel)
	return ctx, func() {
		forget()
		cancel()
	}
}
