package admin

import (
	"context"
	"sync"

	"charm.land/ssh"

	"github.com/wardkiosk/kiosk/cli"
)

// drain is the shutdown link of the chain: it counts the sessions under
// way, so that shutdown can let commands finish, and refuses new ones
// once shutdown has begun.
func (s *Server) drain(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if !s.sessions.add() {
			refuse(sess, cli.ExitFailed, "the maintenance server is shutting down")
			return
		}
		defer s.sessions.done()
		next(sess)
	}
}

// tracker counts sessions under way, so shutdown can wait for them.
type tracker struct {
	mu     sync.Mutex
	n      int
	closed bool
	idle   chan struct{} // closed when n drops to 0
}

// add counts a new session, or refuses it once close has been called.
func (t *tracker) add() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	if t.n == 0 {
		t.idle = make(chan struct{})
	}
	t.n++
	return true
}

func (t *tracker) done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n--; t.n == 0 {
		close(t.idle)
	}
}

// close refuses every session from now on.
func (t *tracker) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
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

// count is the number of sessions under way.
func (t *tracker) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}
