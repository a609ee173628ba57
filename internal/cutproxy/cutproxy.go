// Package cutproxy is a TCP proxy for tests, run in the test process in
// front of one address, that cuts the network on demand (issue 12): it
// passes traffic, refuses it (every connection, new and open, reset at
// once, as a host that is down answers), or black-holes it (connections
// are accepted and kept but nothing is forwarded, as a cut cable or a
// dropping firewall behaves, so callers wait for their own deadlines).
package cutproxy

import (
	"errors"
	"io"
	"net"
	"sync"
)

// Mode is what the proxy does with traffic.
type Mode int

// The modes.
const (
	// Pass forwards traffic both ways.
	Pass Mode = iota
	// Refuse resets every connection, the open ones at once.
	Refuse
	// BlackHole accepts and keeps connections but forwards nothing; bytes
	// held are forwarded if the proxy passes again, as TCP retransmits
	// after a link comes back.
	BlackHole
)

// String names the mode, for test logs.
func (m Mode) String() string {
	switch m {
	case Pass:
		return "pass"
	case Refuse:
		return "refuse"
	case BlackHole:
		return "black-hole"
	}
	return "unknown"
}

// Proxy forwards connections on its own address to a target address.
type Proxy struct {
	ln     net.Listener
	target string

	mu      sync.Mutex
	mode    Mode
	changed chan struct{} // closed, and replaced, at each change of mode
	conns   map[net.Conn]struct{}
	closed  bool
	wg      sync.WaitGroup
}

// Start listens on a free port of 127.0.0.1 and forwards to target, in
// mode Pass, until Close.
func Start(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, changed: make(chan struct{}), conns: map[net.Conn]struct{}{}}
	p.wg.Go(p.serve)
	return p, nil
}

// Addr is the proxy's own address ("127.0.0.1:port").
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Mode is the mode now.
func (p *Proxy) Mode() Mode {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.mode
}

// Set switches the mode at once. Refuse resets every open connection.
func (p *Proxy) Set(m Mode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mode == m {
		return
	}
	p.mode = m
	close(p.changed)
	p.changed = make(chan struct{})
	if m == Refuse {
		for c := range p.conns {
			reset(c)
		}
	}
}

// Close stops listening and drops every connection; it waits for the
// proxy's goroutines.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		reset(c)
	}
	close(p.changed)
	p.changed = make(chan struct{})
	p.mu.Unlock()
	p.wg.Wait()
	return err
}

// reset closes c so that the peer reads a reset, not an orderly end.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = c.Close()
}

func (p *Proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if !p.track(c) {
			continue
		}
		p.wg.Go(func() { p.handle(c) })
	}
}

// track registers c to be cut; false (and c reset) when the proxy
// refuses or is closed.
func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || p.mode == Refuse {
		reset(c)
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) untrack(c net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.conns, c)
}

// await blocks while the proxy black-holes; true when it passes, false
// when it refuses or is closed.
func (p *Proxy) await() bool {
	for {
		p.mu.Lock()
		m, ch, closed := p.mode, p.changed, p.closed
		p.mu.Unlock()
		switch {
		case closed || m == Refuse:
			return false
		case m == Pass:
			return true
		}
		<-ch
	}
}

// handle forwards one connection. A connection accepted while the proxy
// black-holes is not dialled through until it passes.
func (p *Proxy) handle(c net.Conn) {
	defer p.untrack(c)
	defer c.Close()
	if !p.await() {
		reset(c)
		return
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		reset(c)
		return
	}
	if !p.track(up) {
		reset(c)
		return
	}
	defer p.untrack(up)
	defer up.Close()
	var both sync.WaitGroup
	both.Go(func() { p.pump(up, c) })
	both.Go(func() { p.pump(c, up) })
	both.Wait()
}

// pump copies src to dst, holding each read while the proxy black-holes.
// An orderly end is passed on as one (the other way stays open); any
// other end, or a refusal, ends both ways.
func (p *Proxy) pump(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !p.await() {
				reset(src)
				reset(dst)
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				_ = src.Close()
				return
			}
		}
		if errors.Is(err, io.EOF) {
			if tc, ok := dst.(*net.TCPConn); ok {
				_ = tc.CloseWrite()
				return
			}
		}
		if err != nil {
			_ = src.Close()
			_ = dst.Close()
			return
		}
	}
}
